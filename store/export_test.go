package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// ExecForTest runs a statement on the writer, for tests that prove what the schema
// refuses.
func (db *DB) ExecForTest(ctx context.Context, q string) error {
	_, err := db.write.ExecContext(ctx, q)
	return err
}

// openTest opens a fresh database file in a temporary folder.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, _, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func fl(v float64) *float64 { return &v }

// exportSample has a parent listed after its child, a bare cited URL, a titled
// source and an uncited one, and sources on every kind of record.
func exportSample() Dataset {
	return Dataset{
		Countries: []Country{{"CA", "Canada", "Canada", "캐나다"}, {"KR", "South Korea", "Corée du Sud", "대한민국"}},
		Governments: []Government{
			{Slug: "burnaby-ca", Name: "Burnaby", Level: "municipality", Country: "CA", Region: "British Columbia",
				Parent: "british-columbia-ca", Lat: fl(49.2488), Lon: fl(-122.9805), Sources: []string{"https://w.example/burnaby"}},
			{Slug: "british-columbia-ca", Name: "British Columbia", NameFR: "Colombie-Britannique", Level: "province", Country: "CA"},
			{Slug: "hwaseong-kr", Name: "Hwaseong", NameLocal: "화성시", Country: "KR", Wikidata: "Q42", Website: "https://hs.example/"},
		},
		Agreements: []Agreement{{ID: "burnaby-ca--hwaseong-kr", GovernmentA: "burnaby-ca", GovernmentB: "hwaseong-kr",
			Kind: "sister", Signed: "2010", Status: "active", Note: "a \"note\"",
			Sources: []string{"https://burnaby.example/p27", "https://w.example/burnaby"}}},
		Events: []Event{
			{Agreement: "burnaby-ca--hwaseong-kr", Date: "2008", Event: "friendship_signed", Sources: []string{"https://e.example/1"}},
			{Agreement: "burnaby-ca--hwaseong-kr", Date: "2010", Event: "upgraded_to_sister"},
		},
		Activities: []Activity{{ID: "kc-act-12", Agreement: "burnaby-ca--hwaseong-kr", Date: "2020-07-20", Category: "health_humanitarian",
			From: "hwaseong-kr", Title: "Masks", Participants: "20", CostAmount: "4500000", CostCurrency: "KRW", PaidBy: "hwaseong-kr",
			Outputs: "15,000 masks delivered", Sources: []string{"https://news.example/masks"}}},
		Sources: []Source{
			{URL: "https://burnaby.example/p27", Title: "Sister cities", Publisher: "City of Burnaby", Accessed: "2026-11-27"},
			{URL: "https://uncited.example/"},
		},
	}
}

func TestExportReadsBackWhatWasImported(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	in := exportSample()
	if _, err := db.Import(ctx, in, "test", "2026-11-27T10:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	out, v, err := db.ExportVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cur, _ := db.CurrentVersion(ctx); v != cur || v.ID == 0 || v.AsOf != "2026-11-27" {
		t.Errorf("export version %+v, current %+v", v, cur)
	}
	for i := range out.Events {
		if out.Events[i].ID == 0 {
			t.Errorf("event %d has no id", i)
		}
		out.Events[i].ID = 0
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("export differs from the import:\n got %+v\nwant %+v", out, in)
	}
}

// A snapshot is a standalone SQLite file with the public tables only: a private
// table, view or full-text index in the database never reaches it, not even as
// free pages.
func TestSnapshotKeepsOnlyPublicTables(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.Import(ctx, exportSample(), "test", "2026-11-27T10:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	// A real account and session, plus a view and a full-text table over private data.
	acct, err := db.AddAccount(ctx, "someone@example.org", "a long enough password", "burnaby-ca", "official")
	if err != nil {
		t.Fatal(err)
	}
	token, err := db.NewSession(ctx, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	secret := "secret-session-token-4f1d"
	for _, q := range []string{
		`CREATE VIEW session_view AS SELECT token_hash FROM session`,
		`CREATE VIRTUAL TABLE private_fts USING fts5(body)`,
		`INSERT INTO private_fts VALUES ('` + secret + `-fts')`,
	} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var buf bytes.Buffer
	v, n, err := db.Snapshot(ctx, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) || !bytes.HasPrefix(buf.Bytes(), []byte("SQLite format 3\x00")) {
		t.Fatalf("snapshot of %d bytes (reported %d) is not an SQLite file", buf.Len(), n)
	}
	if bytes.Contains(buf.Bytes(), []byte(secret)) || bytes.Contains(buf.Bytes(), []byte("someone@example.org")) ||
		bytes.Contains(buf.Bytes(), []byte(token)) || bytes.Contains(buf.Bytes(), []byte("argon2id")) {
		t.Error("the snapshot file contains private data")
	}
	if cur, _ := db.CurrentVersion(ctx); v != cur {
		t.Errorf("snapshot version %+v, current %+v", v, cur)
	}
	path := filepath.Join(t.TempDir(), "copy.sqlite")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cp, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var tables []string
	rows, err := cp.Query(`SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		tables = append(tables, s)
	}
	rows.Close()
	want := []string{"activity", "agreement", "change", "citation", "confirmation", "correction", "country", "event", "government", "report", "schema_migration", "source"}
	if !slices.Equal(tables, want) {
		t.Errorf("snapshot tables %q, want %q", tables, want)
	}
	var agreements int
	var mode string
	if err := cp.QueryRow(`SELECT count(*) FROM agreement`).Scan(&agreements); err != nil || agreements != 1 {
		t.Errorf("agreements in the snapshot: %d, %v", agreements, err)
	}
	if err := cp.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode == "wal" {
		t.Errorf("snapshot journal mode %q (%v): want a single-file database", mode, err)
	}
	// The copy can be edited: no trigger is left that writes to a dropped table.
	rw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	for _, q := range []string{
		`INSERT INTO government (slug, name, country) VALUES ('x-ca', 'X', 'CA')`,
		`UPDATE agreement SET note = 'edited'`,
		`DELETE FROM activity`,
	} {
		if _, err := rw.Exec(q); err != nil {
			t.Errorf("editing the copy: %s: %v", q, err)
		}
	}
	if _, err := rw.Exec(`DELETE FROM change`); err == nil {
		t.Error("the copy lost the change log's append-only trigger")
	}
	// The live database still has its private table.
	if _, err := db.SessionAccount(ctx, token); err != nil {
		t.Errorf("the live database lost its private table: %v", err)
	}
}

// VACUUM INTO copies inside one read transaction; under WAL an open read transaction
// does not hold up the writer, so a snapshot (or an export) in progress never blocks
// writes. The next snapshot has the newest write.
func TestSnapshotDoesNotBlockWrites(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.Import(ctx, exportSample(), "test", "2026-11-27T10:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	// Hold a read transaction open, as a long copy would, and write meanwhile.
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	tx.QueryRow(`SELECT count(*) FROM agreement`).Scan(&n)
	done := make(chan error, 1)
	go func() {
		_, err := db.Import(ctx, exportSample(), "test", "2026-11-28T10:00:00Z", "again")
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("a write waited for an open read transaction")
	}
	tx.Rollback()
	var buf bytes.Buffer
	v, _, err := db.Snapshot(ctx, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if v.AsOf != "2026-11-28" {
		t.Errorf("snapshot as of %q, want the newest write", v.AsOf)
	}
}
