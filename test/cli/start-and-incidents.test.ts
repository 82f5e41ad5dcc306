// nocbot start's configuration errors, and the incident history on the command line.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { migrations } from "../../src/store/db.js";
import { captureIo } from "../helpers/io.js";

const dir = mkdtempSync(join(tmpdir(), "nocbot-cli-incidents-"));
const env = { NOC_DB_PATH: join(dir, "incidents.db") };

async function run(argv: string[], extra: Record<string, string> = {}) {
  const io = captureIo();
  const code = await main(argv, io, { ...env, ...extra });
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("nocbot start", () => {
  it("names each missing Slack setting in one line, without a stack trace", async () => {
    const { code, stderr } = await run(["start"]);
    expect(code).toBe(2);
    expect(stderr.split("\n")).toEqual([
      "nocbot: configuration: SLACK_BOT_TOKEN: not set; expected the bot token (xoxb-...) from OAuth & Permissions",
      "nocbot: configuration: SLACK_SIGNING_SECRET: not set; expected the signing secret from Basic Information (or set SLACK_APP_TOKEN for Socket Mode)",
    ]);
  });

  it("explains a malformed token or URL in one line each", async () => {
    const { code, stderr } = await run(["start"], {
      SLACK_BOT_TOKEN: "not-a-token",
      SLACK_API_URL: "slack.example",
      NOC_APPROVERS: "U123,alice",
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      "SLACK_BOT_TOKEN: expected a bot token starting with xoxb- (got 11 characters, not shown)",
    );
    expect(stderr).toContain("SLACK_API_URL: expected a URL such as https://slack.com/api/");
    expect(stderr).toContain("NOC_APPROVERS");
    expect(stderr).not.toContain("    at ");
  });
});

describe("nocbot incidents", () => {
  it("lists, searches and shows what investigations stored", async () => {
    expect((await run(["incidents", "list"])).stdout).toContain("No incidents");
    expect((await run(["investigate", "branch latency", "--scenario", "wan-primary-down"])).code).toBe(0);
    expect(
      (await run(["investigate", "new laptops get no address", "--scenario", "dhcp-helper-removed"])).code,
    ).toBe(0);

    const list = await run(["incidents", "list"]);
    expect(list.stdout).toMatch(/^INCIDENT\s+STATUS\s+OPENED\s+VERDICT\s+QUESTION/);
    expect(list.stdout).toMatch(/INC-2\s+identified .*dhcp-relay-missing @ br-rtr1/);
    expect(list.stdout).toMatch(/INC-1\s+identified .*link-down @ br-rtr1 GigabitEthernet0\/0/);

    const search = JSON.parse((await run(["incidents", "search", "laptops", "--json"])).stdout) as Array<{
      id: string;
    }>;
    expect(search.map((r) => r.id)).toEqual(["INC-2"]);
    expect(JSON.parse((await run(["incidents", "search", "link-down", "--json"])).stdout)).toEqual([
      expect.objectContaining({ id: "INC-1" }),
    ]);

    const show = await run(["incidents", "show", "inc-1"]);
    expect(show.stdout).toContain("INC-1 · identified · link-down @ br-rtr1 GigabitEthernet0/0");
    expect(show.stdout).toMatch(/INC-1-R1 \(investigation, rules-only, finished\)/);
    expect(show.stdout).toMatch(/diagnosis\s+done/);
    expect(show.stdout).toContain("Rules-only report");
    const json = JSON.parse((await run(["incidents", "show", "INC-1", "--json"])).stdout);
    expect(json.runs[0].steps.length).toBeGreaterThanOrEqual(4);

    expect((await run(["incidents", "show", "INC-99"])).code).toBe(1);
    expect((await run(["incidents", "frob"])).code).toBe(2);
    expect((await run(["incidents", "search"])).stderr).toContain("needs words");
  });

  it("refuses a database written by a newer nocbot, in one line", async () => {
    const Database = (await import("better-sqlite3")).default;
    const path = join(dir, "newer.db");
    const db = new Database(path);
    db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    db.prepare("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', '2030-01-01')").run();
    db.close();
    const { code, stderr } = await run(["incidents", "list"], { NOC_DB_PATH: path });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `nocbot: ${path} is at schema version 9999, newer than this nocbot knows (${migrations().at(-1)?.version}); upgrade nocbot or use another NOC_DB_PATH`,
    );
  });
});
