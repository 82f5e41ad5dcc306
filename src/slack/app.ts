// The Bolt app and its transport: Socket Mode when an app token is configured, otherwise Bolt's HTTP
// receiver (signature verified) on /slack/events; /healthz and /metrics beside it either way.
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import { type AppConfig, ConfigError } from "../config.js";
import type { Logger } from "../log.js";
import { boltLogger } from "./bolt-logger.js";
import { customRoutes, type RouteDeps } from "./routes.js";

export interface SlackSettings {
  botToken: string;
  signingSecret: string | null;
  appToken: string | null;
  apiUrl: string | null;
  port: number;
  minIntervalMs: number;
  render: "thread" | "stream";
}

/** The Slack half of the configuration, or one line for each setting that is missing. */
export function slackSettings(config: AppConfig): SlackSettings {
  const problems: string[] = [];
  if (!config.SLACK_BOT_TOKEN)
    problems.push("SLACK_BOT_TOKEN: not set; expected the bot token (xoxb-...) from OAuth & Permissions");
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_SIGNING_SECRET: not set; expected the signing secret from Basic Information (or set SLACK_APP_TOKEN for Socket Mode)",
    );
  }
  if (problems.length > 0 || !config.SLACK_BOT_TOKEN) throw new ConfigError(problems);
  return {
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET ?? null,
    appToken: config.SLACK_APP_TOKEN ?? null,
    apiUrl: config.SLACK_API_URL ?? null,
    port: config.PORT,
    minIntervalMs: config.NOC_SLACK_MIN_INTERVAL_MS,
    render: config.NOC_SLACK_RENDER,
  };
}

export interface SlackApp {
  app: App;
  /** Starts receiving; resolves with the port of the HTTP endpoint (Slack's in HTTP mode, health in Socket Mode). */
  start(): Promise<{ port: number; mode: "http" | "socket" }>;
  stop(): Promise<void>;
}

/** The Web API client's options: our base URL, and 429s handed to the gateway instead of waited inside. */
export function webClientOptions(settings: Pick<SlackSettings, "apiUrl">): WebClientOptions {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 4000 },
  };
}

/** The Bolt app on its receiver; listeners are registered by the caller. */
export function createBoltApp(settings: SlackSettings, log: Logger, routes: RouteDeps): SlackApp {
  const logger = boltLogger(log);
  const clientOptions = webClientOptions(settings);
  const custom = customRoutes(routes);
  let http: HTTPReceiver | null = null;
  let receiver: Receiver;
  if (settings.appToken) {
    receiver = new SocketModeReceiver({
      appToken: settings.appToken,
      logger,
      customRoutes: custom,
      installerOptions: { port: settings.port, clientOptions },
    });
  } else {
    http = new HTTPReceiver({
      signingSecret: settings.signingSecret ?? "",
      endpoints: "/slack/events",
      customRoutes: custom,
      processBeforeResponse: false,
      logger,
    });
    receiver = http;
  }
  // No conversation store: nocbot keeps its own state in SQLite, and the store costs every request.
  const app = new App({ token: settings.botToken, receiver, logger, clientOptions, convoStore: false });
  app.error(async (error) => {
    log.error({ err: error }, "unhandled error in a Slack listener");
  });
  return {
    app,
    async start() {
      if (http) {
        const server = await http.start(settings.port);
        return { port: (server.address() as AddressInfo).port, mode: "http" };
      }
      await app.start();
      return { port: settings.port, mode: "socket" };
    },
    async stop() {
      await app.stop();
    },
  };
}
