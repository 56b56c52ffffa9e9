package store

import (
	"database/sql"
	"strings"
)

// Reads of the counts that writes maintain (migration 0005): agreement_tally and
// activity_tally hold one row per country, partner country and counted attributes,
// mirrored for agreements between two countries, so that:
//
//	worldwide      country <= partner   (each agreement once)
//	country X      country = X
//	pair X–Y       country = X AND partner = Y
//
// Readers narrowed to one government or agreement count its own rows instead.

// tallyPlace is the condition selecting a place's tally rows, with its arguments.
func tallyPlace(cc, cc2 string) (string, []any) {
	switch {
	case cc != "" && cc2 != "":
		return "country = @cc AND partner = @cc2", []any{sql.Named("cc", strings.ToUpper(cc)), sql.Named("cc2", strings.ToUpper(cc2))}
	case cc != "":
		return "country = @cc", []any{sql.Named("cc", strings.ToUpper(cc))}
	}
	return "country <= partner", nil
}

// tallyWhere is the condition on activity_tally rows that f selects; f must not be
// narrowed to a government or an agreement.
func (f ActivityFilter) tallyWhere() (string, []any) {
	cond, args := tallyPlace(f.Country, f.Partner)
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
	return cond, args
}

// tallied reports whether f's counts can be read from activity_tally.
func (f ActivityFilter) tallied() bool { return f.Agreement == "" && f.Government == "" }

// tallyWhere is the condition on agreement_tally rows that f selects; f must not be
// narrowed to a government.
func (f AgreementFilter) tallyWhere() (string, []any) {
	cond, args := tallyPlace(f.Country, f.Partner)
	if f.Kind != "" {
		cond += " AND kind = @kind"
		args = append(args, sql.Named("kind", f.Kind))
	}
	return cond, args
}
