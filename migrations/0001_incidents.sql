-- Incident history: every investigation, its runs (the first and each follow-up), their steps,
-- findings, tool calls and proposals; approvals and the audit log; Slack events already handled.

CREATE TABLE incidents (
  id                TEXT PRIMARY KEY,             -- INC-<seq>
  seq               INTEGER NOT NULL UNIQUE,
  question          TEXT NOT NULL,
  status            TEXT NOT NULL,                -- investigating | identified | no-fault | interrupted | failed | resolved
  channel           TEXT,
  root_ts           TEXT,                         -- the channel message; the thread hangs under it
  requested_by      TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  verdict_label     TEXT,
  verdict_device    TEXT,
  verdict_interface TEXT,
  verdict_json      TEXT,
  synthesis         TEXT,
  report            TEXT
);
CREATE UNIQUE INDEX incidents_thread ON incidents (channel, root_ts);
CREATE INDEX incidents_device ON incidents (verdict_device);
CREATE INDEX incidents_label ON incidents (verdict_label);

CREATE TABLE runs (
  id           TEXT PRIMARY KEY,                  -- INC-<seq>-R<n>
  incident_id  TEXT NOT NULL REFERENCES incidents (id),
  kind         TEXT NOT NULL,                     -- investigation | follow-up
  question     TEXT NOT NULL,
  requested_by TEXT,
  mode         TEXT,
  status       TEXT NOT NULL,                     -- running | finished | failed | interrupted
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  plan_json    TEXT,
  verdict_json TEXT,
  usage_json   TEXT,
  missing_json TEXT,
  error        TEXT
);
CREATE INDEX runs_incident ON runs (incident_id);
CREATE INDEX runs_status ON runs (status);

CREATE TABLE steps (
  run_id      TEXT NOT NULL REFERENCES runs (id),
  step_id     TEXT NOT NULL,
  agent       TEXT NOT NULL,
  task        TEXT NOT NULL,
  status      TEXT NOT NULL,                      -- running | done | failed | timeout | budget | interrupted
  summary     TEXT,
  error       TEXT,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  usage_json  TEXT,
  PRIMARY KEY (run_id, step_id)
);

CREATE TABLE findings (
  id            INTEGER PRIMARY KEY,
  run_id        TEXT NOT NULL REFERENCES runs (id),
  step_id       TEXT NOT NULL,
  title         TEXT NOT NULL,
  severity      TEXT NOT NULL,
  confidence    REAL NOT NULL,
  device        TEXT,
  interface     TEXT,
  evidence_json TEXT NOT NULL
);
CREATE INDEX findings_run ON findings (run_id);

CREATE TABLE tool_calls (
  id         TEXT NOT NULL,
  run_id     TEXT NOT NULL REFERENCES runs (id),
  step_id    TEXT NOT NULL,
  agent      TEXT NOT NULL,
  name       TEXT NOT NULL,
  input_json TEXT NOT NULL,
  ok         INTEGER NOT NULL,
  error      TEXT,
  at         TEXT NOT NULL,
  PRIMARY KEY (run_id, id)
);

-- A proposed config change and where it stands. Every move of `status` is a conditional UPDATE on the
-- status it leaves, so two clicks can never both move it (see src/store/proposals.ts).
CREATE TABLE proposals (
  id            TEXT PRIMARY KEY,                 -- <run id>-P<n>
  incident_id   TEXT NOT NULL REFERENCES incidents (id),
  run_id        TEXT NOT NULL REFERENCES runs (id),
  agent         TEXT NOT NULL,
  device        TEXT NOT NULL,
  lines_json    TEXT NOT NULL,
  rationale     TEXT NOT NULL,
  evidence_json TEXT NOT NULL DEFAULT '[]',
  risk          TEXT NOT NULL DEFAULT '',
  diff          TEXT,                             -- staged candidate against running, when it was staged
  base_hash     TEXT,                             -- hash of the running config the diff was made against
  status        TEXT NOT NULL,                    -- pending | approved | applying | applied | verified | rejected | expired | failed | rolled-back | invalid
  reason        TEXT,                             -- why it was refused, failed or rolled back
  decided_by    TEXT,
  decided_at    TEXT,
  expires_at    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX proposals_incident ON proposals (incident_id);

CREATE TABLE approvals (
  id          INTEGER PRIMARY KEY,
  proposal_id TEXT NOT NULL REFERENCES proposals (id),
  actor       TEXT NOT NULL,
  decision    TEXT NOT NULL,                      -- approve | reject
  at          TEXT NOT NULL
);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  incident_id TEXT,
  proposal_id TEXT,
  device      TEXT,
  outcome     TEXT NOT NULL,
  detail      TEXT
);
CREATE INDEX audit_incident ON audit_log (incident_id);

-- Slack delivers at least once: a key here means the event was already taken.
CREATE TABLE slack_events (
  event_key   TEXT PRIMARY KEY,
  received_at TEXT NOT NULL
);

-- Slack messages of an incident's thread that are edited in place (steps, proposals).
CREATE TABLE slack_messages (
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  key         TEXT NOT NULL,
  channel     TEXT NOT NULL,
  ts          TEXT NOT NULL,
  PRIMARY KEY (incident_id, key)
);

CREATE VIRTUAL TABLE incidents_fts USING fts5 (
  incident_id UNINDEXED,
  question,
  synthesis,
  report,
  devices,
  labels,
  tokenize = 'porter unicode61'
);
