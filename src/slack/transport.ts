// The Slack connection, made before anything that depends on it: the Bolt app on its receiver, the gateway
// every Web API call goes through, and the user-group directory the approvers read (a port of the change
// workflow, which the composition root hands to the domain before the listeners are wired).
import type { App } from "@slack/bolt";
import type { GroupLookup } from "../changes/approvers.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../observability/metrics.js";
import { createBoltApp, type SlackApp, type SlackSettings } from "./app.js";
import { SlackGateway } from "./gateway.js";
import type { RouteDeps } from "./routes.js";

export interface SlackTransport {
  bolt: SlackApp;
  app: App;
  gateway: SlackGateway;
  /** Members of a Slack user group, through the gateway. */
  groups: GroupLookup;
  settings: SlackSettings;
}

/** Error codes that mean the workspace has no user groups, or this app may not read them. */
const NO_GROUPS = new Set([
  "paid_teams_only",
  "not_allowed_token_type",
  "missing_scope",
  "feature_not_enabled",
]);

export function createSlackTransport(
  settings: SlackSettings,
  log: Logger,
  metrics: Metrics,
  clock: Clock,
  routes: RouteDeps,
): SlackTransport {
  const bolt = createBoltApp(settings, log, routes);
  const gateway = new SlackGateway(
    bolt.app.client,
    { minIntervalMs: settings.minIntervalMs },
    metrics,
    log,
    clock,
  );
  const groups: GroupLookup = async (group) => {
    try {
      const answer = await gateway.call("usergroups.users.list", () =>
        bolt.app.client.usergroups.users.list({ usergroup: group }),
      );
      return answer.users ?? [];
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? "";
      if (NO_GROUPS.has(code)) return "unsupported";
      if (code === "no_such_subteam") return [];
      throw error;
    }
  };
  return { bolt, app: bolt.app, gateway, groups, settings };
}
