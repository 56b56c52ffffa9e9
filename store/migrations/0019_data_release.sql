-- Releases: immutable, dated copies of the public record (store/release.go). A row
-- is never deleted: deleting a release removes its files and records who deleted it,
-- when and why, so the list of releases stays the public record of every release.
CREATE TABLE data_release (
    id             TEXT PRIMARY KEY CHECK (id GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'),
    cut_at         TEXT NOT NULL,
    cut_by         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL, -- the newest change row the release holds
    as_of          TEXT NOT NULL DEFAULT '',
    counts         TEXT NOT NULL,    -- JSON: records of each kind in the release
    files          TEXT NOT NULL,    -- JSON: name, size and SHA-256 of each file
    deleted_at     TEXT NOT NULL DEFAULT '',
    deleted_by     TEXT NOT NULL DEFAULT '',
    deleted_reason TEXT NOT NULL DEFAULT ''
);
