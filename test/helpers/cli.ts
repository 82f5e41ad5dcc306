// The CLI as a test runs it: main() with captured output, on a fresh database in a temporary folder.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { captureIo } from "./io.js";

export function cliOnFreshDb(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `nocbot-cli-${name}-`));
  const env = { NOC_DB_PATH: join(dir, "nocbot.db") };
  const run = async (argv: string[], extra: Record<string, string> = {}) => {
    const io = captureIo();
    const code = await main(argv, io, { ...env, ...extra });
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  };
  return { dir, env, run };
}
