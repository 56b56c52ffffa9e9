package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/twinningtracker/twinning/cache"
)

const activityJoins = ` FROM activity a JOIN agreement ag ON ag.id = a.agreement
	JOIN government ga ON ga.slug = ag.government_a JOIN government gb ON gb.slug = ag.government_b `

// ActivityYears maps each agreement to the years of its dated activities. Narrowed
// to a place only (the activeness of a country's or pair's relationships), the years
// come from the activity summary instead of from every activity of the place.
func (db *DB) ActivityYears(ctx context.Context, f ActivityFilter) (_ map[string][]int, err error) {
	defer wrap(&err, "activity years")
	note(ctx, f.scope())
	if f.placeOnly() {
		return db.summaryYears(ctx, f)
	}
	cond, args := f.where()
	rows, err := db.query(ctx, `SELECT a.agreement, a.date`+activityJoins+`WHERE a.date <> '' AND `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]int{}
	for rows.Next() {
		var id, date string
		if err := rows.Scan(&id, &date); err != nil {
			return nil, err
		}
		out[id] = append(out[id], Year(date))
	}
	return out, rows.Err()
}

// summaryYears is ActivityYears for a place, from the activity summary; the place's
// agreements are listed once per agreement write (a report does not change them).
func (db *DB) summaryYears(ctx context.Context, f ActivityFilter) (map[string][]int, error) {
	ids, err := db.placeAgreementIDs(ctx, AgreementFilter{Country: f.Country, Partner: f.Partner})
	if err != nil {
		return nil, err
	}
	out := map[string][]int{}
	err = db.withSummary(ctx, func(byAg map[string]agreementActivity) {
		for _, id := range ids {
			if a, ok := byAg[id]; ok && len(a.years) > 0 {
				out[id] = a.years
			}
		}
	})
	return out, err
}

// YearCategoryCount is a number of activities of one category in one year.
type YearCategoryCount struct {
	Year     string // YYYY, '' when the date is unknown
	Category string // '' when unknown
	N        int
}

// ActivitiesPerYear counts activities by year and category, oldest first.
func (db *DB) ActivitiesPerYear(ctx context.Context, f ActivityFilter) (_ []YearCategoryCount, err error) {
	defer wrap(&err, "activities per year")
	note(ctx, f.scope())
	if f.tallied() { // from the counts in memory (tally_memory.go): 17 ms for Korea's in SQL at world scale
		m, err := db.activityTally(ctx)
		if err != nil {
			return nil, err
		}
		return m.perYear(f), nil
	}
	return db.activitiesPerYearSQL(ctx, f)
}

// activitiesPerYearSQL is ActivitiesPerYear counted in SQL: from activity_tally for a
// tallied filter (what the in-memory counts must equal), from the activities
// otherwise.
func (db *DB) activitiesPerYearSQL(ctx context.Context, f ActivityFilter) (_ []YearCategoryCount, err error) {
	var rows *sql.Rows
	if f.tallied() {
		cond, args := f.tallyWhere()
		rows, err = db.query(ctx, `SELECT year, category, sum(n) FROM activity_tally WHERE `+cond+`
			GROUP BY year, category ORDER BY year, category`, args...)
	} else {
		cond, args := f.where()
		rows, err = db.query(ctx, `SELECT substr(a.date, 1, 4) y, a.category, count(*)`+activityJoins+
			`WHERE `+cond+` GROUP BY y, a.category ORDER BY y, a.category`, args...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []YearCategoryCount
	for rows.Next() {
		var c YearCategoryCount
		if err := rows.Scan(&c.Year, &c.Category, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FlowCount is a number of activities of one category that went from one side.
type FlowCount struct {
	Category    string
	From        string // slug of the side that travelled or gave, "joint", or '' (unknown)
	FromCountry string // that side's country ('' for joint or unknown)
	N           int
}

// ActivityFlows counts activities by category and by the side they came from.
func (db *DB) ActivityFlows(ctx context.Context, f ActivityFilter) (_ []FlowCount, err error) {
	defer wrap(&err, "activity flows")
	note(ctx, f.scope())
	cond, args := f.where()
	rows, err := db.query(ctx, `SELECT a.category, a.from_side, coalesce(gf.country, ''), count(*)`+activityJoins+`
		LEFT JOIN government gf ON gf.slug = a.from_side
		WHERE `+cond+` GROUP BY a.category, a.from_side ORDER BY a.category, a.from_side`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FlowCount
	for rows.Next() {
		var c FlowCount
		if err := rows.Scan(&c.Category, &c.From, &c.FromCountry, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ActivityDirections counts a place's activities by category and by the country of
// the side they came from: FlowCount with From and FromCountry both that country
// ("joint", or ” when unknown), which is all a country's or pair's page shows. It
// reads the maintained counts in memory (tally_memory.go); narrowed to a government
// or an agreement, or filtered further, it counts ActivityFlows.
func (db *DB) ActivityDirections(ctx context.Context, f ActivityFilter) ([]FlowCount, error) {
	if !f.placeOnly() {
		flows, err := db.ActivityFlows(ctx, f)
		for i := range flows {
			if fl := &flows[i]; fl.From != "" && fl.From != "joint" {
				fl.From = fl.FromCountry
			}
		}
		return flows, err
	}
	note(ctx, f.scope())
	m, err := db.activityTally(ctx)
	if err != nil {
		return nil, err
	}
	return m.directions(f.Country, f.Partner), nil
}

// Activities lists activities with both parties, newest first (unknown dates last).
// The dated ones are read first, down the date index: ordering by "date is unknown"
// first would sort every activity (3 s on the home page at world scale).
func (db *DB) Activities(ctx context.Context, f ActivityFilter, limit int) (_ []LatestActivity, err error) {
	defer wrap(&err, "activities")
	note(ctx, f.scope())
	cond, args := f.where()
	part := func(dated string, limit int) ([]LatestActivity, error) {
		rows, err := db.query(ctx, `SELECT `+activityCols+`, `+govCols("ga")+`, `+govCols("gb")+activityJoins+
			`WHERE `+cond+` AND `+dated+` ORDER BY `+f.order("DESC")+` LIMIT @limit`, append(slices.Clone(args), sql.Named("limit", limit))...)
		out, err := scanLatestActivities(rows, err)
		if err != nil {
			return nil, fmt.Errorf("store: latest activities: %w", err)
		}
		return out, nil
	}
	out, merged, err := db.newestOfPlace(ctx, f, limit)
	if err == nil && !merged {
		out, err = part("a.date <> ''", limit)
	}
	if err != nil || len(out) == limit {
		return out, err
	}
	undated, err := part("a.date = ''", limit-len(out))
	return append(out, undated...), err
}

// scanLatestActivities reads rows of activityCols followed by both parties' govCols.
func scanLatestActivities(rows *sql.Rows, err error) ([]LatestActivity, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LatestActivity
	for rows.Next() {
		var l LatestActivity
		a := &l.Activity
		args := a.fields()
		args = append(append(args, l.A.scanArgs()...), l.B.scanArgs()...)
		if err := rows.Scan(args...); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CountryAgreements lists every agreement a government of cc is party to, with A on
// the cc side (for an agreement within cc, A is the side listed first). The list is
// cached until an agreement of cc changes; the activity counts are added on each
// call from the activity summary, so a report does not read the list again.
func (db *DB) CountryAgreements(ctx context.Context, cc string) (_ []AgreementRow, err error) {
	defer wrap(&err, "agreements of %s", cc)
	rows, err := cached(ctx, db, "country-agreements:"+cc, func(ctx context.Context) ([]AgreementRow, error) {
		note(ctx, countryScope(kindAgreements, cc))
		return scanAgreementRows(db.query(ctx, agreementRecordSelect+`
			FROM agreement ag
			JOIN government ga ON ga.slug = CASE WHEN ag.country_a = ?1 THEN ag.government_a ELSE ag.government_b END
			JOIN government gb ON gb.slug = CASE WHEN ag.country_a = ?1 THEN ag.government_b ELSE ag.government_a END
			WHERE ag.country_a = ?1 OR ag.country_b = ?1
			ORDER BY ga.region = '', ga.region, ga.name, gb.name`, cc))
	})
	if err != nil {
		return nil, err
	}
	return db.withActivity(ctx, rows, countryScope(kindActivities, cc))
}

// withActivity returns a copy of rows with each agreement's activity count and
// newest date from the activity summary; the rows' activities are those of scope.
func (db *DB) withActivity(ctx context.Context, rows []AgreementRow, scope cache.Scope) ([]AgreementRow, error) {
	note(ctx, scope)
	out := slices.Clone(rows)
	err := db.withSummary(ctx, func(byAg map[string]agreementActivity) {
		for i := range out {
			a := byAg[out[i].ID]
			out[i].Activities, out[i].LastActivity = int(a.n), a.last
		}
	})
	return out, err
}
