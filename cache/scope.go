// Package cache is the portal's one cache: pages, twins, chart data, facets, aggregates
// and downloads all go through Cache. Entries are invalidated by scope, not by time:
// a write publishes the scopes it touched (a government, an agreement, a country, a
// country pair, the worldwide lists), and an entry depends on the scopes its
// computation read, so a report by Burnaby leaves Dangjin's page cached.
//
// The package knows nothing of the database or of HTTP: store names the scopes and
// publishes them after each commit, and both store and web cache through it.
package cache

import (
	"context"
	"slices"
	"sync"
)

// Scope names a part of the data that writes change and reads depend on.
type Scope string

// Generations counts the writes published to each scope, plus an epoch that every
// scope shares: BumpAll (a write whose reach is not known, an import, a write from
// another process seen only as "something changed") moves the epoch and so
// invalidates everything at once.
type Generations struct {
	mu    sync.RWMutex
	epoch uint64
	gen   map[Scope]uint64
}

// NewGenerations starts every scope at generation zero.
func NewGenerations() *Generations { return &Generations{gen: map[Scope]uint64{}} }

// Bump publishes a write to each scope.
func (g *Generations) Bump(scopes ...Scope) {
	if len(scopes) == 0 {
		return
	}
	g.mu.Lock()
	for _, s := range scopes {
		g.gen[s]++
	}
	g.mu.Unlock()
}

// BumpAll publishes a write to every scope.
func (g *Generations) BumpAll() {
	g.mu.Lock()
	g.epoch++
	g.mu.Unlock()
}

func (g *Generations) read(s Scope) uint64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.gen[s]
}

func (g *Generations) readEpoch() uint64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.epoch
}

// Deps is what a computation read: the epoch and each scope's generation, both taken
// before the data was read. A write bumps its scopes after it commits, so a
// computation that raced a write can only look older than it is, never newer.
type Deps struct {
	epoch  uint64
	scopes []dep // sorted by scope, one each
}

type dep struct {
	scope Scope
	gen   uint64
}

// Fresh reports whether no write was published to any scope d depends on since.
func (d Deps) Fresh(g *Generations) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.epoch != d.epoch {
		return false
	}
	for _, x := range d.scopes {
		if g.gen[x.scope] != x.gen {
			return false
		}
	}
	return true
}

// Scopes lists the scopes d depends on, for tests and logs.
func (d Deps) Scopes() []Scope {
	out := make([]Scope, len(d.scopes))
	for i, x := range d.scopes {
		out[i] = x.scope
	}
	return out
}

// recorder collects the scopes one computation reads.
type recorder struct {
	g      *Generations
	mu     sync.Mutex
	epoch  uint64
	scopes map[Scope]uint64
}

type recorderKey struct{}

// Track returns a context whose reads (Note) are recorded, and a function that
// returns what they were. The epoch is taken now, before anything is read.
func Track(ctx context.Context, g *Generations) (context.Context, func() Deps) {
	r := &recorder{g: g, epoch: g.readEpoch(), scopes: map[Scope]uint64{}}
	return context.WithValue(ctx, recorderKey{}, r), r.deps
}

// Note records that the computation tracked by ctx (if any) is about to read scopes.
// Call it before the read: the generation noted is then never newer than the data.
func Note(ctx context.Context, scopes ...Scope) {
	r, ok := ctx.Value(recorderKey{}).(*recorder)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range scopes {
		if _, seen := r.scopes[s]; !seen {
			r.scopes[s] = r.g.read(s)
		}
	}
}

// merge adds what another computation read (a cache hit or a nested load) to the
// computation tracked by ctx: the outer result depends on it too.
func merge(ctx context.Context, d Deps) {
	r, ok := ctx.Value(recorderKey{}).(*recorder)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if d.epoch < r.epoch {
		r.epoch = d.epoch // older than this computation started: it is as old as that
	}
	for _, x := range d.scopes {
		if g, seen := r.scopes[x.scope]; !seen || x.gen < g {
			r.scopes[x.scope] = x.gen
		}
	}
}

func (r *recorder) deps() Deps {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := Deps{epoch: r.epoch, scopes: make([]dep, 0, len(r.scopes))}
	for s, g := range r.scopes {
		d.scopes = append(d.scopes, dep{s, g})
	}
	slices.SortFunc(d.scopes, func(a, b dep) int {
		if a.scope < b.scope {
			return -1
		}
		if a.scope > b.scope {
			return 1
		}
		return 0
	})
	return d
}
