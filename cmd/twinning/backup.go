package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/twinningtracker/twinning/store"
)

// backup writes a consistent online copy of the whole database (accounts and
// sessions included) to a new file; the portal can keep running meanwhile.
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var out string
	o, fs, err := parseFlags("backup", args, getenv, stderr, false, func(fs *flagSet) {
		fs.StringVar(&out, "out", "", "new file to write the backup to (never overwritten)")
	})
	if err != nil {
		return err
	}
	if out == "" || fs.NArg() > 0 {
		return errors.New("backup: usage: twinning backup [-db FILE] -out NEW-FILE")
	}
	// Never create a database by backing up a path that has none.
	if _, err := os.Stat(o.db); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	start := time.Now()
	if err := store.BackupFile(ctx, o.db, out); err != nil {
		return err
	}
	st, err := os.Stat(out)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes, %.1fs)\n", o.db, out, st.Size(), time.Since(start).Seconds())
	return nil
}
