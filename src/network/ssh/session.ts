// One interactive SSH shell on an IOS device, driven the way network engineers' tools drive it: find the
// prompt, `enable` when a secret is configured, `terminal length 0` and `terminal width 511`, then one
// command at a time, reading until the prompt comes back. A `--More--` (paging left on) is paged through,
// a question the device asks instead (`[confirm]`, `Password:`) ends the session as an unexpected prompt,
// and every failure is a NetworkError naming the device and what went wrong.
import { Client, type ClientChannel, type ConnectConfig } from "ssh2";
import { NetworkError, type NetworkErrorCode } from "../source.js";
import { fingerprint, type KnownHosts } from "./known-hosts.js";
import { rejectionIn } from "./rejection.js";

export interface SshTarget {
  device: string;
  host: string;
  port: number;
  username: string;
  password: string | null;
  privateKey: Buffer | null;
  passphrase: string | null;
  enablePassword: string | null;
  legacyAlgorithms: boolean;
  hostKey: "strict" | "accept-new";
}

export interface SessionLimits {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** Output beyond this many bytes for one command ends the session: nothing that large is read. */
  maxOutputBytes: number;
  /** How long a question (`[confirm]`) may sit unanswered before it counts as an unexpected prompt. */
  questionQuietMs: number;
}

// SHA-1 host key signatures, SHA-1 key exchange and CBC ciphers only where a device is marked as needing them.
const MODERN = {
  kex: [
    "curve25519-sha256",
    "curve25519-sha256@libssh.org",
    "ecdh-sha2-nistp256",
    "ecdh-sha2-nistp384",
    "ecdh-sha2-nistp521",
    "diffie-hellman-group-exchange-sha256",
    "diffie-hellman-group14-sha256",
    "diffie-hellman-group16-sha512",
    "diffie-hellman-group18-sha512",
  ],
  serverHostKey: [
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "rsa-sha2-512",
    "rsa-sha2-256",
  ],
  cipher: ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"],
  hmac: ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512"],
} satisfies ConnectConfig["algorithms"];
const LEGACY = {
  kex: [
    ...MODERN.kex,
    "diffie-hellman-group14-sha1",
    "diffie-hellman-group-exchange-sha1",
    "diffie-hellman-group1-sha1",
  ],
  serverHostKey: [...MODERN.serverHostKey, "ssh-rsa", "ssh-dss"],
  cipher: [...MODERN.cipher, "aes128-cbc", "aes256-cbc", "3des-cbc"],
  hmac: [...MODERN.hmac, "hmac-sha1", "hmac-md5"],
} satisfies ConnectConfig["algorithms"];

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what is removed
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const MORE = /\s*-+ ?More ?-+\s*$/;
const QUESTION = /(?:\[confirm\]|\[yes\/no\]:?|\[y\/n\]|\?|Password:|Username:)\s*$/i;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function clean(text: string): string {
  return (
    text
      .replace(ANSI, "")
      .replace(/\r\n?/g, "\n")
      .replace(/ ?-+ ?More ?-+ ?/g, "")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the backspaces IOS sends to erase --More--
      .replace(/\x08+ *\x08*/g, "")
  );
}

interface Waiter {
  until: (buffer: string) => boolean;
  resolve: (text: string) => void;
  reject: (error: NetworkError) => void;
  command: string;
}

export class IosSession {
  readonly #target: SshTarget;
  readonly #limits: SessionLimits;
  readonly #client: Client;
  readonly #stream: ClientChannel;
  #buffer = "";
  #bytes = 0;
  #waiter: Waiter | null = null;
  #timer: NodeJS.Timeout | null = null;
  #quiet: NodeJS.Timeout | null = null;
  #prompt: RegExp = /[>#]\s*$/;
  #closed = false;
  #privileged = false;

  private constructor(target: SshTarget, limits: SessionLimits, client: Client, stream: ClientChannel) {
    this.#target = target;
    this.#limits = limits;
    this.#client = client;
    this.#stream = stream;
    stream.on("data", (chunk: Buffer) => this.#data(chunk));
    stream.on("close", () => this.#lost("the device closed the session"));
    client.on("error", (error: Error) => this.#lost(`connection error: ${error.message}`));
    client.on("close", () => this.#lost("the connection closed"));
  }

  static async open(target: SshTarget, limits: SessionLimits, knownHosts: KnownHosts): Promise<IosSession> {
    const { client, stream } = await connect(target, limits, knownHosts);
    const session = new IosSession(target, limits, client, stream);
    try {
      await session.#start();
      return session;
    } catch (error) {
      session.close();
      throw error;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get privileged(): boolean {
    return this.#privileged;
  }

  #fail(code: NetworkErrorCode, text: string): NetworkError {
    return new NetworkError(code, `${this.#target.device}: ${text}`);
  }

  async #start(): Promise<void> {
    // Whatever the device prints first (banner, MOTD) ends with its prompt; a second return gives it alone.
    await this.#expect("(login)", (b) => /[>#]\s*$/.test(b), this.#limits.connectTimeoutMs);
    this.#buffer = "";
    this.#stream.write("\n");
    const seen = await this.#expect("(prompt)", (b) => /[>#]\s*$/.test(b), this.#limits.connectTimeoutMs);
    const last = clean(seen).trimEnd().split("\n").at(-1)?.trim() ?? "";
    const base = last.replace(/(?:\([^)]*\))?[>#]$/, "");
    if (!base) throw this.#fail("unexpected-prompt", `no prompt found (last line '${last.slice(0, 60)}')`);
    this.#prompt = new RegExp(`(?:^|\\n)${escapeRegex(base)}(?:\\([^)\\n]*\\))?([>#])\\s*$`);
    this.#privileged = last.endsWith("#");
    if (!this.#privileged && this.#target.enablePassword !== null)
      await this.#enable(this.#target.enablePassword);
    // Refused on some AAA setups: paging is then handled as it comes.
    await this.run("terminal length 0").catch(ignoreRejection);
    await this.run("terminal width 511").catch(ignoreRejection);
  }

  async #enable(secret: string): Promise<void> {
    this.#buffer = "";
    this.#stream.write("enable\n");
    const asked = await this.#expect(
      "enable",
      (b) => /Password:\s*$/i.test(b) || this.#prompt.test(b),
      this.#limits.commandTimeoutMs,
    );
    if (/Password:\s*$/i.test(asked)) {
      this.#buffer = "";
      this.#stream.write(`${secret}\n`);
      await this.#expect(
        "enable",
        (b) => this.#prompt.test(b) || /Password:\s*$/i.test(b),
        this.#limits.commandTimeoutMs,
      );
    }
    const mode = this.#prompt.exec(clean(this.#buffer).trimEnd())?.[1];
    if (mode !== "#") throw this.#fail("auth-failed", "the enable password was refused");
    this.#privileged = true;
  }

  /** Runs one command line and returns what it printed, without the echo and the prompt. */
  async run(command: string, timeoutMs = this.#limits.commandTimeoutMs): Promise<string> {
    if (/[\r\n]/.test(command)) throw this.#fail("command-not-allowed", "a command is one line");
    this.#buffer = "";
    this.#bytes = 0;
    this.#stream.write(`${command}\n`);
    const raw = await this.#expect(command, (b) => this.#prompt.test(clean(b)), timeoutMs);
    const lines = clean(raw).split("\n");
    if (lines[0]?.trimEnd().endsWith(command)) lines.shift();
    lines.pop();
    const text = lines.join("\n").replace(/\n+$/, "");
    const output = text === "" ? "" : `${text}\n`;
    const rejected = rejectionIn(output);
    if (rejected) throw this.#fail("command-rejected", `'${command}' was rejected: ${rejected}`);
    return output;
  }

  #expect(command: string, until: (buffer: string) => boolean, timeoutMs: number): Promise<string> {
    if (this.#closed) return Promise.reject(this.#fail("unreachable", "the session is closed"));
    return new Promise<string>((resolve, reject) => {
      this.#waiter = { until, resolve, reject, command };
      this.#timer = setTimeout(() => {
        this.#abort(this.#fail("timeout", `no prompt after '${command}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#check();
    });
  }

  #data(chunk: Buffer): void {
    this.#bytes += chunk.length;
    this.#buffer += chunk.toString("utf8");
    if (this.#waiter && this.#bytes > this.#limits.maxOutputBytes) {
      this.#abort(
        this.#fail(
          "output-too-large",
          `'${this.#waiter.command}' printed more than ${this.#limits.maxOutputBytes} bytes`,
        ),
      );
      return;
    }
    if (MORE.test(this.#buffer.replace(ANSI, ""))) {
      this.#buffer = this.#buffer.replace(MORE, "\n");
      this.#stream.write(" ");
      return;
    }
    this.#check();
  }

  #check(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    if (this.#quiet) clearTimeout(this.#quiet);
    this.#quiet = null;
    if (waiter.until(this.#buffer)) {
      this.#settle();
      waiter.resolve(this.#buffer);
      return;
    }
    const tail = clean(this.#buffer).trimEnd().split("\n").at(-1) ?? "";
    if (QUESTION.test(tail)) {
      this.#quiet = setTimeout(() => {
        this.#abort(
          this.#fail(
            "unexpected-prompt",
            `'${waiter.command}' stopped at a question: '${tail.trim().slice(0, 80)}'`,
          ),
        );
      }, this.#limits.questionQuietMs);
    }
  }

  #settle(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#quiet) clearTimeout(this.#quiet);
    this.#timer = null;
    this.#quiet = null;
    this.#waiter = null;
  }

  /** A command that failed leaves the shell in an unknown state: the session is closed, the next call reconnects. */
  #abort(error: NetworkError): void {
    const waiter = this.#waiter;
    this.#settle();
    this.close();
    waiter?.reject(error);
  }

  #lost(reason: string): void {
    if (this.#closed && !this.#waiter) return;
    const waiter = this.#waiter;
    this.#settle();
    this.close();
    waiter?.reject(this.#fail("unreachable", `${reason} while reading '${waiter.command}'`));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stream.end();
    this.#client.end();
  }
}

function ignoreRejection(error: unknown): void {
  if (!(error instanceof NetworkError && error.code === "command-rejected")) throw error;
}

function connect(
  target: SshTarget,
  limits: SessionLimits,
  knownHosts: KnownHosts,
): Promise<{ client: Client; stream: ClientChannel }> {
  const fail = (code: NetworkErrorCode, text: string) => new NetworkError(code, `${target.device}: ${text}`);
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyProblem: NetworkError | null = null;
    let settled = false;
    const finish = (error: NetworkError) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(error);
    };
    client.on("keyboard-interactive", (_name, _instructions, _lang, prompts, answer) => {
      answer(prompts.map(() => target.password ?? ""));
    });
    client.on("ready", () => {
      client.shell({ term: "vt100", cols: 511, rows: 24 }, (error, stream) => {
        if (error) return finish(fail("unreachable", `no shell: ${error.message}`));
        settled = true;
        resolve({ client, stream });
      });
    });
    client.on("error", (error: Error & { level?: string; code?: string }) => {
      if (hostKeyProblem) return finish(hostKeyProblem);
      if (error.level === "client-authentication") {
        const methods = [
          target.password !== null ? "password" : null,
          target.privateKey ? "key" : null,
        ].filter(Boolean);
        return finish(
          fail(
            "auth-failed",
            `authentication failed for user '${target.username}' (${methods.join(", ") || "no credentials"})`,
          ),
        );
      }
      if (error.level === "client-timeout")
        return finish(fail("timeout", `no SSH handshake within ${limits.connectTimeoutMs} ms`));
      if (/no matching/i.test(error.message)) {
        return finish(
          fail(
            "unreachable",
            `no SSH algorithms in common (${error.message})${target.legacyAlgorithms ? "" : "; set legacy_algorithms: true for this device if it is old"}`,
          ),
        );
      }
      finish(
        fail(
          "unreachable",
          `cannot connect to ${target.host}:${target.port}: ${error.code ?? error.message}`,
        ),
      );
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      ...(target.password !== null ? { password: target.password } : {}),
      ...(target.privateKey ? { privateKey: target.privateKey } : {}),
      ...(target.passphrase !== null ? { passphrase: target.passphrase } : {}),
      tryKeyboard: target.password !== null,
      readyTimeout: limits.connectTimeoutMs,
      algorithms: target.legacyAlgorithms ? LEGACY : MODERN,
      hostVerifier: (key: Buffer) => {
        const verdict = knownHosts.check(target.host, target.port, key);
        if (verdict === "match") return true;
        if (verdict === "unknown" && target.hostKey === "accept-new") {
          knownHosts.add(target.host, target.port, key);
          return true;
        }
        hostKeyProblem =
          verdict === "mismatch"
            ? fail(
                "host-key-mismatch",
                `the host key of ${target.host}:${target.port} (${fingerprint(key)}) differs from the one in ${knownHosts.file}: refused; if the device was replaced, remove its old line there`,
              )
            : fail(
                "host-key-unknown",
                `the host key of ${target.host}:${target.port} (${fingerprint(key)}) is not in ${knownHosts.file}: refused; add it, or mark the device host_key: accept-new`,
              );
        return false;
      },
    });
  });
}
