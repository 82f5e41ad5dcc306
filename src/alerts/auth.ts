// Who may deliver alerts: a bearer token (NOC_ALERT_TOKEN) or basic auth (NOC_ALERT_BASIC_AUTH), compared
// in constant time; and, where the sender signs, its signature over the raw body (Grafana's HMAC,
// PagerDuty's X-PagerDuty-Signature). A source whose signing secret is configured must sign.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AlertSource } from "../store/alerts.js";

export interface AlertAuthSettings {
  token: string | null;
  /** "user:password" */
  basic: string | null;
  grafanaSecret: string | null;
  /** The header Grafana puts its timestamp in (then it signs "timestamp:body"); null: it signs the body. */
  grafanaTimestampHeader: string | null;
  pagerdutySecret: string | null;
}

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

export type AuthResult = { ok: true; by: string } | { ok: false; why: string };

/** How far a signed timestamp may be from now before a delivery counts as replayed. */
const SIGNATURE_WINDOW_S = 300;

/** Constant time whatever the lengths: both sides are hashed to the same size first. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHmac("sha256", "nocbot-compare").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const header = (headers: Headers, name: string): string | null => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
};

const hmacHex = (secret: string, data: Buffer | string) =>
  createHmac("sha256", secret).update(data).digest("hex");

/** Whether any auth is configured at all (without it, alert intake stays off). */
export const intakeConfigured = (s: AlertAuthSettings): boolean =>
  Boolean(s.token || s.basic || s.grafanaSecret || s.pagerdutySecret);

export function authenticate(
  source: AlertSource,
  headers: Headers,
  body: Buffer,
  settings: AlertAuthSettings,
  now: Date,
): AuthResult {
  if (source === "pagerduty" && settings.pagerdutySecret) {
    const given = header(headers, "x-pagerduty-signature");
    if (!given) return { ok: false, why: "no X-PagerDuty-Signature header" };
    const expected = hmacHex(settings.pagerdutySecret, body);
    const signatures = given.split(",").map((s) => s.trim());
    return signatures.some((s) => s.startsWith("v1=") && sameSecret(s.slice(3), expected))
      ? { ok: true, by: "signature" }
      : { ok: false, why: "X-PagerDuty-Signature does not match the body" };
  }
  if (source === "grafana" && settings.grafanaSecret) {
    const given = header(headers, "x-grafana-alerting-signature");
    if (!given) return { ok: false, why: "no X-Grafana-Alerting-Signature header" };
    let signed: Buffer | string = body;
    if (settings.grafanaTimestampHeader) {
      const stamp = header(headers, settings.grafanaTimestampHeader);
      if (!stamp) return { ok: false, why: `no ${settings.grafanaTimestampHeader} header` };
      if (!/^\d+$/.test(stamp) || Math.abs(now.getTime() / 1000 - Number(stamp)) > SIGNATURE_WINDOW_S)
        return { ok: false, why: "the signed timestamp is more than 5 minutes from now" };
      signed = Buffer.concat([Buffer.from(`${stamp}:`), body]);
    }
    return sameSecret(given.trim().toLowerCase(), hmacHex(settings.grafanaSecret, signed))
      ? { ok: true, by: "signature" }
      : { ok: false, why: "X-Grafana-Alerting-Signature does not match the body" };
  }
  const authorization = header(headers, "authorization") ?? "";
  const [scheme = "", credentials = ""] = authorization.split(/\s+/, 2);
  if (settings.token && scheme.toLowerCase() === "bearer")
    return sameSecret(credentials, settings.token)
      ? { ok: true, by: "token" }
      : { ok: false, why: "the bearer token does not match NOC_ALERT_TOKEN" };
  if (settings.basic && scheme.toLowerCase() === "basic")
    return sameSecret(Buffer.from(credentials, "base64").toString("utf8"), settings.basic)
      ? { ok: true, by: "basic" }
      : { ok: false, why: "the basic credentials do not match NOC_ALERT_BASIC_AUTH" };
  if (!settings.token && !settings.basic)
    return {
      ok: false,
      why: `${source} deliveries cannot be authenticated: no token, basic auth or signing secret for it`,
    };
  return {
    ok: false,
    why: authorization ? `unsupported Authorization scheme '${scheme}'` : "no Authorization header",
  };
}
