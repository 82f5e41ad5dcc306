// What every listener is given: the thin layer between Slack payloads and the incident threads.
import type { InFlight } from "../../in-flight.js";
import type { Logger } from "../../log.js";
import type { IncidentStore } from "../../store/incidents.js";
import type { SlackState } from "../../store/slack-state.js";
import type { SlackGateway } from "../gateway.js";
import type { IncidentThreads } from "../incident-threads.js";

export interface ListenerDeps {
  threads: IncidentThreads;
  store: IncidentStore;
  state: SlackState;
  gateway: SlackGateway;
  log: Logger;
  /** Work a listener goes on with after its ack, so that shutdown waits for it. */
  inFlight: InFlight;
}
