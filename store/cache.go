package store

import (
	"context"
	"time"

	"github.com/twinningtracker/twinning/cache"
)

// The store's part of the one cache: results of reads that cost more than an indexed
// lookup (counts over many agreements, the browse index), kept until a write
// publishes to a scope they read. A page built from them depends on those scopes too
// (cache.Get passes them up to the page being built).

// maxAggregateEntries bounds the aggregate entries; each counts as one.
const maxAggregateEntries = 4096

// aggregateTimeout bounds one aggregate's computation, which runs on after the
// request that started it has gone (others may wait for it).
const aggregateTimeout = 2 * time.Minute

func newAggregateCache(g *cache.Generations) *cache.Cache[any] {
	return cache.New(g, maxAggregateEntries, func(any) int64 { return 1 }, aggregateTimeout)
}

// cached returns the result of compute for key, computing it at most once until a
// write touches a scope it noted. compute must read through the context it is given,
// so that its scopes are recorded.
func cached[T any](ctx context.Context, db *DB, key string, compute func(context.Context) (T, error)) (T, error) {
	run, settle := shareView(ctx)
	v, err := db.agg.Get(ctx, key, func(ctx context.Context) (any, error) {
		return run(ctx, func(ctx context.Context) (any, error) { return compute(ctx) })
	})
	settle()
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// AggregateStats are the aggregate cache's counts.
func (db *DB) AggregateStats() cache.Stats { return db.agg.Stats() }
