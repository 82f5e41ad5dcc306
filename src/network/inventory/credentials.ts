// Credentials, kept apart from the inventory: a YAML file of named profiles that must be readable by its
// owner only (mode 0600), or the environment for the profile named "default". They are handed to the SSH
// sessions and to the redactor, and nowhere else: no log line, Slack message, database row or model
// request carries them.
//
//   profiles:
//     noc: { username: nocbot, password: "...", enable_password: "..." }
//     lab-key: { username: nocbot, private_key_file: /etc/nocbot/id_ed25519 }
import { readFileSync, statSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

const Profile = z
  .strictObject({
    username: z.string().min(1),
    password: z.string().min(1).optional(),
    private_key_file: z.string().min(1).optional(),
    passphrase: z.string().min(1).optional(),
    enable_password: z.string().min(1).optional(),
  })
  .refine((p) => p.password !== undefined || p.private_key_file !== undefined, {
    message: "expected a password or a private_key_file",
  });

const CredentialsFileSchema = z.strictObject({ profiles: z.record(z.string().min(1), Profile) });

export interface Credentials {
  username: string;
  password: string | null;
  privateKey: Buffer | null;
  passphrase: string | null;
  enablePassword: string | null;
}

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsError";
  }
}

/** Refuses a secrets file that others can read, as ssh does for a private key. */
export function assertOwnerOnly(file: string, what: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new CredentialsError(`cannot read the ${what} ${file} (does it exist?)`);
  }
  if ((mode & 0o077) !== 0) {
    throw new CredentialsError(
      `the ${what} ${file} can be read by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
    );
  }
}

export interface CredentialEnv {
  NOC_CREDENTIALS_FILE?: string | undefined;
  NOC_SSH_USERNAME?: string | undefined;
  NOC_SSH_PASSWORD?: string | undefined;
  NOC_SSH_PRIVATE_KEY_FILE?: string | undefined;
  NOC_SSH_KEY_PASSPHRASE?: string | undefined;
  NOC_SSH_ENABLE_PASSWORD?: string | undefined;
}

type RawProfile = z.infer<typeof Profile>;

export class CredentialStore {
  readonly #profiles: Map<string, RawProfile>;
  readonly #source: string;

  private constructor(profiles: Map<string, RawProfile>, source: string) {
    this.#profiles = profiles;
    this.#source = source;
  }

  static load(env: CredentialEnv): CredentialStore {
    const profiles = new Map<string, RawProfile>();
    const file = env.NOC_CREDENTIALS_FILE;
    if (file) {
      assertOwnerOnly(file, "credentials file");
      let data: unknown;
      try {
        data = parse(readFileSync(file, "utf8"));
      } catch (error) {
        throw new CredentialsError(
          `${file}: not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : ""})`,
        );
      }
      const parsed = CredentialsFileSchema.safeParse(data);
      if (!parsed.success) {
        // Only the path and the problem: never the value that was given.
        const issue = parsed.error.issues[0];
        throw new CredentialsError(`${file}: ${issue?.path.join(".") || "file"}: ${issue?.message}`);
      }
      for (const [name, profile] of Object.entries(parsed.data.profiles)) profiles.set(name, profile);
    }
    if (
      !profiles.has("default") &&
      env.NOC_SSH_USERNAME &&
      (env.NOC_SSH_PASSWORD || env.NOC_SSH_PRIVATE_KEY_FILE)
    ) {
      profiles.set("default", {
        username: env.NOC_SSH_USERNAME,
        ...(env.NOC_SSH_PASSWORD ? { password: env.NOC_SSH_PASSWORD } : {}),
        ...(env.NOC_SSH_PRIVATE_KEY_FILE ? { private_key_file: env.NOC_SSH_PRIVATE_KEY_FILE } : {}),
        ...(env.NOC_SSH_KEY_PASSPHRASE ? { passphrase: env.NOC_SSH_KEY_PASSPHRASE } : {}),
        ...(env.NOC_SSH_ENABLE_PASSWORD ? { enable_password: env.NOC_SSH_ENABLE_PASSWORD } : {}),
      });
    }
    return new CredentialStore(profiles, file ? `credentials file ${file}` : "the environment (NOC_SSH_*)");
  }

  resolve(profile: string): Credentials {
    const p = this.#profiles.get(profile);
    if (!p) {
      throw new CredentialsError(
        `no credential profile '${profile}' in ${this.#source}; profiles: ${[...this.#profiles.keys()].join(", ") || "none"}`,
      );
    }
    let privateKey: Buffer | null = null;
    if (p.private_key_file) {
      assertOwnerOnly(p.private_key_file, "private key file");
      privateKey = readFileSync(p.private_key_file);
    }
    return {
      username: p.username,
      password: p.password ?? null,
      privateKey,
      passphrase: p.passphrase ?? null,
      enablePassword: p.enable_password ?? null,
    };
  }

  /** Every secret value, for the redactor: what must never leave in a model request. */
  secrets(): string[] {
    return [...this.#profiles.values()].flatMap((p) =>
      [p.password, p.passphrase, p.enable_password].filter((s): s is string => s !== undefined),
    );
  }
}
