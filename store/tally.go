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
	case cc2 != "":
		return "0", nil // a partner needs a country
	}
	return "country <= partner", nil
}
