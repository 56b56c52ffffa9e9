package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// activitySummary holds, for every agreement with activities, how many it has, the
// newest date and the years they fall in: what the agreement browse needs for each
// row's activity count and activeness. Reading it from the activities is a pass over
// all of them (2.5 s at world scale, 3 million activities), too slow to repeat after
// every report, so it is kept in memory, built once, and then kept current by the
// publisher: for every agreement a newly published change row names, that
// agreement's activities are read again (one indexed lookup) before the write's
// scopes are bumped, so a reader that sees the new generation sees the new summary.
// An import (or anything publishAll handles) drops it; the next reader rebuilds it.
type activitySummary struct {
	mu    sync.RWMutex
	built bool
	byAg  map[string]agreementActivity
}

// agreementActivity is one agreement's part of the summary.
type agreementActivity struct {
	n     int32
	last  string // newest date, '' when none is dated
	years []int  // years with at least one dated activity, ascending
}

// summaryQuery reads agreements' activities by year; the caller adds the WHERE.
const summaryQuery = `SELECT agreement, substr(date, 1, 4), count(*), max(date) FROM activity `

// buildOnce runs build with mu held for writing, unless built is already true. It
// holds the publisher too, so that no write is published (and patched in) half-way
// through a build: a write committed during it is either in what the build read or
// patched in when it is published afterwards (reading an agreement or a pair again is
// harmless). The in-memory summaries (this file, tally_memory.go) are built with it.
func (db *DB) buildOnce(mu *sync.RWMutex, built *bool, build func() error) error {
	mu.RLock()
	done := *built
	mu.RUnlock()
	if done {
		return nil
	}
	db.pubMu.Lock()
	defer db.pubMu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	if *built {
		return nil
	}
	if err := build(); err != nil {
		return err
	}
	*built = true
	return nil
}

// activitySummary returns the summary, building it first if it is not built.
func (db *DB) activitySummary(ctx context.Context) (*activitySummary, error) {
	s := &db.summary
	err := db.buildOnce(&s.mu, &s.built, func() error {
		byAg := map[string]agreementActivity{}
		if err := db.readSummary(ctx, summaryQuery+`GROUP BY 1, 2 ORDER BY 1, 2`, nil, byAg); err != nil {
			return err
		}
		s.byAg = byAg
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// readSummary adds the rows of q (agreement, year, count, newest date; years in
// ascending order per agreement) to byAg.
func (db *DB) readSummary(ctx context.Context, q string, args []any, byAg map[string]agreementActivity) error {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: activity summary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, year, last string
		var n int32
		if err := rows.Scan(&id, &year, &n, &last); err != nil {
			return fmt.Errorf("store: activity summary: %w", err)
		}
		a := byAg[id]
		a.n += n
		if last > a.last {
			a.last = last
		}
		if y := yearOf(year); y > 0 {
			a.years = append(a.years, y)
		}
		byAg[id] = a
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: activity summary: %w", err)
	}
	return nil
}

// patch reads the given agreements' activities again. Called by the publisher,
// which holds pubMu.
func (s *activitySummary) patch(ctx context.Context, db *DB, agreements map[string]bool) error {
	s.mu.RLock()
	built := s.built
	s.mu.RUnlock()
	if !built || len(agreements) == 0 {
		return nil
	}
	fresh := map[string]agreementActivity{}
	for id := range agreements {
		if err := db.readSummary(ctx, summaryQuery+`WHERE agreement = ? GROUP BY 1, 2 ORDER BY 1, 2`, []any{id}, fresh); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range agreements {
		if a, ok := fresh[id]; ok {
			s.byAg[id] = a
		} else {
			delete(s.byAg, id) // its last activity was withdrawn
		}
	}
	return nil
}

// drop forgets the summary; the next reader rebuilds it.
func (s *activitySummary) drop() {
	s.mu.Lock()
	s.built, s.byAg = false, nil
	s.mu.Unlock()
}

// withSummary calls fn with every agreement's part of the summary under its read
// lock, building the summary first. An import published between the build and the
// read drops it (publishAll); it is then built again rather than read empty. fn must
// not keep the map or change it.
func (db *DB) withSummary(ctx context.Context, fn func(byAg map[string]agreementActivity)) error {
	for range 3 {
		s, err := db.activitySummary(ctx)
		if err != nil {
			return err
		}
		s.mu.RLock()
		if s.built {
			fn(s.byAg)
			s.mu.RUnlock()
			return nil
		}
		s.mu.RUnlock()
	}
	return errors.New("store: the activity summary was dropped three times while being read")
}
