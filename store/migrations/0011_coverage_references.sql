-- Coverage: the years a government's activity record is known complete for, as an
-- import states it ("Dangjin's record covers 1988–2022"). Declarations of a complete
-- year (table report) are coverage too; store.Coverage reads both. Without coverage,
-- no recorded activity means nobody reported, not that nothing happened.
CREATE TABLE coverage (
    government TEXT NOT NULL REFERENCES government (slug),
    from_year  INTEGER NOT NULL CHECK (from_year BETWEEN 1900 AND 2999),
    to_year    INTEGER NOT NULL CHECK (to_year BETWEEN from_year AND 2999),
    source_url TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (government, from_year)
) WITHOUT ROWID;

-- Reference figures: published counts the portal's own counts are read against
-- (GAOK via APF: Korea 1,725 relationships in 82 countries as of December 2019).
-- scope is a country code ('KR'), a country pair ('CA-KR', codes in order) or a
-- pair narrowed to a region of the first country ('CA-KR:Ontario'); figure names what
-- was counted (relationships, sister, friendship, countries).
CREATE TABLE reference_figure (
    scope      TEXT NOT NULL CHECK (scope <> ''),
    as_of      TEXT NOT NULL CHECK (as_of <> ''),
    figure     TEXT NOT NULL CHECK (figure IN ('relationships', 'sister', 'friendship', 'countries')),
    value      INTEGER NOT NULL CHECK (value >= 0),
    source_url TEXT NOT NULL CHECK (source_url <> ''),
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scope, as_of, figure)
) WITHOUT ROWID;
