// The alert endpoints beside Slack's (POST /alerts/alertmanager, /alerts/grafana, /alerts/pagerduty): the
// body is read up to a limit (refused unread when the sender announces more), then handed to the intake
// as raw bytes, since signatures are over the raw body.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ALERT_SOURCES, type AlertSource } from "../store/alerts.js";
import type { IntakeResponse } from "./intake.js";

export type Receive = (
  source: AlertSource,
  headers: IncomingMessage["headers"],
  body: Buffer,
) => IntakeResponse;

export const alertPath = (source: AlertSource) => `/alerts/${source}`;

function reply(res: ServerResponse, answer: IntakeResponse): void {
  if (res.headersSent) return;
  // A refused body may still be arriving: that connection closes; others stay open for the next delivery.
  res.writeHead(answer.status, {
    "content-type": "application/json",
    ...(answer.status === 413 ? { connection: "close" } : {}),
  });
  res.end(JSON.stringify(answer.body));
}

const tooLarge = (max: number): IntakeResponse => ({
  status: 413,
  body: { ok: false, message: `the body is larger than ${max} bytes (NOC_ALERT_MAX_BYTES)` },
});

export function handleAlertRequest(
  source: AlertSource,
  req: IncomingMessage,
  res: ServerResponse,
  receive: Receive,
  maxBytes: number,
  onTooLarge: (source: AlertSource) => void,
): void {
  const announced = Number(req.headers["content-length"] ?? Number.NaN);
  // Refused unread: the answer goes out, then the connection closes on whatever else was coming.
  const refuse = () => {
    onTooLarge(source);
    res.once("finish", () => req.destroy());
    reply(res, tooLarge(maxBytes));
  };
  if (announced > maxBytes) {
    refuse();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      if (!res.headersSent) refuse();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (size > maxBytes) return;
    try {
      reply(res, receive(source, req.headers, Buffer.concat(chunks)));
    } catch (error) {
      reply(res, { status: 500, body: { ok: false, message: `internal error: ${String(error)}` } });
    }
  });
  req.on("error", () => {});
}

/** path -> handler, for every source. */
export function alertRoutes(
  receive: Receive,
  maxBytes: number,
  onTooLarge: (source: AlertSource) => void,
): Record<string, (req: IncomingMessage, res: ServerResponse) => void> {
  return Object.fromEntries(
    ALERT_SOURCES.map((source) => [
      alertPath(source),
      (req: IncomingMessage, res: ServerResponse) =>
        handleAlertRequest(source, req, res, receive, maxBytes, onTooLarge),
    ]),
  );
}
