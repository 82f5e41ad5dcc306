// GET /healthz and GET /metrics, served next to Slack's endpoint (HTTP mode) or on PORT (Socket Mode), and
// any other POST endpoints the app takes (the alert intake).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";

export interface Health {
  ok: boolean;
  database: "ok" | "unreachable";
  network: { driver: string; devices: number; detail: string } | { error: string };
  llm: "llm" | "rules-only";
  slack: "http" | "socket";
  uptime_s: number;
}

export interface RouteDeps {
  health(): Promise<Health>;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** More POST endpoints, path -> handler; each reads its own body. */
  posts?: Readonly<Record<string, (req: IncomingMessage, res: ServerResponse) => void>>;
}

export function customRoutes(deps: RouteDeps): CustomRoute[] {
  return [
    {
      path: "/healthz",
      method: ["GET"],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        void deps.health().then(
          (health) => {
            res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
            res.end(JSON.stringify(health));
          },
          (error: unknown) => {
            res.writeHead(503, { "content-type": "application/json" });
            res.end(JSON.stringify({ ok: false, error: String(error) }));
          },
        );
      },
    },
    {
      path: "/metrics",
      method: ["GET"],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        void deps.metrics().then(
          ({ contentType, body }) => {
            res.writeHead(200, { "content-type": contentType });
            res.end(body);
          },
          (error: unknown) => {
            res.writeHead(500, { "content-type": "text/plain" });
            res.end(String(error));
          },
        );
      },
    },
    ...Object.entries(deps.posts ?? {}).map(([path, handler]) => ({ path, method: ["POST"], handler })),
  ];
}
