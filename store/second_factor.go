package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Second factor: TOTP (RFC 6238: 6 digits, 30-second steps, SHA-1, the settings
// every authenticator app reads from an otpauth:// link) plus recovery codes.

// ErrBadCode is returned for a wrong, reused or expired code.
var ErrBadCode = errors.New("store: wrong or already used code")

const (
	totpPeriod      = 30
	totpSkew        = 1 // one step either side: phones' clocks drift
	pendingLifetime = 5 * time.Minute
	pendingTries    = 5 // codes per password check; then the password again
	recoveryCodes   = 10
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewSecondFactorKey makes a fresh TOTP secret for an account to scan. Nothing is
// stored until EnableSecondFactor confirms a code made with it.
func NewSecondFactorKey(email string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: "Twinning Tracker", AccountName: email, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// matchStep returns the time step whose code is code (within the skew), or 0.
func matchStep(secret, code string, now time.Time) int64 {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0
	}
	step := now.Unix() / totpPeriod
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+d)*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step + d
		}
	}
	return 0
}

// EnableSecondFactor turns TOTP on for an account once code proves the secret was
// taken up by an authenticator, and returns new recovery codes (the only copy:
// only their SHA-256 is kept).
func (db *DB) EnableSecondFactor(ctx context.Context, account int64, secret, code string) (codes []string, err error) {
	defer wrap(&err, "turn on the second factor of account %d", account)
	step := matchStep(secret, code, time.Now())
	if step == 0 {
		return nil, ErrBadCode
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE account SET totp_secret = ?, totp_step = ? WHERE id = ?`, secret, step, account); err != nil {
		return nil, err
	}
	if codes, err = replaceRecoveryCodes(ctx, tx, account); err != nil {
		return nil, err
	}
	return codes, tx.Commit()
}

// DisableSecondFactor turns TOTP off, given a current code. Administrators cannot.
func (db *DB) DisableSecondFactor(ctx context.Context, a Account, code string) (err error) {
	defer wrap(&err, "turn off the second factor of account %d", a.ID)
	if a.Role == "admin" {
		return errors.New("administrators must keep the second factor")
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := checkCode(ctx, tx, a.ID, code); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE account SET totp_secret = '', totp_step = 0 WHERE id = ?`, a.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_code WHERE account = ?`, a.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// replaceRecoveryCodes makes an account's recovery codes anew: ten codes of ten
// base32 characters (50 bits each), shown as two groups of five.
func replaceRecoveryCodes(ctx context.Context, tx *sql.Tx, account int64) ([]string, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_code WHERE account = ?`, account); err != nil {
		return nil, err
	}
	codes := make([]string, recoveryCodes)
	for i := range codes {
		raw := make([]byte, 10)
		if _, err := rand.Read(raw); err != nil {
			return nil, err
		}
		c := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw)[:10])
		codes[i] = c[:5] + "-" + c[5:]
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_code (account, code_hash) VALUES (?, ?)`, account,
			tokenHash(normalRecoveryCode(codes[i]))); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

func normalRecoveryCode(c string) string {
	return strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(c)))
}

// checkCode accepts a TOTP code for a step after the last one accepted (a code
// works once), or an unused recovery code (then used up), and records which.
func checkCode(ctx context.Context, tx *sql.Tx, account int64, code string) error {
	var secret string
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT totp_secret, totp_step FROM account WHERE id = ?`, account).Scan(&secret, &last); err != nil {
		return notFound(err)
	}
	if secret == "" {
		return ErrBadCode
	}
	if step := matchStep(secret, code, time.Now()); step != 0 {
		if step <= last {
			return ErrBadCode
		}
		_, err := tx.ExecContext(ctx, `UPDATE account SET totp_step = ? WHERE id = ?`, step, account)
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE recovery_code SET used_at = ? WHERE account = ? AND code_hash = ? AND used_at = ''`,
		now(), account, tokenHash(normalRecoveryCode(code)))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrBadCode
	}
	return nil
}

// BeginSecondFactor records that an account's password was right and returns the
// token the code form carries.
func (db *DB) BeginSecondFactor(ctx context.Context, account int64, knownDevice bool) (token string, err error) {
	defer wrap(&err, "await the code of account %d", account)
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token = fmt.Sprintf("%x", raw)
	cutoff := time.Now().Add(-pendingLifetime).UTC().Format(time.RFC3339)
	if _, err := db.write.ExecContext(ctx, `DELETE FROM signin_pending WHERE created_at < ?`, cutoff); err != nil {
		return "", err
	}
	_, err = db.write.ExecContext(ctx, `INSERT INTO signin_pending (token_hash, account, created_at, known_device) VALUES (?, ?, ?, ?)`,
		tokenHash(token), account, now(), knownDevice)
	return token, err
}

// FinishSecondFactor checks the code given for a pending sign-in and returns its
// account when it is right. A pending sign-in allows pendingTries codes within
// pendingLifetime; after that it is gone and the password must be given again.
// Every code is recorded as a sign-in attempt.
func (db *DB) FinishSecondFactor(ctx context.Context, token, code, address string) (a Account, err error) {
	defer wrap(&err, "check a second-factor code")
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return Account{}, err
	}
	defer tx.Rollback()
	var created string
	var tries int
	var known bool
	err = tx.QueryRowContext(ctx, `SELECT p.created_at, p.tries, p.known_device, a.id, a.email, a.government, a.role
		FROM signin_pending p JOIN account a ON a.id = p.account WHERE p.token_hash = ?`, tokenHash(token)).
		Scan(&created, &tries, &known, &a.ID, &a.Email, &a.Government, &a.Role)
	if err != nil {
		return Account{}, notFound(err)
	}
	at, _ := time.Parse(time.RFC3339, created)
	if time.Since(at) > pendingLifetime || tries >= pendingTries {
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_pending WHERE token_hash = ?`, tokenHash(token)); err != nil {
			return Account{}, err
		}
		return Account{}, errors.Join(ErrNotFound, tx.Commit())
	}
	a.SecondFactor = true
	result, outcome := checkCode(ctx, tx, a.ID, code), "ok"
	switch {
	case errors.Is(result, ErrBadCode):
		outcome = "wrong_code"
		if _, err := tx.ExecContext(ctx, `UPDATE signin_pending SET tries = tries + 1 WHERE token_hash = ?`, tokenHash(token)); err != nil {
			return Account{}, err
		}
	case result != nil:
		return Account{}, result
	default:
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_pending WHERE token_hash = ?`, tokenHash(token)); err != nil {
			return Account{}, err
		}
	}
	if err := logSignIn(ctx, tx, address, a.ID, outcome, known); err != nil {
		return Account{}, err
	}
	if err := tx.Commit(); err != nil {
		return Account{}, err
	}
	if result != nil {
		return Account{}, result
	}
	return a, nil
}
