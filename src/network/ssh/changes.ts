// The change workflow the IOS way. Stage keeps the candidate lines here and shows the diff against the
// device's running config; commit reads the running config again (the diff is what will change), enters
// `configure terminal revert timer N`, sends the lines, checks the device took each one, and leaves the
// change waiting for `configure confirm` (then `write memory`) or `configure revert now`, or for the timer
// to roll it back on the device itself. Nothing reaches the startup config before it is confirmed.
import type { Clock } from "../../clock.js";
import { configDiff } from "../config-diff.js";
import { canonicalConfig, mergeConfig } from "../ios/merge.js";
import { type ConfigNode, type ConfigTree, parseConfig } from "../ios/parse.js";
import { parseShowConfig } from "../show/config.js";
import { NetworkError } from "../source.js";
import type { CommitResult, StageResult } from "../types.js";
import type { CliTransport, Run } from "./pool.js";

const NO_PENDING = /no rollback confirmed change pending/i;
// Anything IOS prints with a % while configuring is a line it did not take.
const CONFIG_ERROR = /^%.*$/m;
const SECRET_KEYWORD = /\b(?:password|secret|key|md5|key-string|community)$/;

interface Pending {
  revertAt: number | null;
}

export class IosChanges {
  readonly #transport: CliTransport;
  readonly #clock: Clock;
  readonly #candidates = new Map<string, string[]>();
  readonly #pending = new Map<string, Pending>();
  #commits = 0;

  constructor(transport: CliTransport, clock: Clock) {
    this.#transport = transport;
    this.#clock = clock;
  }

  async #running(device: string, run?: Run): Promise<string> {
    const output = run
      ? await run("show running-config")
      : await this.#transport.run(device, "show running-config");
    return canonicalConfig(parseShowConfig(output));
  }

  #waiting(device: string): boolean {
    const pending = this.#pending.get(device);
    if (!pending) return false;
    if (pending.revertAt !== null && pending.revertAt <= this.#clock.now().getTime()) {
      // The device has rolled it back on its own by now.
      this.#pending.delete(device);
      return false;
    }
    return true;
  }

  async stage(device: string, lines: string[]): Promise<StageResult> {
    if (this.#waiting(device)) {
      throw new NetworkError(
        "commit-pending",
        `${device} has a commit waiting for confirmation; confirm or roll it back first`,
      );
    }
    const staged = [...(this.#candidates.get(device) ?? []), ...lines];
    this.#candidates.set(device, staged);
    const running = await this.#running(device);
    const candidate = mergeConfig(running, staged);
    return { device, diff: configDiff(device, running, candidate), changed: candidate !== running };
  }

  async diff(device: string): Promise<string> {
    const staged = this.#candidates.get(device);
    if (!staged) return "";
    const running = await this.#running(device);
    return configDiff(device, running, mergeConfig(running, staged));
  }

  async commit(device: string, options: { revertAfterSeconds: number | null }): Promise<CommitResult> {
    const lines = this.#candidates.get(device);
    if (!lines) throw new NetworkError("no-candidate", `nothing is staged on ${device}`);
    if (this.#waiting(device))
      throw new NetworkError("commit-pending", `${device} has a commit waiting for confirmation`);
    const minutes =
      options.revertAfterSeconds === null ? null : Math.max(1, Math.ceil(options.revertAfterSeconds / 60));
    const result = await this.#transport.exclusive(device, async (run) => {
      const running = await this.#running(device, run);
      const expected = mergeConfig(running, lines);
      await run(minutes === null ? "configure terminal" : `configure terminal revert timer ${minutes}`);
      const refused: string[] = [];
      for (const line of lines) {
        const answer = await run(line).catch((error: unknown) => {
          // The session refuses the line with the device's own "% ..." words at the end of its message.
          if (error instanceof NetworkError && error.code === "command-rejected")
            return error.message.slice(error.message.indexOf("% "));
          throw error;
        });
        if (CONFIG_ERROR.test(answer))
          refused.push(`${line.trim()} (${CONFIG_ERROR.exec(answer)?.[0].trim()})`);
        if (refused.length > 0) break;
      }
      await run("end");
      const after = refused.length > 0 ? running : await this.#running(device, run);
      const missing = refused.length > 0 ? refused : missingLines(after, lines);
      if (missing.length > 0) {
        if (minutes !== null) await run("configure revert now");
        throw new NetworkError(
          "invalid-config",
          `${device} did not take the change (${missing.slice(0, 3).join("; ")})${minutes !== null ? "; rolled back with 'configure revert now'" : "; no revert timer, so the lines it took stay"}`,
        );
      }
      if (minutes === null) await run("write memory");
      return { diff: configDiff(device, running, expected) };
    });
    this.#candidates.delete(device);
    this.#commits += 1;
    const revertAt = minutes === null ? null : this.#clock.now().getTime() + minutes * 60_000;
    if (revertAt !== null) this.#pending.set(device, { revertAt });
    return {
      device,
      commit_id: `${device}-${this.#commits}`,
      revert_at: revertAt === null ? null : new Date(revertAt).toISOString(),
      diff: result.diff,
    };
  }

  async confirm(device: string): Promise<void> {
    await this.#transport.exclusive(device, async (run) => {
      if (NO_PENDING.test(await run("configure confirm"))) {
        throw new NetworkError("no-pending-commit", `${device} has no commit waiting for confirmation`);
      }
      // Confirmed: only now does the change reach the startup config.
      await run("write memory");
    });
    this.#pending.delete(device);
  }

  async rollback(device: string): Promise<void> {
    const answer = await this.#transport.exclusive(device, (run) => run("configure revert now"));
    this.#pending.delete(device);
    if (NO_PENDING.test(answer)) {
      throw new NetworkError("no-pending-commit", `${device} has no unconfirmed commit to roll back`);
    }
  }

  async discard(device: string): Promise<void> {
    this.#candidates.delete(device);
  }
}

const norm = (text: string) => text.trim().replace(/\s+/g, " ");

/** Whether `line` is in `nodes`; a secret may be stored in the device's own form (`... md5 7 0822...`). */
function present(nodes: readonly ConfigNode[], line: string): ConfigNode | undefined {
  const want = norm(line);
  const exact = nodes.find((n) => norm(n.text) === want);
  if (exact) return exact;
  const words = want.split(" ");
  const keyword = words.slice(0, -1).join(" ");
  if (!SECRET_KEYWORD.test(keyword)) return undefined;
  return nodes.find((n) => norm(n.text).startsWith(`${keyword} `));
}

/** The candidate lines the running config does not reflect: a line missing, or a `no X` whose X is still there. */
export function missingLines(running: string, lines: readonly string[]): string[] {
  const tree: ConfigTree = parseConfig(running);
  const missing: string[] = [];
  const check = (have: readonly ConfigNode[], wanted: readonly ConfigNode[]) => {
    for (const node of wanted) {
      const negated = /^no\s+(.*)$/.exec(node.text);
      if (negated) {
        if (present(have, negated[1] as string)) missing.push(node.text);
        continue;
      }
      const found = present(have, node.text);
      if (!found) missing.push(node.text);
      else check(found.children, node.children);
    }
  };
  check(tree.children, parseConfig(lines.join("\n")).children);
  return missing;
}
