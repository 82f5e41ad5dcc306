// An operator's mistake is one line and exit 2, never a stack trace, a hang or a process eating memory:
// a lab that is a device, a FIFO, a directory or an alias bomb; a database folder that cannot exist; an
// out-of-range setting; a port in use; and a stop signal while starting.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runStart } from "../../src/cli/commands/start.js";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import { DEFAULT_LAB_FILE, PACKAGE_ROOT } from "../../src/paths.js";
import { FakeSlack } from "../fakes/slack.js";
import { captureIo } from "../helpers/io.js";
import { SIGNING_SECRET } from "../helpers/slack-requests.js";

const dir = mkdtempSync(join(tmpdir(), "nocbot-bad-input-"));
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function run(argv: string[], env: Record<string, string> = {}) {
  const io = captureIo();
  const code = await main(argv, io, { NOC_DB_PATH: join(dir, "nocbot.db"), ...env });
  const lines = io.stderr().split("\n").filter(Boolean);
  return { code, lines, stderr: io.stderr() };
}

function expectOneLine(result: Awaited<ReturnType<typeof run>>, pattern: RegExp) {
  expect(result.code, result.stderr).toBe(2);
  expect(result.lines, result.stderr).toHaveLength(1);
  expect(result.lines[0]).toMatch(pattern);
  expect(result.stderr).not.toContain("    at ");
}

describe("a lab that is not a lab file", () => {
  const fifo = join(dir, "lab.fifo");
  execFileSync("mkfifo", [fifo]);
  const folder = join(dir, "lab-folder");
  mkdirSync(folder);
  // Nine levels of aliases of aliases: about 10^9 nodes if expanded.
  const bomb = join(dir, "bomb.yaml");
  writeFileSync(
    bomb,
    [
      "nocbot_lab: 1",
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 9 }, (_, i) => {
        const from = String.fromCharCode(97 + i);
        const to = String.fromCharCode(98 + i);
        return `${to}: &${to} [${Array(10).fill(`*${from}`).join(", ")}]`;
      }),
    ].join("\n"),
  );

  for (const [what, file, pattern] of [
    ["a directory", folder, /lab-folder: the lab file is a directory, not a file$/],
    ["a YAML alias bomb", bomb, /bomb\.yaml: .*alias/i],
  ] as const) {
    it(`refuses ${what}, with --lab and with NOC_LAB_FILE`, async () => {
      expectOneLine(await run(["analyze", "--lab", file]), pattern);
      expectOneLine(await run(["investigate", "branch latency"], { NOC_LAB_FILE: file }), pattern);
    });
  }

  // In a child process with a deadline: were the read to block or run on, the test fails instead of hanging.
  it("refuses /dev/zero and a FIFO nobody writes to at once, without reading them", () => {
    for (const [args, env, pattern] of [
      [["analyze", "--lab", "/dev/zero"], {}, /^nocbot: \/dev\/zero: the lab file is not a regular file/],
      [["investigate", "x"], { NOC_LAB_FILE: fifo }, /lab\.fifo: the lab file is not a regular file/],
    ] as const) {
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", join(PACKAGE_ROOT, "src/cli/main.ts"), ...args],
        {
          env: { ...process.env, NOC_DB_PATH: join(dir, "child.db"), ...env },
          encoding: "utf8",
          timeout: 60_000,
        },
      );
      expect(child.signal, "killed at the deadline").toBeNull();
      expectOneLine(
        { code: child.status ?? -1, lines: child.stderr.split("\n").filter(Boolean), stderr: child.stderr },
        pattern,
      );
    }
  });
});

describe("a database that cannot be", () => {
  it("says so in one line when its folder cannot be created or the path is a folder", async () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "x");
    expectOneLine(
      await run(["investigate", "branch latency"], { NOC_DB_PATH: join(file, "sub", "nocbot.db") }),
      /^nocbot: cannot create the folder .*plain-file\/sub for the database \(NOC_DB_PATH\): ENOTDIR/,
    );
    const folder = join(dir, "db-folder");
    mkdirSync(folder);
    expectOneLine(
      await run(["incidents", "list"], { NOC_DB_PATH: folder }),
      /^nocbot: cannot open the database .*db-folder/,
    );
  });

  it("refuses a file that is not SQLite in one line", async () => {
    const file = join(dir, "not-sqlite.db");
    writeFileSync(file, "this is not a database, just text that goes on for a while ".repeat(20));
    expectOneLine(
      await run(["incidents", "list"], { NOC_DB_PATH: file }),
      /^nocbot: cannot .*not-sqlite\.db/,
    );
  });
});

describe("settings out of range", () => {
  it("stops before anything starts, naming the variable", async () => {
    for (const [name, value] of [
      ["NOC_PROPOSAL_TTL", "99999999999d"],
      ["NOC_PROPOSAL_TTL", "0s"],
      ["NOC_REVERT_AFTER", "0s"],
      ["NOC_LLM_TIMEOUT_MS", "2147483648"],
      ["NOC_STEP_TIMEOUT_MS", "2147483648"],
    ] as const) {
      const db = join(dir, `unused-${name}.db`);
      expectOneLine(
        await run(["investigate", "branch latency"], { [name]: value, NOC_DB_PATH: db }),
        new RegExp(`^nocbot: configuration: ${name}: expected .*\\(got '${value}'\\)$`),
      );
    }
  });
});

describe("nocbot start", () => {
  const slackEnv = async () => {
    const slack = await new FakeSlack().start();
    cleanup.push(() => slack.stop());
    return {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      NOC_DB_PATH: join(mkdtempSync(join(dir, "start-")), "nocbot.db"),
    };
  };

  it("stops, without ever listening, on a signal that came while it was starting", async () => {
    const io = captureIo();
    const config = loadConfig({ ...(await slackEnv()), PORT: "0" });
    expect(await runStart([], io, config, Promise.resolve("SIGTERM"))).toBe(0);
    expect(io.stderr()).toContain("nocbot: SIGTERM while starting: stopping");
    expect(io.stderr()).not.toContain("listening");
  });

  it("says in one line that the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const result = await run(["start"], { ...(await slackEnv()), PORT: String(port) });
    expectOneLine(result, /EADDRINUSE/);
  });

  it("never echoes a quoted signing secret it refuses", async () => {
    const secret = readFileSync(DEFAULT_LAB_FILE, "utf8").length.toString(16).padEnd(32, "f");
    const result = await run(["start"], { ...(await slackEnv()), SLACK_SIGNING_SECRET: `'${secret}'` });
    expectOneLine(result, /SLACK_SIGNING_SECRET: .*not shown; remove the quotes around it\)$/);
    expect(result.stderr).not.toContain(secret);
  });
});
