package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/cache"
)

// A purge the CDN refuses is tried again; one it keeps refusing is logged and
// counted, never silently dropped. A write touching more scopes than one request
// may carry is purged in several.
func TestPurgesRetryAndSplit(t *testing.T) {
	retries := purgeRetries
	purgeRetries = []time.Duration{10 * time.Millisecond, 10 * time.Millisecond}
	t.Cleanup(func() { purgeRetries = retries })

	var mu sync.Mutex
	var got [][]string
	refuse := 1 // the first request is refused
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if refuse > 0 {
			refuse--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		got = append(got, strings.Fields(r.Header.Get("Surrogate-Key")))
	}))
	defer cdn.Close()
	var logs strings.Builder
	p := newPurger(&CDN{PurgeURL: cdn.URL}, slog.New(slog.NewTextHandler(&logs, nil)))

	scopes := make([]cache.Scope, 300)
	for i := range scopes {
		scopes[i] = cache.Scope(fmt.Sprintf("gov:g%03d", i))
	}
	p.purge(p.keysOf(scopes))
	mu.Lock()
	if len(got) != 2 || len(got[0])+len(got[1]) != 300 || len(got[0]) > maxKeysPerPurge {
		t.Errorf("300 keys went in %d requests of %v keys, want 2 of at most %d", len(got), lens(got), maxKeysPerPurge)
	}
	refuse = 100
	mu.Unlock()
	if p.sent.Load() != 2 || p.failed.Load() != 0 {
		t.Errorf("sent %d, failed %d; want 2 and 0 (the refusal was retried)", p.sent.Load(), p.failed.Load())
	}
	p.purge([]string{"gov:burnaby-ca"})
	if p.failed.Load() != 1 || !strings.Contains(logs.String(), "CDN purge failed") {
		t.Errorf("a purge refused every time: failed %d, log %q", p.failed.Load(), logs.String())
	}
}

// keysOf is take for a list of scopes.
func (p *purger) keysOf(scopes []cache.Scope) []string {
	p.mu.Lock()
	for _, s := range scopes {
		p.pending[s] = struct{}{}
	}
	p.mu.Unlock()
	return p.take()
}

func lens(xs [][]string) []int {
	var n []int
	for _, x := range xs {
		n = append(n, len(x))
	}
	return n
}

// A page reads the day, so a CDN keeps it no later than midnight UTC.
func TestSharedMaxAgeEndsAtMidnight(t *testing.T) {
	for _, c := range []struct {
		now  string
		want int
	}{
		{"2026-12-07T10:00:00Z", 3600},
		{"2026-12-07T23:30:00Z", 1800},
		{"2026-12-07T23:59:59.5Z", 1},
		{"2026-12-07T18:30:00-08:00", 3600}, // 02:30 UTC on the 8th: the hour fits
		{"2026-12-07T15:45:00-08:00", 900},  // 23:45 UTC
	} {
		now, _ := time.Parse(time.RFC3339Nano, c.now)
		if got := sharedMaxAge(time.Hour, now); got != c.want {
			t.Errorf("at %s: s-maxage %d, want %d", c.now, got, c.want)
		}
	}
}
