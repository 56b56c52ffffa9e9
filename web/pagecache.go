package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/cache"
)

// The rendered-page cache: a public page (or twin) is rendered once and then served
// from memory until a write touches something it was built from, which is what lets
// the portal keep up when a newspaper links it while officials report.
//
// A page depends on its URL (the language is in the path), the day (anniversaries,
// feeds and the reporting year read the clock) and the records it read. The key is
// the UTC day and the URL; the records are tracked by scope (package cache): every
// store read a render makes notes its scopes, and a write bumps the scopes it
// touched once it has committed, so a report by Burnaby re-renders Burnaby's and its
// partners' pages and the activity lists, and leaves Dangjin's page cached. A write
// from another process is seen by the store's watcher within a second. Under a
// burst of writes a page is re-rendered at most once per Config.MaxLag: readers get
// the page as it was up to that long ago (X-Cache: stale) instead of one render per
// write.
//
// Only anonymous requests are served from and stored in the cache: a signed-in
// official sees their own navigation, and form pages (CSRF token, Set-Cookie) are
// personal. A cookie that is no live session is anonymous. Only 200 responses are
// stored, with their gzip form, so a hit is a copy; error pages are rendered each
// time.

// pageCacheBytes bounds the memory held by cached pages (plain and gzipped).
const pageCacheBytes = 128 << 20

// renderTimeout bounds one render, which runs on if its client leaves: other
// readers may be waiting for it.
const renderTimeout = 30 * time.Second

// cachedPage is a rendered 200: the headers the handler set, the body, its gzip form
// (nil when too small to be worth it) and its ETag.
type cachedPage struct {
	header http.Header
	body   []byte
	gz     []byte
	tag    string
	// Made once for every hit: the two ETags and the two Content-Lengths.
	etag, etagGz     []string
	length, lengthGz []string
}

func newPageCache(g *cache.Generations) *cache.Cache[*cachedPage] {
	return cache.New(g, pageCacheBytes, cachedPageSize, renderTimeout)
}

// cachedPageSize is what a cached page costs the cache.
func cachedPageSize(p *cachedPage) int64 {
	return int64(len(p.body)+len(p.gz)) + 512 // headers and bookkeeping
}

// today is the UTC day number pages are keyed by.
func today() int64 { return time.Now().Unix() / 86400 }

// pageKey is the cache key of a request: the UTC day and the URL.
func pageKey(req *http.Request, day int64) string {
	uri := req.RequestURI // as the client sent it; empty for requests made in tests
	if uri == "" || uri[0] != '/' {
		uri = req.URL.RequestURI()
	}
	var b []byte
	b = strconv.AppendInt(make([]byte, 0, 8+len(uri)), day, 10)
	return string(append(append(b, ' '), uri...))
}

// errNotCacheable ends a render whose response is personal or not a 200: the
// requests that waited for it render their own.
var errNotCacheable = errors.New("web: response not cacheable")

// cacheableRequest is an anonymous read: no signed-in account (loadAccount ran
// first), so the page is the same for everyone.
func cacheableRequest(c echo.Context) bool {
	req := c.Request()
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return false
	}
	_, signedIn := account(c)
	return !signedIn
}

// rendering is the outcome of running the handler into a buffer.
type rendering struct {
	bw   *bufferWriter
	err  error
	page *cachedPage // the response as a cacheable page, or nil
}

// renderBuffered runs the handler with its response held in a buffer, on ctx.
func renderBuffered(c echo.Context, ctx context.Context, next echo.HandlerFunc, cacheable bool) rendering {
	req := c.Request()
	res := c.Response()
	orig := res.Writer
	bw := &bufferWriter{ResponseWriter: orig}
	res.Writer = bw
	// A cookie set before the handler ran (loadAccount clearing a dead session) is
	// the request's, not the page's: the page stays cacheable, without it.
	cookiesBefore := len(res.Header().Values("Set-Cookie"))
	c.SetRequest(req.WithContext(ctx))
	err := next(c)
	c.SetRequest(req)
	res.Writer = orig
	r := rendering{bw: bw, err: err}
	if err == nil && bw.wroteHeader && !bw.passthrough && cacheable &&
		len(res.Header().Values("Set-Cookie")) == cookiesBefore && c.Get("csrf") == nil {
		hd := res.Header().Clone()
		hd.Del("Set-Cookie")
		// The buffer is not reused: the cache may keep the slice.
		r.page = newCachedPage(hd, bw.buf.Bytes())
	}
	return r
}

// send sends what the handler rendered to its own client.
func (r rendering) send(c echo.Context, shared sharedCaching) error {
	bw := r.bw
	if bw.passthrough || !bw.wroteHeader {
		return r.err
	}
	orig := c.Response().Writer
	if r.err != nil {
		// The handler wrote a whole response and still failed: send what it wrote.
		orig.WriteHeader(bw.status)
		_, _ = orig.Write(bw.buf.Bytes())
		return r.err
	}
	p := r.page
	if p == nil {
		p = &cachedPage{body: bw.buf.Bytes(), tag: bodyTag(bw.buf.Bytes())}
	}
	send(c, orig, p, shared)
	return nil
}

// newCachedPage hashes and compresses a rendered body once, for every later hit.
func newCachedPage(header http.Header, body []byte) *cachedPage {
	p := &cachedPage{header: header, body: body, tag: bodyTag(body)}
	if len(body) >= minGzip && header.Get("Content-Encoding") == "" {
		p.gz = gzipBody(body)
	}
	p.etag, p.etagGz = []string{`"` + p.tag + `"`}, []string{`"` + p.tag + `-gz"`}
	p.length, p.lengthGz = []string{strconv.Itoa(len(p.body))}, []string{strconv.Itoa(len(p.gz))}
	return p
}

// serveCached sends a cached page with its headers.
func serveCached(c echo.Context, p *cachedPage, shared sharedCaching) {
	hd := c.Response().Header()
	for k, vs := range p.header {
		hd[k] = vs
	}
	send(c, c.Response().Writer, p, shared)
}
