package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"
)

// SignInAttempt is one try at signing in, as the store checks and records it.
type SignInAttempt struct {
	Email, Password string
	Address         string // the client address, as the web layer keys it
	KnownDevice     bool   // the browser carried a valid device token of this account
}

// SignIn is one recorded sign-in attempt that reached the password check.
type SignIn struct {
	At          time.Time
	Address     string
	Result      string // ok | wrong_password | unknown_email | wrong_code | code_needed
	KnownDevice bool
}

// devicesKept is how many browsers an account is remembered on; the least recently
// used is forgotten first.
const devicesKept = 20

// ErrCodeNeeded is returned with the account by Authenticate when the password was
// right and the account signs in with a second factor: start BeginSecondFactor.
var ErrCodeNeeded = errors.New("store: the password is right; the second factor's code is needed")

// Authenticate checks an attempt's email and password and records the attempt. An
// unknown email and a wrong password give the same error after the same work. A
// hash made with older parameters is replaced by one made with today's, so a change
// of parameters reaches every account at its next sign-in.
func (db *DB) Authenticate(ctx context.Context, at SignInAttempt) (a Account, err error) {
	defer wrap(&err, "sign-in")
	var hash string
	err = db.read.QueryRowContext(ctx, `SELECT id, email, government, role, totp_secret <> '', password_hash FROM account WHERE email = ?`,
		at.Email).Scan(&a.ID, &a.Email, &a.Government, &a.Role, &a.SecondFactor, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		checkPassword(dummyHash(), at.Password)
		return Account{}, db.recordSignIn(ctx, at, 0, "unknown_email", ErrBadCredentials)
	}
	if err != nil {
		return Account{}, err
	}
	if !checkPassword(hash, at.Password) {
		return Account{}, db.recordSignIn(ctx, at, a.ID, "wrong_password", ErrBadCredentials)
	}
	if outdatedHash(hash) {
		if fresh, err := HashPassword(at.Password); err == nil {
			if _, err := db.write.ExecContext(ctx, `UPDATE account SET password_hash = ? WHERE id = ?`, fresh, a.ID); err != nil {
				return Account{}, err
			}
		}
	}
	if a.SecondFactor {
		// The password was right; the sign-in is not done until the code is given.
		return a, db.recordSignIn(ctx, at, a.ID, "code_needed", ErrCodeNeeded)
	}
	return a, db.recordSignIn(ctx, at, a.ID, "ok", nil)
}

// recordSignIn writes the attempt's row and returns result: a failed attempt stays
// ErrBadCredentials even when its row could not be written (a full disk must not
// turn a wrong password into a different answer), a successful one fails with it.
func (db *DB) recordSignIn(ctx context.Context, at SignInAttempt, account int64, outcome string, result error) error {
	err := logSignIn(ctx, db.write, at.Address, account, outcome, at.KnownDevice)
	if result != nil || err == nil {
		return result
	}
	return err
}

// execer is a connection or a transaction to write with.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// logSignIn writes one sign-in record (account 0: the email is unknown), pruning
// the old ones every signInPruneEvery-th record.
func logSignIn(ctx context.Context, w execer, address string, account int64, outcome string, knownDevice bool) error {
	var acct any
	if account != 0 {
		acct = account
	}
	res, err := w.ExecContext(ctx, `INSERT INTO signin (at, address, account, result, known_device) VALUES (?, ?, ?, ?, ?)`,
		now(), address, acct, outcome, knownDevice)
	if err != nil {
		return err
	}
	if id, _ := res.LastInsertId(); id%signInPruneEvery == 0 {
		_, err = w.ExecContext(ctx, `DELETE FROM signin WHERE at < ?`, time.Now().Add(-signInsKept).UTC().Format(time.RFC3339))
	}
	return err
}

// Sign-in records are kept signInsKept; every signInPruneEvery-th record removes
// the older ones, so a long attack cannot grow the table without end.
const (
	signInsKept      = 90 * 24 * time.Hour
	signInPruneEvery = 256
)

// RecentSignIns are an account's latest recorded sign-in attempts, newest first.
func (db *DB) RecentSignIns(ctx context.Context, account int64, n int) (list []SignIn, err error) {
	defer wrap(&err, "recent sign-ins of account %d", account)
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT at, address, result, known_device FROM signin
		WHERE account = ? ORDER BY id DESC LIMIT ?`, account, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s SignIn
		var at string
		if err := rows.Scan(&at, &s.Address, &s.Result, &s.KnownDevice); err != nil {
			return nil, err
		}
		s.At, _ = time.Parse(time.RFC3339, at)
		list = append(list, s)
	}
	return list, rows.Err()
}

// DeviceAccount is the email of the account a device token was issued to, or
// ErrNotFound.
func (db *DB) DeviceAccount(ctx context.Context, token string) (email string, err error) {
	if token == "" {
		return "", ErrNotFound
	}
	err = db.read.QueryRowContext(ctx, `SELECT a.email FROM known_device d JOIN account a ON a.id = d.account
		WHERE d.token_hash = ?`, tokenHash(token)).Scan(&email)
	if err = notFound(err); err != nil && !errors.Is(err, ErrNotFound) {
		wrap(&err, "device lookup")
	}
	return email, err
}

// RememberDevice records that an account signed in from a browser and returns the
// token its cookie keeps: the browser's own if it already belongs to the account,
// a new one otherwise. Only the newest devicesKept browsers are kept.
func (db *DB) RememberDevice(ctx context.Context, account int64, token string) (kept string, err error) {
	defer wrap(&err, "remember the device of account %d", account)
	t := now()
	if token != "" {
		res, err := db.write.ExecContext(ctx, `UPDATE known_device SET last_used = ? WHERE token_hash = ? AND account = ?`,
			t, tokenHash(token), account)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return token, nil
		}
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO known_device (token_hash, account, created_at, last_used) VALUES (?, ?, ?, ?)`,
		tokenHash(token), account, t, t); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM known_device WHERE account = ? AND token_hash NOT IN
		(SELECT token_hash FROM known_device WHERE account = ? ORDER BY last_used DESC, rowid DESC LIMIT ?)`,
		account, account, devicesKept); err != nil {
		return "", err
	}
	return token, tx.Commit()
}
