-- How many agreements and activities there are, kept by writes like the tallies of
-- 0005: the home page's headline numbers, read inside a page's read view, without
-- counting either table (summing activity_tally for them took 260 ms at world
-- scale after every report). A bulk import switches the triggers off and rebuilds
-- the totals at its end; `twinning check` recounts them.

CREATE TABLE record_total (
    record TEXT PRIMARY KEY CHECK (record IN ('agreement', 'activity')),
    n      INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;

CREATE VIEW record_total_recount AS
    SELECT 'agreement' AS record, count(*) AS n FROM agreement
    UNION ALL
    SELECT 'activity', count(*) FROM activity;

INSERT INTO record_total SELECT * FROM record_total_recount;

CREATE TRIGGER record_total_agreement_insert AFTER INSERT ON agreement
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE record_total SET n = n + 1 WHERE record = 'agreement';
END;

CREATE TRIGGER record_total_agreement_delete AFTER DELETE ON agreement
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE record_total SET n = n - 1 WHERE record = 'agreement';
END;

CREATE TRIGGER record_total_activity_insert AFTER INSERT ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE record_total SET n = n + 1 WHERE record = 'activity';
END;

CREATE TRIGGER record_total_activity_delete AFTER DELETE ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE record_total SET n = n - 1 WHERE record = 'activity';
END;
