// After a restart, Alertmanager's own list of active alerts (GET /api/v2/alerts) settles what nocbot may
// have missed while it was down: a firing alert nocbot stored that Alertmanager no longer has resolved
// meanwhile, and its resolved message was lost. It is marked resolved, and its group acted on, so that no
// incident stays open forever. Alerts Alertmanager has and nocbot does not are left to its next notification.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { errorMessage } from "../error-message.js";
import type { Logger } from "../log.js";
import type { AlertStore, GroupRef } from "../store/alerts.js";

const ActiveAlerts = z.array(z.looseObject({ fingerprint: z.string(), startsAt: z.string() }));

export interface ReconcileDeps {
  store: AlertStore;
  process(groups: GroupRef[]): Promise<void>;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** How many stored alerts were found resolved; null when Alertmanager could not be asked. */
export async function reconcileAlertmanager(baseUrl: string, deps: ReconcileDeps): Promise<number | null> {
  const url = new URL(
    "api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true",
    baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`,
  );
  let active: z.infer<typeof ActiveAlerts>;
  try {
    const res = await (deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    active = ActiveAlerts.parse(await res.json());
  } catch (error) {
    deps.log.warn(
      { url: url.origin },
      `could not reconcile alerts with Alertmanager: ${errorMessage(error)}`,
    );
    return null;
  }
  const live = new Set(active.map((a) => `${a.fingerprint}|${Date.parse(a.startsAt)}`));
  const at = deps.clock.now().toISOString();
  const gone = deps.store
    .firing("alertmanager")
    .filter((a) => !live.has(`${a.fingerprint}|${Date.parse(a.starts_at)}`));
  for (const alert of gone) deps.store.resolveMissing(alert.id, at);
  if (gone.length > 0) {
    deps.log.info({ resolved: gone.length }, "alerts resolved while nocbot was away, per Alertmanager");
    await deps.process(gone);
  }
  return gone.length;
}
