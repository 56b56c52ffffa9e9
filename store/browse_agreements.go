package store

import "context"

// ---------------------------------------------------------------------------------
// Agreements

// AgreementList is the agreements a browse selects, in order, with its facets:
// country, partner (with a country), kind, status, decade and activeness.
type AgreementList struct {
	Total  int
	Facets Facets
	Window Window // the activeness window
	x      *browseIndex
	rows   []int32
	self   int // the country whose side is A in the rows, or anyValue
}

// BrowsedAgreement is an agreement in a browse list, with its activeness.
type BrowsedAgreement struct {
	AgreementRow
	Activeness Activeness
}

const (
	aCountry uint8 = 1 << iota
	aPartner
	aKind
	aStatus
	aDecade
	aActiveness
	aGovernment // not a facet: rows of other governments count for none
)

type agFilter struct{ country, partner, gov, kind, status, decade, state int }

func (x *browseIndex) agFilter(q AgreementFilter) agFilter {
	f := agFilter{country: idFilter(x.countryID, q.Country), partner: idFilter(x.countryID, q.Partner), gov: idFilter(x.govID, q.Government),
		kind: vocabFilter(Kinds, q.Kind), status: vocabFilter(Statuses, q.Status), decade: periodFilter(q.Decade, true),
		state: vocabFilter(ActivenessStates, q.Activeness)}
	if f.country == anyValue && f.partner != anyValue {
		f.country = noMatch
	}
	return f
}

// fails reports which filters row i of the full index x fails, one bit each.
func (f agFilter) fails(x *browseIndex, i int32) uint8 {
	r := &x.ags[i]
	m := pairFails(r.ca, r.cb, f.country, f.partner, aCountry, aPartner)
	if f.gov != anyValue && int(r.a) != f.gov && int(r.b) != f.gov {
		m |= aGovernment
	}
	if f.kind != anyValue && int(r.kindID) != f.kind {
		m |= aKind
	}
	if f.status != anyValue && int(r.statusID) != f.status {
		m |= aStatus
	}
	if f.decade != anyValue && int(r.decade) != f.decade {
		m |= aDecade
	}
	if f.state != anyValue && int(x.state(i)) != f.state {
		m |= aActiveness
	}
	return m
}

// BrowseAgreements selects, counts and sorts agreements (sort is one of
// AgreementSorts, "" for the first). With a country, side A of every row is in that
// country (and side B in the partner country, if given).
func (db *DB) BrowseAgreements(ctx context.Context, q AgreementFilter, sort string) (*AgreementList, error) {
	x, err := db.browseIndex(ctx)
	if err != nil {
		return nil, err
	}
	f := x.agFilter(q)
	l := &AgreementList{x: x, Window: x.window, self: f.country}
	l.rows = selectRows(len(x.ags), x.order(x.agOrder, sort, AgreementSorts), func(i int) bool { return f.fails(x, int32(i)) == 0 })
	l.Total = len(l.rows)
	if l.Facets, err = db.facets(ctx, "agreements|"+q.key(), db.browseIndex, func(x *browseIndex) Facets { return x.agreementFacets(x.agFilter(q)) }); err != nil {
		return nil, err
	}
	if l.self >= 0 {
		sortRows(l.rows, x.agreementKey(sort, l.self)) // names as the rows show them
	}
	return l, nil
}

// agreementKey is the sort key of an agreement: by signing date (unknown last, in
// either direction) or by the names of its sides, side A being in country self
// (anyValue: as stored).
func (x *browseIndex) agreementKey(sort string, self int) func(int32) [3]int32 {
	return func(i int32) [3]int32 {
		r := &x.ags[i]
		a, b := r.a, r.b
		if self >= 0 && int(r.ca) != self {
			a, b = b, a
		}
		switch sort {
		case "name":
			return [3]int32{a, b, r.signedRank}
		case "-signed":
			d := x.unknownSigned() // the rank of the unknown date, after every known one
			if r.signed != "" {
				d = x.unknownSigned() - 1 - r.signedRank
			}
			return [3]int32{d, a, b}
		}
		return [3]int32{r.signedRank, a, b}
	}
}
func (x *browseIndex) agreementFacets(f agFilter) Facets {
	countries := make([]int, len(x.countries))
	partners := make([]int, len(x.countries))
	kinds := make([]int, len(Kinds)+1)
	statuses := make([]int, len(Statuses)+1)
	decades := make([]int, maxYear/10+2)
	states := make([]int, len(ActivenessStates)+1)
	for i := range x.ags {
		r := &x.ags[i]
		m := f.fails(x, int32(i))
		state := x.state(int32(i))
		if m&aGovernment != 0 {
			continue
		}
		if m == 0 {
			kinds[r.kindID]++
			statuses[r.statusID]++
			decades[periodIndex(int(r.decade))]++
			states[state]++
			if f.country >= 0 {
				partners[otherSide(r.ca, r.cb, f.country)]++
			}
		} else if m&(m-1) == 0 { // exactly one filter fails: count for that facet
			switch m {
			case aKind:
				kinds[r.kindID]++
			case aStatus:
				statuses[r.statusID]++
			case aDecade:
				decades[periodIndex(int(r.decade))]++
			case aActiveness:
				states[state]++
			case aPartner:
				partners[otherSide(r.ca, r.cb, f.country)]++
			}
		}
		// The country facet ignores the partner filter too (a partner needs a country).
		if m&^(aCountry|aPartner) == 0 {
			countries[r.ca]++
			if r.cb != r.ca {
				countries[r.cb]++
			}
		}
	}
	out := Facets{
		"country":    byCount(counted(countries, func(i int) string { return x.countries[i] })),
		"kind":       counted(kinds, vocabName(Kinds)),
		"status":     counted(statuses, vocabName(Statuses)),
		"decade":     chronological(counted(decades, periodName(true))),
		"activeness": counted(states, vocabName(ActivenessStates)),
	}
	if f.country >= 0 {
		out["partner"] = byCount(counted(partners, func(i int) string { return x.countries[i] }))
	}
	return out
}

// Rows returns limit agreements from offset, with their activeness.
func (l *AgreementList) Rows(offset, limit int) []BrowsedAgreement {
	x := l.x
	var out []BrowsedAgreement
	for _, i := range slice(l.rows, offset, limit) {
		r, act := &x.ags[i], x.act.at(i)
		a, b := r.a, r.b
		if l.self >= 0 && int(r.ca) != l.self {
			a, b = b, a // side A in the country
		}
		out = append(out, BrowsedAgreement{
			AgreementRow: AgreementRow{ID: r.id, Kind: r.kind, Signed: r.signed, Status: r.status, Ended: r.ended, Note: r.note,
				A: x.govs[a].GovRef, B: x.govs[b].GovRef, Activities: int(act.n), LastActivity: act.last},
			Activeness: Assess(r.status, act.years, x.covered(r), x.window),
		})
	}
	return out
}
