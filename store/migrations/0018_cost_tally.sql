-- The cost ledger (store/ledger.go) as counts maintained by writes, like the tallies of
-- 0005: for each agreement, year ('' undated), currency ('' for no cost recorded) and
-- payer ('' when not said, and always '' without a cost), how many activities and
-- their amounts summed in minor units. A ledger then reads a row per agreement and year
-- instead of every activity (docs/benchmarks.md, "Cost ledger"). Recorded amounts have
-- exactly their currency's decimal places, so without the point they are minor units,
-- summed exactly as integers.
-- Triggers keep it in the write's transaction; a bulk import rebuilds it at its end;
-- `twinning check` recounts it.
CREATE TABLE cost_tally (
    agreement TEXT NOT NULL,
    year      TEXT NOT NULL,
    currency  TEXT NOT NULL,
    paid_by   TEXT NOT NULL,
    -- One activity is at most MaxCostMinor (10^14), so a row sums exactly in an
    -- integer; were it ever to overflow, SQLite would store a REAL, which this
    -- refuses: the write fails whole rather than leave a total that is wrong.
    minor     INTEGER NOT NULL CHECK (typeof(minor) = 'integer'),
    n         INTEGER NOT NULL CHECK (n >= 0), -- 0 only between an update and its clean-up
    PRIMARY KEY (agreement, year, currency, paid_by)
) WITHOUT ROWID;

CREATE VIEW cost_line AS
    SELECT id, agreement, substr(date, 1, 4) AS year, cost_currency AS currency,
        CASE WHEN cost_currency = '' THEN '' ELSE paid_by END AS paid_by,
        coalesce(CAST(replace(nullif(cost_amount, ''), '.', '') AS INTEGER), 0) AS minor
    FROM activity;

CREATE VIEW cost_tally_recount AS
    SELECT agreement, year, currency, paid_by, sum(minor) AS minor, count(*) AS n
    FROM cost_line GROUP BY agreement, year, currency, paid_by;

INSERT INTO cost_tally SELECT * FROM cost_tally_recount;

CREATE TRIGGER cost_tally_insert AFTER INSERT ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    INSERT INTO cost_tally SELECT agreement, year, currency, paid_by, minor, 1 FROM cost_line WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1, minor = minor + excluded.minor;
END;

CREATE TRIGGER cost_tally_update_old BEFORE UPDATE OF agreement, date, cost_amount, cost_currency, paid_by ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE cost_tally SET n = n - 1, minor = minor - (SELECT minor FROM cost_line WHERE id = OLD.id)
        WHERE (agreement, year, currency, paid_by) IN (SELECT agreement, year, currency, paid_by FROM cost_line WHERE id = OLD.id);
    DELETE FROM cost_tally WHERE n = 0;
END;

CREATE TRIGGER cost_tally_update_new AFTER UPDATE OF agreement, date, cost_amount, cost_currency, paid_by ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    INSERT INTO cost_tally SELECT agreement, year, currency, paid_by, minor, 1 FROM cost_line WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1, minor = minor + excluded.minor;
END;

CREATE TRIGGER cost_tally_delete BEFORE DELETE ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE cost_tally SET n = n - 1, minor = minor - (SELECT minor FROM cost_line WHERE id = OLD.id)
        WHERE (agreement, year, currency, paid_by) IN (SELECT agreement, year, currency, paid_by FROM cost_line WHERE id = OLD.id);
    DELETE FROM cost_tally WHERE n = 0;
END;
