// Alert deliveries as the senders make them: captured payloads from test/fixtures/alerts, changed where a
// test needs it, posted to the running app with a bearer token, basic auth or a signature.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { AlertAuthSettings } from "../../src/alerts/auth.js";
import { AlertIntake } from "../../src/alerts/intake.js";
import {
  type AlertAccess,
  type AlertNote,
  AlertProcessor,
  type AlertThreads,
  allowAlerts,
} from "../../src/alerts/processor.js";
import { createLogger } from "../../src/log.js";
import { PACKAGE_ROOT } from "../../src/paths.js";
import { type AlertSource, AlertStore } from "../../src/store/alerts.js";
import { openDatabase } from "../../src/store/db.js";
import { IncidentStore } from "../../src/store/incidents.js";
import { ManualClock } from "./clock.js";
import { labIn } from "./lab.js";
import { tempDb } from "./nocbot.js";

export const ALERT_TOKEN = "test-alert-token-0123456789";
export const CHANNEL = "C0NOC0001";

const FIXTURES = join(PACKAGE_ROOT, "test", "fixtures", "alerts");
export const alertFixture = <T = AlertGroupPayload>(name: string): T =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as T;

export interface AlertGroupPayload {
  version: string;
  groupKey: string;
  status: "firing" | "resolved";
  truncatedAlerts: number;
  alerts: Array<{
    status: "firing" | "resolved";
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL?: string;
    fingerprint: string;
  }>;
  [key: string]: unknown;
}

/** The group with the alerts at these indexes resolved (ended at `endsAt`), the group resolved when all are. */
export function resolving(
  payload: AlertGroupPayload,
  indexes: number[],
  endsAt = "2026-11-24T09:30:00Z",
): AlertGroupPayload {
  const alerts = payload.alerts.map((a, i) =>
    indexes.includes(i) ? { ...a, status: "resolved" as const, endsAt } : a,
  );
  return { ...payload, alerts, status: alerts.every((a) => a.status === "resolved") ? "resolved" : "firing" };
}

export const bearer = (token = ALERT_TOKEN) => ({ authorization: `Bearer ${token}` });

export const hmac = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

export async function postAlert(
  base: string,
  source: string,
  body: unknown,
  headers: Record<string, string> = bearer(),
): Promise<{ status: number; body: { ok: boolean; message: string; alerts?: number } }> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(`${base}/alerts/${source}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw,
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; message: string; alerts?: number },
  };
}

/** Alert intake on a real SQLite file and the lab, with the threads replaced by a recorder (tests). */
export function alertRig(
  options: {
    auth?: Partial<AlertAuthSettings>;
    cooldownSeconds?: number;
    severities?: string[];
    /** Runs stay going until finishRuns() (default: each ends at once). */
    holdRuns?: boolean;
    access?: AlertAccess;
    /** The first N attempts to open a thread fail (Slack unreachable). */
    failInvestigate?: number;
  } = {},
) {
  const clock = new ManualClock();
  const db = openDatabase(tempDb());
  const incidents = new IncidentStore(db, clock);
  const store = new AlertStore(db, clock);
  const { network } = labIn("wan-primary-down", clock);
  const opened: Array<Parameters<AlertThreads["investigate"]>[0]> = [];
  const notes: Array<{ incident: string; note: AlertNote }> = [];
  const pending: Array<() => void> = [];
  const flagged: Array<[string, string | null]> = [];
  const counted: string[] = [];
  let logs = "";
  const log = createLogger(
    "info",
    new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    }),
  );
  const threads: AlertThreads = {
    async investigate(input) {
      opened.push(input);
      if (opened.length <= (options.failInvestigate ?? 0)) throw new Error("Slack is unreachable");
      const run = options.holdRuns
        ? new Promise<void>((resolve) => pending.push(resolve))
        : Promise.resolve();
      return { run };
    },
    note: (incident, note) => notes.push({ incident: incident.id, note }),
  };
  const processor = new AlertProcessor({
    alerts: store,
    incidents,
    network,
    threads,
    workflow: {
      notePending: (incidentId, note) => {
        flagged.push([incidentId, note]);
        return [];
      },
    },
    access: options.access ?? allowAlerts,
    settings: {
      cooldownSeconds: options.cooldownSeconds ?? 1800,
      severities: options.severities ?? ["critical", "error", "high", "page", "warning"],
      channel: CHANNEL,
      teamChannels: { wan: "C0WAN0001" },
    },
    clock,
    log,
  });
  const intake = new AlertIntake({
    store,
    process: (groups) => processor.process(groups),
    auth: {
      token: ALERT_TOKEN,
      basic: null,
      grafanaSecret: null,
      grafanaTimestampHeader: null,
      pagerdutySecret: null,
      ...options.auth,
    },
    targets: {
      device: ["device", "sysName", "hostname", "instance"],
      interface: ["ifName", "ifDescr", "interface"],
    },
    clock,
    log,
    counted: (source, outcome) => counted.push(`${source}:${outcome}`),
  });
  /** One delivery, answered, then everything it started done. */
  const deliver = async (source: AlertSource, body: unknown, headers: Record<string, string> = bearer()) => {
    const raw = typeof body === "string" ? body : JSON.stringify(body);
    const answer = intake.receive(source, headers, Buffer.from(raw));
    await processor.idle();
    return answer;
  };
  return {
    clock,
    db,
    incidents,
    store,
    processor,
    intake,
    opened,
    notes,
    flagged,
    counted,
    logs: () => logs,
    processorLog: log,
    deliver,
    finishRuns: async () => {
      for (const resolve of pending.splice(0)) resolve();
      await processor.idle();
    },
    /** The alert table's content: what no delivery order may change. */
    table: () =>
      store
        .list({ limit: 10_000 })
        .map(
          ({ id: _id, first_seen_at: _f, updated_at: _u, incident_id: _i, announced: _a, ...content }) =>
            content,
        )
        .sort((a, b) =>
          `${a.source}${a.fingerprint}${a.starts_at}`.localeCompare(
            `${b.source}${b.fingerprint}${b.starts_at}`,
          ),
        ),
  };
}
