package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A release is an immutable, dated copy of the public record that a link can cite
// for ever: its own SQLite file (served read-only by the portal), the CSV zip made
// from that file, and their checksums, in a folder of their own. The list of
// releases (table data_release) is public and never loses a row: deleting a release
// removes its files and records who deleted it, when and why.

// Release is one release as the list of releases records it.
type Release struct {
	ID      string // the day it was cut (2026-12-07), with .2, .3… for later ones that day
	CutAt   string // RFC 3339
	CutBy   string
	Note    string
	Version int64  // the newest change row the release holds
	AsOf    string // the data's as-of date in the release
	Counts  ReleaseCounts
	Files   []ReleaseFile

	DeletedAt, DeletedBy, DeletedReason string
}

// Deleted reports whether the release's files were deleted.
func (r Release) Deleted() bool { return r.DeletedAt != "" }

// ReleaseCounts are the records of each kind a release holds.
type ReleaseCounts struct {
	Countries   int `json:"countries"`
	Governments int `json:"governments"`
	Agreements  int `json:"agreements"`
	Events      int `json:"events"`
	Activities  int `json:"activities"`
	Sources     int `json:"sources"`
	Corrections int `json:"corrections"`
	// The first and last years the records speak of (DataYears), for the
	// release's temporal coverage.
	FirstYear int `json:"first_year,omitempty"`
	LastYear  int `json:"last_year,omitempty"`
}

// ReleaseFile is one file of a release, with its size and SHA-256 (hex).
type ReleaseFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// ReleaseDB is the name of a release's database file in its folder.
const ReleaseDB = "twinning.sqlite"

// ReleaseSums is the checksum file of a release's folder (`sha256sum -c` reads it),
// written after the files it names.
const ReleaseSums = "SHA256SUMS"

// SumsText is the release's SHA256SUMS: a line per file, as sha256sum -c reads it.
func (r Release) SumsText() string {
	var b strings.Builder
	for _, f := range r.Files {
		b.WriteString(f.SHA256 + "  " + f.Name + "\n")
	}
	return b.String()
}

// HashFile describes the file at path as the list of releases records it: its
// name, size and SHA-256.
func HashFile(path string) (ReleaseFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return ReleaseFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return ReleaseFile{}, fmt.Errorf("hashing %s: %w", path, err)
	}
	return ReleaseFile{Name: filepath.Base(path), Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// FileNames are the files of release r's folder, SHA256SUMS last.
func (r Release) FileNames() []string {
	names := make([]string, 0, len(r.Files)+1)
	for _, f := range r.Files {
		names = append(names, f.Name)
	}
	return append(names, ReleaseSums)
}

var releaseIDPattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}(\.[1-9][0-9]{0,3})?$`)

// ValidReleaseID reports whether id has the form of a release id, so a request
// for any other name never reaches the file system.
func ValidReleaseID(id string) bool { return releaseIDPattern.MatchString(id) }

// ReleasesDir is the folder that holds one folder per release: beside the database
// file, named after it (twinning.db → twinning.db.releases).
func (db *DB) ReleasesDir() string { return db.path + ".releases" }

// ReleaseDir is the folder of one release.
func (db *DB) ReleaseDir(id string) string { return filepath.Join(db.ReleasesDir(), id) }

// NextReleaseID is the id a release cut on day (YYYY-MM-DD) gets: the day itself,
// or the day with the next free number after it. Deleted releases keep their id,
// and an id whose folder exists is skipped too (a cut that stopped between making
// its folder and listing it).
func (db *DB) NextReleaseID(ctx context.Context, day string) (string, error) {
	taken := map[string]bool{}
	rows, err := db.write.QueryContext(ctx, `SELECT id FROM data_release WHERE id = ?1 OR id GLOB ?1 || '.*'`, day)
	if err != nil {
		return "", fmt.Errorf("store: release ids of %s: %w", day, err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return "", fmt.Errorf("store: release ids of %s: %w", day, err)
		}
		taken[id] = true
	}
	rows.Close()
	for n := 1; ; n++ {
		id := day
		if n > 1 {
			id = fmt.Sprintf("%s.%d", day, n)
		}
		if !ValidReleaseID(id) {
			return "", fmt.Errorf("store: no release id left for %s", day)
		}
		if _, err := os.Lstat(db.ReleaseDir(id)); taken[id] || !errors.Is(err, os.ErrNotExist) {
			continue
		}
		return id, nil
	}
}

// releasePrivate are the tables whose rows never reach a release: accounts, their
// sign-ins and second factors, and the list of releases itself (a release does not
// list releases). Their rows are deleted from the copy, with secure_delete, and the
// file rewritten, so nothing of them survives as free space; the tables stay (empty)
// so the portal's code reads the release like any database of its version.
var releasePrivate = map[string]bool{
	"account": true, "session": true, "known_device": true, "signin": true,
	"recovery_code": true, "signin_pending": true, "data_release": true,
	// Litestream's bookkeeping, in a replicated database (replica package).
	"_litestream_seq": true, "_litestream_lock": true,
}

// releaseDerived are the tables a release keeps besides the public ones
// (snapshotTables): what the portal computed from the records (search index, tallies,
// totals) and the coverage and reference figures, so pages read from a release are
// drawn exactly as the live portal drew them, without recomputing anything.
var releaseDerived = map[string]bool{
	"search_doc": true, "search_government": true, "search_agreement": true, "search_activity": true,
	"search_dirty": true, "maintenance": true, "agreement_tally": true, "activity_tally": true,
	"record_total": true, "coverage": true, "reference_figure": true, "cost_tally": true,
}

// WriteReleaseDB writes a release's database to dst, which must not exist: one
// committed state of the whole database (VACUUM INTO, while writes go on), with the
// rows of every private table removed. A table that is neither public, derived nor
// private stops the release: a table added later is never published by accident.
func (db *DB) WriteReleaseDB(ctx context.Context, dst string) (Version, error) {
	return db.vacuumInto(ctx, "release", dst, scrubRelease)
}

// scrubRelease empties the private tables of the copy at path and rewrites it.
func scrubRelease(ctx context.Context, path string) (Version, error) {
	q := url.Values{}
	q.Add("_pragma", "secure_delete(1)")
	q.Add("_pragma", "journal_mode(DELETE)") // one file, nothing beside it
	cp, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}).String())
	if err != nil {
		return Version{}, err
	}
	defer cp.Close()
	cp.SetMaxOpenConns(1)
	objs, err := schemaObjects(ctx, cp)
	if err != nil {
		return Version{}, err
	}
	virtual := map[string]bool{}
	for _, o := range objs {
		if o.kind == "virtual" {
			virtual[o.name] = true
		}
	}
	shadow := func(name string) bool { // a full-text index's own tables go with it
		for v := range virtual {
			if strings.HasPrefix(name, v+"_") {
				return true
			}
		}
		return false
	}
	for _, o := range objs {
		if o.kind != "table" && o.kind != "virtual" {
			continue
		}
		switch {
		case releasePrivate[o.name]:
			if _, err := cp.ExecContext(ctx, `DELETE FROM `+quoteIdent(o.name)); err != nil {
				return Version{}, fmt.Errorf("emptying %s: %w", o.name, err)
			}
		case snapshotTables[o.name], releaseDerived[o.name], shadow(o.name):
		default:
			return Version{}, fmt.Errorf("table %s is neither public nor private: classify it in store/release.go", o.name)
		}
	}
	if _, err := cp.ExecContext(ctx, `VACUUM`); err != nil {
		return Version{}, fmt.Errorf("rewriting the copy: %w", err)
	}
	return readVersion(ctx, cp)
}

// Counts reads how many records of each kind the database holds.
func (db *DB) Counts(ctx context.Context) (c ReleaseCounts, err error) {
	defer wrap(&err, "counting records")
	err = db.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM country), (SELECT count(*) FROM government), (SELECT count(*) FROM agreement),
		(SELECT count(*) FROM event), (SELECT count(*) FROM activity), (SELECT count(*) FROM source),
		(SELECT count(*) FROM correction)`).
		Scan(&c.Countries, &c.Governments, &c.Agreements, &c.Events, &c.Activities, &c.Sources, &c.Corrections)
	if err != nil {
		return c, err
	}
	c.FirstYear, c.LastYear, err = db.DataYears(ctx)
	return c, err
}

// RecordRelease adds a cut release to the list, with its change row, once its
// folder is complete.
func (db *DB) RecordRelease(ctx context.Context, r Release) error {
	counts, err := json.Marshal(r.Counts)
	if err != nil {
		return fmt.Errorf("store: recording release %s: %w", r.ID, err)
	}
	files, err := json.Marshal(r.Files)
	if err != nil {
		return fmt.Errorf("store: recording release %s: %w", r.ID, err)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: recording release %s: %w", r.ID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO data_release (id, cut_at, cut_by, note, version, as_of, counts, files)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.CutAt, r.CutBy, r.Note, r.Version, r.AsOf, string(counts), string(files)); err != nil {
		return fmt.Errorf("store: recording release %s: %w", r.ID, err)
	}
	after := map[string]any{"version": r.Version, "as_of": r.AsOf, "counts": r.Counts, "files": r.Files}
	if err := logChange(ctx, tx, r.CutBy, "release", r.ID, "", "create", nil, after, r.Note); err != nil {
		return fmt.Errorf("store: recording release %s: %w", r.ID, err)
	}
	return db.commit(ctx, tx)
}

// ErrReleaseDeleted is returned for a release whose files were deleted.
var ErrReleaseDeleted = errors.New("store: release deleted")

// DeleteRelease removes a release's files and records who deleted it and why; the
// release stays in the list. A reason is required: the deletion is public.
func (db *DB) DeleteRelease(ctx context.Context, id, actor, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("%w: deleting a release needs a reason", ErrInvalid)
	}
	if !ValidReleaseID(id) {
		return ErrNotFound
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: deleting release %s: %w", id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE data_release SET deleted_at = ?, deleted_by = ?, deleted_reason = ?
		WHERE id = ? AND deleted_at = ''`, now(), actor, reason, id)
	if err != nil {
		return fmt.Errorf("store: deleting release %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		var deleted string
		switch err := tx.QueryRowContext(ctx, `SELECT deleted_at FROM data_release WHERE id = ?`, id).Scan(&deleted); {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return fmt.Errorf("store: deleting release %s: %w", id, err)
		}
		return ErrReleaseDeleted
	}
	if err := logChange(ctx, tx, actor, "release", id, "", "delete", nil, nil, reason); err != nil {
		return fmt.Errorf("store: deleting release %s: %w", id, err)
	}
	// The files go once the deletion is committed: a crash between the two leaves
	// files of a release the list calls deleted, which is never served, and the
	// next deletion attempt (ErrReleaseDeleted) is told so; the reverse order could
	// lose the files of a release the list still offers.
	if err := db.commit(ctx, tx); err != nil {
		return err
	}
	if err := os.RemoveAll(db.ReleaseDir(id)); err != nil {
		return fmt.Errorf("store: release %s is deleted but its files are not: %w", id, err)
	}
	return nil
}

const releaseCols = `id, cut_at, cut_by, note, version, as_of, counts, files, deleted_at, deleted_by, deleted_reason`

func scanRelease(s interface{ Scan(...any) error }) (Release, error) {
	var r Release
	var counts, files string
	if err := s.Scan(&r.ID, &r.CutAt, &r.CutBy, &r.Note, &r.Version, &r.AsOf, &counts, &files,
		&r.DeletedAt, &r.DeletedBy, &r.DeletedReason); err != nil {
		return Release{}, err
	}
	if err := json.Unmarshal([]byte(counts), &r.Counts); err != nil {
		return Release{}, fmt.Errorf("counts of release %s: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(files), &r.Files); err != nil {
		return Release{}, fmt.Errorf("files of release %s: %w", r.ID, err)
	}
	return r, nil
}

// Releases lists every release, the newest first, deleted ones included.
func (db *DB) Releases(ctx context.Context) (_ []Release, err error) {
	defer wrap(&err, "releases")
	return cached(ctx, db, "releases", func(ctx context.Context) ([]Release, error) {
		note(ctx, scopeReleases)
		rows, err := db.query(ctx, `SELECT `+releaseCols+` FROM data_release ORDER BY cut_at DESC, id DESC`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []Release
		for rows.Next() {
			r, err := scanRelease(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	})
}

// Release is one release by id (ErrNotFound when there is none).
func (db *DB) Release(ctx context.Context, id string) (Release, error) {
	all, err := db.Releases(ctx)
	if err != nil {
		return Release{}, err
	}
	for _, r := range all {
		if r.ID == id {
			return r, nil
		}
	}
	return Release{}, ErrNotFound
}

// LatestRelease is the newest release that was not deleted; ok is false if none.
func (db *DB) LatestRelease(ctx context.Context) (Release, bool, error) {
	all, err := db.Releases(ctx)
	if err != nil {
		return Release{}, false, err
	}
	for _, r := range all {
		if !r.Deleted() {
			return r, true, nil
		}
	}
	return Release{}, false, nil
}

// FirstChange is the id of the first change row of a record (0 when it has none:
// it came with the first import, which logs the dataset as a whole). A release
// holds the record if this is at most the release's version.
func (db *DB) FirstChange(ctx context.Context, recordType, id string) (first int64, err error) {
	defer wrap(&err, "first change of %s %s", recordType, id)
	switch recordType {
	case "government":
		note(ctx, govScope(id))
	case "agreement":
		note(ctx, agrScope(id))
	}
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT coalesce(min(id), 0) FROM change WHERE record_type = ? AND record_id = ?`,
		recordType, id).Scan(&first)
	return first, err
}
