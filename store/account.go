package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// Account is an official's or admin's account.
type Account struct {
	ID         int64
	Email      string // never shown publicly
	Government string
	Role       string // official | admin
	// SecondFactor: the account signs in with a TOTP code after its password
	// (second_factor.go). Administrators must have it.
	SecondFactor bool
}

// Actor is who made a change as the public history shows it: a role and a
// government, never a person's email.
func (a Account) Actor() string { return a.Role + ":" + a.Government }

// ErrBadCredentials is returned for an unknown email and for a wrong password alike.
var ErrBadCredentials = errors.New("store: wrong email or password")

// Session lifetimes: idle and absolute.
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
)

// argon2id parameters: RFC 9106's second recommended option (64 MiB, 3 passes) on
// one lane, so that one hash keeps one core busy, not two: the web layer bounds how
// many run at once by the cores it leaves to the public (web/login_guard.go).
// Hashes made with other parameters are still checked with their own, and replaced
// at the account's next sign-in (outdatedHash).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// ArgonMemoryBytes is what one password hash allocates.
const ArgonMemoryBytes = argonMemory * 1024

// outdatedHash reports whether a stored hash was made with other parameters than
// HashPassword uses today.
func outdatedHash(hash string) bool {
	return !strings.Contains(hash, fmt.Sprintf("$m=%d,t=%d,p=%d$", argonMemory, argonTime, argonThreads))
}

// HashPassword hashes a password with argon2id into a self-describing string.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// checkPassword compares a password with a hash made by HashPassword.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the email is unknown, so an unknown email costs
// the same time as a wrong password.
// It is made at the first sign-in, not when the program starts: every command and
// test binary would pay for it otherwise.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("no account has this password")
	return h
})

// AddAccount creates an account for a government; the password is hashed here.
func (db *DB) AddAccount(ctx context.Context, email, password, government, role string) (Account, error) {
	email = strings.TrimSpace(email)
	if !strings.Contains(email, "@") || len(email) > 254 {
		return Account{}, fmt.Errorf("%q is not an email address", email)
	}
	if len(password) < 12 {
		return Account{}, errors.New("the password must have at least 12 characters")
	}
	if role != "official" && role != "admin" {
		return Account{}, fmt.Errorf("role %q is not official or admin", role)
	}
	if ok, err := db.Exists(ctx, "government", government); err != nil {
		return Account{}, err
	} else if !ok {
		return Account{}, fmt.Errorf("no government has the slug %q", government)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return Account{}, err
	}
	var id int64
	err = db.write.QueryRowContext(ctx, `INSERT INTO account (email, password_hash, government, role, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, email, hash, government, role, now()).Scan(&id)
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return Account{}, fmt.Errorf("an account for %s exists already", email)
	}
	if err != nil {
		return Account{}, err
	}
	return Account{ID: id, Email: email, Government: government, Role: role}, nil
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewSession starts a session for an account and returns its token (the only copy).
func (db *DB) NewSession(ctx context.Context, account int64) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	t := now()
	_, err := db.write.ExecContext(ctx, `INSERT INTO session (token_hash, account, created_at, last_seen) VALUES (?, ?, ?, ?)`,
		tokenHash(token), account, t, t)
	return token, err
}

// SessionAccount returns the account of a live session and records the visit. A
// session idle for SessionIdle or older than SessionAbsolute is ended.
func (db *DB) SessionAccount(ctx context.Context, token string) (Account, error) {
	if token == "" {
		return Account{}, ErrNotFound
	}
	h := tokenHash(token)
	var a Account
	var created, seen string
	err := db.read.QueryRowContext(ctx, `SELECT a.id, a.email, a.government, a.role, a.totp_secret <> '', s.created_at, s.last_seen
		FROM session s JOIN account a ON a.id = s.account WHERE s.token_hash = ?`, h).
		Scan(&a.ID, &a.Email, &a.Government, &a.Role, &a.SecondFactor, &created, &seen)
	if err != nil {
		return Account{}, notFound(err)
	}
	c, _ := time.Parse(time.RFC3339, created)
	s, _ := time.Parse(time.RFC3339, seen)
	if time.Since(c) > SessionAbsolute || time.Since(s) > SessionIdle {
		db.EndSession(ctx, token)
		return Account{}, ErrNotFound
	}
	// Record the visit at most once a minute: a write per page view is wasteful.
	if time.Since(s) > time.Minute {
		db.write.ExecContext(ctx, `UPDATE session SET last_seen = ? WHERE token_hash = ?`, now(), h)
	}
	return a, nil
}

// EndOtherSessions ends every session of an account but the one of keep.
func (db *DB) EndOtherSessions(ctx context.Context, account int64, keep string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM session WHERE account = ? AND token_hash <> ?`, account, tokenHash(keep))
	if err != nil {
		return fmt.Errorf("store: end the other sessions of account %d: %w", account, err)
	}
	return nil
}

// EndSession ends a session (logout, expiry).
func (db *DB) EndSession(ctx context.Context, token string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM session WHERE token_hash = ?`, tokenHash(token))
	return err
}

// Governs reports whether an account may edit a government's records: its own
// government, a municipality of its province, or anything for an admin. A failed
// lookup is an error, not a refusal.
func (db *DB) Governs(ctx context.Context, a Account, slug string) (bool, error) {
	if a.Role == "admin" {
		return db.Exists(ctx, "government", slug)
	}
	if a.Government == slug {
		return true, nil
	}
	var parent sql.NullString
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT parent FROM government WHERE slug = ?`, slug).Scan(&parent)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: does %s govern %s: %w", a.Government, slug, err)
	}
	return parent.Valid && parent.String == a.Government, nil
}

// Governed lists the governments whose records an official may change: their own and,
// for a province, its municipalities (Governs decides the same for one slug). For an
// admin, who may change everything, it is nil.
func (db *DB) Governed(ctx context.Context, a Account) (slugs []string, err error) {
	if a.Role == "admin" {
		return nil, nil
	}
	defer wrap(&err, "governments of %s", a.Government)
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT slug FROM government WHERE parent = ?`, a.Government)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	slugs = []string{a.Government}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		slugs = append(slugs, s)
	}
	return slugs, rows.Err()
}
