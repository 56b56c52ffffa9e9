package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Report is a government's declaration "our report for year Y is complete", made by
// one of its officials after reviewing that year's activities.
type Report struct {
	Government string
	Year       int
	DeclaredAt string // RFC 3339, UTC
	DeclaredBy string // actor: role:government, never an email
	Note       string
}

// Years a report may be declared for: from FirstReportYear to the data's as-of year.
const FirstReportYear = 1950

// MaxReportNote bounds a declaration's note, in characters.
const MaxReportNote = 1000

// ReportID is the record id of a declaration in the change log: slug:year.
func ReportID(government string, year int) string {
	return government + ":" + strconv.Itoa(year)
}

// LastDeclarableYear is the newest year a report can be declared complete for: the
// last year that has ended (UTC). A year still running cannot be complete, and a
// declaration stands for good.
func LastDeclarableYear() int { return time.Now().UTC().Year() - 1 }

// DeclareReport records that government's report for year is complete, with a change
// row. Only a year that has ended can be declared (LastDeclarableYear). Declaring is idempotent: when the year is already declared, the first
// declaration stands unchanged (date, declarer and note), nothing is written and
// created is false.
func (db *DB) DeclareReport(ctx context.Context, actor, government string, year int, note string) (r Report, created bool, err error) {
	if year < FirstReportYear || year > 2999 {
		return Report{}, false, fmt.Errorf("%w: year %d", ErrInvalid, year)
	}
	if year > LastDeclarableYear() {
		return Report{}, false, fmt.Errorf("%w: year %d has not ended", ErrInvalid, year)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return Report{}, false, err
	}
	defer tx.Rollback()
	r, err = reportTx(ctx, tx, government, year)
	if err == nil {
		return r, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return Report{}, false, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM government WHERE slug = ?`, government).Scan(&n); err != nil {
		return Report{}, false, err
	}
	if n == 0 {
		return Report{}, false, ErrNotFound
	}
	r = Report{Government: government, Year: year, DeclaredAt: now(), DeclaredBy: actor, Note: note}
	if _, err := tx.ExecContext(ctx, `INSERT INTO report (government, year, declared_at, declared_by, note) VALUES (?, ?, ?, ?, ?)`,
		r.Government, r.Year, r.DeclaredAt, r.DeclaredBy, r.Note); err != nil {
		return Report{}, false, err
	}
	if err := logChange(ctx, tx, actor, "report", ReportID(government, year), "", "create", nil, r, note); err != nil {
		return Report{}, false, err
	}
	return r, true, db.commit(ctx, tx)
}

func reportTx(ctx context.Context, tx *sql.Tx, government string, year int) (Report, error) {
	var r Report
	err := tx.QueryRowContext(ctx, `SELECT government, year, declared_at, declared_by, note FROM report WHERE government = ? AND year = ?`,
		government, year).Scan(&r.Government, &r.Year, &r.DeclaredAt, &r.DeclaredBy, &r.Note)
	return r, notFound(err)
}

// Reports lists a government's declarations, newest year first.
func (db *DB) Reports(ctx context.Context, government string) ([]Report, error) {
	note(ctx, govScope(government))
	return db.reports(ctx, `government = ?`, government)
}

func (db *DB) reports(ctx context.Context, where string, args ...any) ([]Report, error) {
	rows, err := db.query(ctx, `SELECT government, year, declared_at, declared_by, note FROM report WHERE `+where+
		` ORDER BY year DESC, government`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		if err := rows.Scan(&r.Government, &r.Year, &r.DeclaredAt, &r.DeclaredBy, &r.Note); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ActivityCountsByYear counts the dated activities under a government's agreements
// (either side), by year.
func (db *DB) ActivityCountsByYear(ctx context.Context, government string) (map[int]int, error) {
	note(ctx, govScope(government))
	rows, err := db.query(ctx, `SELECT substr(a.date, 1, 4), count(*) FROM activity a JOIN agreement ag ON ag.id = a.agreement
		WHERE a.date <> '' AND (ag.government_a = ?1 OR ag.government_b = ?1) GROUP BY 1`, government)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var y string
		var n int
		if err := rows.Scan(&y, &n); err != nil {
			return nil, err
		}
		if year, err := strconv.Atoi(y); err == nil {
			out[year] = n
		}
	}
	return out, rows.Err()
}

// ReportingGov is one government on the reporting overview, with its declarations
// for the years asked for.
type ReportingGov struct {
	GovRef
	HasAccount bool
	Reports    map[int]Report
}

// reportingGovs are the governments the overview lists: every government with an
// account, a declaration, or an agreement with recorded activities.
const reportingGovs = `SELECT government FROM account
	UNION SELECT government FROM report
	UNION SELECT ag.government_a FROM agreement ag WHERE ag.id IN (SELECT agreement FROM activity)
	UNION SELECT ag.government_b FROM agreement ag WHERE ag.id IN (SELECT agreement FROM activity)`

// Reporting lists the governments that report or could (see reportingGovs), in
// one country or ("") all, ordered by country, region (unknown last) and name, with
// their declarations for the years from..to.
func (db *DB) Reporting(ctx context.Context, country string, from, to int) ([]ReportingGov, error) {
	note(ctx, scopeReporting, placeScopes(kindActivities, "", country, ""))
	rows, err := db.query(ctx, `SELECT `+govCols("g")+`, EXISTS (SELECT 1 FROM account ac WHERE ac.government = g.slug)
		FROM government g WHERE g.slug IN (`+reportingGovs+`) AND (?1 = '' OR g.country = ?1)
		ORDER BY g.country, g.region = '', g.region, g.name, g.slug`, country)
	if err != nil {
		return nil, err
	}
	var out []ReportingGov
	index := map[string]int{}
	for rows.Next() {
		var g ReportingGov
		if err := rows.Scan(append(g.scanArgs(), &g.HasAccount)...); err != nil {
			rows.Close()
			return nil, err
		}
		g.Reports = map[int]Report{}
		index[g.Slug] = len(out)
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	reports, err := db.reports(ctx, `year BETWEEN ? AND ?`, from, to)
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		if i, ok := index[r.Government]; ok {
			out[i].Reports[r.Year] = r
		}
	}
	return out, nil
}

// ReportingCountries are the countries of the governments the overview lists, by code.
func (db *DB) ReportingCountries(ctx context.Context) ([]string, error) {
	note(ctx, scopeReporting, worldScope(kindActivities))
	rows, err := db.query(ctx, `SELECT DISTINCT country FROM government WHERE slug IN (`+reportingGovs+`)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var cc string
		if err := rows.Scan(&cc); err != nil {
			return nil, err
		}
		out = append(out, cc)
	}
	sort.Strings(out)
	return out, rows.Err()
}
