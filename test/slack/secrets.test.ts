// Secrets never leave: a lab carrying every secret form IOS documentation shows, a whole investigation
// with the model in Slack, a fix that reuses the peer's OSPF key by its token, its approval and apply; and
// not one secret value in any model request, Slack call, database row, log line or CLI output.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.js";
import { FakeAnthropic } from "../fakes/anthropic.js";
import { FakeSlack, shownText } from "../fakes/slack.js";
import { FOUR_WAY_PLAN, teamScript } from "../fakes/team-script.js";
import { captureIo } from "../helpers/io.js";
import { labSecrets, labWithSecretForms } from "../helpers/lab.js";
import { startNocbot } from "../helpers/nocbot.js";
import { blockActions, FORM, send, sign, slashCommand } from "../helpers/slack-requests.js";

const REQUESTER = "U0ALICE01";
const APPROVER = "U0CAROL01";
const KEY_LINE = /ip ospf message-digest-key 1 md5 7 (<redacted:[0-9a-f]{10}>)/;
const OWN_KEY = /ip ospf message-digest-key 2 md5 7 (<redacted:[0-9a-f]{10}>)/;
const CULPRIT = "XDEV-OSPF-AUTH-MISMATCH@dc-core1:GigabitEthernet1/0/1";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe("secrets in a whole run and an approval", () => {
  it("reach no model request, Slack call, database row, log line or CLI output, and the fix still applies", async () => {
    const lab = labWithSecretForms();
    const secrets = labSecrets(lab);
    expect(secrets.length).toBeGreaterThan(40);
    const labFile = join(mkdtempSync(join(tmpdir(), "nocbot-secrets-")), "secrets.lab.yaml");
    writeFileSync(labFile, stringify(lab));

    const anthropic = await new FakeAnthropic(
      teamScript({
        plan: () => FOUR_WAY_PLAN,
        specialists: {
          config: {
            rounds: [
              [
                { name: "get_config", input: { device: "dc-core1" } },
                { name: "get_config", input: { device: "dc-wan1" } },
              ],
            ],
            // The model copies the peer's key line as it reads it: a token, never the key.
            answer: (evidence, conversation) => ({
              summary: "dc-core1 Gi1/0/1 authenticates OSPF with another key than dc-wan1",
              findings: [],
              proposals: [
                {
                  device: "dc-core1",
                  lines: [
                    "interface GigabitEthernet1/0/1",
                    ` no ip ospf message-digest-key 2 md5 7 ${OWN_KEY.exec(conversation)?.[1] ?? "missing"}`,
                    ` ip ospf message-digest-key 1 md5 7 ${KEY_LINE.exec(conversation)?.[1] ?? "missing"}`,
                  ],
                  rationale: "use the key the rest of the area uses",
                  evidence: evidence.filter((e) => e === CULPRIT),
                  risk: "the adjacency re-forms",
                },
              ],
            }),
          },
          security: {
            tools: [
              { name: "get_snmp", input: { device: "dc-core1" } },
              { name: "get_logs", input: { device: "dc-core1", since_minutes: 60 } },
            ],
          },
          diagnosis: { tools: [{ name: "get_ospf_neighbors", input: { device: "dc-core1" } }] },
        },
        verdict: {
          verdict: {
            fault: true,
            label: "ospf-auth-mismatch",
            device: "dc-core1",
            interface: "GigabitEthernet1/0/1",
            confidence: 0.9,
            evidence: [CULPRIT],
          },
          synthesis: `dc-core1 Gi1/0/1 uses another OSPF key than dc-wan1 [${CULPRIT}]`,
        },
      }),
    ).start();
    cleanup.push(() => anthropic.stop());
    const slack = await new FakeSlack().start();
    cleanup.push(() => slack.stop());
    const nocbot = await startNocbot({
      slack,
      anthropic,
      lab: labFile,
      scenario: "ospf-auth-mismatch",
      logLevel: "debug",
      env: { NOC_APPROVERS: APPROVER },
    });
    cleanup.push(() => nocbot.stop());

    await send(
      nocbot.events,
      sign(slashCommand("investigate the fast path to the DC is gone", { user_id: REQUESTER }), FORM),
    );
    await nocbot.settle();
    const proposal = slack.messages.find((m) => shownText(m).includes("Proposed change INC-1-R1-P1*"));
    if (!proposal) throw new Error("no proposal message");
    // In a code block; whether Slack sees `<` escaped is the renderer's business, the token is what matters.
    expect(shownText(proposal.versions.at(-1) ?? proposal)).toMatch(
      /\+ ip ospf message-digest-key 1 md5 7 (<|&lt;)redacted:[0-9a-f]{10}/,
    );
    await send(
      nocbot.events,
      sign(
        blockActions({
          user: APPROVER,
          actionId: "noc_proposal_approve",
          value: "INC-1-R1-P1",
          messageTs: proposal.ts,
          ...(proposal.thread_ts ? { threadTs: proposal.thread_ts } : {}),
        }),
        FORM,
      ),
    );
    await nocbot.settle();
    expect(nocbot.core.proposals.get("INC-1-R1-P1")?.status).toBe("verified");
    expect(nocbot.core.store.get("INC-1")?.status).toBe("resolved");

    const cli = async (...args: string[]) => {
      const io = captureIo();
      expect(await main(args, io, { NOC_DB_PATH: nocbot.dbPath }), args.join(" ")).toBe(0);
      return io.stdout() + io.stderr();
    };
    const db = nocbot.core.db;
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => (row as { name: string }).name);
    const seen: Record<string, string> = {
      "model requests": anthropic.requests.map((r) => r.raw).join("\n"),
      "Slack calls": JSON.stringify([slack.calls, slack.files, slack.messages]),
      "database rows": JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t}"`).all())),
      "log lines": nocbot.logs(),
      "CLI output": [
        await cli("incidents", "show", "INC-1", "--json"),
        await cli("incidents", "list", "--json"),
        await cli("audit", "--json"),
        await cli("audit", "--diff"),
      ].join("\n"),
    };
    expect(seen["model requests"]).toMatch(KEY_LINE);
    expect(seen["model requests"]).toContain("logged command:snmp-server community <redacted:");
    expect(seen["database rows"]).toContain("<redacted:");
    expect(seen["CLI output"]).toMatch(/\+ ip ospf message-digest-key 1 md5 7 <redacted:[0-9a-f]{10}>/);
    expect(nocbot.logs().length).toBeGreaterThan(1000);
    for (const [where, text] of Object.entries(seen))
      for (const secret of secrets) expect(text, `${secret} reached the ${where}`).not.toContain(secret);
  });
});
