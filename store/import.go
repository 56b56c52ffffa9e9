package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// ImportSummary counts what an import wrote.
type ImportSummary struct {
	Countries, Governments, Agreements, Events, Activities, Sources int
	Coverage, References                                            int `json:",omitempty"`
}

// Import writes a dataset in one transaction: every record is inserted or replaced,
// its citations added, and one change row records the import. Either all of it lands
// or none of it does. Importing the same dataset twice leaves the same records.
// Records the import created or changed also get a change row each (import_history.go).
func (db *DB) Import(ctx context.Context, ds Dataset, actor, at, reason string) (ImportSummary, error) {
	// A big import touches B-tree pages all over the file (keys are slugs, not
	// sequential). With the writer's usual cache, pages are spilled to the WAL and
	// read back again and again: at 100× the default data the WAL grew many times the
	// size of the database. For the length of the import the cache may grow to 1 GiB
	// (it only takes what the import touches), then goes back.
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, importCacheKiB)); err != nil {
		return ImportSummary{}, err
	}
	defer db.write.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = -%d`, writerCacheKiB))
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return ImportSummary{}, err
	}
	defer tx.Rollback()
	// Parents and agreements may refer to records later in the same batch.
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return ImportSummary{}, err
	}
	// The tallies are rebuilt once at the end instead of row by row (migration 0005).
	if _, err := tx.ExecContext(ctx, `UPDATE maintenance SET bulk = 1`); err != nil {
		return ImportSummary{}, fmt.Errorf("import: %w", err)
	}
	trail, err := beginTrail(ctx, tx, ds)
	defer trail.close()
	if err != nil {
		return ImportSummary{}, err
	}
	im := importer{ctx: ctx, tx: tx, sourceIDs: map[string]int64{}, parties: map[string][2]string{}}
	for _, a := range ds.Agreements {
		im.parties[a.ID] = [2]string{a.GovernmentA, a.GovernmentB}
	}
	im.addSource = im.prepare(`INSERT INTO source (url) VALUES (?) ON CONFLICT (url) DO NOTHING`)
	im.sourceOf = im.prepare(`SELECT id FROM source WHERE url = ?`)
	im.link = im.prepare(`INSERT OR IGNORE INTO citation (record_type, record_id, source) VALUES (?, ?, ?)`)
	defer closeStmts(im.addSource, im.sourceOf, im.link)
	im.countries(ds.Countries)
	im.sources(ds.Sources)
	im.governments(ds.Governments)
	im.agreements(ds.Agreements)
	im.events(ds.Events)
	im.activities(ds.Activities)
	im.coverage(ds.Coverage)
	im.references(ds.References)
	if im.err != nil {
		return ImportSummary{}, im.err
	}
	if err := trail.log(ctx, tx, ds, im.sourceIDs, actor, at, reason); err != nil {
		return ImportSummary{}, err
	}
	if err := rebuildTallies(ctx, tx); err != nil {
		return ImportSummary{}, err
	}
	sum := ImportSummary{len(ds.Countries), len(ds.Governments), len(ds.Agreements), len(ds.Events), len(ds.Activities), len(ds.Sources),
		len(ds.Coverage), len(ds.References)}
	after, _ := json.Marshal(sum)
	if _, err := tx.ExecContext(ctx, `INSERT INTO change (at, actor, record_type, record_id, action, after, reason)
		VALUES (?, ?, 'dataset', '', 'import', ?, ?)`, at, actor, string(after), reason); err != nil {
		return ImportSummary{}, err
	}
	if err := db.commit(ctx, tx); err != nil {
		return ImportSummary{}, fmt.Errorf("import: %w", err)
	}
	return sum, nil
}

// rebuildTallies recounts the maintained counts from the records, inside tx, and
// switches their triggers back on.
func rebuildTallies(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`DELETE FROM agreement_tally`,
		`INSERT INTO agreement_tally SELECT * FROM agreement_tally_recount`,
		`DELETE FROM activity_tally`,
		`INSERT INTO activity_tally SELECT * FROM activity_tally_recount`,
		`DELETE FROM cost_tally`,
		`INSERT INTO cost_tally SELECT * FROM cost_tally_recount`,
		`DELETE FROM record_total`,
		`INSERT INTO record_total SELECT * FROM record_total_recount`,
		`UPDATE maintenance SET bulk = 0`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("import: rebuilding the counts: %w", err)
		}
	}
	return nil
}

// importer carries the first error through a sequence of statements, so the import
// reads as a list of steps.
type importer struct {
	ctx context.Context
	tx  *sql.Tx
	err error

	addSource, sourceOf, link *sql.Stmt // shared by every record's citations
	// sourceIDs remembers each cited URL's source id: the world's 3 million activities
	// cite half a million URLs, each looked up once instead of once per citation.
	sourceIDs map[string]int64
	// parties holds the parties of the dataset's agreements, which replace whatever is
	// recorded: an activity's side is checked against them without a query.
	parties map[string][2]string
}

func (im *importer) prepare(query string) *sql.Stmt {
	if im.err != nil {
		return nil
	}
	st, err := im.tx.PrepareContext(im.ctx, query)
	im.err = err
	return st
}

func (im *importer) exec(st *sql.Stmt, what string, args ...any) {
	if im.err != nil {
		return
	}
	if _, err := st.ExecContext(im.ctx, args...); err != nil {
		im.err = fmt.Errorf("import %s: %w", what, err)
	}
}

func (im *importer) cite(recordType, recordID string, urls []string) {
	for _, u := range urls {
		id := im.sourceID(u)
		im.exec(im.link, "citation "+u, recordType, recordID, id)
	}
}

// sourceID adds a cited URL as a source if it is new and answers its id.
func (im *importer) sourceID(url string) int64 {
	if id, ok := im.sourceIDs[url]; ok || im.err != nil {
		return id
	}
	im.exec(im.addSource, "source "+url, url)
	if im.err != nil {
		return 0
	}
	var id int64
	if err := im.sourceOf.QueryRowContext(im.ctx, url).Scan(&id); err != nil {
		im.err = fmt.Errorf("import source %s: %w", url, err)
		return 0
	}
	im.sourceIDs[url] = id
	return id
}

func closeStmts(sts ...*sql.Stmt) {
	for _, st := range sts {
		if st != nil {
			st.Close()
		}
	}
}

func (im *importer) countries(cs []Country) {
	st := im.prepare(`INSERT INTO country (code, name_en, name_fr, name_ko) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_fr = excluded.name_fr, name_ko = excluded.name_ko`)
	defer closeStmts(st)
	for _, c := range cs {
		im.exec(st, "country "+c.Code, c.Code, c.NameEN, c.NameFR, c.NameKO)
	}
}

func (im *importer) sources(ss []Source) {
	st := im.prepare(`INSERT INTO source (url, title, publisher, accessed) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET title = excluded.title, publisher = excluded.publisher, accessed = excluded.accessed`)
	defer closeStmts(st)
	for _, s := range ss {
		im.exec(st, "source "+s.URL, s.URL, s.Title, s.Publisher, s.Accessed)
	}
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (im *importer) governments(gs []Government) {
	st := im.prepare(`INSERT INTO government (slug, name, name_local, name_fr, name_ko, level, country, region, parent, lat, lon, wikidata, website)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name, name_local = excluded.name_local, name_fr = excluded.name_fr, name_ko = excluded.name_ko,
			level = excluded.level, country = excluded.country, region = excluded.region, parent = excluded.parent,
			lat = excluded.lat, lon = excluded.lon, wikidata = excluded.wikidata, website = excluded.website`)
	defer closeStmts(st)
	for _, g := range gs {
		im.exec(st, "government "+g.Slug, g.Slug, g.Name, g.NameLocal, g.NameFR, g.NameKO, g.Level, g.Country, g.Region,
			nullString(g.Parent), g.Lat, g.Lon, g.Wikidata, g.Website)
		im.cite("government", g.Slug, g.Sources)
	}
}

func (im *importer) agreements(as []Agreement) {
	st := im.prepare(`INSERT INTO agreement (id, government_a, government_b, kind, signed, status, ended, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET government_a = excluded.government_a, government_b = excluded.government_b,
			kind = excluded.kind, signed = excluded.signed, status = excluded.status, ended = excluded.ended, note = excluded.note`)
	defer closeStmts(st)
	for _, a := range as {
		im.exec(st, "agreement "+a.ID, a.ID, a.GovernmentA, a.GovernmentB, a.Kind, a.Signed, a.Status, a.Ended, a.Note)
		im.cite("agreement", a.ID, a.Sources)
	}
}

// events replaces each mentioned agreement's lifecycle with the imported one, so a
// re-import does not duplicate events.
func (im *importer) events(es []Event) {
	// The replaced events' citations go with them: a new event may reuse an old id.
	uncite := im.prepare(`DELETE FROM citation WHERE record_type = 'event'
		AND record_id IN (SELECT CAST(id AS TEXT) FROM event WHERE agreement = ?)`)
	del := im.prepare(`DELETE FROM event WHERE agreement = ?`)
	st := im.prepare(`INSERT INTO event (agreement, date, event, note) VALUES (?, ?, ?, ?) RETURNING id`)
	defer closeStmts(uncite, del, st)
	cleared := map[string]bool{}
	for _, e := range es {
		if !cleared[e.Agreement] {
			im.exec(uncite, "citations of the events of "+e.Agreement, e.Agreement)
			im.exec(del, "events of "+e.Agreement, e.Agreement)
			cleared[e.Agreement] = true
		}
		if im.err != nil {
			return
		}
		var id int64
		if err := st.QueryRowContext(im.ctx, e.Agreement, e.Date, e.Event, e.Note).Scan(&id); err != nil {
			im.err = fmt.Errorf("import event of %s: %w", e.Agreement, err)
			return
		}
		im.cite("event", fmt.Sprint(id), e.Sources)
	}
}

func (im *importer) activities(as []Activity) {
	st := im.prepare(`INSERT INTO activity (id, agreement, date, date_end, category, from_side, title, description, participants,
			cost_amount, cost_currency, paid_by, outputs)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET agreement = excluded.agreement, date = excluded.date, date_end = excluded.date_end,
			category = excluded.category, from_side = excluded.from_side, title = excluded.title,
			description = excluded.description, participants = excluded.participants, cost_amount = excluded.cost_amount,
			cost_currency = excluded.cost_currency, paid_by = excluded.paid_by, outputs = excluded.outputs`)
	// The side that travelled and the payer must be parties of the agreement: the
	// dataset's, or the recorded one for an agreement the dataset does not name.
	side := im.prepare(`SELECT count(*) FROM agreement WHERE id = ? AND ? IN (government_a, government_b)`)
	defer closeStmts(st, side)
	for _, a := range as {
		if im.err == nil && a.From != "" && a.From != "joint" {
			isParty, err := im.isParty(side, a.Agreement, a.From)
			if err != nil {
				im.err = fmt.Errorf("import activity %s: %w", a.ID, err)
			} else if !isParty {
				im.err = fmt.Errorf("%w: activity %s: from %q is neither party of agreement %s (nor \"joint\")", ErrInvalid, a.ID, a.From, a.Agreement)
			}
		}
		if im.err == nil && a.PaidBy != "" && a.PaidBy != PaidShared {
			isParty, err := im.isParty(side, a.Agreement, a.PaidBy)
			if err != nil {
				im.err = fmt.Errorf("import activity %s: %w", a.ID, err)
			} else if !isParty {
				im.err = fmt.Errorf("activity %s: paid_by %q: %w", a.ID, a.PaidBy, &CostError{Field: "paid_by", Reason: CostPayerNotParty})
			}
		}
		// The import format's reader gives costs in their recorded form already; a
		// dataset built another way is held to the same form, not rewritten, so that
		// its history shows what was stored.
		if amount, code, err := NormalizeCost(a.CostAmount, a.CostCurrency); im.err == nil && (err != nil || amount != a.CostAmount || code != a.CostCurrency) {
			if err == nil {
				err = fmt.Errorf("%w: cost %s %s is not in its recorded form (%s %s)", ErrInvalid, a.CostAmount, a.CostCurrency, amount, code)
			}
			im.err = fmt.Errorf("import activity %s: %w", a.ID, err)
		}
		im.exec(st, "activity "+a.ID, a.ID, a.Agreement, a.Date, a.DateEnd, a.Category, a.From, a.Title, a.Description, a.Participants,
			a.CostAmount, a.CostCurrency, a.PaidBy, a.Outputs)
		im.cite("activity", a.ID, a.Sources)
	}
}

// isParty reports whether government is a party of the agreement: as the dataset
// states it, or as recorded (side) for an agreement the dataset does not name.
func (im *importer) isParty(side *sql.Stmt, agreement, government string) (bool, error) {
	if p, ok := im.parties[agreement]; ok {
		return government == p[0] || government == p[1], nil
	}
	var n int
	err := side.QueryRowContext(im.ctx, agreement, government).Scan(&n)
	return n > 0, err
}
