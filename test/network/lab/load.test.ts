import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labJsonSchema } from "../../../src/network/lab/json-schema.js";
import { LabLoadError, loadLabFile, MAX_LAB_BYTES, parseLab } from "../../../src/network/lab/load.js";
import { DEFAULT_LAB_FILE, PACKAGE_ROOT } from "../../../src/paths.js";

const defaultText = readFileSync(DEFAULT_LAB_FILE, "utf8");

function problemsOf(text: string) {
  try {
    parseLab(text, "lab.yaml");
  } catch (error) {
    if (error instanceof LabLoadError) return error;
    throw error;
  }
  throw new Error("expected the lab to be rejected");
}

const lineOf = (needle: string, text = defaultText) =>
  text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("lab loading", () => {
  it("loads the embedded lab: a branch, WAN primary and backup, datacenter and internet edge", () => {
    const lab = loadLabFile(DEFAULT_LAB_FILE);
    expect(Object.keys(lab.devices).length).toBeGreaterThanOrEqual(6);
    const sites = new Set(Object.values(lab.devices).map((d) => d.site));
    expect(sites).toEqual(new Set(["branch-01", "dc-01", "edge-01"]));
    expect(lab.links.map((l) => l.id)).toEqual(expect.arrayContaining(["wan-primary", "wan-backup"]));
  });

  it("reports malformed YAML with its line", () => {
    const error = problemsOf("nocbot_lab: 1\nname: x\ndevices: {\n  a: [\n");
    expect(error.message).toMatch(/^lab\.yaml:\d+:\d+: /);
  });

  it("refuses a lab of another format version with a clear message", () => {
    const error = problemsOf(defaultText.replace("nocbot_lab: 1", "nocbot_lab: 2"));
    expect(error.message).toContain("lab format version 2 is not supported; this nocbot reads version 1");
    expect(error.problems[0]?.line).toBe(lineOf("nocbot_lab:"));
  });

  it("refuses a file that is not a lab at all", () => {
    expect(problemsOf("just: text\n").message).toContain("not a nocbot lab file");
    expect(problemsOf("- a\n- b\n").message).toContain("not a nocbot lab file");
  });

  it("points a schema error at the offending line and path", () => {
    const bad = defaultText.replace("label: link-down", "label: cosmic-rays");
    const error = problemsOf(bad);
    expect(error.problems[0]?.path).toBe("scenarios[0].truth.label");
    expect(error.problems[0]?.line).toBe(lineOf("label: cosmic-rays", bad));
  });

  it("points a dangling reference (unknown device or interface) at its line", () => {
    const bad = defaultText.replace(
      "b: dc-wan1 GigabitEthernet0/1, rtt_ms: 12",
      "b: dc-wan9 GigabitEthernet0/1, rtt_ms: 12",
    );
    const error = problemsOf(bad);
    expect(error.problems).toContainEqual(
      expect.objectContaining({
        path: "links[0].b",
        message: "unknown device 'dc-wan9'",
        line: lineOf("dc-wan9", bad),
      }),
    );
    const badIface = defaultText.replace(
      "truth: { label: link-down, device: br-rtr1, interface: GigabitEthernet0/0 }",
      "truth: { label: link-down, device: br-rtr1, interface: GigabitEthernet9/9 }",
    );
    expect(problemsOf(badIface).message).toContain(
      "device 'br-rtr1' has no interface 'GigabitEthernet9/9' in its config",
    );
  });

  it("rejects duplicate scenario ids and a fault scenario without a fix condition", () => {
    const dup = defaultText.replace("id: wan-saturated-no-qos", "id: wan-primary-down");
    expect(problemsOf(dup).message).toContain("duplicate scenario id 'wan-primary-down'");
    const noFix = defaultText.replace(
      / {4}fixed_when:\n {6}- \{ device: br-rtr1, section: interface GigabitEthernet0\/0, lacks: \["\^shutdown\$"\] \}\n/,
      "",
    );
    expect(problemsOf(noFix).message).toContain("a fault scenario needs a fix condition");
  });

  it("refuses binary and oversized files without reading them as YAML", () => {
    const dir = mkdtempSync(join(tmpdir(), "nocbot-lab-"));
    const binary = join(dir, "binary.yaml");
    writeFileSync(binary, Buffer.from([0x6e, 0x00, 0xff, 0x10]));
    expect(() => loadLabFile(binary)).toThrow(/binary content/);
    const huge = join(dir, "huge.yaml");
    writeFileSync(huge, Buffer.alloc(MAX_LAB_BYTES + 1, 0x61));
    expect(() => loadLabFile(huge)).toThrow(/over|limit/);
    expect(() => loadLabFile(join(dir, "missing.yaml"))).toThrow(/the lab file does not exist/);
  });

  it("ships a JSON Schema that matches the zod schema", () => {
    const shipped = JSON.parse(readFileSync(join(PACKAGE_ROOT, "lab", "lab.schema.json"), "utf8"));
    expect(shipped).toEqual(labJsonSchema());
  });
});
