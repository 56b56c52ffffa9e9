package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
)

// importFiles validates every given file before writing anything, then imports them
// in one transaction.
func importFiles(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, fs, err := parseFlags("import", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("import: name at least one file (governments.csv, agreements.csv, events.csv, activities.csv, sources.csv)")
	}
	files := map[string][]byte{}
	for _, path := range fs.Args() {
		name := filepath.Base(path)
		if _, dup := files[name]; dup {
			return fmt.Errorf("import: %s given twice", name)
		}
		if !seed.IsFileName(name) {
			return fmt.Errorf("import: %s is not an import file name (%s)", name, strings.Join(seed.FileNames, ", "))
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		files[name] = body
	}
	db, err := openSeeded(ctx, o.db, stdout)
	if err != nil {
		return err
	}
	defer db.Close()
	known, lookupFailed := db.Known(ctx)
	ds, err := seed.ReadFiles(files, known)
	if lerr := lookupFailed(); lerr != nil {
		return fmt.Errorf("import not checked, nothing written: %w", lerr)
	}
	if err != nil {
		return fmt.Errorf("import rejected, nothing written:\n%w", err)
	}
	sum, err := db.Import(ctx, ds, "admin (command line)", time.Now().UTC().Format(time.RFC3339), "twinning import")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported %d governments, %d agreements, %d events, %d activities, %d sources\n",
		sum.Governments, sum.Agreements, sum.Events, sum.Activities, sum.Sources)
	return nil
}

// check runs SQLite's integrity and foreign-key checks.
func check(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, _, err := parseFlags("check", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.db); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	db, _, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkDB(ctx, db, "check", stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok\n", db.Path())
	return nil
}

// checkDB runs the integrity checks, printing each problem found; what names the
// command in the error.
func checkDB(ctx context.Context, db *store.DB, what string, stdout io.Writer) error {
	problems, err := db.Check(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %d problems in %s", what, len(problems), db.Path())
	}
	return nil
}
