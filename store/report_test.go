package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// changeRows counts the change rows of one record, reading the file directly.
func changeRows(t testing.TB, db *store.DB, recordType, recordID string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM change WHERE record_type = ? AND record_id = ?`, recordType, recordID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDeclareReportIsIdempotent(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	ctx := context.Background()
	r, created, err := db.DeclareReport(ctx, "official:burnaby-ca", "burnaby-ca", 2020, "reviewed with the mayor's office")
	if err != nil || !created {
		t.Fatalf("first declaration: created=%v err=%v", created, err)
	}
	if r.DeclaredBy != "official:burnaby-ca" || r.DeclaredAt == "" {
		t.Errorf("declaration = %+v", r)
	}
	again, created, err := db.DeclareReport(ctx, "official:british-columbia-ca", "burnaby-ca", 2020, "another note")
	if err != nil || created {
		t.Fatalf("second declaration: created=%v err=%v", created, err)
	}
	if again != r {
		t.Errorf("the second declaration changed the first: %+v → %+v", r, again)
	}
	if n := changeRows(t, db, "report", "burnaby-ca:2020"); n != 1 {
		t.Errorf("%d change rows, want 1", n)
	}
	reports, err := db.Reports(ctx, "burnaby-ca")
	if err != nil || len(reports) != 1 || reports[0].Note != "reviewed with the mayor's office" {
		t.Errorf("Reports = %+v, %v", reports, err)
	}
	if _, _, err := db.DeclareReport(ctx, "official:x", "nowhere-xx", 2020, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown government: %v", err)
	}
	if _, _, err := db.DeclareReport(ctx, "official:burnaby-ca", "burnaby-ca", 1949, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("year 1949: %v", err)
	}
}

func TestReportingListsReportersAndActiveParties(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	ctx := context.Background()
	if _, err := db.AddAccount(ctx, "officer@bc.example", "a long enough password", "british-columbia-ca", "official"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.DeclareReport(ctx, "official:burnaby-ca", "burnaby-ca", 2021, ""); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Reporting(ctx, "", 2020, 2025)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, r := range rows {
		slugs = append(slugs, r.Slug)
	}
	// Burnaby and Hwaseong have an activity together; British Columbia an account;
	// Gyeonggi nothing of the three.
	want := []string{"british-columbia-ca", "burnaby-ca", "hwaseong-kr"}
	if len(slugs) != len(want) {
		t.Fatalf("listed %v, want %v", slugs, want)
	}
	for i := range want {
		if slugs[i] != want[i] {
			t.Fatalf("listed %v, want %v", slugs, want)
		}
	}
	if _, ok := rows[1].Reports[2021]; !ok || len(rows[1].Reports) != 1 {
		t.Errorf("Burnaby's reports = %+v", rows[1].Reports)
	}
	if !rows[0].HasAccount || rows[1].HasAccount {
		t.Errorf("accounts: %v %v", rows[0].HasAccount, rows[1].HasAccount)
	}
	kr, err := db.Reporting(ctx, "KR", 2020, 2025)
	if err != nil || len(kr) != 1 || kr[0].Slug != "hwaseong-kr" {
		t.Errorf("Reporting(KR) = %+v, %v", kr, err)
	}
	cs, err := db.ReportingCountries(ctx)
	if err != nil || len(cs) != 2 || cs[0] != "CA" || cs[1] != "KR" {
		t.Errorf("ReportingCountries = %v, %v", cs, err)
	}
	counts, err := db.ActivityCountsByYear(ctx, "hwaseong-kr")
	if err != nil || counts[2020] != 1 || len(counts) != 1 {
		t.Errorf("ActivityCountsByYear = %v, %v", counts, err)
	}
}
