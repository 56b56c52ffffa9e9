package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
)

// Browsing activities: the rows come from SQL in date order (the activity_date index
// walks them newest or oldest first), the facets and totals from the counts writes
// maintain (activity_tally, held in memory: tally_memory.go), so neither reads every
// activity. Narrowed to one government, the same counts are made in SQL from that
// government's own activities.

// ActivityList is the activities a browse selects, with its facets: country, partner
// (with a country), category, direction, year and decade.
type ActivityList struct {
	Total  int
	Facets Facets
	dated  int // how many of Total have a date (they come first in either order)
	db     *DB
	q      ActivityFilter
	sort   string
}

// BrowseActivities counts the activities q selects and their facets; Rows reads a
// page of them in sort order (one of ActivitySorts; "" is newest first), undated
// ones last in either order.
func (db *DB) BrowseActivities(ctx context.Context, q ActivityFilter, sort string) (*ActivityList, error) {
	facets, err := cached(ctx, db, "facets|activities|"+q.key(), func(ctx context.Context) (Facets, error) {
		return db.activityFacets(ctx, q)
	})
	if err != nil {
		return nil, err
	}
	l := &ActivityList{Facets: facets, db: db, q: q, sort: sort}
	// The year facet leaves out only the year filter: its values matching the filter
	// are the rows.
	for _, v := range facets["year"] {
		if q.Year == "" || q.Year == v.Value {
			l.Total += v.N
			if v.Value != Unknown {
				l.dated += v.N
			}
		}
	}
	return l, nil
}

// periodCond is the condition on a YYYY year column for a year or decade filter.
func periodCond(col, v string, decade bool) string {
	switch p := periodFilter(v, decade); {
	case p == anyValue:
		return ""
	case p == noMatch:
		return " AND 0"
	case v == Unknown:
		return " AND " + col + " = ''"
	case decade:
		return " AND substr(" + col + ", 1, 3) = '" + strconv.Itoa(p) + "'"
	default:
		return " AND " + col + " = '" + strconv.Itoa(p) + "'"
	}
}

// dateRange is the condition on a.date for a year or decade filter, as a range the
// date index can seek to ('2019' ≤ date < '2020' holds 2019, 2019-05 and 2019-05-01).
func dateRange(v string, decade bool) string {
	switch p := periodFilter(v, decade); {
	case p == anyValue:
		return ""
	case p == noMatch:
		return " AND 0"
	case v == Unknown:
		return " AND a.date = ''"
	case decade:
		return fmt.Sprintf(" AND a.date >= '%04d' AND a.date < '%04d'", p*10, p*10+10)
	default:
		return fmt.Sprintf(" AND a.date >= '%04d' AND a.date < '%04d'", p, p+1)
	}
}

// activityFacets counts, for each facet, the activities every other filter selects:
// from the in-memory counts, or (one government) from its own activities.
func (db *DB) activityFacets(ctx context.Context, q ActivityFilter) (Facets, error) {
	note(ctx, q.scope())
	if q.tallied() {
		m, err := db.activityTally(ctx)
		if err != nil {
			return nil, err
		}
		return m.facets(q), nil
	}
	// One government's or agreement's counts, made on the spot in activity_tally's
	// shape from its own activities.
	own, srcArgs := "1", []any{}
	if q.Government != "" {
		own += " AND agreement IN (SELECT id FROM agreement WHERE government_a = @gov OR government_b = @gov)"
		srcArgs = append(srcArgs, sql.Named("gov", q.Government))
	}
	if q.Agreement != "" {
		own += " AND agreement = @agreement"
		srcArgs = append(srcArgs, sql.Named("agreement", q.Agreement))
	}
	prefix := `WITH own AS (SELECT * FROM activity_direction WHERE ` + own + `),
		own_tally AS (SELECT country, partner, year, category, direction, count(*) AS n FROM (
			SELECT country_a AS country, country_b AS partner, year, category, direction FROM own
			UNION ALL
			SELECT country_b, country_a, year, category, direction FROM own WHERE country_b <> country_a
		) GROUP BY 1, 2, 3, 4, 5) `
	const src = "own_tally"
	// but returns the condition of every filter except the one named.
	but := func(except string) (string, []any) {
		rest := q
		switch except {
		case "category":
			rest.Category = ""
		case "direction":
			rest.Direction = ""
		case "year":
			rest.Year = ""
		case "decade":
			rest.Decade = ""
		}
		place, args := tallyPlace(q.Country, q.Partner)
		switch {
		case except == "country": // every country an activity involves
			place, args = "1", nil
		case except == "partner" && q.Country != "":
			place, args = tallyPlace(q.Country, "")
		}
		attrs, more := rest.tallyAttrs()
		return place + attrs, append(append(slices.Clone(srcArgs), args...), more...)
	}
	count := func(facet, dim string) (map[string]int, error) {
		cond, args := but(facet)
		rows, err := db.query(ctx, prefix+`SELECT `+dim+`, sum(n) FROM `+src+` WHERE `+cond+` GROUP BY 1`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: activity facet %s: %w", facet, err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var v string
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				return nil, fmt.Errorf("store: activity facet %s: %w", facet, err)
			}
			out[v] += n
		}
		return out, rows.Err()
	}
	facets := Facets{}
	dims := []struct{ facet, dim string }{
		{"country", "country"}, {"category", "category"}, {"direction", "direction"},
		{"year", "year"}, {"decade", "substr(year, 1, 3)"},
	}
	if q.Country != "" {
		dims = append(dims, struct{ facet, dim string }{"partner", "partner"})
	}
	for _, d := range dims {
		counts, err := count(d.facet, d.dim)
		if err != nil {
			return nil, err
		}
		facets[d.facet] = facetValues(d.facet, counts)
	}
	return facets, nil
}

// facetValues orders a facet's counts as the browse pages show them: countries most
// first, the vocabulary in its order, years and decades in time order, unknown last.
func facetValues(facet string, counts map[string]int) []FacetCount {
	var out []FacetCount
	unknown := counts[""]
	delete(counts, "")
	switch facet {
	case "category":
		for _, c := range Categories {
			if n := counts[c]; n > 0 {
				out = append(out, FacetCount{c, n})
			}
		}
	case "direction":
		joint := counts["joint"]
		delete(counts, "joint")
		for v, n := range counts {
			out = append(out, FacetCount{v, n})
		}
		out = byCount(out)
		if joint > 0 {
			out = append(out, FacetCount{"joint", joint})
		}
	case "year", "decade":
		for v, n := range counts {
			if facet == "decade" {
				v += "0"
			}
			out = append(out, FacetCount{v, n})
		}
		slices.SortFunc(out, func(a, b FacetCount) int { return cmpString(a.Value, b.Value) })
	default: // country, partner
		for v, n := range counts {
			out = append(out, FacetCount{v, n})
		}
		out = byCount(out)
	}
	if unknown > 0 && facet != "country" && facet != "partner" {
		out = append(out, FacetCount{Unknown, unknown})
	}
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Rows reads limit activities from offset, with both parties. The dated ones come
// first (newest or oldest first), then the undated ones (by id, the same way).
func (l *ActivityList) Rows(ctx context.Context, offset, limit int) ([]LatestActivity, error) {
	if offset < 0 || limit <= 0 || offset >= l.Total {
		return nil, nil
	}
	q := l.q
	note(ctx, q.scope())
	cond, args := q.where()
	dir := "DESC"
	if l.sort == "date" {
		dir = "ASC"
	}
	order := q.order(dir)
	page := func(part string, offset, limit int) ([]LatestActivity, error) {
		rows, err := l.db.query(ctx, `SELECT `+activityCols+`, `+govCols("ga")+`, `+govCols("gb")+activityJoins+
			`WHERE `+cond+` AND `+part+` ORDER BY `+order+` LIMIT @limit OFFSET @offset`,
			append(slices.Clone(args), sql.Named("limit", limit), sql.Named("offset", offset))...)
		out, err := scanLatestActivities(rows, err)
		if err != nil {
			return nil, fmt.Errorf("store: browsing activities: %w", err)
		}
		return out, nil
	}
	var out []LatestActivity
	if l.sort != "date" && offset+limit <= l.dated {
		// A page of a place's newest activities, from its agreements (activity_newest.go).
		top, ok, err := l.db.newestOfPlace(ctx, q, offset+limit)
		if err != nil {
			return nil, err
		}
		if ok {
			return top[min(offset, len(top)):], nil
		}
	}
	if offset < l.dated {
		dated, err := page("a.date <> ''", offset, limit)
		if err != nil {
			return nil, err
		}
		out = dated
	}
	if rest := limit - len(out); rest > 0 && offset+len(out) >= l.dated {
		undated, err := page("a.date = ''", max(0, offset-l.dated), rest)
		if err != nil {
			return nil, err
		}
		out = append(out, undated...)
	}
	return out, nil
}
