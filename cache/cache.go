package cache

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Cache maps keys to values computed by a load function, for as long as no write was
// published to a scope the load read (see Deps).
//
//   - Size-bounded: each value has a size (bytes, or 1 for an entry count); past the
//     bound the least recently used entries go (CLOCK: a hit only marks its entry as
//     used, under a read lock, so concurrent hits do not queue on one mutex).
//   - Single flight: however many callers miss the same key at once, one load runs
//     and the others wait for its result.
//   - Stale while revalidating: while one load refreshes a key whose entry a write
//     made stale, other callers get the stale entry at once instead of waiting. The
//     caller that finds no load running does the refresh and waits for it, so a
//     reader after a write never gets an entry older than the write unless another
//     reader is already fetching the new one.
//   - Optionally a bounded lag (ServeStaleFor): an entry made stale less than the lag
//     after it was stored is served as it is, with no load, so a burst of writes
//     (reporting season: several reports a second touching the same country page)
//     renders each key once per lag instead of once per write. The first caller
//     after the lag refreshes it as above.
//   - A load runs on a context detached from its caller's cancellation (others may
//     wait for it) and bounded by a timeout.
//   - A hit runs nothing but a map lookup and the generation checks.
type Cache[V any] struct {
	gens     *Generations
	maxSize  int64
	size     func(V) int64
	timeout  time.Duration
	mu       sync.RWMutex
	entries  map[string]*list.Element
	lru      *list.List // of *entry[V], newest first; eviction looks from the back
	used     int64
	inFlight map[string]*flight[V]
	maxLag   time.Duration    // see ServeStaleFor; 0: refresh after every write
	now      func() time.Time // the clock of maxLag (a test's own)

	hits, staleHits, loads, waits atomic.Int64
}

type entry[V any] struct {
	key    string
	val    V
	deps   Deps
	size   int64
	stored time.Time   // when the load that made it ended
	used   atomic.Bool // hit since eviction last looked at it
}

type flight[V any] struct {
	done chan struct{}
	val  V
	deps Deps
	err  error
}

// DefaultTimeout bounds a load that has no timeout of its own.
const DefaultTimeout = 30 * time.Second

// New makes a cache holding values of at most maxSize in all, as measured by size.
func New[V any](g *Generations, maxSize int64, size func(V) int64, timeout time.Duration) *Cache[V] {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Cache[V]{gens: g, maxSize: maxSize, size: size, timeout: timeout,
		entries: map[string]*list.Element{}, lru: list.New(), inFlight: map[string]*flight[V]{}, now: time.Now}
}

// ServeStaleFor lets an entry lag behind the writes for up to d after it was
// stored: a stale entry younger than d is returned as a stale hit and not
// reloaded. Callers that must see their own writes (a signed-in official's
// pages) do not read through such a cache. Call it before the cache is used.
func (c *Cache[V]) ServeStaleFor(d time.Duration) *Cache[V] {
	c.maxLag = d
	return c
}

// young says whether a stale entry may still be served without a reload.
func (c *Cache[V]) young(e *entry[V]) bool {
	return c.maxLag > 0 && c.now().Sub(e.stored) < c.maxLag
}

// Get returns the value for key, loading it if there is no fresh entry. The scopes
// the value depends on are added to the computation ctx tracks, if any, so a page
// built from cached parts depends on what those parts read.
func (c *Cache[V]) Get(ctx context.Context, key string, load func(context.Context) (V, error)) (V, error) {
	v, _, err := c.Lookup(ctx, key, load)
	return v, err
}

// Outcome is how Lookup answered.
type Outcome int

const (
	Hit    Outcome = iota // a fresh entry
	Stale                 // a stale entry, while another caller's load refreshes it
	Waited                // the result of another caller's load
	Loaded                // this caller's own load
)

func (o Outcome) String() string {
	return [...]string{"hit", "stale", "waited", "loaded"}[o]
}

// Lookup is Get, also saying how the value was found.
func (c *Cache[V]) Lookup(ctx context.Context, key string, load func(context.Context) (V, error)) (V, Outcome, error) {
	v, _, o, err := c.LookupDeps(ctx, key, load)
	return v, o, err
}

// LookupDeps is Lookup, also returning what the value was computed from: a caller
// that hands the value on (a page to a shared cache) can say which writes will
// make it stale (Deps.Scopes) and whether one already has (Deps.Fresh).
func (c *Cache[V]) LookupDeps(ctx context.Context, key string, load func(context.Context) (V, error)) (V, Deps, Outcome, error) {
	c.mu.RLock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*entry[V])
		if e.deps.Fresh(c.gens) {
			e.used.Store(true)
			c.mu.RUnlock()
			c.hits.Add(1)
			merge(ctx, e.deps)
			return e.val, e.deps, Hit, nil
		}
		if c.young(e) {
			e.used.Store(true)
			c.mu.RUnlock()
			c.staleHits.Add(1)
			merge(ctx, e.deps)
			return e.val, e.deps, Stale, nil
		}
	}
	c.mu.RUnlock()
	c.mu.Lock()
	var stale *entry[V]
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*entry[V])
		if e.deps.Fresh(c.gens) { // refreshed since the read lock was let go
			e.used.Store(true)
			c.mu.Unlock()
			c.hits.Add(1)
			merge(ctx, e.deps)
			return e.val, e.deps, Hit, nil
		}
		stale = e
	}
	if f, ok := c.inFlight[key]; ok {
		c.mu.Unlock()
		if stale != nil {
			c.staleHits.Add(1)
			merge(ctx, stale.deps)
			return stale.val, stale.deps, Stale, nil
		}
		c.waits.Add(1)
		select {
		case <-f.done:
		case <-ctx.Done():
			var zero V
			return zero, Deps{}, Waited, ctx.Err()
		}
		if f.err == nil {
			merge(ctx, f.deps)
		}
		return f.val, f.deps, Waited, f.err
	}
	f := &flight[V]{done: make(chan struct{})}
	c.inFlight[key] = f
	c.mu.Unlock()
	c.run(ctx, key, f, load)
	if f.err == nil {
		merge(ctx, f.deps)
	}
	return f.val, f.deps, Loaded, f.err
}

// run loads key for flight f and stores the result. A panicking load still ends its
// flight (its waiters get an error) before the panic goes on up.
func (c *Cache[V]) run(ctx context.Context, key string, f *flight[V], load func(context.Context) (V, error)) {
	c.loads.Add(1)
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
	defer cancel()
	lctx, deps := Track(lctx, c.gens)
	finished := false
	defer func() {
		if !finished {
			f.err = fmt.Errorf("cache: loading %q panicked", key)
		}
		c.mu.Lock()
		delete(c.inFlight, key)
		if f.err == nil {
			c.store(key, f.val, f.deps)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	f.val, f.err = load(lctx)
	f.deps = deps()
	finished = true
}

// store puts a loaded value in, evicting the least recently used entries past the
// bound. A value bigger than the whole cache is not kept. Called with c.mu held.
func (c *Cache[V]) store(key string, val V, deps Deps) {
	n := c.size(val)
	if n > c.maxSize {
		return
	}
	if el, ok := c.entries[key]; ok {
		c.used -= el.Value.(*entry[V]).size
		c.lru.Remove(el)
	}
	c.entries[key] = c.lru.PushFront(&entry[V]{key: key, val: val, deps: deps, size: n, stored: c.now()})
	c.used += n
	for c.used > c.maxSize {
		last := c.lru.Back()
		e := last.Value.(*entry[V])
		if e.used.Swap(false) && last != c.lru.Front() {
			c.lru.MoveToFront(last) // used since last looked at: a second chance
			continue
		}
		c.lru.Remove(last)
		delete(c.entries, e.key)
		c.used -= e.size
	}
}

// Peek returns the fresh value for key without loading anything.
func (c *Cache[V]) Peek(key string) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if el, ok := c.entries[key]; ok {
		if e := el.Value.(*entry[V]); e.deps.Fresh(c.gens) {
			return e.val, true
		}
	}
	var zero V
	return zero, false
}

// Stats are counts since the cache was made.
type Stats struct {
	Hits      int64 // fresh entries returned
	StaleHits int64 // stale entries returned while a load refreshed them, or within the lag
	Loads     int64 // loads run
	Waits     int64 // callers that waited for another caller's load
	Entries   int
	Size      int64
}

// Stats returns the cache's counts.
func (c *Cache[V]) Stats() Stats {
	c.mu.RLock()
	n, used := len(c.entries), c.used
	c.mu.RUnlock()
	return Stats{Hits: c.hits.Load(), StaleHits: c.staleHits.Load(), Loads: c.loads.Load(), Waits: c.waits.Load(),
		Entries: n, Size: used}
}
