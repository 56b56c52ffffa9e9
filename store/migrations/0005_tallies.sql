-- Counts maintained by writes. Pages read these small tables instead of counting
-- whole tables: the headline numbers, countries and their partners, agreements per
-- year and kind, activities per year, category and direction, for the world, a
-- country or a country pair.
--
-- An agreement (or an activity under it) counts in the row of its parties'
-- countries (country_a, country_b) and, when they differ, in the mirrored row too,
-- so that "country = X" finds everything X takes part in, "country = X AND partner =
-- Y" a pair, and "country <= partner" each agreement exactly once. Triggers keep them
-- in the same transaction as the write; a bulk import switches them off
-- (maintenance.bulk = 1) and rebuilds both tables once at its end with INSERT …
-- SELECT, inside its own transaction. `twinning check` recounts them from the
-- records and reports any difference.

CREATE TABLE maintenance (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    bulk INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1))
);
INSERT INTO maintenance (id, bulk) VALUES (1, 0);

-- year is the signing year (YYYY) or '' when unknown.
CREATE TABLE agreement_tally (
    country TEXT NOT NULL,
    partner TEXT NOT NULL,
    kind    TEXT NOT NULL,
    year    TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL CHECK (n >= 0), -- 0 only between an update and its clean-up
    PRIMARY KEY (country, partner, kind, year, status)
) WITHOUT ROWID;

-- year is the activity's year or ''; category '' is unknown; direction is the
-- country of the side that travelled or gave, 'joint', or '' (unknown).
CREATE TABLE activity_tally (
    country   TEXT NOT NULL,
    partner   TEXT NOT NULL,
    year      TEXT NOT NULL,
    category  TEXT NOT NULL,
    direction TEXT NOT NULL,
    n         INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (country, partner, year, category, direction)
) WITHOUT ROWID;

-- The rows of each tally as recounted from the records: the bulk rebuild and
-- `twinning check` both read these views, so the rule is written once.
CREATE VIEW agreement_tally_recount AS
    SELECT country, partner, kind, year, status, count(*) AS n FROM (
        SELECT country_a AS country, country_b AS partner, kind, substr(signed, 1, 4) AS year, status FROM agreement
        UNION ALL
        SELECT country_b, country_a, kind, substr(signed, 1, 4), status FROM agreement WHERE country_b <> country_a
    ) GROUP BY country, partner, kind, year, status;

CREATE VIEW activity_direction AS
    SELECT a.id, a.agreement, ag.country_a, ag.country_b, substr(a.date, 1, 4) AS year, a.category,
        CASE a.from_side WHEN '' THEN '' WHEN 'joint' THEN 'joint'
            ELSE coalesce((SELECT g.country FROM government g WHERE g.slug = a.from_side), '') END AS direction
    FROM activity a JOIN agreement ag ON ag.id = a.agreement;

CREATE VIEW activity_tally_recount AS
    SELECT country, partner, year, category, direction, count(*) AS n FROM (
        SELECT country_a AS country, country_b AS partner, year, category, direction FROM activity_direction
        UNION ALL
        SELECT country_b, country_a, year, category, direction FROM activity_direction WHERE country_b <> country_a
    ) GROUP BY country, partner, year, category, direction;

INSERT INTO agreement_tally SELECT * FROM agreement_tally_recount;
INSERT INTO activity_tally SELECT * FROM activity_tally_recount;

-- Agreements. A new agreement's countries are set by agreement_countries_insert
-- (an UPDATE), which the update trigger below counts; the insert itself, with no
-- countries yet, is not counted.
CREATE TRIGGER agreement_tally_insert AFTER INSERT ON agreement
WHEN NEW.country_a <> '' AND (SELECT bulk FROM maintenance) = 0
BEGIN
    INSERT INTO agreement_tally VALUES (NEW.country_a, NEW.country_b, NEW.kind, substr(NEW.signed, 1, 4), NEW.status, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO agreement_tally SELECT NEW.country_b, NEW.country_a, NEW.kind, substr(NEW.signed, 1, 4), NEW.status, 1
        WHERE NEW.country_b <> NEW.country_a
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER agreement_tally_update AFTER UPDATE OF kind, signed, status, country_a, country_b ON agreement
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE agreement_tally SET n = n - 1
        WHERE OLD.country_a <> '' AND (country, partner, kind, year, status) IN
            (VALUES (OLD.country_a, OLD.country_b, OLD.kind, substr(OLD.signed, 1, 4), OLD.status),
                    (OLD.country_b, OLD.country_a, OLD.kind, substr(OLD.signed, 1, 4), OLD.status));
    DELETE FROM agreement_tally WHERE n = 0;
    INSERT INTO agreement_tally SELECT NEW.country_a, NEW.country_b, NEW.kind, substr(NEW.signed, 1, 4), NEW.status, 1
        WHERE NEW.country_a <> ''
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO agreement_tally SELECT NEW.country_b, NEW.country_a, NEW.kind, substr(NEW.signed, 1, 4), NEW.status, 1
        WHERE NEW.country_a <> '' AND NEW.country_b <> NEW.country_a
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER agreement_tally_delete AFTER DELETE ON agreement
WHEN OLD.country_a <> '' AND (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE agreement_tally SET n = n - 1
        WHERE (country, partner, kind, year, status) IN
            (VALUES (OLD.country_a, OLD.country_b, OLD.kind, substr(OLD.signed, 1, 4), OLD.status),
                    (OLD.country_b, OLD.country_a, OLD.kind, substr(OLD.signed, 1, 4), OLD.status));
    DELETE FROM agreement_tally WHERE n = 0;
END;

-- Activities.
CREATE TRIGGER activity_tally_insert AFTER INSERT ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    INSERT INTO activity_tally SELECT country_a, country_b, year, category, direction, 1
        FROM activity_direction WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO activity_tally SELECT country_b, country_a, year, category, direction, 1
        FROM activity_direction WHERE id = NEW.id AND country_b <> country_a
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The old row is taken apart before the update (BEFORE), when activity_direction
-- still describes it; the new one is counted after.
CREATE TRIGGER activity_tally_update_old BEFORE UPDATE OF agreement, date, category, from_side ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE activity_tally SET n = n - 1
        WHERE (country, partner, year, category, direction) IN
            (SELECT country_a, country_b, year, category, direction FROM activity_direction WHERE id = OLD.id
             UNION
             SELECT country_b, country_a, year, category, direction FROM activity_direction WHERE id = OLD.id);
    DELETE FROM activity_tally WHERE n = 0;
END;

CREATE TRIGGER activity_tally_update_new AFTER UPDATE OF agreement, date, category, from_side ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    INSERT INTO activity_tally SELECT country_a, country_b, year, category, direction, 1
        FROM activity_direction WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO activity_tally SELECT country_b, country_a, year, category, direction, 1
        FROM activity_direction WHERE id = NEW.id AND country_b <> country_a
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER activity_tally_delete BEFORE DELETE ON activity
WHEN (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE activity_tally SET n = n - 1
        WHERE (country, partner, year, category, direction) IN
            (SELECT country_a, country_b, year, category, direction FROM activity_direction WHERE id = OLD.id
             UNION
             SELECT country_b, country_a, year, category, direction FROM activity_direction WHERE id = OLD.id);
    DELETE FROM activity_tally WHERE n = 0;
END;

-- An agreement whose countries change (a government moved, parties changed by an
-- import) takes its activities' counts along: rare, so a recount of the two
-- affected pairs' rows would do, but only this agreement's activities moved.
CREATE TRIGGER activity_tally_agreement_moved_old BEFORE UPDATE OF country_a, country_b ON agreement
WHEN OLD.country_a <> '' AND (SELECT bulk FROM maintenance) = 0
BEGIN
    UPDATE activity_tally SET n = n - (
        SELECT count(*) FROM activity_direction d WHERE d.agreement = OLD.id
            AND ((d.country_a = activity_tally.country AND d.country_b = activity_tally.partner)
              OR (d.country_b = activity_tally.country AND d.country_a = activity_tally.partner))
            AND d.year = activity_tally.year AND d.category = activity_tally.category AND d.direction = activity_tally.direction)
        WHERE (country = OLD.country_a AND partner = OLD.country_b) OR (country = OLD.country_b AND partner = OLD.country_a);
    DELETE FROM activity_tally WHERE n = 0;
END;

CREATE TRIGGER activity_tally_agreement_moved_new AFTER UPDATE OF country_a, country_b ON agreement
WHEN OLD.country_a <> '' AND (SELECT bulk FROM maintenance) = 0
BEGIN
    INSERT INTO activity_tally SELECT country_a, country_b, year, category, direction, count(*)
        FROM activity_direction WHERE agreement = NEW.id GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO activity_tally SELECT country_b, country_a, year, category, direction, count(*)
        FROM activity_direction WHERE agreement = NEW.id AND country_b <> country_a GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
