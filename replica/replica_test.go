package replica_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/replica"
	"github.com/twinningtracker/twinning/store"
)

func dataset() store.Dataset {
	return store.Dataset{
		Countries: []store.Country{{Code: "CA", NameEN: "Canada", NameFR: "Canada", NameKO: "캐나다"}, {Code: "KR", NameEN: "South Korea", NameFR: "Corée du Sud", NameKO: "대한민국"}},
		Governments: []store.Government{
			{Slug: "burnaby-ca", Name: "Burnaby", Level: "municipality", Country: "CA"},
			{Slug: "hwaseong-kr", Name: "Hwaseong", Level: "municipality", Country: "KR"},
		},
		Agreements: []store.Agreement{{ID: "burnaby-ca--hwaseong-kr", GovernmentA: "burnaby-ca", GovernmentB: "hwaseong-kr",
			Kind: "sister", Signed: "2010", Status: "active"}},
	}
}

func activities(t *testing.T, path string) []string {
	t.Helper()
	db, _, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acts, err := db.AgreementActivities(context.Background(), "burnaby-ca--hwaseong-kr")
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range acts {
		titles = append(titles, a.Title)
	}
	return titles
}

// Writes reach a file replica; the latest state and a point in time before a bad
// write restore to new files; a restore never overwrites; an empty replica says so.
func TestReplicateAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, url := filepath.Join(dir, "live.db"), "file://"+filepath.Join(dir, "replica")
	db, _, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, dataset(), "test", "2026-12-01T00:00:00Z", "test data"); err != nil {
		t.Fatal(err)
	}
	r, err := replica.Start(ctx, path, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	write := func(title string) {
		if _, _, err := db.CreateActivity(ctx, "official:burnaby-ca", store.Activity{ID: store.NewActivityID(),
			Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-05-01", Title: title}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	write("A good report")
	if err := r.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if st := r.Status(); !st.InSync || st.LastSync.IsZero() || !strings.Contains(st.String(), "in sync") {
		t.Errorf("after a sync: %+v", st)
	}
	time.Sleep(20 * time.Millisecond)
	good := time.Now()
	time.Sleep(20 * time.Millisecond)
	write("A bad import")
	if err := r.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil { // the portal's connections first, then the replication
		t.Fatal(err)
	}
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}

	latest := filepath.Join(dir, "latest.db")
	if err := replica.Restore(ctx, url, latest, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(activities(t, latest), "; "); got != "A bad import; A good report" && got != "A good report; A bad import" {
		t.Errorf("latest restore holds %q", got)
	}
	before := filepath.Join(dir, "before.db")
	if err := replica.Restore(ctx, url, before, good); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(activities(t, before), "; "); got != "A good report" {
		t.Errorf("restore to before the bad write holds %q", got)
	}
	if err := replica.Restore(ctx, url, latest, time.Time{}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a restore over an existing file: %v", err)
	}
	if err := replica.Restore(ctx, "file://"+filepath.Join(dir, "empty"), filepath.Join(dir, "x.db"), time.Time{}); err == nil {
		t.Error("a restore from an empty replica succeeded")
	}
	if _, err := replica.ClientFor("ftp://x"); err == nil {
		t.Error("an ftp replica was taken")
	}
}

// One process at a time ships a database or follows a replica into a file: a
// second is refused with a message naming the first, and the file is free again
// once the first stops.
func TestOneReplicatorOrFollowerPerDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, url := filepath.Join(dir, "live.db"), "file://"+filepath.Join(dir, "replica")
	db, _, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(ctx, dataset(), "test", "2026-12-01T00:00:00Z", "test data"); err != nil {
		t.Fatal(err)
	}
	first, err := replica.Start(ctx, path, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := replica.Start(ctx, path, "file://"+filepath.Join(dir, "other"), nil); !errors.Is(err, replica.ErrLocked) ||
		!strings.Contains(err.Error(), "replicating it to file://") {
		t.Errorf("a second replicator of one database: %v", err)
	}
	if err := replica.Follow(ctx, url, path); !errors.Is(err, replica.ErrLocked) {
		t.Errorf("following a replica into a database being replicated: %v", err)
	}
	if err := first.Close(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := replica.Start(ctx, path, url, nil)
	if err != nil {
		t.Fatalf("after the first stopped: %v", err)
	}
	defer again.Close(ctx)

	// Two followers of one file.
	copyPath := filepath.Join(dir, "follower.db")
	fctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- replica.Follow(fctx, url, copyPath) }()
	// The first follower holds the lock once it has restored the file.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(copyPath); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first follower restored nothing in 10 s")
		}
	}
	tryCtx, stop := context.WithTimeout(ctx, 2*time.Second) // bound it, should it follow
	err = replica.Follow(tryCtx, url, copyPath)
	stop()
	if !errors.Is(err, replica.ErrLocked) || !strings.Contains(err.Error(), "following file://") {
		t.Errorf("a second follower of one file: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("the first follower: %v", err)
	}
}
