package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Version identifies the state of the whole database: every write adds a change row
// in the same transaction, so the newest change id changes exactly when the records
// do. AsOf is that change's date (YYYY-MM-DD), the data's as-of date.
type Version struct {
	ID   int64
	AsOf string
}

// CurrentVersion returns the database's version, for callers that cache what they
// build from the whole database (downloads) and rebuild only when it changes.
func (db *DB) CurrentVersion(ctx context.Context) (Version, error) {
	note(ctx, scopeChanges)
	return readVersion(ctx, db.read)
}

// queryRower is a connection pool or a transaction.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readVersion(ctx context.Context, q queryRower) (Version, error) {
	var v Version
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0), coalesce((`+asOfQuery+`), '') FROM change`).
		Scan(&v.ID, &v.AsOf)
	return v, err
}

// Export reads every record (countries, governments, agreements, lifecycle events,
// activities, sources, each with its cited source URLs, coverage and reference figures) as a Dataset in the import
// format's terms, so that importing it into an empty database recreates the records.
func (db *DB) Export(ctx context.Context) (Dataset, error) {
	ds, _, err := db.ExportVersion(ctx)
	return ds, err
}

// ExportVersion is Export together with the version the records were read at. Every
// table is read in one read transaction, so the dataset is consistent (a concurrent
// import is either wholly in it or not at all) and the version describes it exactly;
// under WAL the read does not block the writer.
//
// Records come in the order they were first recorded (so parents and agreements keep
// the order of the file they came from); a record's source URLs come in the order the
// sources were first recorded. Sources are listed when they carry a title, publisher
// or access date, or are cited by no record: a bare URL that some record cites is
// already in that record's source_url, as in the import format.
func (db *DB) ExportVersion(ctx context.Context) (Dataset, Version, error) {
	note(ctx, scopeChanges)
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Dataset{}, Version{}, err
	}
	defer tx.Rollback()
	// The first read starts the snapshot every following read sees.
	v, err := readVersion(ctx, tx)
	if err != nil {
		return Dataset{}, Version{}, fmt.Errorf("export: %w", err)
	}
	ex := exporter{ctx: ctx, tx: tx}
	ex.citations()
	ds := Dataset{
		Countries:   ex.countries(),
		Governments: ex.governments(),
		Agreements:  ex.agreements(),
		Events:      ex.events(),
		Activities:  ex.activities(),
		Sources:     ex.sources(),
		Coverage:    ex.coverage(),
		References:  ex.references(),
	}
	if ex.err != nil {
		return Dataset{}, Version{}, fmt.Errorf("export: %w", ex.err)
	}
	return ds, v, nil
}

// exporter carries the first error through the reads of one export.
type exporter struct {
	ctx  context.Context
	tx   *sql.Tx
	err  error
	cite map[[2]string][]string // (record type, record id) → source URLs
}

// each runs q and calls scan for every row, until the first error.
func (ex *exporter) each(q string, scan func(*sql.Rows) error) {
	if ex.err != nil {
		return
	}
	rows, err := ex.tx.QueryContext(ex.ctx, q)
	if err != nil {
		ex.err = err
		return
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			ex.err = err
			return
		}
	}
	ex.err = rows.Err()
}

func (ex *exporter) citations() {
	ex.cite = map[[2]string][]string{}
	ex.each(`SELECT c.record_type, c.record_id, s.url FROM citation c JOIN source s ON s.id = c.source
		ORDER BY c.record_type, c.record_id, s.id`, func(r *sql.Rows) error {
		var typ, id, url string
		if err := r.Scan(&typ, &id, &url); err != nil {
			return err
		}
		k := [2]string{typ, id}
		ex.cite[k] = append(ex.cite[k], url)
		return nil
	})
}

func (ex *exporter) sourcesOf(recordType, recordID string) []string {
	return ex.cite[[2]string{recordType, recordID}]
}

func (ex *exporter) countries() []Country {
	var out []Country
	ex.each(`SELECT code, name_en, name_fr, name_ko FROM country ORDER BY code`, func(r *sql.Rows) error {
		var c Country
		err := r.Scan(&c.Code, &c.NameEN, &c.NameFR, &c.NameKO)
		out = append(out, c)
		return err
	})
	return out
}

func (ex *exporter) governments() []Government {
	var out []Government
	ex.each(`SELECT `+governmentCols+` FROM government ORDER BY rowid`, func(r *sql.Rows) error {
		var g Government
		if err := r.Scan(g.fields()...); err != nil {
			return err
		}
		g.Sources = ex.sourcesOf("government", g.Slug)
		out = append(out, g)
		return nil
	})
	return out
}

func (ex *exporter) agreements() []Agreement {
	var out []Agreement
	ex.each(`SELECT `+agreementCols+` FROM agreement ORDER BY rowid`,
		func(r *sql.Rows) error {
			var a Agreement
			if err := r.Scan(a.fields()...); err != nil {
				return err
			}
			a.Sources = ex.sourcesOf("agreement", a.ID)
			out = append(out, a)
			return nil
		})
	return out
}

func (ex *exporter) events() []Event {
	var out []Event
	ex.each(`SELECT id, agreement, date, event, note FROM event ORDER BY id`, func(r *sql.Rows) error {
		var e Event
		if err := r.Scan(&e.ID, &e.Agreement, &e.Date, &e.Event, &e.Note); err != nil {
			return err
		}
		e.Sources = ex.sourcesOf("event", strconv.FormatInt(e.ID, 10))
		out = append(out, e)
		return nil
	})
	return out
}

func (ex *exporter) activities() []Activity {
	var out []Activity
	ex.each(`SELECT `+activityCols+` FROM activity a ORDER BY a.rowid`, func(r *sql.Rows) error {
		var a Activity
		if err := r.Scan(a.fields()...); err != nil {
			return err
		}
		a.Sources = ex.sourcesOf("activity", a.ID)
		out = append(out, a)
		return nil
	})
	return out
}

func (ex *exporter) sources() []Source {
	var out []Source
	ex.each(`SELECT s.url, s.title, s.publisher, s.accessed FROM source s
		WHERE s.title <> '' OR s.publisher <> '' OR s.accessed <> ''
			OR s.id NOT IN (SELECT source FROM citation)
		ORDER BY s.id`, func(r *sql.Rows) error {
		var s Source
		err := r.Scan(&s.URL, &s.Title, &s.Publisher, &s.Accessed)
		out = append(out, s)
		return err
	})
	return out
}

func (ex *exporter) coverage() []CoverageSpan {
	var out []CoverageSpan
	ex.each(`SELECT government, from_year, to_year, source_url FROM coverage ORDER BY government, from_year`, func(r *sql.Rows) error {
		var c CoverageSpan
		err := r.Scan(&c.Government, &c.From, &c.To, &c.Source)
		out = append(out, c)
		return err
	})
	return out
}

func (ex *exporter) references() []ReferenceFigure {
	var out []ReferenceFigure
	ex.each(`SELECT scope, as_of, figure, value, source_url, note FROM reference_figure ORDER BY scope, as_of, figure`, func(r *sql.Rows) error {
		var f ReferenceFigure
		err := r.Scan(&f.Scope, &f.AsOf, &f.Figure, &f.Value, &f.Source, &f.Note)
		out = append(out, f)
		return err
	})
	return out
}
