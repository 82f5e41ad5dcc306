// Loading runbooks: the shipped ones stay valid, a team's directory overrides them by id, and one bad file
// is left out (and named) without stopping the others.
import { describe, expect, it } from "vitest";
import { openRunbooks } from "../../src/cli/runbooks.js";
import { ROOT_CAUSE_LABELS } from "../../src/network/root-causes.js";
import { describeRunbookProblem, SHIPPED_RUNBOOKS_DIR } from "../../src/runbooks/library.js";
import { FRONTMATTER, NOW, runbookDir, runbookText, shippedRunbooks } from "../helpers/runbooks.js";

describe("the runbook library", () => {
  it("ships runbooks that load without a single problem, each naming real root causes", () => {
    const { library, problems } = openRunbooks([SHIPPED_RUNBOOKS_DIR], NOW);
    expect(problems.map(describeRunbookProblem)).toEqual([]);
    expect(library.all.length).toBeGreaterThanOrEqual(5);
    for (const runbook of library.all) {
      expect(runbook.draft).toBe(false);
      expect(runbook.checks.length).toBeGreaterThan(0);
      for (const label of runbook.match.root_causes) expect(ROOT_CAUSE_LABELS).toContain(label);
    }
  });

  it("lets a team's directory override a shipped runbook by id, and says so", () => {
    const team = runbookDir({
      "wan.md": runbookText(FRONTMATTER.replace("id: test-link", "id: wan-link-down")),
    });
    const { library, problems } = openRunbooks([SHIPPED_RUNBOOKS_DIR, team], NOW);
    expect(library.get("wan-link-down")?.owner).toBe("test-team");
    expect(problems.map(describeRunbookProblem)).toEqual([
      expect.stringMatching(
        /wan\.md: warning: overrides the runbook 'wan-link-down' in runbooks\/wan-link-down\.md$/,
      ),
    ]);
  });

  it("leaves out a bad file and a duplicate, loads the rest, and reads subdirectories", () => {
    const dir = runbookDir({
      "a.md": runbookText(FRONTMATTER),
      "b.md": runbookText(FRONTMATTER),
      "nested/c.md": runbookText(FRONTMATTER.replace("id: test-link", "id: nested-one")),
      "broken.md": "no frontmatter here",
      "README.md": "# How we write runbooks",
      "notes.txt": "not a runbook",
    });
    const { library, problems } = openRunbooks([dir, `${dir}/missing`], NOW);
    expect(library.all.map((r) => r.id)).toEqual(["nested-one", "test-link"]);
    const lines = problems.map(describeRunbookProblem);
    expect(lines).toEqual([
      expect.stringMatching(/b\.md: error: id 'test-link' is used twice in .*; this copy is left out$/),
      expect.stringMatching(/broken\.md:1: error: no frontmatter/),
      expect.stringMatching(/missing: error: cannot read the runbook directory/),
    ]);
  });

  it("keeps drafts out of use until a person enables them", () => {
    const dir = runbookDir({ "d.md": runbookText(`${FRONTMATTER}\ndraft: true`) });
    const { library } = openRunbooks([dir], NOW);
    expect(library.all.map((r) => r.id)).toEqual(["test-link"]);
    expect(library.usable).toEqual([]);
  });

  it("refuses an oversized or binary file with one line each", () => {
    const dir = runbookDir({ "big.md": runbookText(FRONTMATTER, `## Goal\n${"x".repeat(70_000)}\n`) });
    expect(openRunbooks([dir], NOW).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^the file is \d+ bytes; the limit is 65536$/),
    ]);
    expect(shippedRunbooks().get("wan-link-down")).toBeDefined();
  });
});
