package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/twinningtracker/twinning/cache"
)

// A CDN (or Varnish) in front of the portal may keep the public's pages for long
// and still never show a page older than the writes, because the portal tells it
// what each page was built from and purges exactly those pages after each write:
//
//   - Every public page carries Surrogate-Key: the scopes its render read (package
//     cache: gov:burnaby-ca, agr:ID, act:c:KR, ...) and "all". Fastly reads the
//     header as it is; Varnish's xkey module does with one line of VCL
//     (scripts/cdn/varnish.vcl).
//   - A page that is fresh when it is sent (no write published since its render
//     read its data) carries s-maxage=CDN.MaxAge, cut to the next UTC midnight,
//     since pages read the day. A page served stale (X-Cache: stale, within the
//     portal's MaxLag) or too wide to name keeps the one second of the default.
//   - After every write the portal purges the scopes it touched (purge.go), and
//     "all" after an import. Every server the CDN fetches from purges when it sees
//     a write, a read replica when it has applied it, so the last purge of a write
//     comes after every server can serve it.
//
// Without a CDN configured the portal sends neither header and the one-second
// s-maxage of conditional.go stands.

// CDN is a shared cache in front of the portal that the portal purges.
type CDN struct {
	// PurgeURL receives, after each write, a POST whose Surrogate-Key header
	// names the scopes to purge (up to maxKeysPerPurge a request): Fastly's
	// purge-by-key request, and what scripts/cdn/varnish.vcl answers.
	PurgeURL string
	// PurgeHeader is added to every purge (Fastly-Key: the API token).
	PurgeHeader map[string]string
	// MaxAge is how long the CDN may keep a fresh public page. It bounds how old
	// a page can be if a purge is lost.
	MaxAge time.Duration
}

// DefaultCDNMaxAge keeps a page an hour between purges: long enough for a spike,
// short enough that a lost purge does not last the day.
const DefaultCDNMaxAge = time.Hour

// allKey is on every page: purging it empties the CDN of the portal's pages.
const allKey = "all"

// maxSurrogateBytes keeps the header within what CDNs accept (Fastly: 16 KB); a
// page that reads more scopes than fit is not kept long.
const maxSurrogateBytes = 8 << 10

// sharedCaching is how a shared cache may keep one public response.
type sharedCaching struct {
	cacheControl string
	keys         string // Surrogate-Key; "" for none
}

var defaultSharedCaching = sharedCaching{cacheControl: publicCacheControl}

// sharedCachingOf is how a shared cache may keep a page built from d for the UTC
// day numbered day (the page cache's key).
func (h *handler) sharedCachingOf(d cache.Deps, day int64) sharedCaching {
	if h.cdn == nil {
		return defaultSharedCaching
	}
	keys, ok := surrogateKeys(d.Scopes())
	if !ok {
		return defaultSharedCaching
	}
	out := sharedCaching{cacheControl: publicCacheControl, keys: keys}
	// A page of yesterday sent after midnight (its render started before) is kept
	// a second only.
	if d.Fresh(h.db.Generations()) && today() == day {
		out.cacheControl = "max-age=0, s-maxage=" + strconv.Itoa(sharedMaxAge(h.cdn.MaxAge, time.Now()))
	}
	return out
}

// sharedMaxAge is maxAge in seconds, cut to the next UTC midnight (pages read the
// day: anniversaries, in force today), at least one second.
func sharedMaxAge(maxAge time.Duration, now time.Time) int {
	now = now.UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	return max(1, int(min(maxAge, midnight.Sub(now))/time.Second))
}

// surrogateKeys is the Surrogate-Key of a page built from these scopes; false when
// it would be too long, or a scope is not a plain token (never, with today's slugs).
func surrogateKeys(scopes []cache.Scope) (string, bool) {
	var b strings.Builder
	b.WriteString(allKey)
	for _, s := range scopes {
		if !plainKey(string(s)) {
			return "", false
		}
		b.WriteByte(' ')
		b.WriteString(string(s))
	}
	return b.String(), b.Len() <= maxSurrogateBytes
}

// plainKey is a key that needs no quoting: visible ASCII, no separator.
func plainKey(s string) bool {
	if s == "" || len(s) > 1024 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == ',' || c == '"' {
			return false
		}
	}
	return true
}
