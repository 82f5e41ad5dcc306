// A command line behind a real SSH server (ssh2) on one TCP port: password, keyboard-interactive and
// public-key logins, a pty shell that echoes what is typed (not secrets), pages long output with
// `--More--` until the session turns paging off, and hands each line to the device's command line.
import { timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { type Connection, type ParsedKey, Server, type ServerChannel, utils } from "ssh2";
import type { CliReply, CliSession } from "./ios-device.js";

export type LoginMethod = "password" | "keyboard-interactive" | "publickey";

export interface DeviceLogin {
  username: string;
  password: string | null;
  /** An OpenSSH public key line ("ssh-ed25519 AAAA..."). */
  publicKey: string | null;
}

export interface SshDeviceOptions {
  host: string;
  /** 0 for any free port. */
  port: number;
  /** The host's private key (OpenSSH or PEM). */
  hostKey: string;
  logins: readonly DeviceLogin[];
  methods?: readonly LoginMethod[];
  /** A server offering only these algorithms (to stand for an old device). */
  algorithms?: ConstructorParameters<typeof Server>[0]["algorithms"];
  /** A fresh command line for each login. */
  session: (username: string) => Promise<CliSession>;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function parsedKey(text: string): ParsedKey {
  const key = utils.parseKey(text);
  if (key instanceof Error) throw key;
  return key;
}

/** The public half of a host key as an SSH blob, as known_hosts records it. */
export function publicBlob(hostKey: string): Buffer {
  return parsedKey(hostKey).getPublicSSH();
}

export function generateHostKey(): string {
  return utils.generateKeyPairSync("ed25519").private;
}

export class SshDevice {
  readonly #server: Server;
  readonly #connections: Set<Connection>;
  readonly port: number;

  private constructor(server: Server, port: number, connections: Set<Connection>) {
    this.#server = server;
    this.port = port;
    this.#connections = connections;
  }

  static listen(options: SshDeviceOptions): Promise<SshDevice> {
    const methods = options.methods ?? ["password", "keyboard-interactive", "publickey"];
    const keys = new Map(
      options.logins.flatMap((l) => (l.publicKey ? [[l.username, parsedKey(l.publicKey)] as const] : [])),
    );
    const connections = new Set<Connection>();
    const server = new Server(
      { hostKeys: [options.hostKey], ...(options.algorithms ? { algorithms: options.algorithms } : {}) },
      (client) => {
        connections.add(client);
        client.on("close", () => connections.delete(client));
        client.on("error", () => connections.delete(client));
        let user = "";
        client.on("authentication", (ctx) => {
          const login = options.logins.find((l) => l.username === ctx.username);
          if (!methods.includes(ctx.method as LoginMethod) || !login) return ctx.reject([...methods]);
          if (ctx.method === "password") {
            if (login.password !== null && same(ctx.password, login.password)) {
              user = ctx.username;
              return ctx.accept();
            }
            return ctx.reject([...methods]);
          }
          if (ctx.method === "keyboard-interactive") {
            return ctx.prompt([{ prompt: "Password: ", echo: false }], (answers) => {
              if (login.password !== null && same(answers[0] ?? "", login.password)) {
                user = ctx.username;
                ctx.accept();
              } else ctx.reject([...methods]);
            });
          }
          if (ctx.method === "publickey") {
            const key = keys.get(ctx.username);
            const valid =
              key &&
              ctx.key.algo === key.type &&
              ctx.key.data.equals(key.getPublicSSH()) &&
              (!ctx.signature || (ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true));
            if (!valid) return ctx.reject([...methods]);
            if (ctx.signature) user = ctx.username;
            return ctx.accept();
          }
          return ctx.reject([...methods]);
        });
        client.on("ready", () => {
          client.on("session", (accept) => {
            const session = accept();
            session.on("pty", (ok) => ok?.());
            session.on("window-change", (ok) => ok?.());
            session.on("shell", async (ok) => {
              const channel = ok();
              const cli = await options.session(user);
              new ShellChannel(channel, cli, () => client.end()).start();
            });
          });
        });
      },
    );
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        resolve(new SshDevice(server, (server.address() as AddressInfo).port, connections));
      });
    });
  }

  /** SSH connections open now. */
  get connections(): number {
    return this.#connections.size;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      for (const c of this.#connections) c.end();
    });
  }
}

/** One shell: typing, echo, one command at a time (type-ahead waits), paging, and the prompt. */
class ShellChannel {
  readonly #channel: ServerChannel;
  readonly #cli: CliSession;
  readonly #hangUp: () => void;
  #line = "";
  #typed: string[] = [];
  #busy = false;
  #paging: { lines: string[]; after: CliReply["after"] } | null = null;
  #lastWasCr = false;

  constructor(channel: ServerChannel, cli: CliSession, hangUp: () => void) {
    this.#channel = channel;
    this.#cli = cli;
    this.#hangUp = hangUp;
  }

  start(): void {
    this.#channel.on("data", (data: Buffer) => {
      this.#typed.push(...data.toString("utf8"));
      this.#drain();
    });
    this.#write(`\n${this.#cli.prompt()}`);
  }

  #write(text: string): void {
    if (this.#channel.writable) this.#channel.write(text.replace(/\r?\n/g, "\r\n"));
  }

  #drain(): void {
    while (!this.#busy && this.#typed.length > 0) {
      const ch = this.#typed.shift() as string;
      if (this.#paging) {
        this.#page(ch);
        continue;
      }
      if (ch === "\n" && this.#lastWasCr) {
        this.#lastWasCr = false;
        continue;
      }
      this.#lastWasCr = ch === "\r";
      if (ch === "\r" || ch === "\n") {
        this.#write("\n");
        const line = this.#line;
        this.#line = "";
        void this.#execute(line);
      } else if (ch === "\u0003") {
        this.#line = "";
        this.#write(`^C\n${this.#cli.prompt()}`);
      } else if (ch === "\u007f" || ch === "\b") {
        if (this.#line) {
          this.#line = this.#line.slice(0, -1);
          if (!this.#cli.hidesInput()) this.#write("\b \b");
        }
      } else {
        this.#line += ch;
        if (!this.#cli.hidesInput()) this.#write(ch);
      }
    }
  }

  async #execute(line: string): Promise<void> {
    this.#busy = true;
    let reply: CliReply;
    try {
      reply = await this.#cli.execute(line);
    } catch (error) {
      reply = { output: `% Internal error: ${error instanceof Error ? error.message : String(error)}\n` };
    }
    this.#busy = false;
    const lines = reply.output.split("\n");
    const pageLength = this.#cli.pageLength();
    if (pageLength > 0 && lines.length > pageLength) {
      this.#paging = { lines, after: reply.after };
      this.#page(null);
    } else this.#finish(reply.output, reply.after);
    this.#drain();
  }

  /** Shows the next page (space), the next line (return) or stops (q), as IOS does at --More--. */
  #page(key: string | null): void {
    const paging = this.#paging;
    if (!paging) return;
    const count =
      key === null || key === " " ? this.#cli.pageLength() - 1 : key === "\r" || key === "\n" ? 1 : 0;
    if (key === "\n" && this.#lastWasCr) return;
    this.#lastWasCr = key === "\r";
    if (key !== null) this.#write("\b".repeat(9) + " ".repeat(9) + "\b".repeat(9));
    const shown = paging.lines.splice(0, count);
    if (shown.length > 0) this.#write(`${shown.join("\n")}\n`);
    if (paging.lines.length > 1 && count > 0) {
      this.#write(" --More-- ");
      return;
    }
    this.#paging = null;
    this.#finish(count > 0 ? paging.lines.join("\n") : "", paging.after);
  }

  #finish(output: string, after: CliReply["after"]): void {
    this.#write(output);
    if (after === "close") {
      this.#channel.close();
      this.#hangUp();
      return;
    }
    if (after !== "wait") this.#write(this.#cli.prompt());
  }
}
