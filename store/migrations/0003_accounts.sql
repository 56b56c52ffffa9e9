-- Officials' accounts. Never published: the public snapshot keeps an allow-list of
-- tables, and the change log names a role and a government, never an email.
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (email LIKE '%_@_%'),
    password_hash TEXT NOT NULL,
    government    TEXT NOT NULL REFERENCES government (slug),
    role          TEXT NOT NULL CHECK (role IN ('official', 'admin')),
    created_at    TEXT NOT NULL
);

-- Server-side sessions: only a SHA-256 of the token is stored, so a copy of the
-- database lets nobody in.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account    INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE INDEX session_account ON session (account);

-- "Our report for year Y is complete", declared by a government's official.
CREATE TABLE report (
    government  TEXT NOT NULL REFERENCES government (slug),
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    declared_at TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (government, year)
) WITHOUT ROWID;

-- Corrections suggested by the public, queued for the record's government.
CREATE TABLE correction (
    id          INTEGER PRIMARY KEY,
    record_type TEXT NOT NULL CHECK (record_type IN ('government', 'agreement')),
    record_id   TEXT NOT NULL,
    government  TEXT NOT NULL REFERENCES government (slug),
    text        TEXT NOT NULL CHECK (text <> ''),
    source_url  TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    decided_at  TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX correction_government ON correction (government, status);

-- The agreement a change concerns (for agreements, their events and activities), so a
-- record's public history is one indexed lookup.
ALTER TABLE change ADD COLUMN agreement TEXT NOT NULL DEFAULT '';
CREATE INDEX change_agreement ON change (agreement, id);
