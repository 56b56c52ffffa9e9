package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	replication "github.com/twinningtracker/twinning/replica"
	"github.com/twinningtracker/twinning/store"
)

// restore writes a database from its replica: the latest state, or the state at a
// point in time (before a bad import, say), to a new file, then checks it as
// twinning check does. The portal is then started on the new file.
func restore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var url, at string
	o, fs, err := parseFlags("restore", args, getenv, stderr, false, func(fs *flagSet) {
		fs.StringVar(&url, "replica", getenv("TWINNING_REPLICA"), "the replica: file:///folder or s3://bucket/path (TWINNING_REPLICA)")
		fs.StringVar(&at, "timestamp", "", "restore the state as of this time (RFC 3339, e.g. 2026-12-07T14:00:00Z); default: the latest")
	})
	if err != nil {
		return err
	}
	if url == "" || fs.NArg() > 0 {
		return errors.New("restore: usage: twinning restore -replica URL -db NEW-FILE [-timestamp 2026-12-07T14:00:00Z]")
	}
	var t time.Time
	if at != "" {
		if t, err = time.Parse(time.RFC3339, at); err != nil {
			return fmt.Errorf("restore: -timestamp %q is not an RFC 3339 time such as 2026-12-07T14:00:00Z", at)
		}
	}
	start := time.Now()
	if err := replication.Restore(ctx, url, o.db, t); err != nil {
		return err
	}
	took := time.Since(start)
	db, _, err := store.Open(ctx, o.db)
	if err != nil {
		return fmt.Errorf("restore: the restored file does not open: %w", err)
	}
	defer db.Close()
	if err := checkDB(ctx, db, "restore", stdout); err != nil {
		return err
	}
	v, err := db.CurrentVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s from %s in %.1fs: change %d, data as of %s; check ok\n", o.db, replication.Redact(url), took.Seconds(), v.ID, v.AsOf)
	files, err := replication.FilesFor(ctx, url)
	if err != nil {
		return err
	}
	fetched, missing, err := fetchReleases(ctx, db, files)
	if err != nil {
		return fmt.Errorf("restore: the releases' folders: %w", err)
	}
	fmt.Fprintf(stdout, "Restored %d release folders into %s from %s\n", fetched, db.ReleasesDir(), files.Where())
	for _, m := range missing {
		// The database is restored; these releases' pages will say their files are missing.
		fmt.Fprintf(stdout, "WARNING: release %s: not restored\n", m)
	}
	return nil
}
