-- The proposal lifecycle made explicit (src/store/proposals.ts holds the transition table):
-- a proposal is 'proposed' until its lines are checked and staged, 'refused' (was 'invalid') when the
-- checks say no; a closed reason code sits beside the reason sentence, so that the UI and restaging read
-- the code, never the words; a restaged proposal names the proposal that replaced it.
-- Audit outcomes become a closed set; what used to be written into the outcome moves to the detail.

ALTER TABLE proposals ADD COLUMN reason_code TEXT;
ALTER TABLE proposals ADD COLUMN superseded_by TEXT REFERENCES proposals (id);

UPDATE proposals SET status = 'refused', reason_code = 'lines-refused' WHERE status = 'invalid';
UPDATE proposals SET status = 'proposed' WHERE status = 'pending' AND diff IS NULL;
UPDATE proposals SET reason_code = 'ttl' WHERE status = 'expired';
UPDATE proposals SET reason_code = 'verification-failed' WHERE status = 'rolled-back';
UPDATE proposals SET reason_code = CASE
    WHEN reason LIKE '%changed since this was staged%' THEN 'drift'
    WHEN reason LIKE 'nocbot stopped%' THEN 'interrupted'
    WHEN reason LIKE 'rolled back after an error%' THEN 'apply-error-rolled-back'
    ELSE 'apply-error'
  END
  WHERE status = 'failed';

UPDATE audit_log SET detail = trim(outcome || char(10) || COALESCE(detail, '')), outcome = CASE
    WHEN outcome LIKE 'ignored:%' THEN 'ignored'
    WHEN outcome LIKE 'lost the race%' THEN 'lost-race'
    WHEN outcome LIKE 'restaged from%' THEN 'restaged'
    WHEN outcome LIKE 'committed %' THEN 'committed'
    WHEN outcome LIKE 'refused:%' THEN 'refused'
    WHEN outcome LIKE 'failed:%' THEN 'failed'
    ELSE outcome
  END
  WHERE outcome LIKE 'ignored:%' OR outcome LIKE 'lost the race%' OR outcome LIKE 'restaged from%'
     OR outcome LIKE 'committed %' OR outcome LIKE 'refused:%' OR outcome LIKE 'failed:%';
UPDATE audit_log SET outcome = 'rolled-back' WHERE outcome = 'rolled back';
