package web

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// releaseZip is the name of a release's CSV zip in its folder.
const releaseZip = "twinning-csv.zip"

// CutRelease makes a release of the database's public record now: its folder
// (the release database, the CSV zip made from that very file, and SHA256SUMS in the
// format `sha256sum -c` reads), then its entry in the public list of releases. The
// folder is made under a temporary name and renamed when complete, so a release is
// listed only once all its files are there. baseURL goes into the zip's README.
func CutRelease(ctx context.Context, db *store.DB, baseURL, actor, note string) (store.Release, error) {
	// One cut at a time in this process (an administrator's and a schedule's); a
	// cut by another process takes the next free id (NextReleaseID).
	cutMu.Lock()
	defer cutMu.Unlock()
	removeStaleCuts(db.ReleasesDir())
	cutAt := time.Now().UTC()
	id, err := db.NextReleaseID(ctx, cutAt.Format(time.DateOnly))
	if err != nil {
		return store.Release{}, err
	}
	if err := os.MkdirAll(db.ReleasesDir(), 0o755); err != nil {
		return store.Release{}, fmt.Errorf("release: %w", err)
	}
	tmp, err := os.MkdirTemp(db.ReleasesDir(), ".cutting-"+id+"-")
	if err != nil {
		return store.Release{}, fmt.Errorf("release: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure
	r := store.Release{ID: id, CutAt: cutAt.Format(time.RFC3339), CutBy: actor, Note: strings.TrimSpace(note)}
	v, err := db.WriteReleaseDB(ctx, filepath.Join(tmp, store.ReleaseDB))
	if err != nil {
		return store.Release{}, err
	}
	r.Version, r.AsOf = v.ID, v.AsOf
	if r.Counts, err = writeReleaseZip(ctx, r, filepath.Join(tmp, store.ReleaseDB), filepath.Join(tmp, releaseZip), baseURL); err != nil {
		return store.Release{}, fmt.Errorf("release: the CSV zip: %w", err)
	}
	for _, name := range []string{store.ReleaseDB, releaseZip} {
		f, err := store.HashFile(filepath.Join(tmp, name))
		if err != nil {
			return store.Release{}, fmt.Errorf("release: %w", err)
		}
		r.Files = append(r.Files, f)
	}
	if err := os.WriteFile(filepath.Join(tmp, store.ReleaseSums), []byte(r.SumsText()), 0o644); err != nil {
		return store.Release{}, fmt.Errorf("release: %w", err)
	}
	for _, name := range []string{store.ReleaseDB, releaseZip, store.ReleaseSums} {
		if err := os.Chmod(filepath.Join(tmp, name), 0o444); err != nil { // never written again
			return store.Release{}, fmt.Errorf("release: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return store.Release{}, fmt.Errorf("release: %w", err)
	}
	dir := db.ReleaseDir(id)
	if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
		return store.Release{}, fmt.Errorf("release: %s already exists", dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return store.Release{}, fmt.Errorf("release: %w", err)
	}
	if err := db.RecordRelease(ctx, r); err != nil {
		os.RemoveAll(dir)
		return store.Release{}, err
	}
	return r, nil
}

var cutMu sync.Mutex

// staleCut is how old a .cutting-… folder must be to be a cut that stopped (a
// crash, a kill) rather than one running in another process.
const staleCut = 6 * time.Hour

// removeStaleCuts deletes the folders of cuts that stopped midway: one may hold the
// copy of the database before its private rows were removed.
func removeStaleCuts(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), ".cutting-") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleCut {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// writeReleaseZip writes the CSV zip of the release database at src, the same zip
// /data offers, and counts the release's records.
func writeReleaseZip(ctx context.Context, r store.Release, src, dst, baseURL string) (store.ReleaseCounts, error) {
	rdb, err := store.OpenRelease(ctx, src)
	if err != nil {
		return store.ReleaseCounts{}, err
	}
	defer rdb.Close()
	h := &handler{db: rdb, baseURL: strings.TrimRight(baseURL, "/"), release: &views.ReleaseRef{ID: r.ID, CutAt: r.CutAt}}
	body, _, err := h.writeCSVZip(ctx)
	if err != nil {
		return store.ReleaseCounts{}, err
	}
	if err := os.WriteFile(dst, body, 0o644); err != nil {
		return store.ReleaseCounts{}, err
	}
	return rdb.Counts(ctx)
}
