package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twinningtracker/twinning/cache"
)

// The purger tells the CDN which pages a write made stale (cdn.go). It is told of
// every published write (cache.Generations.OnPublish), gathers the scopes for a
// moment so that a burst of reports makes one request, and sends them; each batch
// is sent again a little later, for a page that was on its way to the CDN, fresh,
// when the write was published and that the CDN stored after the first purge.

const (
	// purgeGather is how long scopes are gathered before a purge is sent.
	purgeGather = 50 * time.Millisecond
	// purgeRepeat is when a batch is purged a second time.
	purgeRepeat = 2 * time.Second
	// maxKeysPerPurge is Fastly's limit on keys in one purge request.
	maxKeysPerPurge = 256
	// purgeTimeout bounds one purge request.
	purgeTimeout = 10 * time.Second
	// maxPurgesAtOnce bounds the purge requests in flight: a CDN that fails slowly
	// (timeouts, retries) does not hold up the purges of later writes.
	maxPurgesAtOnce = 4
)

// purgeRetries are the waits before each new attempt at a failed purge.
var purgeRetries = []time.Duration{250 * time.Millisecond, time.Second, 4 * time.Second}

type purger struct {
	url    string
	header map[string]string
	client *http.Client
	log    *slog.Logger

	inFlight chan struct{} // a slot per request in flight

	mu      sync.Mutex
	pending map[cache.Scope]struct{}
	all     bool
	wake    chan struct{}
	start   sync.Once

	sent, failed, keys atomic.Int64 // purge requests that succeeded and failed, keys purged
}

func newPurger(cdn *CDN, log *slog.Logger) *purger {
	return &purger{url: cdn.PurgeURL, header: cdn.PurgeHeader, log: log,
		client:   &http.Client{Timeout: purgeTimeout},
		inFlight: make(chan struct{}, maxPurgesAtOnce),
		pending:  map[cache.Scope]struct{}{}, wake: make(chan struct{}, 1)}
}

// published is the OnPublish hook: it only notes the scopes; run sends them.
func (p *purger) published(scopes []cache.Scope, all bool) {
	p.start.Do(func() { go p.run() })
	p.mu.Lock()
	if all {
		p.all = true
	}
	for _, s := range scopes {
		p.pending[s] = struct{}{}
	}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// run sends the gathered scopes, for the life of the process.
func (p *purger) run() {
	for range p.wake {
		time.Sleep(purgeGather)
		keys := p.take()
		if len(keys) == 0 {
			continue
		}
		go p.purge(keys)
		time.AfterFunc(purgeRepeat, func() { p.purge(keys) })
	}
}

// take empties the pending scopes into the keys to purge: "all" alone after an
// import, since every page carries it.
func (p *purger) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var keys []string
	if p.all {
		keys = []string{allKey}
	} else {
		for s := range p.pending {
			if plainKey(string(s)) {
				keys = append(keys, string(s))
			}
		}
	}
	p.all = false
	clear(p.pending)
	return keys
}

// purge sends keys in requests of at most maxKeysPerPurge, each retried a few times.
func (p *purger) purge(keys []string) {
	for len(keys) > 0 {
		n := min(len(keys), maxKeysPerPurge)
		p.send(keys[:n])
		keys = keys[n:]
	}
}

func (p *purger) send(keys []string) {
	p.inFlight <- struct{}{}
	defer func() { <-p.inFlight }()
	var err error
	for attempt := 0; ; attempt++ {
		if err = p.request(keys); err == nil {
			p.sent.Add(1)
			p.keys.Add(int64(len(keys)))
			return
		}
		if attempt == len(purgeRetries) {
			break
		}
		time.Sleep(purgeRetries[attempt])
	}
	p.failed.Add(1)
	// The CDN may now show these pages until its max-age runs out.
	p.log.Error("CDN purge failed: pages may stay stale in the CDN until their max-age", "keys", len(keys), "err", err)
}

func (p *purger) request(keys []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), purgeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, nil)
	if err != nil {
		return fmt.Errorf("purge request: %w", err)
	}
	req.Header.Set("Surrogate-Key", strings.Join(keys, " "))
	for k, v := range p.header {
		req.Header.Set(k, v)
	}
	res, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("purging %d keys: %w", len(keys), err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("purging %d keys: %s: %.200s", len(keys), res.Status, body)
	}
	return nil
}
