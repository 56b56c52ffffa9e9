package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/twinningtracker/twinning/cache"
	replication "github.com/twinningtracker/twinning/replica"
	"github.com/twinningtracker/twinning/store"
)

// Releases are folders of files beside the database, not in it, so Litestream
// does not ship them: the primary keeps a copy of each beside the replica
// (replica.Files) and `twinning restore` brings them back. A citable release
// survives the disk as the database does.

// releaseShipInterval is how often the copy is checked with no release cut or
// deleted: it retries what failed (a bucket that was unreachable).
const releaseShipInterval = 10 * time.Minute

// shipReleases makes the replica's copy of the release folders match the list of
// releases: a listed release whose copy lacks SHA256SUMS is uploaded, SHA256SUMS
// last, so a copy with SHA256SUMS is whole; a deleted release's copy is deleted,
// SHA256SUMS first. A release missing from the list is left alone: a database
// restored to before it was cut must not delete it.
func shipReleases(ctx context.Context, db *store.DB, files replication.Files) (shipped, removed int, err error) {
	releases, kept, err := releasesAndCopies(ctx, db, files)
	if err != nil {
		return 0, 0, err
	}
	var errs []error
	for _, r := range releases {
		fileNames := r.FileNames()
		if r.Deleted() {
			var gone []string
			for _, n := range slices.Backward(fileNames) {
				if kept[r.ID+"/"+n] {
					gone = append(gone, r.ID+"/"+n)
				}
			}
			if len(gone) > 0 {
				// SHA256SUMS on its own first (a bucket deletes a batch in no order):
				// a copy stopped midway is then never taken for whole.
				err := files.Delete(ctx, gone[0])
				if err == nil && len(gone) > 1 {
					err = files.Delete(ctx, gone[1:]...)
				}
				if err != nil {
					errs = append(errs, fmt.Errorf("release %s: %w", r.ID, err))
					continue
				}
				removed++
			}
			continue
		}
		if kept[r.ID+"/"+store.ReleaseSums] {
			continue
		}
		if err := shipRelease(ctx, db.ReleaseDir(r.ID), r, files); err != nil {
			errs = append(errs, fmt.Errorf("release %s: %w", r.ID, err))
			continue
		}
		shipped++
	}
	return shipped, removed, errors.Join(errs...)
}

// releasesAndCopies is the list of releases and the names the replica keeps.
func releasesAndCopies(ctx context.Context, db *store.DB, files replication.Files) ([]store.Release, map[string]bool, error) {
	releases, err := db.Releases(ctx)
	if err != nil {
		return nil, nil, err
	}
	names, err := files.List(ctx)
	if err != nil {
		return nil, nil, err
	}
	kept := make(map[string]bool, len(names))
	for _, n := range names {
		kept[n] = true
	}
	return releases, kept, nil
}

func shipRelease(ctx context.Context, dir string, r store.Release, files replication.Files) error {
	for _, n := range r.FileNames() {
		if err := files.Put(ctx, r.ID+"/"+n, filepath.Join(dir, n)); err != nil {
			return err
		}
	}
	return nil
}

// keepReleasesShipped ships the releases at start, after every release cut or
// deleted (by this process or another: the store publishes both), and every
// releaseShipInterval, until ctx ends.
func keepReleasesShipped(ctx context.Context, db *store.DB, files replication.Files, log *slog.Logger) {
	changed := make(chan struct{}, 1)
	db.Generations().OnPublish(func(scopes []cache.Scope, all bool) {
		if all || slices.Contains(scopes, store.ReleasesScope) {
			select {
			case changed <- struct{}{}:
			default:
			}
		}
	})
	tick := time.NewTicker(releaseShipInterval)
	defer tick.Stop()
	for {
		start := time.Now()
		shipped, removed, err := shipReleases(ctx, db, files)
		if shipped+removed > 0 {
			log.Info("releases kept with the replica", "shipped", shipped, "removed", removed, "where", files.Where(), "took", time.Since(start).Round(time.Millisecond))
		}
		if err != nil && ctx.Err() == nil {
			log.Error("releases not kept with the replica: retried in 10 minutes or at the next release", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		case <-tick.C:
		}
	}
}

// fetchReleases brings back the folders of the releases the restored database
// lists and has not deleted, each checked against the SHA-256 the list records.
// A release whose copy is missing or wrong is reported and skipped: its pages then
// say its files are missing.
func fetchReleases(ctx context.Context, db *store.DB, files replication.Files) (fetched int, missing []string, err error) {
	releases, kept, err := releasesAndCopies(ctx, db, files)
	if err != nil {
		return 0, nil, err
	}
	for _, r := range releases {
		if r.Deleted() {
			continue
		}
		if !kept[r.ID+"/"+store.ReleaseSums] {
			missing = append(missing, r.ID+" (not in the replica)")
			continue
		}
		if err := fetchRelease(ctx, db.ReleaseDir(r.ID), r, files); err != nil {
			missing = append(missing, fmt.Sprintf("%s (%v)", r.ID, err))
			continue
		}
		fetched++
	}
	return fetched, missing, nil
}

// fetchRelease downloads r's files into a temporary folder beside dir, checks them,
// and renames it dir: a release folder is whole or absent, as a cut makes it.
func fetchRelease(ctx context.Context, dir string, r store.Release, files replication.Files) error {
	if _, err := os.Lstat(dir); err == nil {
		return checkRelease(dir, r) // there already (a folder kept elsewhere): checked, not replaced
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".restoring-"+r.ID+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // gone after the rename
	for _, n := range r.FileNames() {
		if err := files.Get(ctx, r.ID+"/"+n, filepath.Join(tmp, n)); err != nil {
			return err
		}
	}
	if err := checkRelease(tmp, r); err != nil {
		return err
	}
	for _, n := range r.FileNames() {
		if err := os.Chmod(filepath.Join(tmp, n), 0o444); err != nil { // never written again, as cut
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// checkRelease checks the files in dir against the SHA-256 the list of releases
// records for r, and that its SHA256SUMS says the same.
func checkRelease(dir string, r store.Release) error {
	for _, f := range r.Files {
		got, err := store.HashFile(filepath.Join(dir, f.Name))
		if err != nil {
			return err
		}
		if got.SHA256 != f.SHA256 {
			return fmt.Errorf("%s does not match the SHA-256 the list of releases records", f.Name)
		}
	}
	sums, err := os.ReadFile(filepath.Join(dir, store.ReleaseSums))
	if err != nil {
		return err
	}
	if string(sums) != r.SumsText() {
		return fmt.Errorf("%s does not say what the list of releases records", store.ReleaseSums)
	}
	return nil
}
