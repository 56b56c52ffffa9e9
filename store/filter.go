package store

import (
	"database/sql"

	"github.com/twinningtracker/twinning/cache"
)

// The one filter type of each resource. Browse lists, charts, aggregates, feeds and
// twins take the same filter, so a value means the same everywhere; each reader
// applies every field, from whichever source it reads (maintained counts, the
// browse index or SQL). Empty fields do not filter; country codes are upper case;
// Unknown selects records whose field is not recorded.

// AgreementFilter selects agreements.
type AgreementFilter struct {
	Country    string // either side in this country
	Partner    string // the other side in this country (needs Country)
	Government string // either side is this government (slug)
	Kind       string // one of Kinds
	Status     string // one of Statuses
	Decade     string // first year of the signing decade ("1990" for 1990–1999), or Unknown
	Activeness string // one of ActivenessStates, judged with the window of the data's as-of date
}

// key is the filter in a cache key.
func (f AgreementFilter) key() string {
	return f.Country + "\x00" + f.Partner + "\x00" + f.Government + "\x00" + f.Kind + "\x00" + f.Status + "\x00" +
		f.Decade + "\x00" + f.Activeness
}

// scope is what a read of the agreements f selects depends on.
func (f AgreementFilter) scope() cache.Scope {
	return placeScopes(kindAgreements, f.Government, f.Country, f.Partner)
}

// tallied reports whether f's counts can be read from agreement_tally.
func (f AgreementFilter) tallied() bool {
	return f.Government == "" && f.Status == "" && f.Activeness == ""
}

// where returns a condition on agreement ag, with named arguments. Activeness is a
// judgement over activities, not a column: readers filtering by it use the browse
// index, which holds each agreement's state.
func (f AgreementFilter) where() (string, []any) {
	cond := "1"
	var args []any
	switch {
	case f.Country != "" && f.Partner != "":
		cond += ` AND ((ag.country_a = @cc AND ag.country_b = @cc2) OR (ag.country_a = @cc2 AND ag.country_b = @cc))`
		args = append(args, sql.Named("cc", f.Country), sql.Named("cc2", f.Partner))
	case f.Country != "":
		cond += ` AND (ag.country_a = @cc OR ag.country_b = @cc)`
		args = append(args, sql.Named("cc", f.Country))
	case f.Partner != "":
		cond += ` AND 0` // a partner needs a country
	}
	if f.Government != "" {
		cond += ` AND (ag.government_a = @gov OR ag.government_b = @gov)`
		args = append(args, sql.Named("gov", f.Government))
	}
	if f.Kind != "" {
		cond += ` AND ag.kind = @kind`
		args = append(args, sql.Named("kind", f.Kind))
	}
	if f.Status != "" {
		cond += ` AND ag.status = @status`
		args = append(args, sql.Named("status", f.Status))
	}
	cond += periodCond("substr(ag.signed, 1, 4)", f.Decade, true)
	return cond, args
}

// tallyWhere is the condition on agreement_tally rows that f selects; f must be
// tallied.
func (f AgreementFilter) tallyWhere() (string, []any) {
	cond, args := tallyPlace(f.Country, f.Partner)
	if f.Kind != "" {
		cond += " AND kind = @kind"
		args = append(args, sql.Named("kind", f.Kind))
	}
	cond += periodCond("year", f.Decade, true)
	return cond, args
}

// ActivityFilter selects activities by where and when they happened.
type ActivityFilter struct {
	Agreement  string
	Government string // either party
	Country    string // either party in this country
	Partner    string // the other party in this country (needs Country)
	Category   string // one of Categories, or Unknown
	Direction  string // "joint", Unknown, or the country of the side that travelled or gave
	Year       string // "2019", or Unknown
	Decade     string // "2010" for 2010–2019, or Unknown
}

// key is the filter in a cache key.
func (f ActivityFilter) key() string {
	return f.Agreement + "\x00" + f.Country + "\x00" + f.Partner + "\x00" + f.Government + "\x00" + f.Category + "\x00" +
		f.Direction + "\x00" + f.Year + "\x00" + f.Decade
}

// scope is what a read of the activities f selects depends on.
func (f ActivityFilter) scope() cache.Scope {
	if f.Agreement != "" {
		return agrScope(f.Agreement)
	}
	return placeScopes(kindActivities, f.Government, f.Country, f.Partner)
}

// tallied reports whether f's counts can be read from activity_tally.
func (f ActivityFilter) tallied() bool { return f.Agreement == "" && f.Government == "" }

// placeOnly reports whether f narrows by country or pair and nothing else: what the
// per-agreement summary and the in-memory direction counts answer.
func (f ActivityFilter) placeOnly() bool {
	return f.tallied() && f.Category == "" && f.Direction == "" && f.Year == "" && f.Decade == ""
}

// where returns a condition on activity a joined to agreement ag, with named
// arguments. Years and decades are date ranges, which the date index can seek.
func (f ActivityFilter) where() (string, []any) {
	cond := "1"
	var args []any
	if f.Agreement != "" {
		cond += " AND a.agreement = @agreement"
		args = append(args, sql.Named("agreement", f.Agreement))
	}
	if f.Government != "" {
		// Through the government's agreements (two index lookups), so that SQLite
		// reads its few activities rather than walk every activity by date.
		cond += " AND a.agreement IN (SELECT id FROM agreement WHERE government_a = @gov OR government_b = @gov)"
		args = append(args, sql.Named("gov", f.Government))
	}
	switch {
	case f.Country != "" && f.Partner != "":
		cond += " AND ((ag.country_a = @cc AND ag.country_b = @cc2) OR (ag.country_a = @cc2 AND ag.country_b = @cc))"
		args = append(args, sql.Named("cc", f.Country), sql.Named("cc2", f.Partner))
	case f.Country != "":
		cond += " AND (ag.country_a = @cc OR ag.country_b = @cc)"
		args = append(args, sql.Named("cc", f.Country))
	case f.Partner != "":
		cond += " AND 0" // a partner needs a country
	}
	switch {
	case f.Category == Unknown:
		cond += " AND a.category = ''"
	case f.Category != "":
		cond += " AND a.category = @category"
		args = append(args, sql.Named("category", f.Category))
	}
	switch f.Direction {
	case "":
	case "joint":
		cond += " AND a.from_side = 'joint'"
	case Unknown:
		cond += " AND a.from_side = ''"
	default:
		cond += " AND a.from_side IN (SELECT slug FROM government WHERE country = @from_country)"
		args = append(args, sql.Named("from_country", f.Direction))
	}
	cond += dateRange(f.Year, false) + dateRange(f.Decade, true)
	return cond, args
}

// order is the ORDER BY of f's activities by date (dir ASC or DESC), ties by id. For
// one government or agreement the date index is kept out of it ("+a.date"): their
// activities are few, and sorting them beats walking every activity in date order
// until enough of theirs turn up (240 ms for Burnaby's page at world scale).
func (f ActivityFilter) order(dir string) string {
	if f.tallied() {
		return "a.date " + dir + ", a.id " + dir
	}
	return "+a.date " + dir + ", a.id " + dir
}

// tallyWhere is the condition on activity_tally rows that f selects; f must be
// tallied.
func (f ActivityFilter) tallyWhere() (string, []any) {
	cond, args := tallyPlace(f.Country, f.Partner)
	attrs, more := f.tallyAttrs()
	return cond + attrs, append(args, more...)
}

// tallyAttrs is the part of tallyWhere after the place: category, direction, year
// and decade, each " AND …", on any table in activity_tally's shape.
func (f ActivityFilter) tallyAttrs() (string, []any) {
	cond := ""
	var args []any
	switch {
	case f.Category == Unknown:
		cond += " AND category = ''"
	case f.Category != "":
		cond += " AND category = @category"
		args = append(args, sql.Named("category", f.Category))
	}
	switch f.Direction {
	case "":
	case Unknown:
		cond += " AND direction = ''"
	default: // "joint" or a country code
		cond += " AND direction = @direction"
		args = append(args, sql.Named("direction", f.Direction))
	}
	cond += periodCond("year", f.Year, false) + periodCond("year", f.Decade, true)
	return cond, args
}
