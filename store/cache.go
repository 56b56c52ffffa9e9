package store

import (
	"context"
	"sync"
)

// aggregateCache keeps the results of the expensive aggregates (counts over every
// agreement). Every write adds a change row in the same transaction, so the newest
// change id is a version of the whole database: a cached result is used only while
// the version it was computed at is still the newest, and can never be stale.
type aggregateCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]any
}

// maxCacheEntries bounds memory: past it the cache starts over.
const maxCacheEntries = 1024

// Version is the id of the newest change row: it changes with every write, from this
// process or any other (twinning import), so anything computed from the database can
// be kept for as long as the version stays the same. The statement is prepared once:
// this runs on every page request, and parsing SQL costs more than running it.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v int64
	err := db.versionStmt.QueryRowContext(ctx).Scan(&v)
	return v, err
}

// cached returns the result of compute for key, computing it at most once per
// database version.
func cached[T any](ctx context.Context, db *DB, key string, compute func() (T, error)) (T, error) {
	v, err := db.Version(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	c := &db.cache
	c.mu.Lock()
	if c.version != v || len(c.entries) >= maxCacheEntries {
		c.version, c.entries = v, map[string]any{}
	}
	if hit, ok := c.entries[key]; ok {
		c.mu.Unlock()
		return hit.(T), nil
	}
	c.mu.Unlock()
	res, err := compute()
	if err != nil {
		return res, err
	}
	c.mu.Lock()
	if c.version == v {
		c.entries[key] = res
	}
	c.mu.Unlock()
	return res, nil
}
