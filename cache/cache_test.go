package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func one(string) int64 { return 1 }

// Sixty-four readers missing the same key at once cause one load, and all of them get
// its value.
func TestConcurrentMissesLoadOnce(t *testing.T) {
	g := NewGenerations()
	c := New(g, 100, one, time.Second)
	var loads atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]string, 64)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.Get(context.Background(), "home", func(ctx context.Context) (string, error) {
				loads.Add(1)
				<-release
				return "page", nil
			})
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		}()
	}
	// Let every reader reach the cache before the load finishes.
	for c.Stats().Waits < 63 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("64 concurrent misses ran %d loads, want 1", n)
	}
	for i, v := range got {
		if v != "page" {
			t.Fatalf("reader %d got %q", i, v)
		}
	}
}

// A write to one scope invalidates what read it and nothing else.
func TestWritesInvalidateOnlyTheScopesTheyTouch(t *testing.T) {
	g := NewGenerations()
	c := New(g, 100, one, time.Second)
	loads := map[string]int{}
	get := func(key string, scope Scope) {
		t.Helper()
		if _, err := c.Get(context.Background(), key, func(ctx context.Context) (string, error) {
			Note(ctx, scope)
			loads[key]++
			return key, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	get("burnaby", "gov:burnaby-ca")
	get("dangjin", "gov:dangjin-kr")
	g.Bump("gov:burnaby-ca")
	get("burnaby", "gov:burnaby-ca")
	get("dangjin", "gov:dangjin-kr")
	if loads["burnaby"] != 2 || loads["dangjin"] != 1 {
		t.Errorf("after a write to Burnaby: loads %v, want burnaby 2, dangjin 1", loads)
	}
	g.BumpAll()
	get("dangjin", "gov:dangjin-kr")
	if loads["dangjin"] != 2 {
		t.Errorf("BumpAll left Dangjin cached")
	}
}

// A value built from another cached value depends on what that one read.
func TestNestedValuesInheritDependencies(t *testing.T) {
	g := NewGenerations()
	inner := New(g, 100, one, time.Second)
	outer := New(g, 100, one, time.Second)
	outerLoads := 0
	get := func() {
		_, err := outer.Get(context.Background(), "page", func(ctx context.Context) (string, error) {
			outerLoads++
			return inner.Get(ctx, "stats", func(ctx context.Context) (string, error) {
				Note(ctx, "world")
				return "42", nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	get()
	get() // a hit: nothing it read has changed
	g.Bump("world")
	get()
	if outerLoads != 2 {
		t.Errorf("outer loads %d, want 2 (the page depends on the stats it was built from)", outerLoads)
	}
}

// While one reader refreshes a stale entry, the others get the stale entry at once.
func TestStaleEntryServedWhileOneRefreshRuns(t *testing.T) {
	g := NewGenerations()
	c := New(g, 100, one, time.Second)
	version := "v1"
	load := func(ctx context.Context) (string, error) { Note(ctx, "s"); return version, nil }
	if _, err := c.Get(context.Background(), "k", load); err != nil {
		t.Fatal(err)
	}
	g.Bump("s")
	release, started := make(chan struct{}), make(chan struct{})
	done := make(chan string)
	go func() {
		v, _ := c.Get(context.Background(), "k", func(ctx context.Context) (string, error) {
			close(started)
			<-release
			return "v2", nil
		})
		done <- v
	}()
	<-started
	v, err := c.Get(context.Background(), "k", load)
	if err != nil || v != "v1" {
		t.Errorf("during the refresh: %q, %v; want the stale v1 at once", v, err)
	}
	close(release)
	if v := <-done; v != "v2" {
		t.Errorf("the refreshing reader got %q, want v2", v)
	}
	if v, _ := c.Get(context.Background(), "k", load); v != "v2" {
		t.Errorf("after the refresh: %q, want v2", v)
	}
}

// With a lag, a burst of writes reloads a key once per lag: an entry made stale
// within the lag after it was stored is served as it is, and the first reader after
// the lag reloads it. Without a lag, every write is seen by the next reader.
func TestStaleEntryServedWithinTheLag(t *testing.T) {
	g := NewGenerations()
	clock := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	c := New(g, 100, one, time.Second).ServeStaleFor(750 * time.Millisecond)
	c.now = func() time.Time { return clock }
	loads := 0
	get := func() (string, Outcome) {
		t.Helper()
		v, o, err := c.Lookup(context.Background(), "country", func(ctx context.Context) (string, error) {
			Note(ctx, "kr")
			loads++
			return "v" + string(rune('0'+loads)), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return v, o
	}
	get()
	for range 3 { // three reports within half a second of the render
		clock = clock.Add(150 * time.Millisecond)
		g.Bump("kr")
		if v, o := get(); v != "v1" || o != Stale {
			t.Fatalf("%s after the render: %s (%s), want the stale v1", clock.Format("05.000"), v, o)
		}
	}
	clock = clock.Add(300 * time.Millisecond) // 750 ms after the render
	if v, o := get(); v != "v2" || o != Loaded {
		t.Errorf("past the lag: %s (%s), want v2 loaded", v, o)
	}
	if v, o := get(); v != "v2" || o != Hit {
		t.Errorf("then: %s (%s), want a hit", v, o)
	}
	if loads != 2 {
		t.Errorf("%d loads for three writes in one lag, want 2", loads)
	}

	fresh := New(g, 100, func(int) int64 { return 1 }, time.Second) // no lag
	n := 0
	for i := range 3 {
		v, _ := fresh.Get(context.Background(), "pair", func(ctx context.Context) (int, error) { Note(ctx, "kr"); n++; return n, nil })
		if v != i+1 {
			t.Errorf("without a lag, read %d after %d writes got version %d", i+1, i, v)
		}
		g.Bump("kr")
	}
}

// A load that fails is not kept, and its waiters get the error; a cancelled caller does
// not cancel the load others wait for.
func TestFailedLoadsAreNotKept(t *testing.T) {
	g := NewGenerations()
	c := New(g, 100, one, time.Second)
	boom := errors.New("boom")
	if _, err := c.Get(context.Background(), "k", func(context.Context) (string, error) { return "", boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	v, err := c.Get(ctx, "k", func(lctx context.Context) (string, error) { return "ok", lctx.Err() })
	if err != nil || v != "ok" {
		t.Errorf("a load from a cancelled request: %q, %v; want it to run to the end", v, err)
	}
}

// Past its bound the cache drops the least recently used entries.
func TestLeastRecentlyUsedEntriesGoFirst(t *testing.T) {
	g := NewGenerations()
	c := New(g, 2, one, time.Second)
	loads := 0
	get := func(k string) {
		c.Get(context.Background(), k, func(context.Context) (string, error) { loads++; return k, nil })
	}
	get("a")
	get("b")
	get("a")
	get("c") // evicts b
	get("a")
	if loads != 3 {
		t.Errorf("loads %d, want 3 (a stays: it was used last)", loads)
	}
	get("b")
	if loads != 4 {
		t.Errorf("b was not evicted")
	}
	if s := c.Stats(); s.Entries != 2 || s.Size != 2 {
		t.Errorf("stats %+v", s)
	}
}

// A computation that reads a snapshot taken before a write was published is not kept
// as fresh, even when it notes its scopes only after the write: its data are older
// than the generation it would otherwise record. One that starts tracking before the
// snapshot is frozen (a page whose render then opens one) is covered too, and scopes
// nobody wrote to since stay fresh.
func TestSnapshotOlderThanAWriteIsNotFresh(t *testing.T) {
	g := NewGenerations()
	c := New(g, 100, one, time.Second)
	loads := map[string]int{}
	get := func(ctx context.Context, key string, write func()) {
		t.Helper()
		if _, err := c.Get(ctx, key, func(ctx context.Context) (string, error) {
			loads[key]++
			if write != nil {
				ctx = WithFrozen(ctx, g.Freeze()) // the page opens its snapshot...
				write()                           // ...a write is published meanwhile...
			}
			Note(ctx, "gov:burnaby-ca") // ...and the page reads Burnaby from the snapshot
			return key, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	frozen := WithFrozen(context.Background(), g.Freeze())
	g.Bump("gov:burnaby-ca") // published after the snapshot
	get(frozen, "nested", nil)
	get(context.Background(), "nested", nil)
	if loads["nested"] != 2 {
		t.Errorf("a load from a snapshot older than a write was kept as fresh (loads %d)", loads["nested"])
	}
	get(context.Background(), "page", func() { g.Bump("gov:burnaby-ca") })
	get(context.Background(), "page", nil)
	if loads["page"] != 2 {
		t.Errorf("a page frozen after it began tracking was kept fresh over a later write (loads %d)", loads["page"])
	}
	get(context.Background(), "page", nil)
	frozen = WithFrozen(context.Background(), g.Freeze())
	get(frozen, "page", nil)
	if loads["page"] != 2 {
		t.Errorf("with no write since, the entry should stay fresh (loads %d)", loads["page"])
	}
	g.BumpAll()
	get(frozen, "later", nil)
	get(context.Background(), "later", nil)
	if loads["later"] != 2 {
		t.Errorf("a BumpAll after the snapshot left its load fresh (loads %d)", loads["later"])
	}
}

// A page reading a snapshot that hits an entry computed after a later write, then
// reads the same scope from its snapshot, shows two versions: it is not kept fresh.
func TestSnapshotNextToANewerHitIsNotFresh(t *testing.T) {
	g := NewGenerations()
	c := New(g, 100, one, time.Second)
	const scope = Scope("act:c:KR")
	frozen := WithFrozen(context.Background(), g.Freeze()) // the page opens its snapshot
	g.Bump(scope)                                          // a report is published
	newer := func(ctx context.Context) (string, error) { Note(ctx, scope); return "facets after the report", nil }
	if _, err := c.Get(context.Background(), "facets", newer); err != nil { // another reader computes the facets
		t.Fatal(err)
	}
	loads := 0
	page := func(ctx context.Context) (string, error) {
		loads++
		if _, err := c.Get(ctx, "facets", newer); err != nil { // the page hits them...
			return "", err
		}
		Note(ctx, scope) // ...and reads the rows from its snapshot
		return "page", nil
	}
	for range 2 {
		if _, err := c.Get(frozen, "page", page); err != nil {
			t.Fatal(err)
		}
		frozen = context.Background()
	}
	if loads != 2 {
		t.Errorf("a page mixing a newer cached part with its older snapshot was kept fresh (loads %d)", loads)
	}
}
