-- The runbooks that fit a run, best first, as the deterministic match ranked them once the analyzers had
-- ranked the root causes: a JSON array of { id, score, reasons }.
ALTER TABLE runs ADD COLUMN runbooks_json TEXT;
