// What the Slack app must remember across restarts: which deliveries it already took (Slack delivers at
// least once) and which thread messages it edits in place.
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Db } from "./db.js";

const MessageRefSchema = z.object({ channel: z.string(), ts: z.string() });
export type MessageRef = z.infer<typeof MessageRefSchema>;

export class SlackState {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** True the first time a key is seen; false for every redelivery, across restarts. */
  claim(key: string): boolean {
    return (
      this.db
        .prepare("INSERT OR IGNORE INTO slack_events (event_key, received_at) VALUES (?, ?)")
        .run(key, this.clock.now().toISOString()).changes === 1
    );
  }

  setMessage(incidentId: string, key: string, ref: MessageRef): void {
    this.db
      .prepare("INSERT OR REPLACE INTO slack_messages (incident_id, key, channel, ts) VALUES (?, ?, ?, ?)")
      .run(incidentId, key, ref.channel, ref.ts);
  }

  message(incidentId: string, key: string): MessageRef | null {
    const row = this.db
      .prepare("SELECT channel, ts FROM slack_messages WHERE incident_id = ? AND key = ?")
      .get(incidentId, key);
    return row === undefined ? null : MessageRefSchema.parse(row);
  }

  /** Forgets deliveries older than Slack would ever retry (it gives up within the hour). */
  prune(olderThanSeconds = 86400): number {
    const cutoff = new Date(this.clock.now().getTime() - olderThanSeconds * 1000).toISOString();
    return this.db.prepare("DELETE FROM slack_events WHERE received_at < ?").run(cutoff).changes;
  }
}
