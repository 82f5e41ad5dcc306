// Who may decide a proposed change: the Slack users and user groups in NOC_APPROVERS, never the person who
// asked for the investigation unless self-approval is allowed. Group members are looked up (through an
// injected lookup, usergroups.users.list in Slack) and cached for a while; a workspace without user groups
// falls back to the listed user ids, with a warning.
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";

/** Members of a user group; "unsupported" when the workspace has no user groups (or the app may not read them). */
export type GroupLookup = (groupId: string) => Promise<string[] | "unsupported">;

export type ApproverCheck = { ok: true } | { ok: false; why: string };

export interface ApproverSettings {
  ids: readonly string[];
  allowSelfApproval: boolean;
  cacheSeconds?: number;
}

export class Approvers {
  readonly #cache = new Map<string, { users: string[]; at: number }>();
  /** Lookups under way, shared by every check that needs the same group meanwhile. */
  readonly #loading = new Map<string, Promise<string[] | "error">>();
  #warned = false;

  constructor(
    private readonly settings: ApproverSettings,
    private readonly lookup: GroupLookup,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Who can approve, as Slack mrkdwn mentions. */
  describe(): string {
    if (this.settings.ids.length === 0) return "nobody yet: NOC_APPROVERS is empty";
    return this.settings.ids.map((id) => (id.startsWith("S") ? `<!subteam^${id}>` : `<@${id}>`)).join(", ");
  }

  async check(user: string, requesters: readonly string[]): Promise<ApproverCheck> {
    if (!this.settings.allowSelfApproval && requesters.includes(user)) {
      return {
        ok: false,
        why: "you asked for this investigation, and a change needs a second person (NOC_ALLOW_SELF_APPROVAL is off)",
      };
    }
    if (this.settings.ids.includes(user)) return { ok: true };
    for (const group of this.settings.ids.filter((id) => id.startsWith("S"))) {
      const members = await this.#members(group);
      if (members === "error")
        return {
          ok: false,
          why: `the membership of <!subteam^${group}> could not be read just now; try again`,
        };
      if (members.includes(user)) return { ok: true };
    }
    return { ok: false, why: "you are not one of the approvers" };
  }

  #members(group: string): Promise<string[] | "error"> {
    const ttl = (this.settings.cacheSeconds ?? 300) * 1000;
    const cached = this.#cache.get(group);
    if (cached && this.clock.now().getTime() - cached.at < ttl) return Promise.resolve(cached.users);
    const loading = this.#loading.get(group) ?? this.#load(group).finally(() => this.#loading.delete(group));
    this.#loading.set(group, loading);
    return loading;
  }

  async #load(group: string): Promise<string[] | "error"> {
    const now = this.clock.now().getTime();
    const cached = this.#cache.get(group);
    try {
      const users = await this.lookup(group);
      if (users === "unsupported") {
        if (!this.#warned) {
          this.log.warn(
            { group },
            "this workspace has no user groups (or the app lacks usergroups:read); approvers are the user ids in NOC_APPROVERS only",
          );
          this.#warned = true;
        }
        this.#cache.set(group, { users: [], at: now });
        return [];
      }
      this.#cache.set(group, { users, at: now });
      return users;
    } catch (error) {
      this.log.warn({ err: error, group }, "could not read a user group's members");
      return cached?.users ?? "error";
    }
  }
}
