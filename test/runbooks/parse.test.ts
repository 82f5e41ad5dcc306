// A runbook file: frontmatter validated with zod, the body's five sections and numbered checks, names
// checked against nocbot's vocabulary, and anything that looks like a secret keeping the runbook out.
import { describe, expect, it } from "vitest";
import { runbookVocabulary } from "../../src/agents/runbooks.js";
import { parseRunbook } from "../../src/runbooks/parse.js";
import { secretLike } from "../../src/runbooks/secrets.js";
import { checkVocabulary } from "../../src/runbooks/vocabulary.js";
import { FRONTMATTER, NOW, runbookText } from "../helpers/runbooks.js";

const parse = (text: string) => parseRunbook(text, "team/test.md");
const messages = (text: string) =>
  parse(text).problems.map((p) => `${p.line ?? "-"} ${p.severity} ${p.message}`);

describe("parsing a runbook", () => {
  it("reads the frontmatter, the sections and each check's specialists, tools and evidence rules", () => {
    const { runbook, problems } = parse(runbookText(FRONTMATTER));
    expect(problems).toEqual([]);
    expect(runbook).toMatchObject({
      id: "test-link",
      owner: "test-team",
      draft: false,
      goal: "Find it.",
      remediation: "Bring it up.",
      escalationSteps: "Call the carrier.",
      path: "team/test.md",
    });
    expect(runbook?.checks).toEqual([
      {
        n: 1,
        text: "Read the interfaces with `get_interfaces`.",
        agents: ["diagnosis"],
        tools: ["get_interfaces"],
        rules: ["STATE-IF-DOWN"],
        line: 22,
      },
      { n: 2, text: "Read the logs with `get_logs`.", agents: [], tools: ["get_logs"], rules: [], line: 23 },
      {
        n: 3,
        text: "Read the config with `get_config`.",
        agents: ["config"],
        tools: ["get_config"],
        rules: [],
        line: 24,
      },
    ]);
  });

  it("reports a root-cause label outside the closed set, at its line", () => {
    const text = runbookText(FRONTMATTER.replace("root_causes: [link-down]", "root_causes: [link-dwon]"));
    expect(parse(text).runbook).toBeNull();
    expect(messages(text)).toEqual([
      expect.stringMatching(/^8 error match\.root_causes\[0\]: Invalid option/),
    ]);
  });

  it("reports a missing frontmatter, a missing Checks section and a check numbered twice", () => {
    expect(messages("## Goal\nx\n")).toEqual([expect.stringContaining("no frontmatter")]);
    const noChecks = runbookText(FRONTMATTER, "## Goal\nFind it.\n");
    expect(messages(noChecks)).toContain("- error no '## Checks' section");
    expect(messages(noChecks)).toContain("- warning no '## Remediation' section");
    const twice = runbookText(FRONTMATTER, "## Goal\nx\n## Checks\n1. a\n1. b\n");
    expect(messages(twice)).toContain("22 error check 1 is numbered twice");
  });

  it("warns about an unknown section and text outside any, and joins a check's continuation lines", () => {
    const text = runbookText(
      FRONTMATTER,
      "stray\n## Goal\nx\n## Checks\n1. first\n   and more\n## Notes\nn\n",
    );
    const { runbook } = parse(text);
    expect(runbook?.checks[0]?.text).toBe("first and more");
    expect(messages(text).slice(0, 2)).toEqual([
      "18 warning text before the first ## section is ignored",
      expect.stringMatching(/^24 warning unknown section 'Notes'/),
    ]);
  });

  it("keeps a runbook that looks like it holds a secret out, and says which line", () => {
    const text = runbookText(
      FRONTMATTER,
      "## Goal\nx\n## Checks\n1. Log in with password: Hunter2xyz and look.\n2. Use `snmp-server community n0c-s3cret RO`.\n",
    );
    expect(parse(text).runbook).toBeNull();
    expect(messages(text)).toEqual(
      expect.arrayContaining([
        "21 error looks like a password or key; write a placeholder such as <secret> instead",
        "22 error looks like a secret in configuration; write a placeholder such as <secret> instead",
      ]),
    );
  });

  it("lets placeholders and well-known defaults through", () => {
    for (const line of [
      "snmp-server community <community> RO",
      "no snmp-server community public RW",
      "password: <secret>",
      "token=$NOC_TOKEN",
      "username admin secret <secret-1>",
      "the password is rotated every quarter",
      "Check `ip ospf message-digest-key 1 md5 <key>` on both ends",
      "```",
    ])
      expect(secretLike(line), line).toEqual([]);
    for (const line of [
      "xoxb-1234567890-abcdefghij",
      "sk-ant-api03-abcdefghijklmno",
      "-----BEGIN RSA PRIVATE KEY-----",
      "enable secret 5 $1$abcd$efghijkl",
      "https://noc:pa55word@grafana.example.com",
      " key-string S3cr3t!",
      "1. Run `ip ospf authentication-key 7 0822455D0A16` on the other end",
    ])
      expect(secretLike(line), line).toHaveLength(1);
  });
});

describe("a runbook against nocbot's vocabulary", () => {
  const vocabulary = runbookVocabulary();
  const problems = (frontmatter: string, body?: string) => {
    const { runbook } = parse(runbookText(frontmatter, body));
    if (!runbook) throw new Error("did not parse");
    return checkVocabulary(runbook, vocabulary, NOW).problems.map((p) => `${p.severity} ${p.message}`);
  };

  it("accepts names nocbot has", () => {
    expect(problems(FRONTMATTER)).toEqual([]);
  });

  it("reports a tool, a specialist or an analyzer rule nocbot lacks", () => {
    expect(
      problems(FRONTMATTER.replace("get_logs, get_config]", "get_logs, get_config, show_tech]")),
    ).toEqual(["error tools: nocbot has no tool 'show_tech'"]);
    expect(problems(FRONTMATTER.replace("[diagnosis, config]", "[diagnosis, config, wireless]"))).toEqual([
      expect.stringMatching(
        /^error specialists: nocbot has no specialist 'wireless'; it has diagnosis, config/,
      ),
    ]);
    const body = "## Goal\nx\n## Checks\n1. [diagnosis] Run `show_tech`. (evidence: STATE-WIFI-DOWN)\n";
    expect(problems(FRONTMATTER, body)).toEqual([
      "error check 1 names a tool nocbot lacks: 'show_tech'",
      "error check 1 cites evidence from an unknown analyzer rule 'STATE-WIFI-DOWN' (see nocbot rules)",
    ]);
  });

  it("warns about a tool the frontmatter does not list, one the specialist cannot call, and a stale review", () => {
    const body =
      "## Goal\nx\n## Checks\n1. [diagnosis] Read `get_config`.\n2. [config] `ping` it, then `shutdown` it.\n";
    expect(problems(FRONTMATTER.replace("2026-10-01", "2025-01-01"), body)).toEqual([
      "warning check 1 needs 'get_config', which diagnosis cannot call",
      "warning check 2 uses 'ping', which the frontmatter's tools do not list",
      "warning check 2 needs 'ping', which config cannot call",
      "warning last reviewed 2025-01-01, more than 365 days ago",
    ]);
  });
});
