package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/twinningtracker/twinning/cache"
)

// Scopes: what a write touched and what a read depends on (see package cache).
//
// Every write appends change rows in its own transaction; after it commits, the
// publisher reads the rows it has not seen yet and bumps the scopes each one touched.
// Writes from another process (twinning import, a second server) land in the same
// change table, so the same publisher, run by a watcher every PollInterval, sees them
// too: one mechanism for both.
//
// Scopes come in two kinds of data, so that a report (an activity) leaves the lists
// and charts of agreements cached and an edited agreement leaves activity charts
// cached:
//
//	gov:SLUG            a government's page: its record, agreements, their activities, reports
//	agr:ID              an agreement's page: its record, events, activities
//	ag:c:CC  act:c:CC   a country's agreements / activities
//	ag:p:AA-BB ...      a country pair's (codes in order)
//	ag:w     act:w      worldwide
//	asof                the data's as-of date (moves at most once a day)
//	changes             the change log as a whole (downloads, dataset history)
//	coverage            which years each government's record is complete for (coverage.go)
//	corrections, reporting
//	releases            the list of releases (release.go)
//
// A read notes its scopes before it queries (cache.Note); a read of data that only
// an import changes (country names, the governments themselves) notes nothing, since
// an import bumps everything.
const (
	kindAgreements = "ag"
	kindActivities = "act"

	scopeAsOf        cache.Scope = "asof"
	scopeChanges     cache.Scope = "changes"
	scopeCorrections cache.Scope = "corrections"
	scopeReporting   cache.Scope = "reporting"
	scopeReleases    cache.Scope = "releases"
)

// ReleasesScope is the scope a release cut or deleted publishes to, in this
// process or another: what keeps the replica's copy of the release folders in step
// (cmd/twinning).
const ReleasesScope = scopeReleases

func govScope(slug string) cache.Scope { return cache.Scope("gov:" + slug) }
func agrScope(id string) cache.Scope   { return cache.Scope("agr:" + id) }

func countryScope(kind, cc string) cache.Scope {
	return cache.Scope(kind + ":c:" + strings.ToUpper(cc))
}

func pairScope(kind, cc, cc2 string) cache.Scope {
	a, b := strings.ToUpper(cc), strings.ToUpper(cc2)
	if b < a {
		a, b = b, a
	}
	return cache.Scope(kind + ":p:" + a + "-" + b)
}

func worldScope(kind string) cache.Scope { return cache.Scope(kind + ":w") }

// placeScopes is the scope of a read narrowed by government, country pair, country
// or nothing (worldwide), the narrowest first.
func placeScopes(kind, government, cc, cc2 string) cache.Scope {
	switch {
	case government != "":
		return govScope(government)
	case cc != "" && cc2 != "":
		return pairScope(kind, cc, cc2)
	case cc != "":
		return countryScope(kind, cc)
	}
	return worldScope(kind)
}

// note records that the computation ctx tracks reads scopes.
func note(ctx context.Context, scopes ...cache.Scope) { cache.Note(ctx, scopes...) }

// Generations are the scope generations this handle publishes to; caches built on
// this database validate their entries against them.
func (db *DB) Generations() *cache.Generations { return db.gens }

// publisher remembers how far the change log has been published.
type publisher struct {
	lastID   int64
	lastAsOf string // date of the newest record change, YYYY-MM-DD
	// published is lastID for readers without pubMu: every change up to it is in
	// the in-memory summaries (they are patched before it moves).
	published atomic.Int64
}

// maxScopedRows is how many new change rows are published one by one; past it (an
// import, a long absence) everything is invalidated at once.
const maxScopedRows = 500

// PollInterval is how often the watcher looks for writes from other processes.
const PollInterval = 250 * time.Millisecond

// initPublisher starts publishing from the newest change: nothing is cached yet.
func (db *DB) initPublisher(ctx context.Context) error {
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(id), 0), coalesce((`+asOfQuery+`), '') FROM change`).
		Scan(&db.pub.lastID, &db.pub.lastAsOf)
	db.pub.published.Store(db.pub.lastID)
	if err != nil {
		return fmt.Errorf("store: reading the change log: %w", err)
	}
	return nil
}

// publish bumps the scopes of every change row appended since the last call. Writes
// of this handle call it right after they commit, so a reader that follows sees them;
// Watch calls it for everyone else's.
func (db *DB) publish(ctx context.Context) error {
	db.pubMu.Lock()
	defer db.pubMu.Unlock()
	var newest int64
	if err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM change`).Scan(&newest); err != nil {
		return fmt.Errorf("store: publishing changes: %w", err)
	}
	if newest <= db.pub.lastID {
		return nil
	}
	if newest-db.pub.lastID > maxScopedRows {
		return db.publishAll(ctx, newest)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.at, c.record_type, c.record_id, c.agreement,
			coalesce(ag.government_a, ''), coalesce(ag.government_b, ''), coalesce(ag.country_a, ''), coalesce(ag.country_b, ''),
			coalesce(co.government, '')
		FROM change c
		LEFT JOIN agreement ag ON ag.id = c.agreement
		LEFT JOIN correction co ON c.record_type = 'correction' AND co.id = CAST(c.record_id AS INTEGER)
		WHERE c.id > ? AND c.id <= ? ORDER BY c.id`, db.pub.lastID, newest)
	if err != nil {
		return fmt.Errorf("store: publishing changes: %w", err)
	}
	defer rows.Close()
	var scopes []cache.Scope
	all := false
	asOf := db.pub.lastAsOf
	reported := map[string]bool{} // agreements whose activities changed
	pairs := map[[2]string]bool{} // and their countries
	for rows.Next() {
		var id int64
		var at, recordType, recordID, agreement, a, b, ca, cb, corrected string
		if err := rows.Scan(&id, &at, &recordType, &recordID, &agreement, &a, &b, &ca, &cb, &corrected); err != nil {
			return fmt.Errorf("store: publishing changes: %w", err)
		}
		s, ok := changeScopes(recordType, recordID, agreement, a, b, ca, cb, corrected)
		all = all || !ok
		if recordType == "activity" {
			reported[agreement] = true
			pairs[[2]string{ca, cb}] = true
		}
		scopes = append(scopes, s...)
		if isRecordChange(recordType) && len(at) >= 10 && at[:10] != asOf {
			asOf = at[:10]
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: publishing changes: %w", err)
	}
	if all {
		return db.publishAll(ctx, newest)
	}
	if asOf != db.pub.lastAsOf {
		scopes = append(scopes, scopeAsOf)
	}
	// What is kept in memory from the records follows them before anyone is told.
	if err := db.summary.patch(ctx, db, reported); err != nil {
		db.summary.drop()
	}
	if err := db.tallyMem.patch(ctx, db, pairs); err != nil {
		db.tallyMem.drop()
	}
	db.gens.Bump(append(scopes, scopeChanges)...)
	db.pub.lastID, db.pub.lastAsOf = newest, asOf
	db.pub.published.Store(newest)
	return nil
}

// publishAll invalidates everything, up to change newest.
func (db *DB) publishAll(ctx context.Context, newest int64) error {
	var asOf string
	if err := db.read.QueryRowContext(ctx, `SELECT coalesce((`+asOfQuery+`), '')`).Scan(&asOf); err != nil {
		return fmt.Errorf("store: publishing changes: %w", err)
	}
	db.summary.drop()
	db.tallyMem.drop()
	db.gens.BumpAll()
	db.pub.lastID, db.pub.lastAsOf = newest, asOf
	db.pub.published.Store(newest)
	return nil
}

// changeScopes is what one change row touched; ok is false when its reach is not
// known (an import, a government record), which invalidates everything.
func changeScopes(recordType, recordID, agreement, a, b, ca, cb, corrected string) (scopes []cache.Scope, ok bool) {
	parties := func(kind string) []cache.Scope {
		return []cache.Scope{govScope(a), govScope(b), agrScope(agreement),
			countryScope(kind, ca), countryScope(kind, cb), pairScope(kind, ca, cb), worldScope(kind)}
	}
	switch recordType {
	case "activity":
		if a == "" {
			return nil, false
		}
		return parties(kindActivities), true
	case "agreement", "event":
		if a == "" {
			return nil, false
		}
		return parties(kindAgreements), true
	case "correction":
		s := []cache.Scope{scopeCorrections}
		if corrected != "" {
			s = append(s, govScope(corrected))
		}
		if a != "" {
			s = append(s, govScope(a), govScope(b), agrScope(agreement))
		}
		return s, true
	case "report":
		gov, _, found := strings.Cut(recordID, ":")
		if !found {
			return nil, false
		}
		return []cache.Scope{scopeReporting, scopeCoverage, govScope(gov)}, true
	case "release": // a release cut or deleted: the records are untouched
		return []cache.Scope{scopeReleases}, true
	}
	return nil, false
}

// Watch publishes writes made by other processes until ctx ends, looking every
// PollInterval: a page cached by this process follows an import within a second.
func (db *DB) Watch(ctx context.Context) {
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = db.publish(ctx) // a busy database is tried again at the next tick
		}
	}
}

// committed publishes a write this handle just committed. The write is on disk
// whatever happens here, so a failure to publish only costs freshness, and the
// watcher will publish it at its next tick.
func (db *DB) committed(ctx context.Context) {
	_ = db.publish(context.WithoutCancel(ctx))
}

// commit commits tx and publishes what it wrote.
func (db *DB) commit(ctx context.Context, tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return err
	}
	db.committed(ctx)
	return nil
}

// NewestChange is the id of the newest change row published: every write adds one,
// so its rate is the write rate.
func (db *DB) NewestChange() int64 { return db.pub.published.Load() }
