// Host keys pinned in an OpenSSH known_hosts file: plain or hashed (|1|salt|hash) host patterns, `[host]:port`
// for ports other than 22, simple * and ? wildcards. A device whose key is not there is refused unless it
// may record its key on first contact (`accept-new`); a key that differs from the recorded one is refused.
import { createHash, createHmac } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";

export type HostKeyVerdict = "match" | "mismatch" | "unknown";

interface Entry {
  patterns: string[];
  keyType: string;
  key: string;
}

const hostField = (host: string, port: number) => (port === 22 ? host : `[${host}]:${port}`);

function matches(pattern: string, name: string): boolean {
  if (pattern.startsWith("|1|")) {
    const [, , salt, hash] = pattern.split("|");
    if (!salt || !hash) return false;
    return createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64") === hash;
  }
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return regex.test(name);
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  return blob.subarray(4, 4 + length).toString("ascii");
}

/** The fingerprint OpenSSH shows (SHA256:...), for messages. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  return `${hostField(host, port)} ${keyTypeOf(blob)} ${blob.toString("base64")}\n`;
}

export class KnownHosts {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  #entries(): Entry[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, "utf8")
      .split(/\r?\n/)
      .filter((line) => line.trim() && !line.startsWith("#") && !line.startsWith("@"))
      .flatMap((line) => {
        const [hosts, keyType, key] = line.trim().split(/\s+/);
        return hosts && keyType && key ? [{ patterns: hosts.split(","), keyType, key }] : [];
      });
  }

  check(host: string, port: number, blob: Buffer): HostKeyVerdict {
    const name = hostField(host, port);
    const mine = this.#entries().filter((e) =>
      e.patterns.some((p) => !p.startsWith("!") && matches(p, name)),
    );
    if (mine.length === 0) return "unknown";
    const key = blob.toString("base64");
    return mine.some((e) => e.key === key) ? "match" : "mismatch";
  }

  add(host: string, port: number, blob: Buffer): void {
    appendFileSync(this.file, knownHostsLine(host, port, blob), { mode: 0o644 });
  }
}
