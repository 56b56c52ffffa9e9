package store

import (
	"context"
	"fmt"
)

// Check runs SQLite's integrity check and the foreign-key check and returns every
// problem found, in words.
func (db *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := db.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, "integrity: "+s)
		}
	}
	rows.Close()
	rows, err = db.read.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid *int64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign key: a row of %s refers to a missing %s", table, parent))
	}
	return problems, rows.Err()
}

// Exists returns a function reporting whether a government (by slug) or an agreement
// (by id) is already recorded, for validating imports that refer to existing records.
func (db *DB) Exists(ctx context.Context) func(kind, id string) bool {
	return func(kind, id string) bool {
		table, col := "government", "slug"
		if kind == "agreement" {
			table, col = "agreement", "id"
		}
		var n int
		err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+col+` = ?`, id).Scan(&n)
		return err == nil && n > 0
	}
}
