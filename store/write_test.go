package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// A report form sent twice (a retry after the answer was lost, a double click)
// reports once; the same id with other details, or the id of a withdrawn or foreign
// activity, is refused and writes nothing.
func TestCreateActivityOncePerForm(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	ctx := context.Background()
	a := store.Activity{ID: store.NewActivityID(), Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-10-02",
		Category: "youth_education", From: "burnaby-ca", Title: "Students visit Hwaseong", Sources: []string{"https://example.org/a"}}
	first, created, err := db.CreateActivity(ctx, "official:burnaby-ca", a, "annual report")
	if err != nil || !created || first.ID != a.ID {
		t.Fatalf("first: %+v created=%v err=%v", first, created, err)
	}
	again, created, err := db.CreateActivity(ctx, "official:burnaby-ca", a, "annual report")
	if err != nil || created || again.ID != a.ID || again.Title != a.Title {
		t.Fatalf("retry: %+v created=%v err=%v", again, created, err)
	}
	if n := changeRows(t, db, "activity", a.ID); n != 1 {
		t.Errorf("%d change rows after a retry, want 1", n)
	}
	other := a
	other.Title = "Something else"
	if _, _, err := db.CreateActivity(ctx, "official:burnaby-ca", other, ""); !errors.Is(err, store.ErrConflict) {
		t.Errorf("same id, other details: %v, want ErrConflict", err)
	}
	// An imported activity's id (another government's record) cannot be taken over.
	foreign := a
	foreign.ID = "kc-act-12"
	if _, _, err := db.CreateActivity(ctx, "official:burnaby-ca", foreign, ""); !errors.Is(err, store.ErrConflict) {
		t.Errorf("id of an existing activity: %v, want ErrConflict", err)
	}
	// A withdrawn report sent again does not come back.
	if _, err := db.WithdrawActivity(ctx, "official:burnaby-ca", a.ID, "duplicate"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.CreateActivity(ctx, "official:burnaby-ca", a, ""); !errors.Is(err, store.ErrConflict) {
		t.Errorf("withdrawn id: %v, want ErrConflict", err)
	}
	if n := changeRows(t, db, "activity", a.ID); n != 2 {
		t.Errorf("%d change rows, want 2 (create, withdraw)", n)
	}
	if got, err := db.ActivityByID(ctx, "kc-act-12"); err != nil || got.Title != "Hwaseong donates 15,000 masks" {
		t.Errorf("kc-act-12 = %+v, %v", got, err)
	}
}

// A reported cost is saved in its recorded form and a retry of the same form (typed
// the same way) is the same report; a payer who is not a party, or a cost that is
// not one, is refused and writes nothing.
func TestActivityCostIsCheckedAndNormalized(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	ctx := context.Background()
	a := store.Activity{ID: store.NewActivityID(), Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-10-02",
		From: "burnaby-ca", Title: "Trainees", CostAmount: "12500.5", CostCurrency: "cad", PaidBy: "burnaby-ca",
		Outputs: "Two trainees hired"}
	saved, created, err := db.CreateActivity(ctx, "official:burnaby-ca", a, "")
	if err != nil || !created || saved.CostAmount != "12500.50" || saved.CostCurrency != "CAD" {
		t.Fatalf("saved %+v created=%v err=%v", saved, created, err)
	}
	if _, created, err := db.CreateActivity(ctx, "official:burnaby-ca", a, ""); err != nil || created {
		t.Errorf("retry: created=%v err=%v", created, err)
	}
	got, err := db.ActivityByID(ctx, a.ID)
	if err != nil || got.CostAmount != "12500.50" || got.CostCurrency != "CAD" || got.PaidBy != "burnaby-ca" || got.Outputs != "Two trainees hired" {
		t.Errorf("read back %+v, %v", got, err)
	}
	// The ledger follows an edit and a withdrawal, and its maintained counts match a
	// recount.
	other := store.Activity{ID: store.NewActivityID(), Agreement: a.Agreement, Date: "2025-01-01", Title: "Visit",
		CostAmount: "300", CostCurrency: "CAD", PaidBy: "shared"}
	if _, err := db.SaveActivity(ctx, "official:burnaby-ca", other, ""); err != nil {
		t.Fatal(err)
	}
	other.CostAmount, other.CostCurrency = "400000", "KRW"
	if _, err := db.SaveActivity(ctx, "official:burnaby-ca", other, ""); err != nil {
		t.Fatal(err)
	}
	lines, err := db.CostLedger(ctx, store.ActivityFilter{Agreement: a.Agreement})
	var costed []string
	for _, l := range lines {
		if l.Currency != "" {
			costed = append(costed, fmt.Sprintf("%s %s %s %d×%d", l.Year, l.Currency, l.PaidBy, l.Activities, l.Minor))
		}
	}
	if err != nil || strings.Join(costed, ", ") != "2025 KRW shared 1×400000, 2026 CAD burnaby-ca 1×1250050" {
		t.Errorf("ledger after an edit: %q, %v", costed, err)
	}
	if _, err := db.WithdrawActivity(ctx, "official:burnaby-ca", a.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if lines, err := db.CostLedger(ctx, store.ActivityFilter{Country: "CA", Partner: "KR"}); err != nil || len(lines) == 0 ||
		slices.ContainsFunc(lines, func(l store.CostLine) bool { return l.Currency == "CAD" }) {
		t.Errorf("pair ledger after the withdrawal: %+v, %v", lines, err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check after cost writes: %q, %v", problems, err)
	}
	for _, bad := range []store.Activity{
		{Agreement: a.Agreement, Title: "x", PaidBy: "paju-kr"},
		{Agreement: a.Agreement, Title: "x", CostAmount: "12,5", CostCurrency: "CAD"},
		{Agreement: a.Agreement, Title: "x", CostAmount: "5"},
	} {
		bad.ID = store.NewActivityID()
		if _, _, err := db.CreateActivity(ctx, "official:burnaby-ca", bad, ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", bad, err)
		}
		if _, err := db.SaveActivity(ctx, "official:burnaby-ca", bad, ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("save %+v: %v, want ErrInvalid", bad, err)
		}
		if _, err := db.ActivityByID(ctx, bad.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s was written: %v", bad.ID, err)
		}
	}
}
