-- The change that applied an accepted correction to its record (0: not applied yet).
-- An official accepts a correction, then makes the edit it asks for; the edit's
-- change row is linked here, so the public list shows what the correction changed.
ALTER TABLE correction ADD COLUMN applied_change INTEGER NOT NULL DEFAULT 0;
