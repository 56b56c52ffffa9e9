package web

import (
	"strings"
	"sync"
	"time"
)

// attempts counts attempts per key in a sliding window. Checking the limits and
// counting are one step (reserve), so parallel requests cannot all pass a limit
// that is read before and written after the work it guards. Sign-ins
// (login_guard.go) and public corrections (correction.go) use it.
type attempts struct {
	mu     sync.Mutex
	window time.Duration
	times  map[string][]time.Time // key → times of counted attempts in the window
}

// attemptKeysKept bounds the memory under a flood of distinct addresses or emails:
// once full, expired keys are swept; if it is still full, attempts that would need
// a new key are refused.
const attemptKeysKept = 100_000

func newAttempts(window time.Duration) *attempts {
	return &attempts{window: window, times: map[string][]time.Time{}}
}

// attemptKey is one count an attempt is charged to and the count's limit.
type attemptKey struct {
	key   string
	limit int
}

// ticket is what an attempt was charged, to refund later.
type ticket struct {
	keys []string
	at   time.Time
}

// reserve charges an attempt to every key if all are under their limit, and
// reports whether the attempt may go on.
func (a *attempts) reserve(keys ...attemptKey) (ticket, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		recent := a.recent(k.key, now)
		if len(recent) >= k.limit {
			return ticket{}, false
		}
		if recent == nil && len(a.times) >= attemptKeysKept && !a.sweep(now) {
			return ticket{}, false
		}
	}
	t := ticket{at: now}
	for _, k := range keys {
		a.times[k.key] = append(a.times[k.key], now)
		t.keys = append(t.keys, k.key)
	}
	return t, true
}

// full reports whether key is at its limit, counting nothing.
func (a *attempts) full(k attemptKey) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.recent(k.key, time.Now())) >= k.limit
}

// refund takes back a ticket's charge: the attempt did not happen after all.
func (a *attempts) refund(t ticket) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range t.keys {
		times := a.times[k]
		for i := len(times) - 1; i >= 0; i-- {
			if times[i].Equal(t.at) {
				if len(times) == 1 {
					delete(a.times, k) // an empty key would count against attemptKeysKept
				} else {
					a.times[k] = append(times[:i], times[i+1:]...)
				}
				break
			}
		}
	}
}

// forget drops every count of the ticket's keys that start with prefix.
func (a *attempts) forget(t ticket, prefix string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range t.keys {
		if strings.HasPrefix(k, prefix) {
			delete(a.times, k)
		}
	}
}

// recent drops a key's attempts that left the window and returns those left.
func (a *attempts) recent(key string, now time.Time) []time.Time {
	times := a.times[key]
	kept := times[:0]
	for _, at := range times {
		if now.Sub(at) < a.window {
			kept = append(kept, at)
		}
	}
	if len(kept) == 0 {
		delete(a.times, key)
		return nil
	}
	a.times[key] = kept
	return kept
}

// sweep drops every expired key and reports whether there is room for a new one.
func (a *attempts) sweep(now time.Time) bool {
	for k := range a.times {
		a.recent(k, now)
	}
	return len(a.times) < attemptKeysKept
}
