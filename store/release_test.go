package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// A release's database holds the records and what was computed from them, never an
// account; reading it (search, tallies, the ledger) changes no byte of the file, and
// writes to the live database after the cut do not reach it.
func TestReleaseDatabase(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	if _, err := db.AddAccount(ctx, "clerk@burnaby.example", "correct horse battery staple", "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	// A replicated database holds Litestream's tables too (replica package).
	live, err := sql.Open("sqlite", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)`, `CREATE TABLE _litestream_lock (id INTEGER)`} {
		if _, err := live.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	live.Close()
	dst := filepath.Join(t.TempDir(), store.ReleaseDB)
	v, err := db.WriteReleaseDB(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	if v.AsOf != "2026-11-27" || v.ID == 0 {
		t.Errorf("release version = %+v", v)
	}
	if _, err := db.WriteReleaseDB(ctx, dst); err == nil {
		t.Error("a second release over the same file was not refused")
	}
	// Written after the cut: not in the release.
	if _, err := db.SaveActivity(ctx, "clerk@burnaby.example", store.Activity{Agreement: "burnaby-ca--hwaseong-kr",
		Date: "2026-03-01", Title: "Written after the release"}, "test"); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, dst)

	rel, err := store.OpenRelease(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := rel.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Agreements != 3 || counts.Activities != 1 || counts.Governments != 4 {
		t.Errorf("release counts = %+v, want 3 agreements, 1 activity, 4 governments", counts)
	}
	res, err := rel.Search(ctx, "hwaseong", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Governments) == 0 {
		t.Error("search in a release found nothing for hwaseong: the search index was not kept")
	}
	if _, err := rel.CostLedger(ctx, store.ActivityFilter{Agreement: "burnaby-ca--hwaseong-kr"}); err != nil {
		t.Errorf("ledger in a release: %v", err)
	}
	if _, err := rel.SaveActivity(ctx, "test", store.Activity{Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-03-02", Title: "x"}, "x"); err == nil {
		t.Error("a write to a release succeeded")
	}
	if err := rel.Close(); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, dst) != before {
		t.Error("reading the release changed its file")
	}
	if ents, _ := os.ReadDir(filepath.Dir(dst)); len(ents) != 1 {
		t.Errorf("reading the release left files beside it: %v", ents)
	}

	raw, err := sql.Open("sqlite", dst)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, table := range []string{"account", "session", "data_release"} {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s in the release: %d rows (%v), want 0", table, n, err)
		}
	}
	b, _ := os.ReadFile(dst)
	if containsBytes(b, "clerk@burnaby.example") {
		t.Error("the account's e-mail survives in the release file")
	}
}

func containsBytes(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}

// A release cut before a migration existed is read through a migrated copy: the
// published file keeps its bytes and the code of today reads it.
func TestOldReleaseIsReadThroughAMigratedCopy(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	dst := filepath.Join(t.TempDir(), store.ReleaseDB)
	if _, err := db.WriteReleaseDB(ctx, dst); err != nil {
		t.Fatal(err)
	}
	// Undo the newest migration on the file, as a release of the version before.
	raw, err := sql.Open("sqlite", dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE data_release`, `DELETE FROM schema_migration WHERE version = '0019_data_release'`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	raw.Close()
	before := fileSum(t, dst)
	rel, err := store.OpenRelease(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := rel.Counts(ctx); err != nil || n.Agreements != 3 {
		t.Errorf("counts of the migrated release = %+v, %v", n, err)
	}
	if _, err := rel.Releases(ctx); err != nil {
		t.Errorf("the migrated copy lacks the newest migration: %v", err)
	}
	rel.Close()
	if fileSum(t, dst) != before {
		t.Error("migrating changed the release's own file")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dst), ".migrated-0019_data_release.sqlite")); err != nil {
		t.Errorf("no migrated copy kept: %v", err)
	}
}

// Deleting a release removes its files, keeps it in the list with who, when and
// why, and is itself a public change; it needs a reason.
func TestDeleteRelease(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	id, err := db.NextReleaseID(ctx, "2026-12-07")
	if err != nil || id != "2026-12-07" {
		t.Fatalf("first id = %q, %v", id, err)
	}
	if err := os.MkdirAll(db.ReleaseDir(id), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordRelease(ctx, store.Release{ID: id, CutAt: "2026-12-07T10:00:00Z", CutBy: "admin", Version: 1}); err != nil {
		t.Fatal(err)
	}
	if next, _ := db.NextReleaseID(ctx, "2026-12-07"); next != "2026-12-07.2" {
		t.Errorf("second id of the day = %q, want 2026-12-07.2", next)
	}
	if err := db.DeleteRelease(ctx, id, "admin", " "); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("deletion without a reason: %v", err)
	}
	if err := db.DeleteRelease(ctx, id, "admin", "published by mistake"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db.ReleaseDir(id)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("files of a deleted release remain: %v", err)
	}
	r, err := db.Release(ctx, id)
	if err != nil || !r.Deleted() || r.DeletedBy != "admin" || r.DeletedReason != "published by mistake" {
		t.Errorf("deleted release = %+v, %v", r, err)
	}
	if err := db.DeleteRelease(ctx, id, "admin", "again"); !errors.Is(err, store.ErrReleaseDeleted) {
		t.Errorf("second deletion: %v", err)
	}
	if err := db.DeleteRelease(ctx, "2026-01-01", "admin", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting a release that never was: %v", err)
	}
	if _, ok, _ := db.LatestRelease(ctx); ok {
		t.Error("a deleted release is still the latest")
	}
	if v, _ := db.CurrentVersion(ctx); v.AsOf != "2026-11-27" {
		t.Errorf("cutting and deleting releases moved the data's as-of date to %s", v.AsOf)
	}
}
