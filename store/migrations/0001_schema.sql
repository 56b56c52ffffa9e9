-- Countries: ISO 3166-1 alpha-2 with display names, filled from CLDR at import.
CREATE TABLE country (
    code    TEXT PRIMARY KEY CHECK (length(code) = 2 AND code = upper(code)),
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_ko TEXT NOT NULL
);

-- A sub-national government. Slug is the public, stable id (/governments/{slug}).
CREATE TABLE government (
    slug       TEXT PRIMARY KEY CHECK (slug <> ''),
    name       TEXT NOT NULL CHECK (name <> ''),
    name_local TEXT NOT NULL DEFAULT '',
    name_fr    TEXT NOT NULL DEFAULT '',
    level      TEXT NOT NULL DEFAULT '' CHECK (level IN ('', 'province', 'metropolitan_city', 'special_city', 'municipality', 'county', 'district')),
    country    TEXT NOT NULL REFERENCES country (code),
    region     TEXT NOT NULL DEFAULT '',
    parent     TEXT REFERENCES government (slug),
    lat        REAL,
    lon        REAL,
    wikidata   TEXT NOT NULL DEFAULT '',
    website    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX government_country ON government (country, region);
-- Covers the joins from agreements to their parties' country and region, which every
-- aggregate makes, so they never touch the government rows themselves.
CREATE INDEX government_place ON government (slug, country, region);
CREATE INDEX government_parent ON government (parent);

-- An agreement between two governments. Dates are TEXT 'YYYY', 'YYYY-MM' or
-- 'YYYY-MM-DD' (the form is the precision); '' is unknown.
CREATE TABLE agreement (
    id           TEXT PRIMARY KEY CHECK (id <> ''),
    government_a TEXT NOT NULL REFERENCES government (slug),
    government_b TEXT NOT NULL REFERENCES government (slug),
    kind         TEXT NOT NULL CHECK (kind IN ('sister', 'friendship', 'unknown')),
    signed       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('active', 'ended', 'planned', 'unverified')),
    ended        TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    CHECK (government_a <> government_b)
);
CREATE INDEX agreement_a ON agreement (government_a);
CREATE INDEX agreement_b ON agreement (government_b);

-- Lifecycle events of an agreement.
CREATE TABLE event (
    id        INTEGER PRIMARY KEY,
    agreement TEXT NOT NULL REFERENCES agreement (id),
    date      TEXT NOT NULL DEFAULT '',
    event     TEXT NOT NULL CHECK (event IN ('proposed', 'friendship_signed', 'sister_signed', 'upgraded_to_sister', 'renewed', 'suspended', 'ended')),
    note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_agreement ON event (agreement, date);

-- An exchange activity under an agreement. from_side is the slug of the side that
-- travelled or gave, 'joint', or '' (unknown).
CREATE TABLE activity (
    id           TEXT PRIMARY KEY CHECK (id <> ''),
    agreement    TEXT NOT NULL REFERENCES agreement (id),
    date         TEXT NOT NULL DEFAULT '',
    date_end     TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '' CHECK (category IN ('', 'administrative', 'people_exchange', 'youth_education', 'culture_arts', 'sports', 'economy_trade', 'tourism', 'health_humanitarian', 'policy_technical', 'civil_society', 'ceremony', 'other')),
    from_side    TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL CHECK (title <> ''),
    description  TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',
    reported_by  TEXT NOT NULL DEFAULT '',
    reported_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_agreement ON activity (agreement, date);
CREATE INDEX activity_date ON activity (date);

CREATE TABLE source (
    id        INTEGER PRIMARY KEY,
    url       TEXT NOT NULL UNIQUE CHECK (url <> ''),
    title     TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    accessed  TEXT NOT NULL DEFAULT ''
);

-- Which record cites which source. record_type is 'government', 'agreement',
-- 'event' or 'activity'; record_id is that record's key as text.
CREATE TABLE citation (
    record_type TEXT NOT NULL CHECK (record_type IN ('government', 'agreement', 'event', 'activity')),
    record_id   TEXT NOT NULL,
    source      INTEGER NOT NULL REFERENCES source (id),
    PRIMARY KEY (record_type, record_id, source)
) WITHOUT ROWID;

-- Append-only public history of every write.
CREATE TABLE change (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX change_record ON change (record_type, record_id, id);
CREATE TRIGGER change_no_update BEFORE UPDATE ON change
BEGIN
    SELECT RAISE(ABORT, 'change rows are append-only');
END;
CREATE TRIGGER change_no_delete BEFORE DELETE ON change
BEGIN
    SELECT RAISE(ABORT, 'change rows are append-only');
END;
