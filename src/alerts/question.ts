// What an alert group asks the supervisor: the question names the alert, the device and the interface;
// the labels, annotations and the PromQL behind it go to the specialists as background. All of it is
// monitoring's text, bounded here, and redacted like everything else before it reaches the model.
import type { Device } from "../network/types.js";
import type { AlertRow } from "../store/alerts.js";
import { inventoryDevice } from "./target.js";

const QUESTION_CHARS = 600;
const LINE_CHARS = 1500;
const ALERTS_IN_BACKGROUND = 10;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** The PromQL expression a Prometheus (or Alertmanager) generator URL carries, if it does. */
export function promql(generatorUrl: string | null): string | null {
  if (!generatorUrl) return null;
  try {
    return new URL(generatorUrl).searchParams.get("g0.expr");
  } catch {
    return null;
  }
}

export const summaryOf = (alert: Pick<AlertRow, "annotations">): string | null =>
  alert.annotations.summary ?? alert.annotations.description ?? alert.annotations.message ?? null;

/** The device the alert is about, as the inventory names it. */
export const deviceOf = (alert: AlertRow, inventory: readonly Device[]): string | null =>
  inventoryDevice(alert.device, `${alert.name} ${summaryOf(alert) ?? ""}`, inventory);

export function alertQuestion(alerts: readonly AlertRow[], inventory: readonly Device[]): string {
  const [lead] = alerts;
  if (!lead) return "alert";
  const device = deviceOf(lead, inventory);
  const where = device ? ` on ${device}${lead.interface ? ` ${lead.interface}` : ""}` : "";
  const summary = summaryOf(lead);
  const more =
    alerts.length > 1
      ? ` (and ${alerts.length - 1} more alert${alerts.length > 2 ? "s" : ""} in the group)`
      : "";
  return cut(
    oneLine(
      `Alert ${lead.name}${lead.severity ? ` (${lead.severity})` : ""}${where}${summary ? `: ${summary}` : ""}${more}`,
    ),
    QUESTION_CHARS,
  );
}

export function alertBackground(alerts: readonly AlertRow[], truncated: number): string[] {
  const lines = alerts.slice(0, ALERTS_IN_BACKGROUND).map((a) => {
    const labels = Object.entries(a.labels).map(([k, v]) => `${k}=${v}`);
    const annotations = Object.entries(a.annotations).map(([k, v]) => `${k}="${oneLine(v)}"`);
    const query = promql(a.generator_url);
    return cut(
      `- alert ${a.name} from ${a.source} (${a.status}${a.severity ? `, severity ${a.severity}` : ""}, since ${a.starts_at}): labels ${labels.join(", ") || "none"}; annotations ${annotations.join("; ") || "none"}${query ? `; query: ${oneLine(query)}` : ""}`,
      LINE_CHARS,
    );
  });
  const left = alerts.length - lines.length + truncated;
  return left > 0 ? [...lines, `- ${left} more alert${left > 1 ? "s" : ""} of this group not shown`] : lines;
}
