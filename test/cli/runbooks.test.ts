// nocbot runbooks list | show | check | match, for runbook authors, and the matches a run records.
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliOnFreshDb } from "../helpers/cli.js";
import { FRONTMATTER, runbookDir, runbookText } from "../helpers/runbooks.js";

const { dir, run } = cliOnFreshDb("runbooks");

describe("nocbot runbooks", () => {
  it("lists the runbooks as [{ id, title, path }], the team's beside the shipped ones", async () => {
    const team = runbookDir({ "t.md": runbookText(FRONTMATTER) });
    const { code, stdout } = await run(["runbooks", "list", "--json"], { NOC_RUNBOOK_DIRS: team });
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, string>>;
    expect(rows).toContainEqual({
      id: "wan-link-down",
      title: "WAN link down, traffic on the backup path",
      path: "runbooks/wan-link-down.md",
    });
    expect(rows).toContainEqual({ id: "test-link", title: "Test link down", path: join(team, "t.md") });
    for (const row of rows) expect(Object.keys(row)).toEqual(["id", "title", "path"]);
  });

  it("shows one runbook, and says which ids exist when it is not one", async () => {
    const shown = await run(["runbooks", "show", "ospf-adjacency"]);
    expect(shown.stdout).toContain("ospf-adjacency: OSPF adjacency stuck or lost");
    expect(shown.stdout).toMatch(/\n1\. \[diagnosis\] .*\(answered by STATE-OSPF-STUCK, STATE-OSPF-LOST\)/);
    const json = JSON.parse((await run(["runbooks", "show", "ospf-adjacency", "--json"])).stdout);
    expect(json).toMatchObject({ id: "ospf-adjacency", owner: "network-core", checks: expect.any(Array) });
    const missing = await run(["runbooks", "show", "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no runbook 'nope'; runbooks: bgp-session, ");
  });

  it("checks a directory: problems with their lines, exit 1 on an error, 0 on warnings only", async () => {
    const bad = runbookDir({
      "bad.md": runbookText(FRONTMATTER.replace("[link-down]", "[link-dwon]")),
      "old.md": runbookText(
        FRONTMATTER.replace("id: test-link", "id: old-one").replace("2026-10-01", "2024-01-01"),
      ),
    });
    const checked = await run(["runbooks", "check", bad]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/bad\.md:8: error: match\.root_causes\[0\]: Invalid option/);
    expect(checked.stdout).toMatch(/old\.md: warning: last reviewed 2024-01-01/);
    expect(checked.stdout).toMatch(/1 runbook ok in .*; 1 error, 1 warning$/);
    const json = JSON.parse((await run(["runbooks", "check", bad, "--json"])).stdout);
    expect(json.runbooks).toEqual(["old-one"]);
    expect(json.problems[0]).toMatchObject({
      file: expect.stringMatching(/bad\.md$/),
      line: 8,
      severity: "error",
    });
    const good = runbookDir({ "old.md": runbookText(FRONTMATTER.replace("2026-10-01", "2024-01-01")) });
    expect((await run(["runbooks", "check", good])).code).toBe(0);
    expect((await run(["runbooks", "check"])).stdout).toMatch(/^7 runbooks ok in .*; 0 errors, 0 warnings$/m);
  });

  it("matches text, a lab scenario's ranking and an alert, best first with the reasons", async () => {
    const text = JSON.parse(
      (await run(["runbooks", "match", "ospf neighbor stuck in exstart", "--json"])).stdout,
    );
    expect(text[0]).toEqual({
      id: "ospf-adjacency",
      score: 3,
      reasons: ["keywords 'ospf', 'exstart', 'neighbor'"],
    });
    const lab = JSON.parse(
      (
        await run([
          "runbooks",
          "match",
          "users get no address",
          "--scenario",
          "dhcp-helper-removed",
          "--json",
        ])
      ).stdout,
    );
    expect(lab[0]).toMatchObject({
      id: "dhcp-dns-services",
      reasons: expect.arrayContaining([expect.stringMatching(/^root cause dhcp-relay-missing on br-rtr1/)]),
    });
    const alert = JSON.parse(
      (await run(["runbooks", "match", "--alert", "BgpPeerDown", "--label", "severity=critical", "--json"]))
        .stdout,
    );
    expect(alert).toEqual([{ id: "bgp-session", score: 4, reasons: ["alert BgpPeerDown matches '*Bgp*'"] }]);
    expect((await run(["runbooks", "match", "zzz"])).stdout).toBe("No runbook matches.");
    expect((await run(["runbooks", "match"])).code).toBe(2);
    expect((await run(["runbooks", "match", "x", "--label", "novalue"])).stderr).toContain(
      "--label expects NAME=VALUE",
    );
    expect((await run(["runbooks", "frob"])).code).toBe(2);
  });

  it("records the matches on the run", async () => {
    const investigated = await run([
      "investigate",
      "branch latency",
      "--scenario",
      "wan-primary-down",
      "--json",
    ]);
    expect(investigated.code).toBe(0);
    const shown = JSON.parse((await run(["incidents", "show", "INC-1", "--json"])).stdout);
    expect(shown.runs[0].runbooks).toEqual([
      {
        id: "wan-link-down",
        score: expect.any(Number),
        reasons: expect.arrayContaining(["keyword 'latency'"]),
      },
    ]);
    expect(JSON.parse(investigated.stdout).runbooks).toEqual([
      expect.objectContaining({
        id: "wan-link-down",
        checks: expect.arrayContaining([expect.objectContaining({ n: 1, status: "done", by: "analyzers" })]),
      }),
    ]);
  });

  it("drafts a runbook from an incident with a verdict, for a person to review: valid, and never matched", async () => {
    const draftDir = mkdtempSync(join(dir, "drafts-"));
    const out = join(draftDir, "draft.md");
    const drafted = await run(["runbooks", "draft", "INC-1", "--out", out]);
    expect(drafted.code).toBe(0);
    expect(drafted.stdout).toContain("not in use until a person reviews it and removes 'draft: true'");
    const text = readFileSync(out, "utf8");
    expect(text).toContain("id: draft-link-down-inc-1");
    expect(text).toContain("draft: true");
    expect(text).toMatch(/## Checks\n1\. \[diagnosis\] .*\(evidence: STATE-IF-DOWN\)/);
    expect(text).toContain(" no shutdown");
    const checked = await run(["runbooks", "check", draftDir, "--json"]);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toEqual({ runbooks: ["draft-link-down-inc-1"], problems: [] });
    const matches = JSON.parse(
      (
        await run(["runbooks", "match", "branch latency", "--scenario", "wan-primary-down", "--json"], {
          NOC_RUNBOOK_DIRS: draftDir,
        })
      ).stdout,
    ) as Array<{ id: string }>;
    expect(matches.map((m) => m.id)).not.toContain("draft-link-down-inc-1");
    const again = await run(["runbooks", "draft", "INC-1", "--out", out]);
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("the draft is never written over a file"),
    });
  });

  it("refuses to draft from an incident without a verdict naming a cause", async () => {
    await run(["investigate", "health check", "--scenario", "baseline-healthy"]);
    const drafted = await run(["runbooks", "draft", "INC-2"]);
    expect(drafted).toMatchObject({
      code: 1,
      stderr: "nocbot: INC-2 has no verdict naming a root cause and a device to draft a runbook from",
    });
    expect((await run(["runbooks", "draft", "INC-99"])).code).toBe(1);
  });
});
