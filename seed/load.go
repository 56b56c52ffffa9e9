package seed

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/twinningtracker/twinning/store"
)

//go:embed data/*.csv
var embedded embed.FS

// AsOf is the retrieval date of the embedded data; the seed import is recorded with
// it, so the portal's as-of date describes the data, not the day it was installed.
const AsOf = "2026-11-27T00:00:00Z"

// Data is the embedded default data in the import format.
func Data() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

// Load fills a database with the embedded default data in one transaction.
func Load(ctx context.Context, db *store.DB) (store.ImportSummary, error) {
	ds, err := Read(Data(), nil)
	if err != nil {
		return store.ImportSummary{}, fmt.Errorf("embedded seed data: %w", err)
	}
	return db.Import(ctx, ds, "seed", AsOf, "default data embedded in the portal (see /about)")
}
