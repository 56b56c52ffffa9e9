package store

import "errors"

// SQLite's primary result codes the web layer answers differently: in both cases
// the transaction was rolled back and nothing of it was saved.
const (
	sqliteBusy   = 5  // SQLITE_BUSY: another connection held the lock past busy_timeout
	sqliteLocked = 6  // SQLITE_LOCKED: a conflict inside this process's shared cache
	sqliteFull   = 13 // SQLITE_FULL: no room on the disk (or file system) for the write
)

// sqliteCode is the primary result code in err, or 0 when err is not SQLite's.
func sqliteCode(err error) int {
	var se interface{ Code() int }
	if errors.As(err, &se) {
		return se.Code() & 0xff // extended codes keep the primary one in the low byte
	}
	return 0
}

// IsFull reports whether err says the database could not be written because the
// disk is full. Writes succeed again once space is freed, without a restart.
func IsFull(err error) bool { return sqliteCode(err) == sqliteFull }

// IsBusy reports whether err says the database was locked by another writer (an
// import, a backup tool, another process) for longer than the busy timeout.
func IsBusy(err error) bool {
	c := sqliteCode(err)
	return c == sqliteBusy || c == sqliteLocked
}
