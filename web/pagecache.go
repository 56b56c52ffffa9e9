package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// The rendered-page cache: a public page (or twin) is rendered once per version of
// the database and then served from memory, which is what lets the portal keep up
// when a newspaper links it.
//
// A page depends only on its URL (the language is in the path), the database and
// the day (anniversaries, feeds and the reporting year read the clock). The cache key
// is the URL; an entry is valid only for the database version (the newest change id,
// which every write moves, from this process or another) and the UTC day it was
// rendered at. The version is read before the page is rendered, so a write that lands
// during rendering can only make an entry look older than it is, never newer: a
// cached page is never staler than the database.
//
// Only anonymous requests are served from and stored in the cache: a signed-in
// official sees their own navigation, and form pages (CSRF token, Set-Cookie) are
// personal. Only 200 responses are stored; error pages are rendered each time, so
// hostile URLs cannot fill the cache with junk for long either: it starts over when
// full.

// pageCacheBytes bounds the memory held by cached bodies.
const pageCacheBytes = 64 << 20

type pageCache struct {
	mu      sync.RWMutex
	version pageVersion
	entries map[string]*cachedPage
	size    int
}

// pageVersion is what a rendered page depends on besides its URL.
type pageVersion struct {
	day string // UTC, YYYY-MM-DD
	id  int64  // the newest change id
}

// newer reports whether v is newer than w.
func (v pageVersion) newer(w pageVersion) bool {
	if v.day != w.day {
		return v.day > w.day
	}
	return v.id > w.id
}

// cachedPage is a rendered 200: the headers the handler set, the body and its ETag.
type cachedPage struct {
	header http.Header
	body   []byte
	tag    string
}

func newPageCache() *pageCache { return &pageCache{entries: map[string]*cachedPage{}} }

// get returns the entry for key rendered at version, or nil.
func (pc *pageCache) get(version pageVersion, key string) *cachedPage {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	if pc.version != version {
		return nil
	}
	return pc.entries[key]
}

// put stores an entry rendered at version. A newer version empties the cache; an
// entry from an older version (a write landed while it rendered) is dropped.
func (pc *pageCache) put(version pageVersion, key string, p *cachedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.version != version {
		if pc.version.newer(version) {
			return
		}
		pc.version, pc.entries, pc.size = version, map[string]*cachedPage{}, 0
	}
	if pc.size+len(p.body) > pageCacheBytes {
		pc.entries, pc.size = map[string]*cachedPage{}, 0 // start over: bounded memory
	}
	if old, ok := pc.entries[key]; ok {
		pc.size -= len(old.body)
	}
	pc.entries[key] = p
	pc.size += len(p.body)
}

// currentPageVersion is the version a page rendered now belongs to.
func (h *handler) currentPageVersion(ctx context.Context) (pageVersion, error) {
	id, err := h.db.Version(ctx)
	return pageVersion{day: time.Now().UTC().Format("2006-01-02"), id: id}, err
}

// cacheableRequest is an anonymous read: no session cookie, so the page is the same
// for everyone.
func cacheableRequest(req *http.Request) bool {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return false
	}
	ck, err := req.Cookie(sessionCookie)
	return err != nil || ck.Value == ""
}

// cacheableResponse is a response anyone may be given: it sets no cookie and holds
// no CSRF token (Echo's CSRF middleware puts the token in the context).
func cacheableResponse(c echo.Context, hd http.Header) bool {
	return hd.Get("Set-Cookie") == "" && c.Get("csrf") == nil
}
