-- Both sides confirm. A record (an agreement, an activity) that an official of one
-- party enters through the portal shows "reported by A, not yet confirmed by B"
-- until an official of B (or an administrator) confirms or disputes it; each
-- decision, with its reason, is also a change row of the record's public history.
-- Records from sources (the default data, imports) have no row here.
CREATE TABLE confirmation (
    record_type TEXT NOT NULL CHECK (record_type IN ('agreement', 'activity')),
    record_id   TEXT NOT NULL,
    agreement   TEXT NOT NULL,
    reported_by TEXT NOT NULL, -- the party whose official entered it (a government slug)
    awaiting    TEXT NOT NULL, -- the other party, whose word is awaited
    created_at  TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'awaiting' CHECK (state IN ('awaiting', 'confirmed', 'disputed')),
    decided_at  TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL DEFAULT '', -- actor, e.g. official:kushiro-jp
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (record_type, record_id)
) WITHOUT ROWID;
CREATE INDEX confirmation_awaiting ON confirmation (awaiting, state, created_at);
CREATE INDEX confirmation_agreement ON confirmation (agreement);
