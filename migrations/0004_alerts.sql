-- Alerts from monitoring (Alertmanager, Grafana, PagerDuty), stored before anything is done with them.
-- An alert is one (source, fingerprint, startsAt): a redelivery or an HA twin updates the same row, and
-- which delivery's content the row holds never depends on the order they arrived in (rank_key: resolved
-- over firing, then the later end, then the content's hash). One incident per alert group and firing
-- episode (alert_episodes); a group's episode ends when all its alerts have resolved.

CREATE TABLE alert_deliveries (
  id           INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,                     -- alertmanager | grafana | pagerduty
  delivery_key TEXT,                              -- the sender's id for a delivery (PagerDuty's X-Webhook-Id)
  group_key    TEXT NOT NULL,
  status       TEXT NOT NULL,                     -- the group's status as sent
  alerts       INTEGER NOT NULL,
  truncated    INTEGER NOT NULL DEFAULT 0,        -- alerts the sender left out of this delivery
  received_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX alert_deliveries_key ON alert_deliveries (source, delivery_key) WHERE delivery_key IS NOT NULL;

CREATE TABLE alerts (
  id               INTEGER PRIMARY KEY,
  source           TEXT NOT NULL,
  fingerprint      TEXT NOT NULL,
  starts_at        TEXT NOT NULL,
  group_key        TEXT NOT NULL,
  name             TEXT NOT NULL,
  severity         TEXT,
  status           TEXT NOT NULL,                 -- firing | resolved
  ends_at          TEXT,
  labels_json      TEXT NOT NULL,
  annotations_json TEXT NOT NULL,
  generator_url    TEXT,
  device           TEXT,                          -- mapped from the labels (NOC_ALERT_DEVICE_LABELS)
  interface        TEXT,                          -- mapped from the labels (NOC_ALERT_INTERFACE_LABELS)
  rank_key         TEXT NOT NULL,
  incident_id      TEXT REFERENCES incidents (id),
  announced        TEXT,                          -- the status last told in the incident's thread
  first_seen_at    TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  UNIQUE (source, fingerprint, starts_at)
);
CREATE INDEX alerts_group ON alerts (source, group_key);
CREATE INDEX alerts_incident ON alerts (incident_id);
CREATE INDEX alerts_status ON alerts (status);

CREATE TABLE alert_episodes (
  incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
  source      TEXT NOT NULL,
  group_key   TEXT NOT NULL,
  channel     TEXT,                               -- where its thread is (null: no channel configured)
  opened_at   TEXT NOT NULL,
  cleared_at  TEXT                                -- when its last alert resolved; null while one fires
);
CREATE INDEX alert_episodes_group ON alert_episodes (source, group_key, opened_at);

-- A note on a pending proposal that a person should read before deciding ("the alert cleared: still
-- needed?"); it never changes the proposal's state.
ALTER TABLE proposals ADD COLUMN note TEXT;
