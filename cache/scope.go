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
	// seq numbers every Bump and BumpAll; bumped and epochSeq say when each scope
	// and the epoch last moved, so that a computation reading a snapshot taken
	// earlier (Freeze) can tell which generations are newer than its data.
	seq      uint64
	bumped   map[Scope]uint64
	epochSeq uint64
	// published is told of every Bump and BumpAll (OnPublish).
	published []func(scopes []Scope, all bool)
}

// NewGenerations starts every scope at generation zero.
func NewGenerations() *Generations {
	return &Generations{gen: map[Scope]uint64{}, bumped: map[Scope]uint64{}}
}

// Bump publishes a write to each scope.
func (g *Generations) Bump(scopes ...Scope) {
	if len(scopes) == 0 {
		return
	}
	g.mu.Lock()
	g.seq++
	for _, s := range scopes {
		g.gen[s]++
		g.bumped[s] = g.seq
	}
	subs := g.published
	g.mu.Unlock()
	for _, f := range subs {
		f(scopes, false)
	}
}

// BumpAll publishes a write to every scope.
func (g *Generations) BumpAll() {
	g.mu.Lock()
	g.seq++
	g.epoch++
	g.epochSeq = g.seq
	subs := g.published
	g.mu.Unlock()
	for _, f := range subs {
		f(nil, true)
	}
}

// OnPublish has f told of every write published from now on: the scopes of a
// Bump, or all for a BumpAll. f runs after the generations moved, in the
// publishing goroutine, so it must be quick (hand the work on). It is how a
// shared cache in front of the portal learns which pages to purge (web/purge.go).
func (g *Generations) OnPublish(f func(scopes []Scope, all bool)) {
	g.mu.Lock()
	g.published = append(slices.Clip(g.published), f)
	g.mu.Unlock()
}

// stale is the generation recorded for a scope published to after the snapshot a
// computation reads: no real generation equals it, so the result is never fresh.
const stale = ^uint64(0)

// read is s's generation, or stale if it moved at or after frozen (0: not frozen).
func (g *Generations) read(s Scope, frozen uint64) uint64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if frozen != 0 && g.bumped[s] >= frozen {
		return stale
	}
	return g.gen[s]
}

func (g *Generations) readEpoch(frozen uint64) uint64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if frozen != 0 && g.epochSeq >= frozen {
		return stale
	}
	return g.epoch
}

// Frozen marks the moment a snapshot of the data was taken (Freeze, then begin the
// snapshot): computations reading it record the generations of that moment, so a
// write published after it leaves their results stale rather than wrongly fresh.
type Frozen struct {
	g   *Generations
	seq uint64
}

// Freeze returns the present moment; take it before the snapshot begins.
func (g *Generations) Freeze() Frozen {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return Frozen{g: g, seq: g.seq + 1} // the seq of the next bump (0 stays "not frozen")
}

type frozenKey struct{}

// WithFrozen returns a context whose computations read the snapshot f was taken
// for: tracked from here on, and the computation ctx already tracks too.
func WithFrozen(ctx context.Context, f Frozen) context.Context {
	if r, ok := ctx.Value(recorderKey{}).(*recorder); ok && r.g == f.g {
		r.mu.Lock()
		if r.frozen == 0 {
			r.frozen = f.seq
		}
		r.mu.Unlock()
	}
	return context.WithValue(ctx, frozenKey{}, f)
}

func frozenSeq(ctx context.Context, g *Generations) uint64 {
	if f, ok := ctx.Value(frozenKey{}).(Frozen); ok && f.g == g {
		return f.seq
	}
	return 0
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
	frozen uint64 // the Freeze seq of the snapshot the computation reads, 0 if none
	scopes map[Scope]uint64
}

type recorderKey struct{}

// Track returns a context whose reads (Note) are recorded, and a function that
// returns what they were. The epoch is taken now, before anything is read.
func Track(ctx context.Context, g *Generations) (context.Context, func() Deps) {
	frozen := frozenSeq(ctx, g)
	r := &recorder{g: g, epoch: g.readEpoch(frozen), frozen: frozen, scopes: map[Scope]uint64{}}
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
		g, seen := r.scopes[s]
		switch {
		case !seen:
			r.scopes[s] = r.g.read(s, r.frozen)
		case r.frozen != 0:
			// Seen already, perhaps through a cache hit computed after the snapshot
			// (merge): this read is from the snapshot, so it must be checked too.
			r.scopes[s] = older(g, r.g.read(s, r.frozen))
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
	r.epoch = older(r.epoch, d.epoch) // older than this computation started: it is as old as that
	for _, x := range d.scopes {
		gen := x.gen
		if r.frozen != 0 {
			// A value this computation reads next to a snapshot: if its scope moved
			// after the snapshot, the two disagree, and the result must not be kept.
			gen = older(gen, r.g.read(x.scope, r.frozen))
		}
		if g, seen := r.scopes[x.scope]; !seen {
			r.scopes[x.scope] = gen
		} else {
			r.scopes[x.scope] = older(g, gen)
		}
	}
}

// older is the older of two generations of one scope; stale is older than any.
func older(a, b uint64) uint64 {
	if a == stale || b == stale {
		return stale
	}
	return min(a, b)
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
