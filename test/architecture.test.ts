// The layer rules of DESIGN.md, checked on the import graph: a violation fails here, not in review. Every
// rule first checks that it has something to inspect: a rule over a folder that imports nothing, or that
// guards a folder that no longer exists, would pass whatever the code did.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../src/paths.js";

const SRC = join(PACKAGE_ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

// Static imports and re-exports (`from "./x.js"`), side-effect imports and dynamic `import("./x.js")`.
const IMPORT = /(?:from\s+|import\s*\(?\s*)"(\.[^"]+)"/g;

const imports = sourceFiles(SRC).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => ({
    from: relative(SRC, file),
    to: relative(SRC, resolve(dirname(file), (m[1] as string).replace(/\.js$/, ".ts"))),
  })),
);

/** The imports of one layer that reach a forbidden one; fails if the rule would have nothing to inspect. */
function violations(fromPrefix: string, forbidden: string[]): string[] {
  const inspected = imports.filter((i) => i.from.startsWith(fromPrefix));
  expect(inspected.length, `${fromPrefix} imports nothing: the rule guards nothing`).toBeGreaterThan(0);
  for (const target of forbidden)
    expect(existsSync(join(SRC, target)), `${target} does not exist: the rule guards nothing`).toBe(true);
  return inspected
    .filter((i) => forbidden.some((f) => i.to.startsWith(f)))
    .map((i) => `${i.from} -> ${i.to}`);
}

describe("layering", () => {
  it("finds the imports it checks, dynamic ones included", () => {
    expect(imports.length).toBeGreaterThan(50);
    expect(imports.filter((i) => !existsSync(join(SRC, i.to)))).toEqual([]);
    expect([...'await import("./lazy.js")'.matchAll(IMPORT)].map((m) => m[1])).toEqual(["./lazy.js"]);
    expect([...'import "./side-effect.js";'.matchAll(IMPORT)].map((m) => m[1])).toEqual(["./side-effect.js"]);
  });

  it("a rule with nothing to inspect fails instead of passing", () => {
    expect(() => violations("no-such-layer/", ["store/"])).toThrow(/imports nothing/);
    expect(() => violations("network/", ["no-such-layer/"])).toThrow(/does not exist/);
  });

  it("analyzers never see the lab: they know the network only through NetworkSource", () => {
    expect(violations("analyzers/", ["network/lab/", "cli/"])).toEqual([]);
  });

  it("the network layer imports nothing above it: no analyzer, store, model or CLI", () => {
    expect(violations("network/", ["analyzers/", "store/", "llm/", "cli/"])).toEqual([]);
  });

  it("the model gateway knows nothing of the agents or the supervisor that use it", () => {
    expect(violations("llm/", ["agents/", "supervisor/"])).toEqual([]);
  });

  it("runbooks know the network's closed sets, nothing above: names they check come in as a vocabulary", () => {
    expect(
      violations("runbooks/", [
        "agents/",
        "supervisor/",
        "analyzers/",
        "llm/",
        "store/",
        "runs/",
        "changes/",
        "slack/",
        "cli/",
      ]),
    ).toEqual([]);
  });

  it("only the CLI opens a lab driver", () => {
    const openers = imports
      .filter((i) => i.to === "network/lab/driver.ts" && !i.from.startsWith("network/lab/"))
      .map((i) => i.from);
    expect(openers.length).toBeGreaterThan(0);
    expect(openers.filter((f) => !f.startsWith("cli/"))).toEqual([]);
  });

  it("the engine and the store know nothing of the adapters: Slack, alert intake, the CLI", () => {
    for (const layer of ["supervisor/", "agents/", "llm/", "analyzers/", "store/", "runs/", "changes/"])
      expect(violations(layer, ["slack/", "alerts/", "cli/"]), layer).toEqual([]);
  });

  it("alert intake reaches Slack only through its port, and never the CLI", () => {
    expect(violations("alerts/", ["slack/", "cli/"])).toEqual([]);
  });

  it("every driver a command opens is handed on behind the secrets boundary", () => {
    const drivers = sourceFiles(join(SRC, "network"))
      .filter((file) => /implements NetworkSource\b/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file))
      .filter((file) => !file.startsWith("network/secrets/"));
    expect(drivers).toEqual(expect.arrayContaining(["network/lab/driver.ts"]));
    // A value import of a driver outside network/ must sit beside the wrapper that redacts it.
    const openers = sourceFiles(SRC)
      .filter((file) => !relative(SRC, file).startsWith("network/"))
      .filter((file) => {
        const text = readFileSync(file, "utf8");
        return [...text.matchAll(/import\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)"/g)].some(
          (m) =>
            !m[1] &&
            drivers.includes(relative(SRC, resolve(dirname(file), (m[2] as string).replace(/\.js$/, ".ts")))),
        );
      });
    expect(openers.map((f) => relative(SRC, f))).toEqual(["cli/lab-source.ts"]);
    expect(readFileSync(join(SRC, "cli/lab-source.ts"), "utf8")).toMatch(
      /return new RedactingNetworkSource\(new LabNetworkSource\(/,
    );
  });

  it("only the change workflow changes a device", () => {
    const changers = sourceFiles(SRC)
      .filter((file) => /\.(stage|commit|confirm|rollback)\(/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(changers.length).toBeGreaterThan(0);
    expect(changers.filter((f) => !f.startsWith("changes/") && !f.startsWith("network/"))).toEqual([]);
  });
});
