// The commands that print device configs without a network behind them (lint-config on files, lab show on
// a scenario's fault) print their secrets as tokens too.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { mergeConfig } from "../../src/network/ios/merge.js";
import { SECRET_FORMS } from "../fixtures/secret-forms.js";
import { captureIo } from "../helpers/io.js";
import { defaultLab } from "../helpers/lab.js";

const dir = mkdtempSync(join(tmpdir(), "nocbot-cli-secrets-"));

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io, { NOC_DB_PATH: join(dir, "nocbot.db") });
  return { code, out: io.stdout() + io.stderr() };
}

describe("commands that print configs", () => {
  it("lint-config reports findings on a config with every secret form without printing one", async () => {
    const config = mergeConfig(
      defaultLab().devices["dc-core1"]?.config ?? "",
      SECRET_FORMS.flatMap((f) => f.config.split("\n")),
    );
    const file = join(dir, "dc-core1.cfg");
    writeFileSync(file, config);
    for (const args of [[file, "--json"], [file]]) {
      const { code, out } = await run("lint-config", ...args);
      expect(code).toBe(0);
      expect(out).toContain("SEC-");
      for (const secret of SECRET_FORMS.flatMap((f) => f.secrets)) expect(out, secret).not.toContain(secret);
    }
  });

  it("lab show prints a fault's config lines with their secrets as tokens", async () => {
    for (const args of [["--json"], []]) {
      const { code, out } = await run("lab", "show", "ospf-auth-mismatch", ...args);
      expect(code).toBe(0);
      expect(out).toMatch(/ip ospf message-digest-key 2 md5 7 <redacted:[0-9a-f]{10}>/);
      expect(out).not.toContain("104D000A061843595F");
    }
  });
});
