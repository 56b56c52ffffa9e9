package replica_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/twinningtracker/twinning/replica"
	"github.com/twinningtracker/twinning/store"
)

// fakeS3 is an S3-compatible server in memory (gofakes3), and a replica URL in it.
func fakeS3(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_CA_BUNDLE", "") // a plain http:// server: no CA needed (and Litestream cannot take one)
	return "s3://twinning-backups/primary?endpoint=" + srv.URL + "&region=us-east-1"
}

// Files beside the database (releases' folders) are kept beside its replica, in a
// folder or a bucket: put, listed, fetched back byte for byte, deleted.
func TestFilesKeptBesideTheReplica(t *testing.T) {
	ctx := context.Background()
	for name, url := range map[string]string{"file": "file://" + filepath.Join(t.TempDir(), "replica"), "s3": fakeS3(t)} {
		t.Run(name, func(t *testing.T) {
			files, err := replica.FilesFor(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if names, err := files.List(ctx); err != nil || len(names) != 0 {
				t.Fatalf("an empty replica lists %v, %v", names, err)
			}
			dir := t.TempDir()
			big := make([]byte, 6<<20+123) // more than one upload part
			for i := range big {
				big[i] = byte(i * 7)
			}
			src := filepath.Join(dir, "big")
			os.WriteFile(src, big, 0o644)
			small := filepath.Join(dir, "small")
			os.WriteFile(small, []byte("abc\n"), 0o644)
			for n, f := range map[string]string{"2026-12-07/twinning.sqlite": src, "2026-12-07/SHA256SUMS": small, "2026-12-08/SHA256SUMS": small} {
				if err := files.Put(ctx, n, f); err != nil {
					t.Fatal(err)
				}
			}
			names, err := files.List(ctx)
			slices.Sort(names)
			if err != nil || !slices.Equal(names, []string{"2026-12-07/SHA256SUMS", "2026-12-07/twinning.sqlite", "2026-12-08/SHA256SUMS"}) {
				t.Fatalf("listed %v, %v", names, err)
			}
			back := filepath.Join(dir, "back")
			if err := files.Get(ctx, "2026-12-07/twinning.sqlite", back); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(back); !slices.Equal(got, big) {
				t.Errorf("the file came back different (%d bytes of %d)", len(got), len(big))
			}
			if err := files.Get(ctx, "2026-12-07/SHA256SUMS", back); err == nil {
				t.Error("a download replaced an existing file")
			}
			if err := files.Put(ctx, "../escape", small); err == nil {
				t.Error("a name outside the root was taken")
			}
			if err := files.Delete(ctx, "2026-12-07/twinning.sqlite", "2026-12-07/SHA256SUMS", "2026-12-07/gone"); err != nil {
				t.Fatal(err)
			}
			if names, _ := files.List(ctx); !slices.Equal(names, []string{"2026-12-08/SHA256SUMS"}) {
				t.Errorf("after deleting: %v", names)
			}
		})
	}
}

// The database replicates to an S3-compatible bucket and restores from it, as it
// does to a folder.
func TestReplicateToS3(t *testing.T) {
	ctx := context.Background()
	url := fakeS3(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
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
	if _, _, err := db.CreateActivity(ctx, "official:burnaby-ca", store.Activity{ID: store.NewActivityID(),
		Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-05-01", Title: "Shipped to a bucket"}, "test"); err != nil {
		t.Fatal(err)
	}
	syncCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := r.Sync(syncCtx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(dir, "restored.db")
	if err := replica.Restore(ctx, url, restored, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := activities(t, restored); !slices.Equal(got, []string{"Shipped to a bucket"}) {
		t.Errorf("restored from the bucket: %v", got)
	}
}
