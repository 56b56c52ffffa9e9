package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// ---------------------------------------------------------------------------------
// The index

type browseIndex struct {
	asOf      string
	window    Window
	coverage  Coverage
	countries []string // codes in code order; a country's position is its id
	countryID map[string]int16
	regions   []string // distinct non-empty regions; position is the id
	regionID  map[string]int16
	govs      []browseGov // in name order (collation), so a position is a name rank
	// govAgreements counts each government's agreements, apart from govs so that
	// an agreement write copies 118,000 numbers, not 118,000 names.
	govAgreements []int32
	govID         map[string]int32
	agID          map[string]int32 // agreement id → position in ags
	ags           []browseAgreement

	// Rows in each sort order (for agreements, with the sides as stored).
	govOrder, agOrder map[string][]int32
	signedValues      []string // the ranked signing dates, ascending (a patch may leave unused ones)

	changeID int64           // the newest change row the layer reflects
	lineage  uint64          // rows keep their positions between bases of one lineage
	act      activityOverlay // full index only
}

// lineages numbers bases read from scratch.
var lineages atomic.Uint64

type browseGov struct {
	GovRef
	country int16
	region  int16 // -1 when not recorded
	level   int8  // position in Levels; len(Levels) when unknown
}

type browseAgreement struct {
	id, kind, signed, status, ended, note string
	a, b                                  int32 // government positions
	ca, cb                                int16 // their countries
	kindID, statusID                      int8
	decade                                int16 // year/10; 0 when the date is unknown
	signedRank                            int32 // position of the date among all dates; unknown sorts last
}

// The index comes in two layers, cached apart, so that a report (an activity) does
// not rebuild what it did not change: the base holds the governments and
// agreements in every sort order (it depends on agreement writes only, and is
// patched after them: browse_patch.go); the full index shares the base's rows and
// adds each agreement's activity count, newest date, years and activeness in an
// overlay (browse_overlay.go) that a report patches row by row (it depends on
// activity writes and the as-of date too). Governments browse from the base alone.

// browseBase is the base layer: governments and agreements, without activities.
func (db *DB) browseBase(ctx context.Context) (*browseIndex, error) {
	return cached(ctx, db, "browse-base", db.loadBrowseBase)
}

// browseIndex is the full index: the base plus activities and activeness.
func (db *DB) browseIndex(ctx context.Context) (*browseIndex, error) {
	return cached(ctx, db, "browse-index", db.loadBrowseIndex)
}

// eachRow runs fn on every row of q in tx.
func eachRow(ctx context.Context, tx queryer, q string, fn func(scan func(...any) error) error) error {
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

// loadBrowseBase reads the base in one read transaction, so that it is one
// consistent version of the data. When only agreements changed since the previous
// base (edits, new agreements, lifecycle events: the change log says which), it
// patches a copy of that base instead of reading and sorting every government and
// agreement again (2.7 s at world scale).
func (db *DB) loadBrowseBase(ctx context.Context) (*browseIndex, error) {
	note(ctx, worldScope(kindAgreements))
	var x *browseIndex
	err := db.readTx(ctx, func(tx queryer) error {
		var newest int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM change`).Scan(&newest); err != nil {
			return err
		}
		if prev := db.lastBase.Load(); prev != nil && newest < prev.changeID {
			// A read view older than the newest base: that base is newer than the
			// view, but what is computed from it here is recorded with the view's
			// generations, so it is recomputed once the view's page is done.
			x = prev
			return nil
		} else if prev != nil {
			patched, err := patchBase(ctx, tx, prev, newest)
			if err != nil {
				return fmt.Errorf("patching: %w", err)
			}
			if x = patched; x != nil {
				return nil
			}
		}
		var err error
		if x, err = readBase(ctx, tx); err != nil {
			return err
		}
		x.changeID = newest
		x.lineage = lineages.Add(1)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	db.lastBase.Store(x)
	return x, nil
}

// readBase reads every government and agreement and sorts them.
func readBase(ctx context.Context, tx queryer) (*browseIndex, error) {
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
	x.govAgreements = make([]int32, len(x.govs))
	if err := each(`SELECT `+baseAgreementCols+` FROM agreement`,
		func(scan func(...any) error) error {
			var r browseAgreement
			var ga, gb string
			if err := scan(&r.id, &ga, &gb, &r.kind, &r.signed, &r.status, &r.ended, &r.note); err != nil {
				return err
			}
			x.place(&r, x.govID[ga], x.govID[gb])
			x.govAgreements[r.a]++
			x.govAgreements[r.b]++
			x.agID[r.id] = int32(len(x.ags))
			x.ags = append(x.ags, r)
			return nil
		}); err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	x.signedValues = rankStrings(len(x.ags), func(i int) string { return x.ags[i].signed }, func(i int, r int32) { x.ags[i].signedRank = r })
	x.sortOrders()
	return x, nil
}

const baseAgreementCols = `id, government_a, government_b, kind, signed, status, ended, note`

// place fills an agreement row's compiled fields: its sides' positions and countries,
// kind, status and decade.
func (x *browseIndex) place(r *browseAgreement, a, b int32) {
	r.a, r.b = a, b
	r.ca, r.cb = x.govs[a].country, x.govs[b].country
	r.kindID = int8(vocabID(Kinds, r.kind))
	r.statusID = int8(vocabID(Statuses, r.status))
	r.decade = int16(yearOf(r.signed) / 10)
}

// unknownSigned is the signing-date rank of an unknown date: after every known one.
func (x *browseIndex) unknownSigned() int32 { return int32(len(x.signedValues)) }

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
		"agreements": sorted(len(x.govs), func(i int32) [3]int32 { return [3]int32{-x.govAgreements[i], i} }),
		"country":    sorted(len(x.govs), func(i int32) [3]int32 { return [3]int32{int32(x.govs[i].country), i} }),
	}
	x.agOrder = map[string][]int32{}
	for _, s := range AgreementSorts {
		x.agOrder[s] = sorted(len(x.ags), x.agreementKey(s, anyValue))
	}
}

// rankStrings gives each of n items the position of its value among the distinct
// non-empty values in ascending order, which it returns; the empty value (unknown)
// ranks after all of them.
func rankStrings(n int, value func(int) string, set func(int, int32)) []string {
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
	return vals
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
