-- Browsers an account has signed in from. The cookie holds a random token; only its
-- SHA-256 is kept. A sign-in from a known browser is throttled on its own count, so
-- a stranger's wrong guesses for the account never lock its owner out there.
CREATE TABLE known_device (
    token_hash TEXT PRIMARY KEY,
    account    INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_used  TEXT NOT NULL
);
CREATE INDEX known_device_account ON known_device (account, last_used);

-- Every sign-in attempt that reached the password check: when, from which address,
-- for which account (NULL when the email is unknown), and how it ended. An official
-- sees their own on the desk; never published.
CREATE TABLE signin (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    address TEXT NOT NULL,
    account INTEGER REFERENCES account (id) ON DELETE CASCADE,
    result  TEXT NOT NULL CHECK (result IN ('ok', 'wrong_password', 'unknown_email', 'wrong_code', 'code_needed')),
    known_device INTEGER NOT NULL DEFAULT 0 CHECK (known_device IN (0, 1))
);
CREATE INDEX signin_account ON signin (account, id);
