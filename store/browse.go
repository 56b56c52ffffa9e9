package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Browse: the faceted lists of governments, agreements and activities.
//
// Every government, agreement and activity is held in a compact in-memory index,
// built once per database version through cached(), and filtered, counted and sorted
// in Go: one pass over the 24,000 agreements computes a page's rows and every facet,
// where the same counts in SQL take tens of milliseconds per facet. Facet counts are
// also kept per normalised filter inside the index, so they live exactly as long as
// the data they count and never crowd other aggregates out of the shared cache.

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

// ---------------------------------------------------------------------------------
// The index

type browseIndex struct {
	asOf      string
	window    Window
	countries []string // codes in code order; a country's position is its id
	countryID map[string]int16
	regions   []string // distinct non-empty regions; position is the id
	regionID  map[string]int16
	govs      []browseGov // in name order (collation), so a position is a name rank
	govID     map[string]int32
	agID      map[string]int32 // agreement id → position in ags
	ags       []browseAgreement
	years     map[string][]int // activity years of each agreement with dated activities

	// Rows in each sort order (for agreements, with the sides as stored).
	govOrder, agOrder map[string][]int32
	unknownSigned     int32 // the signing-date rank of an unknown date
}

type browseGov struct {
	GovRef
	country    int16
	region     int16 // -1 when not recorded
	level      int8  // position in Levels; len(Levels) when unknown
	agreements int32
}

type browseAgreement struct {
	id, kind, signed, status, ended, note string
	a, b                                  int32 // government positions
	ca, cb                                int16 // their countries
	kindID, statusID, stateID             int8
	decade                                int16 // year/10; 0 when the date is unknown
	signedRank                            int32 // position of the date among all dates; unknown sorts last
	activities                            int32
	last                                  string
}

// The index comes in two layers, cached apart, so that a report (an activity) does
// not rebuild what it did not change: the base holds the governments and
// agreements in every sort order (it depends on agreement writes only); the full
// index adds the activities, each agreement's activity counts and activeness, on a
// copy of the base's agreement rows (it depends on activity writes and the as-of
// date too). Governments browse from the base alone.

// browseBase is the base layer: governments and agreements, without activities.
func (db *DB) browseBase(ctx context.Context) (*browseIndex, error) {
	return cached(ctx, db, "browse-base", db.loadBrowseBase)
}

// browseIndex is the full index: the base plus activities and activeness.
func (db *DB) browseIndex(ctx context.Context) (*browseIndex, error) {
	return cached(ctx, db, "browse-index", db.loadBrowseIndex)
}

// eachRow runs fn on every row of q in tx.
func eachRow(ctx context.Context, tx *sql.Tx, q string, fn func(scan func(...any) error) error) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// loadBrowseBase reads every government and agreement in one read transaction, so
// the base is one consistent version of the data.
func (db *DB) loadBrowseBase(ctx context.Context) (*browseIndex, error) {
	note(ctx, worldScope(kindAgreements))
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	defer tx.Rollback()
	x := &browseIndex{countryID: map[string]int16{}, regionID: map[string]int16{}, govID: map[string]int32{}}
	each := func(q string, fn func(scan func(...any) error) error) error { return eachRow(ctx, tx, q, fn) }

	if err := each(`SELECT code FROM country ORDER BY code`, func(scan func(...any) error) error {
		var code string
		if err := scan(&code); err != nil {
			return err
		}
		x.countryID[code] = int16(len(x.countries))
		x.countries = append(x.countries, code)
		return nil
	}); err != nil {
		return nil, err
	}

	if err := each(`SELECT `+govCols("g")+` FROM government g`, func(scan func(...any) error) error {
		var g browseGov
		if err := scan(g.scanArgs()...); err != nil {
			return err
		}
		x.govs = append(x.govs, g)
		return nil
	}); err != nil {
		return nil, err
	}
	col := collate.New(language.Und)
	var buf collate.Buffer
	keys := make(map[string][]byte, len(x.govs))
	for _, g := range x.govs {
		keys[g.Slug] = col.KeyFromString(&buf, g.Name) // valid until buf is reset
	}
	slices.SortFunc(x.govs, func(a, b browseGov) int {
		if c := bytes.Compare(keys[a.Slug], keys[b.Slug]); c != 0 {
			return c
		}
		return cmp.Compare(a.Slug, b.Slug)
	})
	for i := range x.govs {
		g := &x.govs[i]
		x.govID[g.Slug] = int32(i)
		g.country = x.countryID[g.Country]
		g.level = int8(vocabID(Levels, g.Level))
		g.region = -1
		if g.Region != "" {
			id, ok := x.regionID[g.Region]
			if !ok {
				id = int16(len(x.regions))
				x.regionID[g.Region] = id
				x.regions = append(x.regions, g.Region)
			}
			g.region = id
		}
	}

	x.agID = map[string]int32{}
	if err := each(`SELECT id, government_a, government_b, kind, signed, status, ended, note FROM agreement`,
		func(scan func(...any) error) error {
			var r browseAgreement
			var ga, gb string
			if err := scan(&r.id, &ga, &gb, &r.kind, &r.signed, &r.status, &r.ended, &r.note); err != nil {
				return err
			}
			r.a, r.b = x.govID[ga], x.govID[gb]
			r.ca, r.cb = x.govs[r.a].country, x.govs[r.b].country
			x.govs[r.a].agreements++
			x.govs[r.b].agreements++
			r.kindID = int8(vocabID(Kinds, r.kind))
			r.statusID = int8(vocabID(Statuses, r.status))
			r.decade = int16(yearOf(r.signed) / 10)
			x.agID[r.id] = int32(len(x.ags))
			x.ags = append(x.ags, r)
			return nil
		}); err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	x.unknownSigned = rankStrings(len(x.ags), func(i int) string { return x.ags[i].signed }, func(i int, r int32) { x.ags[i].signedRank = r })
	x.sortOrders()
	return x, nil
}

// loadBrowseIndex adds the activities to a copy of the base, in one read
// transaction. An activity whose agreement the base does not hold yet (it was
// written after the base was read) is left out: that write made the base, and so
// this index, stale already.
func (db *DB) loadBrowseIndex(ctx context.Context) (*browseIndex, error) {
	base, err := db.browseBase(ctx)
	if err != nil {
		return nil, err
	}
	note(ctx, worldScope(kindActivities), scopeAsOf)
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	defer tx.Rollback()
	x := new(browseIndex)
	*x = *base
	x.ags = slices.Clone(base.ags)
	x.years = map[string][]int{}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((`+asOfQuery+`), '')`).Scan(&x.asOf); err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	x.window = WindowFor(x.asOf)
	// Each agreement's activity count, newest date and years, from the summary the
	// publisher keeps (activity_summary.go).
	summary, err := db.activitySummary(ctx)
	if err != nil {
		return nil, err
	}
	summary.read(func(byAg map[string]agreementActivity) {
		for id, a := range byAg {
			if i, ok := x.agID[id]; ok {
				p := &x.ags[i]
				p.activities, p.last = a.n, a.last
				x.years[id] = a.years
			}
		}
	})
	for i := range x.ags {
		r := &x.ags[i]
		r.stateID = int8(vocabID(ActivenessStates, Assess(r.status, x.years[r.id], x.window).State))
	}
	return x, nil
}

// positions lists 0..n-1, sorted by key if there is one.
func positions(n int, key func(int32) [3]int32) []int32 {
	rows := make([]int32, n)
	for i := range rows {
		rows[i] = int32(i)
	}
	if key != nil {
		sortRows(rows, key)
	}
	return rows
}

// sortOrders lists the governments and agreements in every sort order once, so that
// a browse only filters.
func (x *browseIndex) sortOrders() {
	sorted := positions
	x.govOrder = map[string][]int32{
		"name":       sorted(len(x.govs), nil), // the index is in name order
		"agreements": sorted(len(x.govs), func(i int32) [3]int32 { return [3]int32{-x.govs[i].agreements, i} }),
		"country":    sorted(len(x.govs), func(i int32) [3]int32 { return [3]int32{int32(x.govs[i].country), i} }),
	}
	x.agOrder = map[string][]int32{}
	for _, s := range AgreementSorts {
		x.agOrder[s] = sorted(len(x.ags), x.agreementKey(s, anyValue))
	}
}

// rankStrings gives each of n items the position of its value among the distinct
// non-empty values in ascending order; the empty value (unknown) ranks after all, and
// its rank is returned.
func rankStrings(n int, value func(int) string, set func(int, int32)) int32 {
	var vals []string
	for i := 0; i < n; i++ {
		if v := value(i); v != "" {
			vals = append(vals, v)
		}
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	for i := 0; i < n; i++ {
		v := value(i)
		if v == "" {
			set(i, int32(len(vals)))
			continue
		}
		r, _ := slices.BinarySearch(vals, v)
		set(i, int32(r))
	}
	return int32(len(vals))
}

// vocabID is the position of a recorded value in vocab, len(vocab) when it is not
// recorded (or, which the schema's checks prevent, outside the vocabulary).
func vocabID(vocab []string, v string) int {
	if i := slices.Index(vocab, v); i >= 0 {
		return i
	}
	return len(vocab)
}

// yearOf is the year of a YYYY[-MM[-DD]] date, 0 when unknown.
func yearOf(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil {
		return 0
	}
	return y
}

// noMatch is a compiled filter value that no row has (a value outside the vocabulary
// or a country without records); absent filters compile to anyValue.
const (
	anyValue = -1
	noMatch  = -9
)

func (x *browseIndex) country(code string) int {
	if code == "" {
		return anyValue
	}
	if id, ok := x.countryID[code]; ok {
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

// ---------------------------------------------------------------------------------
// Governments

// GovernmentBrowse selects governments. Empty fields do not filter; the country code
// is upper case.
type GovernmentBrowse struct {
	Country string
	Level   string // one of Levels, or Unknown
	Region  string // exact
	Has     string // any or none: with at least one agreement, or without
	Sort    string // one of GovernmentSorts; "" is the first
}

// key is the normalised filter, without the sort.
func (q GovernmentBrowse) key() string {
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

func (x *browseIndex) govFilter(q GovernmentBrowse) govFilter {
	f := govFilter{country: x.country(q.Country), level: vocabFilter(Levels, q.Level), region: anyValue,
		has: vocabFilter(HasValues, q.Has)}
	if q.Region != "" {
		f.region = noMatch
		if id, ok := x.regionID[q.Region]; ok {
			f.region = int(id)
		}
	}
	return f
}

func (f govFilter) fails(g *browseGov) uint8 {
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
	if f.has != anyValue && hasID(g) != f.has {
		m |= gHas
	}
	return m
}

func hasID(g *browseGov) int {
	if g.agreements > 0 {
		return 0
	}
	return 1
}

// BrowseGovernments selects, counts and sorts governments.
func (db *DB) BrowseGovernments(ctx context.Context, q GovernmentBrowse) (*GovernmentList, error) {
	x, err := db.browseBase(ctx)
	if err != nil {
		return nil, err
	}
	f := x.govFilter(q)
	l := &GovernmentList{x: x}
	l.rows = selectRows(len(x.govs), x.order(x.govOrder, q.Sort, GovernmentSorts), func(i int) bool { return f.fails(&x.govs[i]) == 0 })
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
		m := f.fails(g)
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
			has[hasID(g)]++
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
		g := &l.x.govs[i]
		out = append(out, GovernmentCount{GovRef: g.GovRef, Agreements: int(g.agreements)})
	}
	return out
}

// slice is the part of rows from offset, at most limit long.
func slice[T any](rows []T, offset, limit int) []T {
	if offset < 0 || limit <= 0 || offset >= len(rows) {
		return nil
	}
	return rows[offset:min(len(rows), offset+limit)]
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

// ---------------------------------------------------------------------------------
// Agreements

// AgreementBrowse selects agreements. Empty fields do not filter; country codes are
// upper case.
type AgreementBrowse struct {
	Country    string // either side in this country
	Partner    string // the other side in this country (needs Country)
	Kind       string // one of Kinds
	Status     string // one of Statuses
	Decade     string // first year of the signing decade ("1990" for 1990–1999), or Unknown
	Activeness string // one of ActivenessStates, judged with the window of the data's as-of date
	Sort       string // one of AgreementSorts; "" is the first
}

// key is the normalised filter, without the sort.
func (q AgreementBrowse) key() string {
	return q.Country + "\x00" + q.Partner + "\x00" + q.Kind + "\x00" + q.Status + "\x00" + q.Decade + "\x00" + q.Activeness
}

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
)

type agFilter struct{ country, partner, kind, status, decade, state int }

func (x *browseIndex) agFilter(q AgreementBrowse) agFilter {
	f := agFilter{country: x.country(q.Country), partner: x.country(q.Partner), kind: vocabFilter(Kinds, q.Kind),
		status: vocabFilter(Statuses, q.Status), decade: periodFilter(q.Decade, true),
		state: vocabFilter(ActivenessStates, q.Activeness)}
	if f.country == anyValue && f.partner != anyValue {
		f.country = noMatch
	}
	return f
}

func (f agFilter) fails(r *browseAgreement) uint8 {
	m := pairFails(r.ca, r.cb, f.country, f.partner, aCountry, aPartner)
	if f.kind != anyValue && int(r.kindID) != f.kind {
		m |= aKind
	}
	if f.status != anyValue && int(r.statusID) != f.status {
		m |= aStatus
	}
	if f.decade != anyValue && int(r.decade) != f.decade {
		m |= aDecade
	}
	if f.state != anyValue && int(r.stateID) != f.state {
		m |= aActiveness
	}
	return m
}

// BrowseAgreements selects, counts and sorts agreements. With a country, side A of
// every row is in that country (and side B in the partner country, if given).
func (db *DB) BrowseAgreements(ctx context.Context, q AgreementBrowse) (*AgreementList, error) {
	x, err := db.browseIndex(ctx)
	if err != nil {
		return nil, err
	}
	f := x.agFilter(q)
	l := &AgreementList{x: x, Window: x.window, self: f.country}
	l.rows = selectRows(len(x.ags), x.order(x.agOrder, q.Sort, AgreementSorts), func(i int) bool { return f.fails(&x.ags[i]) == 0 })
	l.Total = len(l.rows)
	if l.Facets, err = db.facets(ctx, "agreements|"+q.key(), db.browseIndex, func(x *browseIndex) Facets { return x.agreementFacets(x.agFilter(q)) }); err != nil {
		return nil, err
	}
	if l.self >= 0 {
		sortRows(l.rows, x.agreementKey(q.Sort, l.self)) // names as the rows show them
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
			d := x.unknownSigned // the rank of the unknown date, after every known one
			if r.signed != "" {
				d = x.unknownSigned - 1 - r.signedRank
			}
			return [3]int32{d, a, b}
		}
		return [3]int32{r.signedRank, a, b}
	}
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

func (x *browseIndex) agreementFacets(f agFilter) Facets {
	countries := make([]int, len(x.countries))
	partners := make([]int, len(x.countries))
	kinds := make([]int, len(Kinds)+1)
	statuses := make([]int, len(Statuses)+1)
	decades := make([]int, maxYear/10+2)
	states := make([]int, len(ActivenessStates)+1)
	for i := range x.ags {
		r := &x.ags[i]
		m := f.fails(r)
		if m == 0 {
			kinds[r.kindID]++
			statuses[r.statusID]++
			decades[periodIndex(int(r.decade))]++
			states[r.stateID]++
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
				states[r.stateID]++
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
		r := &x.ags[i]
		a, b := r.a, r.b
		if l.self >= 0 && int(r.ca) != l.self {
			a, b = b, a // side A in the country
		}
		out = append(out, BrowsedAgreement{
			AgreementRow: AgreementRow{ID: r.id, Kind: r.kind, Signed: r.signed, Status: r.status, Ended: r.ended, Note: r.note,
				A: x.govs[a].GovRef, B: x.govs[b].GovRef, Activities: int(r.activities), LastActivity: r.last},
			Activeness: Assess(r.status, x.years[r.id], x.window),
		})
	}
	return out
}

// periodIndex is the counter index of a year or decade: 0 for unknown (0), else n+1.
func periodIndex(n int) int {
	if n <= 0 {
		return 0
	}
	return n + 1
}
