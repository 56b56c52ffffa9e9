package store

import "context"

// GovernmentFilter selects governments (the one filter type of the resource). Empty
// fields do not filter; the country code is upper case.
type GovernmentFilter struct {
	Country string
	Level   string // one of Levels, or Unknown
	Region  string // exact
	Has     string // any or none: with at least one agreement, or without
}

// key is the filter in a cache key.
func (q GovernmentFilter) key() string {
	return q.Country + "\x00" + q.Level + "\x00" + q.Region + "\x00" + q.Has
}

// GovernmentList is the governments a browse selects, in order, with its facets:
// country, level, has and region.
type GovernmentList struct {
	Total  int
	Facets Facets
	x      *browseIndex
	rows   []int32
}

const (
	gCountry uint8 = 1 << iota
	gLevel
	gRegion
	gHas
)

type govFilter struct{ country, level, region, has int }

func (x *browseIndex) govFilter(q GovernmentFilter) govFilter {
	return govFilter{country: idFilter(x.countryID, q.Country), level: vocabFilter(Levels, q.Level),
		region: idFilter(x.regionID, q.Region), has: vocabFilter(HasValues, q.Has)}
}

// fails reports which filters government i of x fails, one bit each.
func (f govFilter) fails(x *browseIndex, i int) uint8 {
	g := &x.govs[i]
	var m uint8
	if f.country != anyValue && int(g.country) != f.country {
		m |= gCountry
	}
	if f.level != anyValue && int(g.level) != f.level {
		m |= gLevel
	}
	if f.region != anyValue && int(g.region) != f.region {
		m |= gRegion
	}
	if f.has != anyValue && hasID(x.govAgreements[i]) != f.has {
		m |= gHas
	}
	return m
}

func hasID(agreements int32) int {
	if agreements > 0 {
		return 0
	}
	return 1
}

// BrowseGovernments selects, counts and sorts governments (sort is one of
// GovernmentSorts, "" for the first).
func (db *DB) BrowseGovernments(ctx context.Context, q GovernmentFilter, sort string) (*GovernmentList, error) {
	x, err := db.browseBase(ctx)
	if err != nil {
		return nil, err
	}
	f := x.govFilter(q)
	l := &GovernmentList{x: x}
	l.rows = selectRows(len(x.govs), x.order(x.govOrder, sort, GovernmentSorts), func(i int) bool { return f.fails(x, i) == 0 })
	l.Total = len(l.rows)
	if l.Facets, err = db.facets(ctx, "governments|"+q.key(), db.browseBase, func(x *browseIndex) Facets { return x.governmentFacets(x.govFilter(q)) }); err != nil {
		return nil, err
	}
	return l, nil
}

func (x *browseIndex) governmentFacets(f govFilter) Facets {
	countries := make([]int, len(x.countries))
	levels := make([]int, len(Levels)+1)
	regions := make([]int, len(x.regions))
	has := make([]int, len(HasValues))
	for i := range x.govs {
		g := &x.govs[i]
		m := f.fails(x, i)
		if m&^gCountry == 0 {
			countries[g.country]++
		}
		if m&^gLevel == 0 {
			levels[g.level]++
		}
		if m&^gRegion == 0 && g.region >= 0 {
			regions[g.region]++
		}
		if m&^gHas == 0 {
			has[hasID(x.govAgreements[i])]++
		}
	}
	return Facets{
		"country": byCount(counted(countries, func(i int) string { return x.countries[i] })),
		"level":   counted(levels, vocabName(Levels)),
		"region":  byCount(counted(regions, func(i int) string { return x.regions[i] })),
		"has":     counted(has, func(i int) string { return HasValues[i] }),
	}
}

// Rows returns limit governments from offset, with their numbers of agreements.
func (l *GovernmentList) Rows(offset, limit int) []GovernmentCount {
	var out []GovernmentCount
	for _, i := range slice(l.rows, offset, limit) {
		out = append(out, GovernmentCount{GovRef: l.x.govs[i].GovRef, Agreements: int(l.x.govAgreements[i])})
	}
	return out
}

// KnownRegion reports whether some government is recorded in region (exactly).
func (db *DB) KnownRegion(ctx context.Context, region string) (bool, error) {
	x, err := db.browseBase(ctx)
	if err != nil {
		return false, err
	}
	_, ok := x.regionID[region]
	return ok, nil
}
