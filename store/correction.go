package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Correction is a correction suggested by the public for a government's or an
// agreement's record, queued for that government's officials. Nothing about the
// person who suggested it is kept.
type Correction struct {
	ID         int64
	RecordType string // government | agreement
	RecordID   string // slug or agreement id
	Government string // the record's government (for an agreement, its first party)
	Text       string
	SourceURL  string
	Status     string // pending | accepted | rejected
	Reason     string // the decision's reason
	CreatedAt  string
	DecidedAt  string
	DecidedBy  string // actor: role:government
	// AppliedChange is the change row of the edit that applied an accepted
	// correction to its record, 0 until an official makes it.
	AppliedChange int64
	// The record's parties as lists show them: the government, or the agreement's
	// two parties (B is empty for a government).
	A, B GovRef
	// Decider is the government in DecidedBy (empty while pending).
	Decider GovRef
}

// Correction statuses, in display order.
var CorrectionStatuses = []string{"pending", "accepted", "rejected"}

// Limits of a suggested correction, in characters.
const (
	MaxCorrectionText   = 4000
	MaxCorrectionSource = 2000
	MaxDecisionReason   = 2000
)

// ErrDecided is returned when deciding a correction that is no longer pending.
var ErrDecided = errors.New("store: correction already decided")

// PublicActor is the change log's actor for anonymous suggestions.
const PublicActor = "public"

// correctionRow is a correction as the change log stores it (no joined names).
type correctionRow struct {
	ID         int64  `json:"id"`
	RecordType string `json:"record_type"`
	RecordID   string `json:"record_id"`
	Government string `json:"government"`
	Text       string `json:"text"`
	SourceURL  string `json:"source_url"`
	Status     string `json:"status"`
	Reason     string `json:"reason"`
	CreatedAt  string `json:"created_at"`
	DecidedAt  string `json:"decided_at"`
	DecidedBy  string `json:"decided_by"`
	// AppliedChange is omitted until set, so the logged state of older decisions
	// reads the same.
	AppliedChange int64 `json:"applied_change,omitempty"`
}

func (c Correction) row() correctionRow {
	return correctionRow{c.ID, c.RecordType, c.RecordID, c.Government, c.Text, c.SourceURL, c.Status, c.Reason,
		c.CreatedAt, c.DecidedAt, c.DecidedBy, c.AppliedChange}
}

// MarshalJSON writes the stored fields only.
func (c Correction) MarshalJSON() ([]byte, error) { return json.Marshal(c.row()) }

// agreementOf is the agreement a correction concerns, for the change log's agreement
// column ("" for a government).
func (c Correction) agreementOf() string {
	if c.RecordType == "agreement" {
		return c.RecordID
	}
	return ""
}

// RecordGovernment resolves a record (government slug or agreement id) to the
// government its corrections are queued for: the government itself, or an
// agreement's first party. An unknown record is ErrNotFound.
func (db *DB) RecordGovernment(ctx context.Context, recordType, recordID string) (string, error) {
	var q string
	switch recordType {
	case "government":
		q = `SELECT slug FROM government WHERE slug = ?`
	case "agreement":
		q = `SELECT government_a FROM agreement WHERE id = ?`
	default:
		return "", fmt.Errorf("%w: record type %q", ErrInvalid, recordType)
	}
	var g string
	err := db.reader(ctx).QueryRowContext(ctx, q, recordID).Scan(&g)
	return g, notFound(err)
}

// SuggestCorrection queues a correction for its record's government, with a change
// row by the public. Text and source are checked by the caller; the record must exist.
func (db *DB) SuggestCorrection(ctx context.Context, c Correction) (Correction, error) {
	c.Text = strings.TrimSpace(c.Text)
	if c.Text == "" {
		return c, fmt.Errorf("%w: a correction needs a text", ErrInvalid)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	switch c.RecordType {
	case "government":
		err = tx.QueryRowContext(ctx, `SELECT slug FROM government WHERE slug = ?`, c.RecordID).Scan(&c.Government)
	case "agreement":
		err = tx.QueryRowContext(ctx, `SELECT government_a FROM agreement WHERE id = ?`, c.RecordID).Scan(&c.Government)
	default:
		return c, fmt.Errorf("%w: record type %q", ErrInvalid, c.RecordType)
	}
	if err != nil {
		return c, notFound(err)
	}
	c.Status, c.Reason, c.DecidedAt, c.DecidedBy = "pending", "", "", ""
	c.CreatedAt = now()
	if err := tx.QueryRowContext(ctx, `INSERT INTO correction (record_type, record_id, government, text, source_url, status, created_at)
		VALUES (?, ?, ?, ?, ?, 'pending', ?) RETURNING id`,
		c.RecordType, c.RecordID, c.Government, c.Text, c.SourceURL, c.CreatedAt).Scan(&c.ID); err != nil {
		return c, err
	}
	if err := logChange(ctx, tx, PublicActor, "correction", itoa(c.ID), c.agreementOf(), "create", nil, c, ""); err != nil {
		return c, err
	}
	return c, db.commit(ctx, tx)
}

// DecideCorrection accepts or rejects a pending correction with a reason, with a
// change row (before and after). Whether actor may decide is the caller's check.
// A correction already decided is ErrDecided. Accepting changes only the
// correction: the record itself is corrected through the normal, audited writes.
func (db *DB) DecideCorrection(ctx context.Context, actor string, id int64, decision, reason string) (Correction, error) {
	status := map[string]string{"accept": "accepted", "reject": "rejected"}[decision]
	reason = strings.TrimSpace(reason)
	switch {
	case status == "":
		return Correction{}, fmt.Errorf("%w: decision %q is not accept or reject", ErrInvalid, decision)
	case reason == "":
		return Correction{}, fmt.Errorf("%w: a decision needs a reason", ErrInvalid)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return Correction{}, err
	}
	defer tx.Rollback()
	before, err := correctionTx(ctx, tx, id)
	if err != nil {
		return Correction{}, err
	}
	if before.Status != "pending" {
		return before, ErrDecided
	}
	after := before
	after.Status, after.Reason, after.DecidedAt, after.DecidedBy = status, reason, now(), actor
	res, err := tx.ExecContext(ctx, `UPDATE correction SET status = ?, reason = ?, decided_at = ?, decided_by = ?
		WHERE id = ? AND status = 'pending'`, after.Status, after.Reason, after.DecidedAt, after.DecidedBy, id)
	if err != nil {
		return Correction{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return before, ErrDecided
	}
	if err := logChange(ctx, tx, actor, "correction", itoa(id), before.agreementOf(), decision, before, after, reason); err != nil {
		return Correction{}, err
	}
	return after, db.commit(ctx, tx)
}

// correctionSelect yields a Correction with its record's parties; the record's
// parties are empty when the record no longer exists.
const correctionSelect = `SELECT c.id, c.record_type, c.record_id, c.government, c.text, c.source_url, c.status, c.reason,
	c.created_at, c.decided_at, c.decided_by, c.applied_change,
	coalesce(ga.slug, ''), coalesce(ga.name, ''), coalesce(ga.name_local, ''), coalesce(ga.name_fr, ''), coalesce(ga.name_ko, ''),
	coalesce(ga.country, ''), coalesce(ga.region, ''), coalesce(ga.level, ''),
	coalesce(gb.slug, ''), coalesce(gb.name, ''), coalesce(gb.name_local, ''), coalesce(gb.name_fr, ''), coalesce(gb.name_ko, ''),
	coalesce(gb.country, ''), coalesce(gb.region, ''), coalesce(gb.level, ''),
	coalesce(gd.slug, ''), coalesce(gd.name, ''), coalesce(gd.name_local, ''), coalesce(gd.name_fr, ''), coalesce(gd.name_ko, ''),
	coalesce(gd.country, ''), coalesce(gd.region, ''), coalesce(gd.level, '')
	FROM correction c
	LEFT JOIN agreement ag ON c.record_type = 'agreement' AND ag.id = c.record_id
	LEFT JOIN government ga ON ga.slug = CASE c.record_type WHEN 'agreement' THEN ag.government_a ELSE c.record_id END
	LEFT JOIN government gb ON gb.slug = ag.government_b
	LEFT JOIN government gd ON c.decided_by <> '' AND gd.slug = substr(c.decided_by, instr(c.decided_by, ':') + 1) `

type scanner interface{ Scan(...any) error }

func scanCorrection(s scanner) (Correction, error) {
	var c Correction
	args := []any{&c.ID, &c.RecordType, &c.RecordID, &c.Government, &c.Text, &c.SourceURL, &c.Status, &c.Reason,
		&c.CreatedAt, &c.DecidedAt, &c.DecidedBy, &c.AppliedChange}
	args = append(args, c.A.scanArgs()...)
	args = append(args, c.B.scanArgs()...)
	args = append(args, c.Decider.scanArgs()...)
	err := s.Scan(args...)
	return c, err
}

func correctionTx(ctx context.Context, tx *sql.Tx, id int64) (Correction, error) {
	c, err := scanCorrection(tx.QueryRowContext(ctx, correctionSelect+`WHERE c.id = ?`, id))
	return c, notFound(err)
}

// CorrectionByID returns one correction.
func (db *DB) CorrectionByID(ctx context.Context, id int64) (Correction, error) {
	c, err := scanCorrection(db.reader(ctx).QueryRowContext(ctx, correctionSelect+`WHERE c.id = ?`, id))
	return c, notFound(err)
}

func (db *DB) corrections(ctx context.Context, where, order string, args ...any) ([]Correction, error) {
	note(ctx, scopeCorrections)
	rows, err := db.query(ctx, correctionSelect+`WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Correction
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Corrections lists corrections with one status ("" for all), newest first, from
// offset, at most limit, with the number there are in all.
func (db *DB) Corrections(ctx context.Context, status string, limit, offset int) ([]Correction, int, error) {
	note(ctx, scopeCorrections)
	var total int
	if err := db.reader(ctx).QueryRowContext(ctx, `SELECT count(*) FROM correction WHERE ?1 = '' OR status = ?1`, status).Scan(&total); err != nil {
		return nil, 0, err
	}
	cs, err := db.corrections(ctx, `(?1 = '' OR c.status = ?1)`, `c.id DESC LIMIT ?2 OFFSET ?3`, status, limit, offset)
	return cs, total, err
}

// LatestCorrectionID is the id of the newest correction (0 when there is none).
func (db *DB) LatestCorrectionID(ctx context.Context) (int64, error) {
	note(ctx, scopeCorrections)
	var id int64
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM correction`).Scan(&id)
	return id, err
}

// PendingCorrections lists the pending corrections that officials of the given
// governments may decide, oldest first: those on a record of one of them (a
// government, or an agreement either of whose parties is one of them) or of a
// government whose parent is one of them — the same rule as Governs. An empty list
// yields nothing; see PendingCorrectionsFor for admins.
func (db *DB) PendingCorrections(ctx context.Context, governments []string) ([]Correction, error) {
	if len(governments) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(governments)
	if err != nil {
		return nil, err
	}
	return db.corrections(ctx, `c.status = 'pending' AND EXISTS (
		SELECT 1 FROM government g WHERE g.slug IN (ga.slug, gb.slug)
			AND (g.slug IN (SELECT value FROM json_each(?1)) OR g.parent IN (SELECT value FROM json_each(?1))))`,
		`c.id`, string(list))
}

// PendingCorrectionsFor lists the pending corrections an account may decide: every
// one for an admin, otherwise those of its government (see PendingCorrections).
func (db *DB) PendingCorrectionsFor(ctx context.Context, a Account) ([]Correction, error) {
	if a.Role == "admin" {
		return db.corrections(ctx, `c.status = 'pending'`, `c.id`)
	}
	return db.PendingCorrections(ctx, []string{a.Government})
}

// LookupGovRef returns the naming part of one government with one indexed query,
// or ErrNotFound.
func (db *DB) LookupGovRef(ctx context.Context, slug string) (GovRef, error) {
	var g GovRef
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT `+govCols("g")+` FROM government g WHERE g.slug = ?`, slug).Scan(g.scanArgs()...)
	return g, notFound(err)
}

// ErrNotApplicable is returned when a correction cannot be applied by an edit of the
// given record: it is not accepted, already applied, or about another record.
var ErrNotApplicable = errors.New("store: the correction cannot be applied to this record")

// applyCorrectionTx links the accepted correction id to change, the edit of its
// record (recordType, recordID) just logged in tx, and logs that link.
func applyCorrectionTx(ctx context.Context, tx *sql.Tx, actor string, id, change int64, recordType, recordID string) error {
	before, err := correctionTx(ctx, tx, id)
	if err != nil {
		return err
	}
	if before.Status != "accepted" || before.AppliedChange != 0 || before.RecordType != recordType || before.RecordID != recordID {
		return ErrNotApplicable
	}
	after := before
	after.AppliedChange = change
	if _, err := tx.ExecContext(ctx, `UPDATE correction SET applied_change = ? WHERE id = ?`, change, id); err != nil {
		return err
	}
	return logChange(ctx, tx, actor, "correction", itoa(id), before.agreementOf(), "apply", before, after,
		fmt.Sprintf("applied by change %d", change))
}
