// Deterministic matching: every point has a reason, alert names and labels, ranked root causes weighted by
// confidence, devices and keywords; and over every lab scenario a shipped runbook covers, the symptom and
// the rules-only ranking put a runbook for the true root cause first.
import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "../../src/analyzers/analyze.js";
import { MIN_SCORE, matchRunbooks, POINTS, scoreRunbook } from "../../src/runbooks/match.js";
import { parseRunbook } from "../../src/runbooks/parse.js";
import type { Runbook } from "../../src/runbooks/schema.js";
import { defaultLab, labIn } from "../helpers/lab.js";
import { FRONTMATTER, NOW, runbookText, shippedRunbooks } from "../helpers/runbooks.js";

const runbook = (frontmatter = FRONTMATTER): Runbook => {
  const parsed = parseRunbook(runbookText(frontmatter), "t.md").runbook;
  if (!parsed) throw new Error("did not parse");
  return parsed;
};

describe("scoring a runbook", () => {
  const rb = runbook();

  it("gives points for the alert name and for labels only when every selector matches", () => {
    expect(
      scoreRunbook(rb, { text: "", alert: { name: "linkdown-wan", labels: { severity: "critical" } } }),
    ).toEqual({
      id: "test-link",
      score: POINTS.alert + POINTS.label,
      reasons: ["alert linkdown-wan matches 'LinkDown*'", "labels severity=critical"],
    });
    expect(
      scoreRunbook(rb, { text: "", alert: { name: "Other", labels: { severity: "warning" } } }).score,
    ).toBe(0);
  });

  it("weighs a ranked root cause by its confidence, and counts the device it is on", () => {
    const match = scoreRunbook(rb, {
      text: "",
      candidates: [
        { label: "congestion-no-qos", device: "x", interface: null, confidence: 0.9 },
        { label: "link-down", device: "br-rtr1", interface: "Gi0/0", confidence: 0.6 },
      ],
    });
    expect(match.score).toBe(POINTS.rootCause * 0.6 + POINTS.device);
    expect(match.reasons).toEqual([
      "root cause link-down on br-rtr1 Gi0/0 (confidence 0.60)",
      "device br-rtr1 matches 'br-*'",
    ]);
  });

  it("matches keywords as words, case aside, and caps what keywords alone can give", () => {
    expect(scoreRunbook(rb, { text: "Branch LATENCY since the link flapped" }).reasons).toEqual([
      "keywords 'latency', 'link'",
    ]);
    expect(scoreRunbook(rb, { text: "unlinked" }).score).toBe(0);
    const many = runbook(FRONTMATTER.replace("[latency, link]", "[a1, b2, c3, d4, e5]"));
    expect(scoreRunbook(many, { text: "a1 b2 c3 d4 e5" }).score).toBe(3 * POINTS.keyword);
  });

  it("ranks best first, ties by id, drops weak matches and never matches a draft", () => {
    const other = runbook(FRONTMATTER.replace("id: test-link", "id: another-link"));
    const draft = runbook(`${FRONTMATTER.replace("id: test-link", "id: draft-link")}\ndraft: true`);
    const input = { text: "latency on the link" };
    expect(matchRunbooks([rb, other, draft], input).map((m) => m.id)).toEqual(["another-link", "test-link"]);
    expect(matchRunbooks([rb], { text: "latency" })).toEqual([]);
    expect(MIN_SCORE).toBeGreaterThan(POINTS.keyword);
  });
});

describe("the shipped runbooks over the lab", () => {
  const library = shippedRunbooks();
  const covered = defaultLab().scenarios.filter(
    (s) => s.truth && library.usable.some((r) => r.match.root_causes.includes(s.truth?.label as never)),
  );

  it("cover most of the lab's faults", () => {
    expect(covered.length).toBeGreaterThanOrEqual(10);
  });

  it.each(covered.map((s) => [s.id, s] as const))(
    "%s: the symptom and the rules-only ranking put a runbook for the true cause first",
    async (_id, scenario) => {
      const { network } = labIn(scenario.id);
      const analysis = await analyzeNetwork(network, NOW);
      const [top] = matchRunbooks(library.usable, {
        text: scenario.symptom,
        candidates: analysis.candidates,
      });
      expect(top, "no runbook matched").toBeDefined();
      expect(library.get(top?.id ?? "")?.match.root_causes).toContain(scenario.truth?.label);
    },
  );

  it("a healthy control matches nothing on its ranking alone", async () => {
    const { network } = labIn("baseline-healthy");
    const analysis = await analyzeNetwork(network, NOW);
    expect(matchRunbooks(library.usable, { text: "", candidates: analysis.candidates })).toEqual([]);
  });
});
