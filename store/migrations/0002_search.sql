-- Full-text search (SQLite FTS5) over governments, agreements and activities.
--
-- Tokenizer: unicode61 with remove_diacritics 2 folds case and accents ("Sao Paulo"
-- finds "São Paulo", "quebec" finds "Québec") and splits on anything that is not a
-- letter or digit, so a hyphenated slug is words too. Queries are built in Go
-- (store/search.go) as AND-ed prefix phrases, which is what finds Korean names: a
-- Korean word is one token, and "화성"* finds the token 화성시. The trigram tokenizer
-- was rejected because it needs at least 3 characters, and Korean place-name queries
-- are mostly 2 syllables (화성, 서울, 당진). What this does not find: the middle of a
-- word ("성시" does not find 화성시), and letters that are not accented forms (Ł, Ø).
-- prefix = '2 3' adds prefix indexes for the short prefixes users type most.
--
-- The index is derived data, kept in step with the records by triggers on
-- INSERT, UPDATE and DELETE of government, agreement, activity and country. Import
-- upserts (INSERT ... ON CONFLICT DO UPDATE) fire the UPDATE triggers, whose WHEN
-- clauses skip rows whose indexed text did not change, so re-importing the same
-- data costs nothing.

-- Every indexed record gets an integer id, the rowid of its row in its index, so
-- one record's row is replaced by rowid instead of by scanning the index.
CREATE TABLE search_doc (
    id   INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('government', 'agreement', 'activity')),
    key  TEXT NOT NULL,
    UNIQUE (type, key)
);

-- country holds the country's names in English, French and Korean.
CREATE VIRTUAL TABLE search_government USING fts5 (
    slug, name, name_local, name_fr, region, country,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
-- parties holds both parties' names in every recorded form.
CREATE VIRTUAL TABLE search_agreement USING fts5 (
    parties, note,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE VIRTUAL TABLE search_activity USING fts5 (
    title, description,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

-- What each record's index row holds, computed from the records.
CREATE VIEW search_government_source AS
SELECT g.slug AS key, g.slug, g.name, g.name_local, g.name_fr, g.region,
    coalesce(c.name_en || ' ' || c.name_fr || ' ' || c.name_ko, '') AS country
FROM government g LEFT JOIN country c ON c.code = g.country;

CREATE VIEW search_agreement_source AS
SELECT ag.id AS key,
    concat_ws(' ', ga.name, ga.name_local, ga.name_fr, gb.name, gb.name_local, gb.name_fr) AS parties,
    ag.note
FROM agreement ag
LEFT JOIN government ga ON ga.slug = ag.government_a
LEFT JOIN government gb ON gb.slug = ag.government_b;

CREATE VIEW search_activity_source AS
SELECT a.id AS key, a.title, a.description FROM activity a;

-- Writes do not touch the full-text indexes row by row: FTS5 flushes its pending
-- data to disk at every statement savepoint, which made a row-by-row index ten times
-- slower to import into. Instead, the triggers below queue the records whose
-- indexed text may have changed, and the queue is indexed in one statement when the
-- write's change row is added: every write adds one in the same transaction (the
-- aggregate cache relies on it too), so the index is current when the transaction
-- commits. A write that logs no change leaves its records queued until the next one.
CREATE TABLE search_dirty (
    type TEXT NOT NULL,
    key  TEXT NOT NULL
);

CREATE TRIGGER search_sync AFTER INSERT ON change
WHEN EXISTS (SELECT 1 FROM search_dirty)
BEGIN
    -- Drop the queued records' index rows...
    DELETE FROM search_government WHERE rowid IN (SELECT d.id FROM search_dirty q
        JOIN search_doc d ON d.type = q.type AND d.key = q.key WHERE q.type = 'government');
    DELETE FROM search_agreement WHERE rowid IN (SELECT d.id FROM search_dirty q
        JOIN search_doc d ON d.type = q.type AND d.key = q.key WHERE q.type = 'agreement');
    DELETE FROM search_activity WHERE rowid IN (SELECT d.id FROM search_dirty q
        JOIN search_doc d ON d.type = q.type AND d.key = q.key WHERE q.type = 'activity');
    -- ...forget the records that are gone, number the new ones...
    DELETE FROM search_doc WHERE id IN (SELECT d.id FROM search_dirty q
        JOIN search_doc d ON d.type = q.type AND d.key = q.key
        WHERE NOT ((q.type = 'government' AND EXISTS (SELECT 1 FROM government WHERE slug = q.key))
            OR (q.type = 'agreement' AND EXISTS (SELECT 1 FROM agreement WHERE id = q.key))
            OR (q.type = 'activity' AND EXISTS (SELECT 1 FROM activity WHERE id = q.key))));
    INSERT INTO search_doc (type, key)
    SELECT DISTINCT q.type, q.key FROM search_dirty q
    WHERE NOT EXISTS (SELECT 1 FROM search_doc d WHERE d.type = q.type AND d.key = q.key)
        AND ((q.type = 'government' AND EXISTS (SELECT 1 FROM government WHERE slug = q.key))
            OR (q.type = 'agreement' AND EXISTS (SELECT 1 FROM agreement WHERE id = q.key))
            OR (q.type = 'activity' AND EXISTS (SELECT 1 FROM activity WHERE id = q.key)));
    -- ...and index what the records say now, in rowid order (FTS5 appends fastest).
    INSERT INTO search_government (rowid, slug, name, name_local, name_fr, region, country)
    SELECT d.id, s.slug, s.name, s.name_local, s.name_fr, s.region, s.country
    FROM search_doc d JOIN search_government_source s ON s.key = d.key
    WHERE d.type = 'government' AND d.key IN (SELECT key FROM search_dirty WHERE type = 'government')
    ORDER BY d.id;
    INSERT INTO search_agreement (rowid, parties, note)
    SELECT d.id, s.parties, s.note
    FROM search_doc d JOIN search_agreement_source s ON s.key = d.key
    WHERE d.type = 'agreement' AND d.key IN (SELECT key FROM search_dirty WHERE type = 'agreement')
    ORDER BY d.id;
    INSERT INTO search_activity (rowid, title, description)
    SELECT d.id, s.title, s.description
    FROM search_doc d JOIN search_activity_source s ON s.key = d.key
    WHERE d.type = 'activity' AND d.key IN (SELECT key FROM search_dirty WHERE type = 'activity')
    ORDER BY d.id;
    DELETE FROM search_dirty;
END;

-- Governments. An agreement's row holds its parties' names, so it follows them.
CREATE TRIGGER search_government_insert AFTER INSERT ON government
BEGIN
    INSERT INTO search_dirty (type, key) VALUES ('government', new.slug);
    INSERT INTO search_dirty (type, key) SELECT 'agreement', id FROM agreement
        WHERE government_a = new.slug OR government_b = new.slug;
END;

CREATE TRIGGER search_government_update AFTER UPDATE OF slug, name, name_local, name_fr, region, country ON government
WHEN old.slug IS NOT new.slug OR old.name IS NOT new.name OR old.name_local IS NOT new.name_local
    OR old.name_fr IS NOT new.name_fr OR old.region IS NOT new.region OR old.country IS NOT new.country
BEGIN
    INSERT INTO search_dirty (type, key) SELECT 'government', old.slug WHERE old.slug IS NOT new.slug;
    INSERT INTO search_dirty (type, key) VALUES ('government', new.slug);
    INSERT INTO search_dirty (type, key) SELECT 'agreement', id FROM agreement
        WHERE government_a IN (old.slug, new.slug) OR government_b IN (old.slug, new.slug);
END;

CREATE TRIGGER search_government_delete AFTER DELETE ON government
BEGIN
    INSERT INTO search_dirty (type, key) VALUES ('government', old.slug);
    INSERT INTO search_dirty (type, key) SELECT 'agreement', id FROM agreement
        WHERE government_a = old.slug OR government_b = old.slug;
END;

-- Countries: a government's row holds its country's names.
CREATE TRIGGER search_country_insert AFTER INSERT ON country
BEGIN
    INSERT INTO search_dirty (type, key) SELECT 'government', slug FROM government WHERE country = new.code;
END;

CREATE TRIGGER search_country_update AFTER UPDATE OF code, name_en, name_fr, name_ko ON country
WHEN old.code IS NOT new.code OR old.name_en IS NOT new.name_en OR old.name_fr IS NOT new.name_fr
    OR old.name_ko IS NOT new.name_ko
BEGIN
    INSERT INTO search_dirty (type, key) SELECT 'government', slug FROM government WHERE country IN (old.code, new.code);
END;

CREATE TRIGGER search_country_delete AFTER DELETE ON country
BEGIN
    INSERT INTO search_dirty (type, key) SELECT 'government', slug FROM government WHERE country = old.code;
END;

-- Agreements.
CREATE TRIGGER search_agreement_insert AFTER INSERT ON agreement
BEGIN
    INSERT INTO search_dirty (type, key) VALUES ('agreement', new.id);
END;

CREATE TRIGGER search_agreement_update AFTER UPDATE OF id, government_a, government_b, note ON agreement
WHEN old.id IS NOT new.id OR old.government_a IS NOT new.government_a
    OR old.government_b IS NOT new.government_b OR old.note IS NOT new.note
BEGIN
    INSERT INTO search_dirty (type, key) SELECT 'agreement', old.id WHERE old.id IS NOT new.id;
    INSERT INTO search_dirty (type, key) VALUES ('agreement', new.id);
END;

CREATE TRIGGER search_agreement_delete AFTER DELETE ON agreement
BEGIN
    INSERT INTO search_dirty (type, key) VALUES ('agreement', old.id);
END;

-- Activities.
CREATE TRIGGER search_activity_insert AFTER INSERT ON activity
BEGIN
    INSERT INTO search_dirty (type, key) VALUES ('activity', new.id);
END;

CREATE TRIGGER search_activity_update AFTER UPDATE OF id, title, description ON activity
WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.description IS NOT new.description
BEGIN
    INSERT INTO search_dirty (type, key) SELECT 'activity', old.id WHERE old.id IS NOT new.id;
    INSERT INTO search_dirty (type, key) VALUES ('activity', new.id);
END;

CREATE TRIGGER search_activity_delete AFTER DELETE ON activity
BEGIN
    INSERT INTO search_dirty (type, key) VALUES ('activity', old.id);
END;

-- Index the records already there.
INSERT INTO search_doc (type, key) SELECT 'government', slug FROM government;
INSERT INTO search_doc (type, key) SELECT 'agreement', id FROM agreement;
INSERT INTO search_doc (type, key) SELECT 'activity', id FROM activity;
INSERT INTO search_government (rowid, slug, name, name_local, name_fr, region, country)
SELECT d.id, s.slug, s.name, s.name_local, s.name_fr, s.region, s.country
FROM search_government_source s JOIN search_doc d ON d.type = 'government' AND d.key = s.key
ORDER BY d.id;
INSERT INTO search_agreement (rowid, parties, note)
SELECT d.id, s.parties, s.note
FROM search_agreement_source s JOIN search_doc d ON d.type = 'agreement' AND d.key = s.key
ORDER BY d.id;
INSERT INTO search_activity (rowid, title, description)
SELECT d.id, s.title, s.description
FROM search_activity_source s JOIN search_doc d ON d.type = 'activity' AND d.key = s.key
ORDER BY d.id;
