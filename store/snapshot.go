package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// snapshotTables are the tables a public snapshot keeps; every other table and view
// is dropped from the copy. It is an allow-list on purpose: a table added later is
// private until someone decides to publish it here. The issue "accounts" will add
// tables such as users and sessions, which must never reach a snapshot — this list is
// what keeps them out. (change.actor is public too: keep it to public names.)
// Derived tables (the full-text search index of migration 0002) are left out as
// well: they can be rebuilt from the records, and leaving them out keeps the file
// small and readable by SQLite builds without FTS5.
var snapshotTables = map[string]bool{
	"schema_migration": true,
	"country":          true,
	"government":       true,
	"agreement":        true,
	"event":            true,
	"activity":         true,
	"source":           true,
	"citation":         true,
	"change":           true,
	"report":           true, // public: who has reported which year
	"correction":       true, // public: the corrections log (no submitter data is kept)
	"confirmation":     true, // public: which side reported a record, and the other side's word on it
}

// snapshotTriggers are the triggers a snapshot keeps. Any other trigger goes: it may
// write to a table that was dropped (the search index's triggers do), which would
// make every edit of the copy fail.
var snapshotTriggers = map[string]bool{
	"change_no_update": true,
	"change_no_delete": true,
}

// Snapshot writes a consistent copy of the database's public tables, as a standalone
// SQLite file any SQLite tool opens, to w. It makes the copy in a temporary file
// (deleted before returning), and reports the version the copy holds and its size.
func (db *DB) Snapshot(ctx context.Context, w io.Writer) (Version, int64, error) {
	note(ctx, scopeChanges)
	dir, err := os.MkdirTemp("", "twinning-snapshot-")
	if err != nil {
		// No usable temporary folder: the database's own folder is writable.
		if dir, err = os.MkdirTemp(filepath.Dir(db.path), ".twinning-snapshot-"); err != nil {
			return Version{}, 0, fmt.Errorf("snapshot: %w", err)
		}
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "twinning.sqlite")
	v, err := db.SnapshotTo(ctx, path)
	if err != nil {
		return Version{}, 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Version{}, 0, fmt.Errorf("snapshot: %w", err)
	}
	defer f.Close()
	n, err := io.Copy(w, f)
	if err != nil {
		return Version{}, 0, fmt.Errorf("snapshot: %w", err)
	}
	return v, n, nil
}

// SnapshotTo writes the snapshot to a new file at dst, which must not exist yet, and
// reports the version it holds.
//
// VACUUM INTO copies the database inside one read transaction, so the copy is
// consistent; under WAL a reader neither waits for the writer nor blocks it, so
// writes go on while the copy is made. It needs a connection that is not query_only
// (it writes the new file), so it gets its own short-lived one, which only ever runs
// this statement. The copy is in rollback-journal mode, not WAL: a single file.
func (db *DB) SnapshotTo(ctx context.Context, dst string) (Version, error) {
	return db.vacuumInto(ctx, "snapshot", dst, keepPublicTables)
}

// vacuumInto writes one committed state of the database to dst, which must not
// exist, then has finish trim the copy and read its version; on failure dst is
// removed. what names the operation in errors.
func (db *DB) vacuumInto(ctx context.Context, what, dst string, finish func(context.Context, string) (Version, error)) (Version, error) {
	if _, err := os.Lstat(dst); !errors.Is(err, os.ErrNotExist) {
		return Version{}, fmt.Errorf("%s: %s already exists", what, dst)
	}
	src, err := sql.Open("sqlite", snapshotSourceDSN(db.path))
	if err != nil {
		return Version{}, fmt.Errorf("%s: %w", what, err)
	}
	defer src.Close()
	src.SetMaxOpenConns(1)
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		os.Remove(dst)
		return Version{}, fmt.Errorf("%s: copying the database: %w", what, err)
	}
	v, err := finish(ctx, dst)
	if err != nil {
		os.Remove(dst)
		return Version{}, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

func snapshotSourceDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	return u.String()
}

// keepPublicTables drops, from the copy at path, every table and view not in
// snapshotTables and every trigger not in snapshotTriggers, then rewrites the file so
// no page of a dropped table survives as free space, and reads the version the copy
// holds.
func keepPublicTables(ctx context.Context, path string) (Version, error) {
	q := url.Values{}
	q.Add("_pragma", "secure_delete(1)") // freed pages are zeroed
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	cp, err := sql.Open("sqlite", u.String())
	if err != nil {
		return Version{}, err
	}
	defer cp.Close()
	cp.SetMaxOpenConns(1)

	objs, err := schemaObjects(ctx, cp)
	if err != nil {
		return Version{}, err
	}
	// A virtual table (full-text search) owns shadow tables named after it: they stay
	// when it stays, and go with it when it is dropped.
	shadow := func(name string) bool {
		for _, o := range objs {
			if o.kind == "virtual" && snapshotTables[o.name] && strings.HasPrefix(name, o.name+"_") {
				return true
			}
		}
		return false
	}
	keep := func(o schemaObject) bool {
		if o.kind == "trigger" {
			return snapshotTriggers[o.name]
		}
		return snapshotTables[o.name] || shadow(o.name)
	}
	// Views first (with their INSTEAD OF triggers), then virtual tables (with their
	// shadow tables), then plain tables (with their indexes and triggers), then any
	// other trigger; IF EXISTS because an earlier drop may have taken it already.
	dropped := false
	for _, kind := range []string{"view", "virtual", "table", "trigger"} {
		for _, o := range objs {
			if o.kind != kind || keep(o) {
				continue
			}
			stmt := map[string]string{"view": "DROP VIEW", "virtual": "DROP TABLE", "table": "DROP TABLE", "trigger": "DROP TRIGGER"}[kind]
			if _, err := cp.ExecContext(ctx, stmt+" IF EXISTS "+quoteIdent(o.name)); err != nil {
				return Version{}, fmt.Errorf("drop %s from the copy: %w", o.name, err)
			}
			dropped = true
		}
	}
	// Anything left over that is not public is an error, never a silent leak.
	left, err := schemaObjects(ctx, cp)
	if err != nil {
		return Version{}, err
	}
	for _, o := range left {
		if !keep(o) {
			return Version{}, fmt.Errorf("%s %s could not be dropped from the copy", o.kind, o.name)
		}
	}
	// The search index is not shipped; forget its migration on the copy, so a portal
	// that opens the snapshot as its database rebuilds the index instead of searching
	// an index that is not there.
	if _, err := cp.ExecContext(ctx, `DELETE FROM schema_migration WHERE version = '0002_search'`); err != nil {
		return Version{}, err
	}
	if dropped {
		if _, err := cp.ExecContext(ctx, `VACUUM`); err != nil {
			return Version{}, err
		}
	}
	return readVersion(ctx, cp)
}

// schemaObject is a table, virtual table, view or trigger of a database.
type schemaObject struct{ kind, name string }

func schemaObjects(ctx context.Context, db *sql.DB) ([]schemaObject, error) {
	rows, err := db.QueryContext(ctx, `SELECT type, name, coalesce(sql, '') FROM sqlite_schema
		WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		var create string
		if err := rows.Scan(&o.kind, &o.name, &create); err != nil {
			return nil, err
		}
		if o.kind == "table" && strings.HasPrefix(strings.ToUpper(create), "CREATE VIRTUAL TABLE") {
			o.kind = "virtual"
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
