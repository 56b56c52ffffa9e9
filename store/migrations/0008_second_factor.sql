-- Second factor: a TOTP secret (RFC 6238) per account that turned it on, the last
-- time step a code was accepted for (a code is accepted once), recovery codes (only
-- their SHA-256 is kept), and sign-ins whose password was right and whose code is
-- awaited (a random token, only its SHA-256 kept, good for 5 minutes and 5 codes).
ALTER TABLE account ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE recovery_code (
    account   INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account, code_hash)
) WITHOUT ROWID;

CREATE TABLE signin_pending (
    token_hash   TEXT PRIMARY KEY,
    account      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    tries        INTEGER NOT NULL DEFAULT 0,
    known_device INTEGER NOT NULL DEFAULT 0 CHECK (known_device IN (0, 1))
);
