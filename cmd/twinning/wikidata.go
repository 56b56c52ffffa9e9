package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/twinningtracker/twinning/seed/wikidata"
)

// importWikidata merges a SPARQL JSON result of the documented Wikidata query into
// the database in one import: every pair is read and checked first, then matched,
// then written together, or nothing is.
func importWikidata(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, fs, err := parseFlags("import-wikidata", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("import-wikidata: name one file, the query's JSON result (docs/wikidata.md)")
	}
	path := fs.Arg(0)
	body, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("import-wikidata: %w", err)
	}
	pairs, err := wikidata.Read(filepath.Base(path), body)
	if err != nil {
		return fmt.Errorf("import-wikidata rejected, nothing written:\n%w", err)
	}
	db, err := openSeeded(ctx, o.db, stdout)
	if err != nil {
		return err
	}
	defer db.Close()
	ds, sum, err := wikidata.Merge(ctx, db, pairs)
	if err != nil {
		return fmt.Errorf("import-wikidata: nothing written: %w", err)
	}
	if _, err := db.Import(ctx, ds, "admin (command line)", time.Now().UTC().Format(time.RFC3339),
		"twinning import-wikidata "+filepath.Base(path)); err != nil {
		return fmt.Errorf("import-wikidata: nothing written: %w", err)
	}
	fmt.Fprintf(stdout, "Read %d pairs: %d places matched by Wikidata id, %d by name, %d new; %d existing governments filled in; "+
		"%d existing agreements matched (dates filled where they had none), %d new.\n", sum.Pairs, sum.ByQID, sum.ByName,
		sum.NewGovs, sum.GovsFilled, sum.AgreementsMatched, sum.NewAgreements)
	for _, k := range sum.Kept {
		fmt.Fprintln(stdout, "kept:", k)
	}
	for _, l := range sum.LeftOut {
		fmt.Fprintln(stdout, "left out:", l)
	}
	return nil
}
