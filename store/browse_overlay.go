package store

import (
	"context"
	"fmt"
	"slices"
)

// The activity overlay: each agreement's activity count, newest date, years and
// activeness, beside the base's rows (same positions). It is held in chunks so
// that the index after a report shares every chunk but the few whose agreements the
// report touched: rebuilding it whole (and copying every row to hold it) took
// 160 ms of CPU after each report at world scale.

// overlayChunk rows make a chunk (a variable so that tests can make chunks small).
var overlayChunk int32 = 1024

type agActivity struct {
	n     int32
	state int8   // position in ActivenessStates
	last  string // newest date, '' when none is dated
	years []int
}

type activityOverlay [][]agActivity

func (o activityOverlay) at(i int32) *agActivity { return &o[i/overlayChunk][i%overlayChunk] }

// state is row i's activeness, as an index into ActivenessStates.
func (x *browseIndex) state(i int32) int8 { return x.act.at(i).state }

// loadBrowseIndex adds the activities to the base: patched from the previous full
// index when the base rows kept their positions (browse_patch.go keeps them) and the
// activeness window has not moved, computed for every row otherwise. An activity
// whose agreement the base does not hold yet (it was written after the base was
// read) is left out: that write made the base, and so this index, stale already.
func (db *DB) loadBrowseIndex(ctx context.Context) (*browseIndex, error) {
	base, err := db.browseBase(ctx)
	if err != nil {
		return nil, err
	}
	note(ctx, worldScope(kindActivities), scopeAsOf)
	x := new(browseIndex)
	*x = *base
	if err := db.reader(ctx).QueryRowContext(ctx, `SELECT coalesce((`+asOfQuery+`), '')`).Scan(&x.asOf); err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	x.window = WindowFor(x.asOf)
	// The summary holds every change up to the published id (the publisher patches
	// it first), so that is what the overlay reflects; the change rows up to it are
	// committed, so a fresh read (not the view, which may be older) lists them all.
	x.changeID = db.pub.published.Load()
	// Coverage is read after changeID and outside the request's read view, so it
	// holds every declaration the index claims to reflect: a declaration between
	// the two would otherwise leave its states stale in every patched index.
	note(ctx, scopeCoverage)
	if x.coverage, err = db.readCoverage(ctx, db.read); err != nil {
		return nil, fmt.Errorf("store: browse index: %w", err)
	}
	if prev := db.lastIndex.Load(); prev != nil && prev.lineage == x.lineage && prev.window == x.window && x.changeID >= prev.changeID {
		ids, ok, err := changedAgreements(ctx, db.read, prev.changeID, x.changeID, true)
		if err != nil {
			return nil, fmt.Errorf("store: browse index: %w", err)
		}
		if ok {
			if x.act, err = patchOverlay(ctx, db, x, prev.act, ids); err != nil {
				return nil, err
			}
			db.keepIndex(x, base)
			return x, nil
		}
	}
	n, size := len(x.ags), int(overlayChunk)
	x.act = make(activityOverlay, (n+size-1)/size)
	for c := range x.act {
		x.act[c] = make([]agActivity, min(size, n-c*size))
	}
	if err := db.withSummary(ctx, func(byAg map[string]agreementActivity) {
		for i := range x.ags {
			x.fill(int32(i), byAg)
		}
	}); err != nil {
		return nil, err
	}
	db.keepIndex(x, base)
	return x, nil
}

// keepIndex makes x the index the next one patches, unless its base is older than
// the changes x claims to reflect (a base read in an older read view, or served
// stale while it is refreshed): rows filled from such a base may carry an old
// status, and the next patch, starting after x.changeID, would never fill them
// again. The next index then patches from the last one kept, or is built whole.
func (db *DB) keepIndex(x, base *browseIndex) {
	if base.changeID >= x.changeID {
		db.lastIndex.Store(x)
	}
}

// fill sets row i of the overlay from the summary.
func (x *browseIndex) fill(i int32, byAg map[string]agreementActivity) {
	r := &x.ags[i]
	a := byAg[r.id]
	*x.act.at(i) = agActivity{n: a.n, last: a.last, years: a.years,
		state: int8(vocabID(ActivenessStates, Assess(r.status, a.years, x.covered(r), x.window).State))}
}

// covered is the years of the window agreement r's parties' records cover.
func (x *browseIndex) covered(r *browseAgreement) []int {
	return x.coverage.Covered(x.window, r.signed, x.govs[r.a].Slug, x.govs[r.b].Slug)
}

// patchOverlay is prev with the rows of the agreements ids (and rows the base has
// gained since) filled again, each changed chunk copied first.
func patchOverlay(ctx context.Context, db *DB, x *browseIndex, prev activityOverlay, ids []string) (activityOverlay, error) {
	x.act = slices.Clone(prev)
	copied := map[int]bool{}
	rows := 0 // rows prev holds
	for _, c := range prev {
		rows += len(c)
	}
	touch := func(i int32) {
		c := int(i / overlayChunk)
		for c >= len(x.act) {
			x.act = append(x.act, nil)
			copied[len(x.act)-1] = true
		}
		if !copied[c] {
			x.act[c] = slices.Clone(x.act[c])
			copied[c] = true
		}
		for int(i%overlayChunk) >= len(x.act[c]) {
			x.act[c] = append(x.act[c], agActivity{})
		}
	}
	err := db.withSummary(ctx, func(byAg map[string]agreementActivity) {
		for _, id := range ids {
			if i, ok := x.agID[id]; ok {
				touch(i)
				x.fill(i, byAg)
			}
		}
		for i := rows; i < len(x.ags); i++ {
			touch(int32(i))
			x.fill(int32(i), byAg)
		}
	})
	return x.act, err
}
