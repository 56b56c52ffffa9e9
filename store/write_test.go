package store_test

import (
	"context"
	"errors"
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
