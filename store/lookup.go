package store

import (
	"context"
	"errors"
)

// Lookups a merging import (import-wikidata) makes before it writes: the records it
// may fill in, read whole so that what it writes back keeps every value it had.

// GovernmentRecord returns a government's own fields and sources; ErrNotFound when
// there is none.
func (db *DB) GovernmentRecord(ctx context.Context, slug string) (g *Government, err error) {
	err = db.readTx(ctx, func(tx queryer) error {
		var r Government
		if err := tx.QueryRowContext(ctx, `SELECT `+governmentCols+` FROM government WHERE slug = ?`, slug).Scan(r.fields()...); err != nil {
			return notFound(err)
		}
		r.Sources, err = citedTx(ctx, tx, "government", slug)
		g = &r
		return err
	})
	return g, err
}

// GovernmentByWikidata returns the slug of the government with Wikidata id qid, or
// "" when none has it.
func (db *DB) GovernmentByWikidata(ctx context.Context, qid string) (string, error) {
	var slug string
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT slug FROM government WHERE wikidata = ? ORDER BY slug LIMIT 1`, qid).Scan(&slug)
	if err = notFound(err); errors.Is(err, ErrNotFound) {
		return "", nil
	}
	return slug, err
}

// AgreementBetween returns the agreement between governments a and b, in either
// order, with its sources; ErrNotFound when there is none.
func (db *DB) AgreementBetween(ctx context.Context, a, b string) (*Agreement, error) {
	var id string
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT id FROM agreement
		WHERE government_a = ?1 AND government_b = ?2 OR government_a = ?2 AND government_b = ?1 ORDER BY id LIMIT 1`, a, b).Scan(&id)
	if err != nil {
		return nil, notFound(err)
	}
	return db.AgreementByID(ctx, id)
}
