package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

// However many sign-ins arrive at once, strangers hash in at most the shared
// slots, and known devices in at most one more: memory and cores used by password
// hashes are bounded whatever the burst.
func TestHashSlotsBoundConcurrentHashes(t *testing.T) {
	g := newLoginGuard()
	shared := cap(g.hashes)
	var running, strangers, peakStrangers, peakAll atomic.Int32
	var wg sync.WaitGroup
	hold := make(chan struct{})
	raise := func(peak *atomic.Int32, n int32) {
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
	}
	try := func(known bool) {
		defer wg.Done()
		release, ok := g.hashSlot(context.Background(), known)
		if !ok {
			return
		}
		raise(&peakAll, running.Add(1))
		if !known {
			raise(&peakStrangers, strangers.Add(1))
		}
		<-hold
		if !known {
			strangers.Add(-1)
		}
		running.Add(-1)
		release()
	}
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go try(false)
	}
	for running.Load() < int32(shared) {
	}
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go try(true)
	}
	for running.Load() < int32(shared+1) {
	}
	close(hold)
	wg.Wait()
	if p := peakStrangers.Load(); p > int32(shared) {
		t.Errorf("%d strangers hashed at once, %d slots", p, shared)
	}
	if p := peakAll.Load(); p > int32(shared+1) {
		t.Errorf("%d hashes at once, %d slots + 1 for known devices", p, shared)
	}
}

// Refused attempts are refunded, so a burst that found no hash slot leaves the
// counts as they were.
func TestRefundedAttemptsDoNotCount(t *testing.T) {
	a := newAttempts(signInWindow)
	k := attemptKey{"address:192.0.2.1", 2}
	t1, _ := a.reserve(k)
	a.refund(t1)
	a.reserve(k)
	if _, ok := a.reserve(k); !ok {
		t.Error("a refunded attempt still counts")
	}
	if _, ok := a.reserve(k); ok {
		t.Error("a third attempt passed a limit of 2")
	}
}
