-- A lifecycle step the sources report: a relationship proposed for termination
-- (a Burnaby committee on Burnaby–Zhongshan, March 2025), which is not yet an end.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt.
CREATE TABLE event_new (
    id        INTEGER PRIMARY KEY,
    agreement TEXT NOT NULL REFERENCES agreement (id),
    date      TEXT NOT NULL DEFAULT '',
    event     TEXT NOT NULL CHECK (event IN ('proposed', 'friendship_signed', 'sister_signed', 'upgraded_to_sister', 'renewed', 'termination_proposed', 'suspended', 'ended')),
    note      TEXT NOT NULL DEFAULT ''
);
INSERT INTO event_new (id, agreement, date, event, note) SELECT id, agreement, date, event, note FROM event;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;
CREATE INDEX event_agreement ON event (agreement, date);
