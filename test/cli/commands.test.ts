import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { DEFAULT_LAB_FILE, PACKAGE_ROOT } from "../../src/paths.js";
import { FakeAnthropic } from "../fakes/anthropic.js";
import { teamScript } from "../fakes/team-script.js";
import { captureIo } from "../helpers/io.js";

const LEGACY = join(PACKAGE_ROOT, "test", "fixtures", "legacy-router.cfg");
const tmp = mkdtempSync(join(tmpdir(), "nocbot-cli-"));

const env = { NOC_DB_PATH: join(tmp, "incidents.db") };

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io, env);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("nocbot lint-config", () => {
  it("prints a readable table sorted by severity, with a summary", async () => {
    const { code, stdout } = await run("lint-config", LEGACY);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+DEVICE\s+LINE\s+FINDING$/);
    expect(lines[2]).toMatch(/^critical\s+SEC-SNMP-DEFAULT-COMMUNITY\s+legacy-rtr\s+6\s/);
    expect(stdout).toMatch(/\d+ findings: 1 critical, \d+ high/);
  });

  it("prints the documented JSON records", async () => {
    const { stdout } = await run("lint-config", LEGACY, "--json");
    const findings = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(findings.length).toBeGreaterThan(8);
    for (const f of findings)
      expect(Object.keys(f)).toEqual(expect.arrayContaining(["rule", "severity", "line", "message"]));
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: "SEC-VTY-TELNET", severity: "high", line: 18 }),
    );
    expect(findings).toContainEqual(expect.objectContaining({ rule: "PERF-DUPLEX-HALF", line: 7 }));
  });

  it("exits 1 when a finding reaches --fail-on, 0 when none does", async () => {
    expect((await run("lint-config", LEGACY, "--fail-on", "critical")).code).toBe(1);
    const clean = join(tmp, "clean.cfg");
    writeFileSync(
      clean,
      "hostname quiet\nservice password-encryption\naaa new-model\nip ssh version 2\nno ip source-route\nlogging host 10.0.0.5\nntp server 10.0.0.6\n",
    );
    expect((await run("lint-config", clean, "--fail-on", "medium")).code).toBe(0);
  });

  it("explains bad arguments and bad files without a stack trace", async () => {
    const badSeverity = await run("lint-config", LEGACY, "--fail-on", "severe");
    expect(badSeverity.code).toBe(2);
    expect(badSeverity.stderr).toContain(
      "--fail-on expects one of info, low, medium, high, critical, got 'severe'",
    );
    expect((await run("lint-config")).stderr).toContain("name at least one config file");
    const binary = join(tmp, "firmware.bin");
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    const result = await run("lint-config", binary, LEGACY, "--json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("firmware.bin: binary content, not a device configuration");
    expect(JSON.parse(result.stdout).length).toBeGreaterThan(0);
    expect((await run("lint-config", join(tmp, "nope.cfg"))).stderr).toContain("nope.cfg does not exist");
    expect((await run("lint-config", "/dev/zero")).stderr).toContain(
      "/dev/zero is not a regular file (a pipe, a device or a socket)",
    );
  });

  it("lints a 10 MB config", async () => {
    const big = join(tmp, "big.cfg");
    const block = (i: number) =>
      `interface GigabitEthernet${Math.floor(i / 48)}/${i % 48}\n description USERS ${i}\n ip address 10.${(i >> 8) & 255}.${i & 255}.1 255.255.255.0\n!\n`;
    const parts: string[] = ["hostname big"];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      parts.push(block(i));
      size += parts[parts.length - 1]?.length ?? 0;
    }
    writeFileSync(big, parts.join("\n"));
    const { code, stdout } = await run("lint-config", big, "--json");
    expect(code).toBe(0);
    expect(
      JSON.parse(stdout).filter((f: { rule: string }) => f.rule === "ROUTE-DHCP-HELPER-MISSING").length,
    ).toBeGreaterThan(10_000);
  });
});

describe("nocbot lab", () => {
  it("lists scenarios as the documented JSON contract", async () => {
    const { code, stdout } = await run("lab", "list", "--json");
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(list.length).toBeGreaterThanOrEqual(16);
    for (const s of list) expect(Object.keys(s).sort()).toEqual(["id", "symptom", "title", "truth"]);
    expect(list.find((s) => s.id === "wan-primary-down")?.truth).toEqual({
      label: "link-down",
      device: "br-rtr1",
      interface: "GigabitEthernet0/0",
    });
    expect(list.find((s) => s.id === "snmp-public-rw")?.truth).toEqual({
      label: "snmp-insecure",
      device: "dc-core1",
      interface: null,
    });
    expect(list.find((s) => s.id === "baseline-healthy")?.truth).toBeNull();
  });

  it("shows one scenario, checks a file, and prints the schema", async () => {
    expect((await run("lab", "show", "duplex-mismatch")).stdout).toContain(
      "root cause:  duplex-mismatch on br-sw1 GigabitEthernet1/0/1",
    );
    expect((await run("lab", "check", DEFAULT_LAB_FILE)).stdout).toMatch(
      /ok \(acme-branch-01: 6 devices, 6 links, \d+ scenarios\)/,
    );
    expect(JSON.parse((await run("lab", "schema")).stdout).title).toBe("nocbot lab file");
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, readFileSync(DEFAULT_LAB_FILE, "utf8").replace("nocbot_lab: 1", "nocbot_lab: 7"));
    const checked = await run("lab", "check", bad);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/bad\.yaml:3:\d+: nocbot_lab: lab format version 7 is not supported/);
  });
});

describe("nocbot analyze", () => {
  it("prints candidates best first and the findings, as documented", async () => {
    const { code, stdout } = await run("analyze", "--scenario", "acl-blocks-app", "--json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(expect.arrayContaining(["candidates", "findings"]));
    expect(result.candidates[0]).toMatchObject({
      label: "acl-deny",
      device: "dc-wan1",
      interface: "GigabitEthernet0/1",
    });
    expect(result.candidates[0].confidence).toBeGreaterThan(0.5);
    expect(result.findings[0]).toHaveProperty("remediation");
  });

  it("ends the readable report with the ranked root causes", async () => {
    const { stdout } = await run("analyze", "--scenario", "wan-primary-down");
    expect(stdout).toMatch(
      /Ranked root causes \(rules-only\):\n {2}1\. link-down on br-rtr1 GigabitEthernet0\/0 {2}confidence 0\.\d\d/,
    );
  });

  it("analyzes the lab's default scenario when none is named", async () => {
    const { code, stdout } = await run("analyze");
    expect(code).toBe(0);
    expect(stdout).toContain("in scenario 'wan-primary-down'");
  });

  it("says so when a control has no root cause", async () => {
    expect((await run("analyze", "--scenario", "baseline-healthy")).stdout).toContain(
      "none: no finding points to a fault",
    );
  });

  it("refuses an unknown scenario, a missing one, and a broken --lab file", async () => {
    const unknown = await run("analyze", "--scenario", "meteor-strike");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "unknown scenario 'meteor-strike'; scenarios in this lab: wan-primary-down",
    );
    const noDefault = join(tmp, "no-default.yaml");
    writeFileSync(
      noDefault,
      readFileSync(DEFAULT_LAB_FILE, "utf8").replace("default_scenario: wan-primary-down\n", ""),
    );
    expect((await run("analyze", "--lab", noDefault)).stderr).toContain("--scenario ID");
    const broken = join(tmp, "broken.yaml");
    writeFileSync(broken, "nocbot_lab: 1\nname: [unclosed\n");
    const result = await run("analyze", "--scenario", "x", "--lab", broken);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.yaml:\d+:\d+/);
  });
});

describe("nocbot rules", () => {
  it("lists every config rule and state check with its id", async () => {
    const rules = JSON.parse((await run("rules", "--json")).stdout) as Array<{
      id: string;
      category: string;
    }>;
    expect(rules.length).toBeGreaterThan(60);
    expect(rules).toContainEqual(expect.objectContaining({ id: "SEC-VTY-TELNET", category: "security" }));
    expect(rules).toContainEqual(expect.objectContaining({ id: "STATE-DUPLEX-ERRORS", category: "state" }));
  });
});

describe("nocbot", () => {
  it("answers an unknown command or flag with the usage", async () => {
    const unknown = await run("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(unknown.stderr).toContain("usage:");
    expect((await run("analyze", "--bogus")).code).toBe(2);
  });

  it("reports a bad environment variable in one line", async () => {
    const io = captureIo();
    expect(await main(["lab", "list"], io, { LOG_LEVEL: "chatty" })).toBe(2);
    expect(io.stderr()).toMatch(/^nocbot: configuration: LOG_LEVEL: .*got 'chatty'/);
  });
});

describe("nocbot investigate", () => {
  it("runs rules-only without a key and prints the documented JSON", async () => {
    const { code, stdout } = await run(
      "investigate",
      "branch latency",
      "--scenario",
      "wan-primary-down",
      "--json",
    );
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining(["mode", "plan", "steps", "verdict", "proposals", "report", "usage"]),
    );
    expect(r.mode).toBe("rules-only");
    expect(r.steps[0]).toEqual(
      expect.objectContaining({
        agent: "diagnosis",
        status: "done",
        summary: expect.any(String),
        findings: expect.any(Array),
      }),
    );
    expect(r.verdict).toEqual({
      fault: true,
      label: "link-down",
      device: "br-rtr1",
      interface: "GigabitEthernet0/0",
      confidence: 0.7,
      evidence: ["STATE-IF-DOWN@br-rtr1:GigabitEthernet0/0"],
    });
    expect(Object.keys(r.usage).sort()).toEqual([
      "cache_creation_input_tokens",
      "cache_read_input_tokens",
      "cost_usd",
      "input_tokens",
      "model_calls",
      "output_tokens",
    ]);
    expect(r.report).toContain("Rules-only report");
  });

  it("prints live progress: plan, steps, proposals, verdict and report", async () => {
    const { stdout } = await run("investigate", "branch", "latency");
    const order = [
      "investigating: branch latency  [rules-only",
      "plan (keywords",
      "> diagnosis started",
      "< diagnosis done",
      "proposal ",
      "verdict (rules-only): link-down on br-rtr1",
      "# INC-",
    ];
    const positions = order.map((needle) => stdout.indexOf(needle));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("checks and stages the run's proposals as Slack does: the CLI shows the device's diff, never unchecked lines", async () => {
    const dbPath = join(tmp, "cli-proposals.db");
    const io = captureIo();
    expect(await main(["investigate", "branch latency", "--json"], io, { NOC_DB_PATH: dbPath })).toBe(0);
    const r = JSON.parse(io.stdout());
    expect(r.proposals).toEqual([
      expect.objectContaining({
        device: "br-rtr1",
        status: "pending",
        reason_code: null,
        diff: expect.stringContaining("- shutdown"),
      }),
    ]);
    const audit = captureIo();
    await main(["audit", "--json"], audit, { NOC_DB_PATH: dbPath });
    expect(JSON.parse(audit.stdout())).toEqual([
      expect.objectContaining({
        actor: "nocbot",
        action: "check",
        outcome: "staged",
        proposal: r.proposals[0].id,
      }),
    ]);
  });

  it("refuses a model's proposal the allowlist does not allow, and says so instead of printing it as a fix", async () => {
    const fake = await new FakeAnthropic(
      teamScript({
        specialists: {
          config: {
            answer: () => ({
              summary: "reboot it",
              findings: [],
              proposals: [
                {
                  device: "br-rtr1",
                  lines: ["event manager applet FIX", " event none", ' action 1.0 cli command "reload"'],
                  rationale: "a reload clears it",
                  evidence: [],
                  risk: "none",
                },
              ],
            }),
          },
        },
      }),
    ).start();
    try {
      const io = captureIo();
      const cliEnv = { ...env, ANTHROPIC_API_KEY: "k-test", ANTHROPIC_BASE_URL: fake.url };
      expect(await main(["investigate", "branch latency"], io, cliEnv)).toBe(0);
      expect(io.stdout()).toMatch(
        /proposal INC-\d+-R1-P1 on br-rtr1: refused \(lines-refused\): CHANGE-NOT-ALLOWED/,
      );
      // The lines appear only quoted in the refusal, never as a block of config to paste.
      expect(io.stdout()).not.toMatch(/^\s+event manager applet FIX$/m);
      // The documentation writer is told the check's outcome before it writes the report.
      const docs = fake.requests.find((r) => r.raw.includes("Structured incident"));
      expect(docs?.raw).toMatch(/\\"outcome\\": \\"refused\\"/);
    } finally {
      await fake.stop();
    }
  });

  it("refuses an empty question; keeps a long one whole and investigates its first 4,000 characters, as Slack does", async () => {
    expect((await run("investigate")).stderr).toContain("say what to investigate");
    const long = await run("investigate", "branch latency", "x".repeat(9_985), "--json");
    expect(long.code).toBe(0);
    const investigation = JSON.parse(long.stdout) as { incident_id: string; question: string };
    expect(long.stderr).toContain(
      `nocbot: Your description is 10,000 characters: ${investigation.incident_id} investigates the first 4,000, and keeps the whole text with the incident.`,
    );
    expect(investigation.question).toMatch(
      /^branch latency x{3985} \[… the message goes on for 6000 more characters\]$/,
    );
    const stored = JSON.parse(
      (await run("incidents", "show", investigation.incident_id, "--json")).stdout,
    ) as {
      incident: { question: string };
    };
    expect(stored.incident.question).toHaveLength(10_000);
  });

  it("uses the model through ANTHROPIC_BASE_URL when a key is set", async () => {
    const fake = await new FakeAnthropic(teamScript()).start();
    try {
      const io = captureIo();
      const code = await main(["investigate", "branch latency", "--json"], io, {
        ...env,
        ANTHROPIC_API_KEY: "k-test",
        ANTHROPIC_BASE_URL: fake.url,
      });
      expect(code).toBe(0);
      const r = JSON.parse(io.stdout());
      expect(r.mode).toBe("llm");
      expect(r.usage.model_calls).toBe(fake.requests.length);
      expect(fake.requests.length).toBeGreaterThan(5);
    } finally {
      await fake.stop();
    }
  });

  it("refuses a deprecated model in one line naming the variable", async () => {
    const io = captureIo();
    expect(await main(["investigate", "x"], io, { NOC_MODEL_SUPERVISOR: "claude-sonnet-4-5" })).toBe(2);
    expect(io.stderr()).toBe(
      "nocbot: configuration: NOC_MODEL_SUPERVISOR: model 'claude-sonnet-4-5' reaches end-of-life on 2026-11-30; pick a current one such as claude-sonnet-5-5",
    );
  });
});
