package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"
)

// Browse: the faceted lists of governments, agreements and activities. This file
// holds what the three share (facet counting, compiled filters, row selection and
// paging); browse_index.go builds the in-memory index of governments and agreements,
// browse_governments.go and browse_agreements.go filter, count and sort it in one pass
// over its rows, and browse_activities.go pages activities from SQL with their
// facets from the maintained counts.

// Unknown is the filter value that selects records whose field is not recorded.
const Unknown = "unknown"

// Sort orders of the browse lists; the first of each is the default.
var (
	GovernmentSorts = []string{"name", "agreements", "country"}
	AgreementSorts  = []string{"signed", "-signed", "name"}
	ActivitySorts   = []string{"-date", "date"}
	// HasValues filter governments with at least one agreement (any) or none.
	HasValues = []string{"any", "none"}
)

// FacetCount is one value of a facet with the number of rows selecting it would give,
// the other filters unchanged.
type FacetCount struct {
	Value string // a vocabulary value, a country code (upper case), a year, or Unknown
	N     int
}

// Facets holds each facet's values in display order; values with no row are left out.
type Facets map[string][]FacetCount

// noMatch is a compiled filter value that no row has (a value outside the vocabulary
// or a country without records); absent filters compile to anyValue.
const (
	anyValue = -1
	noMatch  = -9
)

// idFilter compiles a filter on a value that ids numbers (a country, region or
// government): its id, anyValue for no filter, noMatch for a value no row has.
func idFilter[T int16 | int32](ids map[string]T, v string) int {
	if v == "" {
		return anyValue
	}
	if id, ok := ids[v]; ok {
		return int(id)
	}
	return noMatch
}

// vocabFilter compiles a filter on a vocabulary: its position, len(vocab) for
// Unknown, noMatch for anything else.
func vocabFilter(vocab []string, v string) int {
	switch i := slices.Index(vocab, v); {
	case v == "":
		return anyValue
	case i >= 0:
		return i
	case v == Unknown:
		return len(vocab)
	}
	return noMatch
}

// periodFilter compiles a year ("2019") or decade ("1990") filter to year or
// year/10, or 0 for Unknown.
func periodFilter(v string, decade bool) int {
	switch v {
	case "":
		return anyValue
	case Unknown:
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1000 || n > 9999 || (decade && n%10 != 0) {
		return noMatch
	}
	if decade {
		return n / 10
	}
	return n
}

// facets returns the facet counts of a browse, cached under key (the resource and
// the normalised filter) until a write touches what the index read.
func (db *DB) facets(ctx context.Context, key string, index func(context.Context) (*browseIndex, error), compute func(x *browseIndex) Facets) (Facets, error) {
	return cached(ctx, db, "facets|"+key, func(ctx context.Context) (Facets, error) {
		x, err := index(ctx)
		if err != nil {
			return nil, err
		}
		return compute(x), nil
	})
}

// counted lists the non-zero counts in index order, naming index i with name(i).
func counted(counts []int, name func(int) string) []FacetCount {
	var out []FacetCount
	for i, n := range counts {
		if n > 0 {
			out = append(out, FacetCount{Value: name(i), N: n})
		}
	}
	return out
}

// byCount orders facet values most rows first, then by value.
func byCount(fs []FacetCount) []FacetCount {
	slices.SortStableFunc(fs, func(a, b FacetCount) int {
		if a.N != b.N {
			return cmp.Compare(b.N, a.N)
		}
		return cmp.Compare(a.Value, b.Value)
	})
	return fs
}

func vocabName(vocab []string) func(int) string {
	return func(i int) string {
		if i == len(vocab) {
			return Unknown
		}
		return vocab[i]
	}
}

// periodName names counts indexed by year or decade+1, index 0 being unknown.
func periodName(decade bool) func(int) string {
	return func(i int) string {
		if i == 0 {
			return Unknown
		}
		if decade {
			return strconv.Itoa((i - 1) * 10)
		}
		return strconv.Itoa(i - 1)
	}
}

// chronological puts Unknown (index 0) after the years.
func chronological(fs []FacetCount) []FacetCount {
	if len(fs) > 0 && fs[0].Value == Unknown {
		fs = append(fs[1:], fs[0])
	}
	return fs
}

// maxYear bounds the year and decade counters (years are four digits).
const maxYear = 9999

// otherSide is the side of a pair of countries that is not cc (cc itself for a pair
// within cc).
func otherSide(ca, cb int16, cc int) int16 {
	if int(ca) == cc {
		return cb
	}
	return ca
}

// pairFails reports which of the country (bit fc) and partner (bit fp) filters a
// pair of sides fails; the partner filter is judged only when the country passes.
func pairFails(ca, cb int16, country, partner int, fc, fp uint8) uint8 {
	if country == anyValue {
		return 0
	}
	if int(ca) != country && int(cb) != country {
		return fc
	}
	if partner != anyValue && int(otherSide(ca, cb, country)) != partner {
		return fp
	}
	return 0
}

// slice is the part of rows from offset, at most limit long.
func slice[T any](rows []T, offset, limit int) []T {
	if offset < 0 || limit <= 0 || offset >= len(rows) {
		return nil
	}
	return rows[offset:min(len(rows), offset+limit)]
}

// sortRows orders rows by key, then by position.
func sortRows(rows []int32, key func(int32) [3]int32) {
	type keyed struct {
		k [3]int32
		i int32
	}
	ks := make([]keyed, len(rows))
	for j, i := range rows {
		ks[j] = keyed{key(i), i}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := slices.Compare(a.k[:], b.k[:]); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	for j := range ks {
		rows[j] = ks[j].i
	}
}

// selectRows returns the rows that match, in the given order. Rows are tested in
// index order, which reads memory sequentially, and marked in a bit set that the
// walk through the order then reads.
func selectRows(n int, order []int32, match func(int) bool) []int32 {
	bits := make([]uint64, (n+63)/64)
	count := 0
	for i := range n {
		if match(i) {
			bits[i>>6] |= 1 << (i & 63)
			count++
		}
	}
	out := make([]int32, 0, count)
	for _, i := range order {
		if count == len(out) {
			break
		}
		if bits[i>>6]&(1<<(i&63)) != 0 {
			out = append(out, i)
		}
	}
	return out
}

// order is the presorted order for a sort ("" being the first of sorts).
func (x *browseIndex) order(orders map[string][]int32, sort string, sorts []string) []int32 {
	if o, ok := orders[sort]; ok {
		return o
	}
	return orders[sorts[0]]
}

// periodIndex is the counter index of a year or decade: 0 for unknown (0), else n+1.
func periodIndex(n int) int {
	if n <= 0 {
		return 0
	}
	return n + 1
}
