import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig, renderConfig, walk } from "../../../src/network/ios/parse.js";

describe("parseConfig", () => {
  it("nests by indentation and keeps 1-based line numbers", () => {
    const tree = parseConfig(
      "hostname r1\n!\ninterface Gi0/0\n description up\n ip address 10.0.0.1 255.255.255.0\nrouter bgp 1\n neighbor 1.1.1.1 remote-as 2\nend\n",
    );
    expect(tree.children.map((n) => [n.text, n.line])).toEqual([
      ["hostname r1", 1],
      ["interface Gi0/0", 3],
      ["router bgp 1", 6],
    ]);
    expect(tree.children[1]?.children.map((n) => [n.text, n.line])).toEqual([
      ["description up", 4],
      ["ip address 10.0.0.1 255.255.255.0", 5],
    ]);
  });

  it("handles three levels (policy-map > class > action) and CRLF line ends", () => {
    const tree = parseConfig(
      "policy-map Q\r\n class V\r\n  priority percent 20\r\n class class-default\r\n  fair-queue\r\n",
    );
    const map = tree.children[0];
    expect(map?.children.map((c) => c.text)).toEqual(["class V", "class class-default"]);
    expect(map?.children[0]?.children[0]?.text).toBe("priority percent 20");
  });

  it("keeps banner bodies out of the tree, so they cannot fake config lines", () => {
    const text = "banner motd ^C\nsnmp-server community public RW\n  line vty 0 4\n^C\nhostname r1\n";
    const tree = parseConfig(text);
    expect(tree.children.map((n) => n.text)).toEqual(["banner motd ^C", "hostname r1"]);
    expect(tree.children[1]?.line).toBe(5);
    expect(renderConfig(tree)).toContain("snmp-server community public RW");
  });

  it("accepts single-line banners", () => {
    expect(parseConfig("banner login #Authorised only#\nhostname r1\n").children.map((n) => n.text)).toEqual([
      "banner login #Authorised only#",
      "hostname r1",
    ]);
  });

  it("never throws, and every node is a non-empty line of the input, in order", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 2000 }), (text) => {
        const tree = parseConfig(text);
        const lines = text.split("\n");
        let last = 0;
        for (const node of walk(tree)) {
          expect(node.line).toBeGreaterThan(last);
          expect(node.line).toBeLessThanOrEqual(lines.length);
          expect(node.text.length).toBeGreaterThan(0);
          expect(lines[node.line - 1]?.replace(/\r$/, "").trim()).toBe(node.text);
          last = node.line;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on config-shaped noise, and rendering then parsing is stable", () => {
    const word = fc.stringMatching(/^[a-z0-9./-]{1,8}$/);
    const line = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.array(word, { minLength: 1, maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const text = lines.map(([indent, words]) => `${" ".repeat(indent)}${words.join(" ")}`).join("\n");
        const once = renderConfig(parseConfig(text));
        expect(renderConfig(parseConfig(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("parses a 10 MB config in one pass (node count equals config line count)", () => {
    const block = "interface GigabitEthernet0/1\n description x\n ip address 10.0.0.1 255.255.255.0\n!\n";
    const text = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length));
    const tree = parseConfig(text);
    expect(tree.children.length).toBe(text.length / block.length);
    expect(tree.lineCount).toBe(text.split("\n").length);
  });

  it("flattens absurdly deep indentation, so walking a hostile config cannot overflow the stack", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `${" ".repeat(i % 5000)}x ${i}`).join("\n");
    const tree = parseConfig(text);
    const depth = (nodes: typeof tree.children): number =>
      nodes.reduce((max, n) => Math.max(max, 1 + depth(n.children)), 0);
    expect(depth(tree.children)).toBeLessThanOrEqual(32);
    expect([...walk(tree)]).toHaveLength(20_000);
  });
});
