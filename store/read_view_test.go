package store_test

import (
	"context"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// A page's reads share one read view: a report published while the page is being
// built does not show in half of it. What the page computed and cached from the
// older view is not served as fresh afterwards, and a cached count computed from a
// view older than a write the cache has already seen is not either.
func TestReadViewShowsOneVersion(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	before, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	page, done, err := db.ReadView(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// An official reports while the page is being built.
	if _, err := db.SaveActivity(ctx, "admin:test", store.Activity{Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-05-02",
		Title: "Visit"}, "test"); err != nil {
		t.Fatal(err)
	}
	inView, err := db.Stats(page) // computed now, from the view
	if err != nil {
		t.Fatal(err)
	}
	acts, err := db.AgreementActivities(page, "burnaby-ca--hwaseong-kr")
	if err != nil {
		t.Fatal(err)
	}
	if inView.Activities != before.Activities || len(acts) != before.Activities {
		t.Errorf("inside the view: %d activities counted, %d listed; want the %d from before the report",
			inView.Activities, len(acts), before.Activities)
	}
	done()
	after, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Activities != before.Activities+1 {
		t.Errorf("after the page: %d activities, want %d (the count from the older view was kept as fresh)",
			after.Activities, before.Activities+1)
	}
}
