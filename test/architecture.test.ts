// The layer rules of DESIGN.md, checked on the import graph: a violation fails here, not in review.
import { readdirSync, readFileSync } from "node:fs";
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

const imports = sourceFiles(SRC).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)].map((m) => ({
    from: relative(SRC, file),
    to: relative(SRC, resolve(dirname(file), (m[1] as string).replace(/\.js$/, ".ts"))),
  })),
);

const violations = (fromPrefix: string, forbidden: string[]) =>
  imports
    .filter((i) => i.from.startsWith(fromPrefix) && forbidden.some((f) => i.to.startsWith(f)))
    .map((i) => `${i.from} -> ${i.to}`);

describe("layering", () => {
  it("finds the imports it checks", () => {
    expect(imports.length).toBeGreaterThan(50);
  });

  it("analyzers never see the lab: they know the network only through NetworkSource", () => {
    expect(violations("analyzers/", ["network/lab/", "cli/"])).toEqual([]);
  });

  it("the network layer imports nothing above it", () => {
    expect(violations("network/", ["analyzers/", "cli/"])).toEqual([]);
  });

  it("only the CLI opens a lab driver", () => {
    const openers = imports
      .filter((i) => i.to === "network/lab/driver.ts" && !i.from.startsWith("network/lab/"))
      .map((i) => i.from);
    expect(openers.every((f) => f.startsWith("cli/"))).toBe(true);
  });

  it("the engine and the store know nothing of Slack or the CLI", () => {
    for (const layer of ["supervisor/", "agents/", "llm/", "analyzers/", "store/", "runs/", "changes/"])
      expect(violations(layer, ["slack/", "cli/"]), layer).toEqual([]);
  });

  it("only the change workflow changes a device", () => {
    const changers = sourceFiles(SRC)
      .filter((file) => /\.(stage|commit|confirm|rollback)\(/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(changers.length).toBeGreaterThan(0);
    expect(changers.filter((f) => !f.startsWith("changes/") && !f.startsWith("network/"))).toEqual([]);
  });
});
