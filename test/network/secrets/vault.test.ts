// The secrets grammar and the vault: every IOS secret form becomes a token, nothing else changes, equal
// secrets get equal tokens, and a token goes back to its secret only where a secret of its kind goes.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintConfigs } from "../../../src/analyzers/rules/catalogue.js";
import { mergeConfig } from "../../../src/network/ios/merge.js";
import { maskPlacedTokens, SecretVault } from "../../../src/network/secrets/vault.js";
import { NetworkError } from "../../../src/network/source.js";
import { PACKAGE_ROOT } from "../../../src/paths.js";
import { NO_SECRETS, SECRET_FORMS } from "../../fixtures/secret-forms.js";

const TOKEN = /<redacted:[0-9a-f]{10}>/g;
const key = (byte: number) => new Uint8Array(32).fill(byte);

describe("redacting a config by its grammar", () => {
  for (const form of SECRET_FORMS) {
    it(`hides ${form.form}`, () => {
      const redacted = SecretVault.ephemeral().redactConfig(form.config);
      for (const secret of form.secrets) expect(redacted, secret).not.toContain(secret);
      for (const kept of form.keeps ?? []) expect(redacted).toContain(kept);
      expect(redacted.split("\n")).toHaveLength(form.config.split("\n").length);
      if (form.secrets.length > 0) expect(redacted).toMatch(TOKEN);
    });
  }

  it("leaves lines with secret-sounding words but no secret exactly as they are", () => {
    const vault = SecretVault.ephemeral();
    // Learn secrets that look like those words first: they must still not be replaced inside other words.
    vault.redactConfig("snmp-server community secure RO\nenable password cisco\ntacacs-server key 1234");
    const text = NO_SECRETS.join("\n");
    expect(vault.redactConfig(text)).toBe(text);
  });

  it("keeps banner bodies and comments as written", () => {
    const text = "banner motd ^C\nthe password is on the wiki\n^C\n! secret 5 is the old hash";
    expect(SecretVault.ephemeral().redactConfig(text)).toBe(text);
  });

  it("gives equal secrets equal tokens on every device and line, and different secrets different ones", () => {
    const vault = new SecretVault(key(1));
    const a = vault.redactConfig("interface Gi0/1\n ip ospf message-digest-key 1 md5 7 0822455D0A16544541");
    const b = vault.redactConfig("interface Gi0/2\n ip ospf message-digest-key 1 md5 7 0822455D0A16544541");
    const c = vault.redactConfig("interface Gi0/3\n ip ospf message-digest-key 1 md5 7 104D000A061843595F");
    const token = (text: string) => text.match(TOKEN)?.[0];
    expect(token(a)).toBeDefined();
    expect(token(a)).toBe(token(b));
    expect(token(c)).not.toBe(token(a));
  });

  it("makes the same tokens under the same key in a new process, and others under another key", () => {
    const line = "tacacs-server key T4c4cs-Gl0bal";
    expect(new SecretVault(key(1)).redactConfig(line)).toBe(new SecretVault(key(1)).redactConfig(line));
    expect(new SecretVault(key(1)).redactConfig(line)).not.toBe(new SecretVault(key(2)).redactConfig(line));
  });

  it("redacts a diff by the same grammar, even in a hunk that starts inside a section", () => {
    const vault = SecretVault.ephemeral();
    const diff = [
      "--- r1 running",
      "+++ r1 candidate",
      "@@ -10,4 +10,4 @@",
      "  address ipv4 10.20.10.49",
      "- key 7 1511021F0725252C3A",
      "+ key N3w-T4cacs-K3y",
      " !",
      "@@ -20,2 +20,2 @@",
      "-snmp-server community Old-C0mmunity RO",
      "+snmp-server community Old-C0mmunity RO 99",
    ].join("\n");
    const redacted = vault.redactDiff(diff);
    for (const secret of ["1511021F0725252C3A", "N3w-T4cacs-K3y", "Old-C0mmunity"])
      expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/^- key 7 <redacted:[0-9a-f]{10}>$/m);
    expect(redacted).toMatch(/^\+ key <redacted:[0-9a-f]{10}>$/m);
    expect(redacted).toMatch(/^\+snmp-server community <redacted:[0-9a-f]{10}> RO 99$/m);
    expect(redacted).toContain(
      "--- r1 running\n+++ r1 candidate\n@@ -10,4 +10,4 @@\n  address ipv4 10.20.10.49",
    );
  });

  it("replaces a known secret anywhere in free text, but never a short or common one", () => {
    const vault = SecretVault.ephemeral();
    vault.redactConfig(
      "snmp-server community Cm7-R34d0nly RO\nenable password cisco\nusername u password 0 abc",
    );
    const text = "trap from Cm7-R34d0nly (password:Cm7-R34d0nly]); user cisco at cisco.com; abc";
    const redacted = vault.redact(text);
    expect(redacted).not.toContain("Cm7-R34d0nly");
    expect(redacted).toContain("user cisco at cisco.com; abc");
  });
});

describe("putting tokens back when staging", () => {
  const vault = new SecretVault(key(3));
  const redacted = vault.redactConfig(
    [
      "interface Gi0/1",
      " ip ospf message-digest-key 1 md5 7 0822455D0A16544541",
      "snmp-server community Cm7-R34d0nly RO",
      "crypto pki certificate chain TP",
      " certificate 01",
      "  3082022B 30820194 A0030201 02020101",
      "  quit",
    ].join("\n"),
  );
  const [ospfKey, community, certificate] = redacted.match(TOKEN) ?? [];

  it("resolves a token only where a secret of its kind goes", () => {
    expect(vault.resolve(["interface Gi0/2", ` ip ospf message-digest-key 1 md5 7 ${ospfKey}`])).toEqual({
      ok: true,
      lines: ["interface Gi0/2", " ip ospf message-digest-key 1 md5 7 0822455D0A16544541"],
    });
    expect(vault.resolve([`snmp-server community ${community} RO 99`])).toEqual({
      ok: true,
      lines: ["snmp-server community Cm7-R34d0nly RO 99"],
    });
  });

  it("refuses a token outside a secret position, in another kind of secret, or as part of one", () => {
    const refused = (lines: string[]) => {
      try {
        vault.resolve(lines);
      } catch (error) {
        expect(error).toBeInstanceOf(NetworkError);
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    expect(refused(["interface Gi0/1", ` description ${ospfKey}`])).toContain(
      "can only be used where one goes",
    );
    expect(refused([`hostname ${ospfKey}`])).toContain("can only be used where one goes");
    expect(refused([`snmp-server community ${ospfKey} RO`])).toContain("cannot stand as an SNMP community");
    expect(refused([`enable secret 0 ${community}`])).toContain("is an SNMP community");
    expect(refused([`tacacs-server key ${ospfKey} and more`])).toContain("alone");
    expect(
      refused(["crypto pki certificate chain TP", " certificate 02", `  ${certificate}`, "  quit"]),
    ).toContain("can only be used where one goes");
  });

  it("names the tokens it has never seen instead of guessing", () => {
    expect(vault.resolve(["tacacs-server key <redacted:0000000000>"])).toEqual({
      ok: false,
      unknown: ["<redacted:0000000000>"],
    });
  });

  it("masks for the change check exactly the tokens that sit where a secret goes", () => {
    expect(
      maskPlacedTokens([
        "interface Gi0/1",
        ` ip ospf message-digest-key 1 md5 7 ${ospfKey}`,
        ` description ${ospfKey}`,
        `logging host ${ospfKey}`,
      ]),
    ).toEqual([
      "interface Gi0/1",
      " ip ospf message-digest-key 1 md5 7 SECRET",
      ` description ${ospfKey}`,
      `logging host ${ospfKey}`,
    ]);
  });
});

// Real configs from public repositories (see /work/shared/real-configs/MANIFEST.md).
const REAL = join(PACKAGE_ROOT, "..", "shared", "real-configs");
const SECRET_WORD =
  /password|secret|\bkey\b|key-string|server-key|pre-shared-key|authentication|community|snmp-server (host|user)|:\/\/[^\s/:@]+:|^[0-9A-Fa-f\s]+$/i;

describe.skipIf(!existsSync(REAL))("redacting real configurations", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "LICENSES" || name === "nonios" ? [] : files(path);
      return /\.(md|tsv)$/.test(name) ? [] : [path];
    });

  it("changes only lines that carry a secret keyword (or a key body), keeps every line, and lints the same", () => {
    const all = files(REAL);
    expect(all.length).toBeGreaterThan(50);
    let changedLines = 0;
    for (const file of all) {
      const text = readFileSync(file, "utf8");
      const redacted = SecretVault.ephemeral().redactConfig(text);
      const before = text.split("\n");
      const after = redacted.split("\n");
      expect(after, file).toHaveLength(before.length);
      before.forEach((line, i) => {
        if (line === after[i]) return;
        changedLines += 1;
        expect(line.trim(), `${file}:${i + 1}`).toMatch(SECRET_WORD);
        expect(after[i], `${file}:${i + 1}`).toMatch(TOKEN);
      });
      const rules = (config: string) =>
        lintConfigs([{ device: "r", config }]).map((f) => `${f.rule}@${f.line}`);
      expect(rules(redacted), file).toEqual(rules(text));
    }
    expect(changedLines).toBeGreaterThan(50);
  });

  it("hides the secrets these configs are known to hold", () => {
    const text = files(REAL)
      .map((f) => SecretVault.ephemeral().redactConfig(readFileSync(f, "utf8")))
      .join("\n");
    for (const secret of [
      "FnPi1E827cWJr.qGRhjwY85j2zeVdq6T",
      "FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB",
      "KKKKAAA",
      "0023353555485A15240155",
      "0123456789ABCDEF01234567",
      "$9$nhBWmvxM6XeMCN$vYfllPcxWdI6PCN1Mx59JmAr2k7siY3dIGknQpPVRu.",
      "dummyprivacypassword",
      "dummycommunity",
      "012345678901234567890123456789012345678",
    ])
      expect(text, secret).not.toContain(secret);
  });
});

describe("the lab's configs with every secret form merged in", () => {
  it("keep every analyzer finding when redacted", () => {
    const config = mergeConfig(
      readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "legacy-router.cfg"), "utf8"),
      SECRET_FORMS.flatMap((f) => f.config.split("\n")),
    );
    const rules = (text: string) =>
      lintConfigs([{ device: "r", config: text }]).map((f) => `${f.rule}@${f.line}`);
    expect(rules(SecretVault.ephemeral().redactConfig(config))).toEqual(rules(config));
  });
});
