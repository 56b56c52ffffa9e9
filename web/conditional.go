package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// Conditional requests and compression for pages and their .csv/.json twins.
//
// Every GET or HEAD answered 200 with a text type is buffered (render buffers pages
// anyway), given a strong ETag that is a hash of the body, answered 304 when the
// client already holds that body, and gzipped when the client accepts it. The ETag
// is computed from what the handler just rendered from the current database, so it
// can never be stale: a write that changes a page changes its ETag. The public's
// pages carry Cache-Control: max-age=0, s-maxage=1 unless the handler chose
// otherwise: a browser revalidates each time (a 304 when nothing changed), and a
// shared cache in front (nginx, a CDN) may answer for a second without asking,
// which keeps a spike of readers off the portal within the stated lag
// (docs/operations.md). A CDN that the portal purges may keep them longer (cdn.go).
// A signed-in session's pages are private, no-cache.
//
// Bulk downloads (data.go) and static assets (static.go) have their own ETags and
// caching, and are left alone.

// publicCacheControl is the public's pages' caching: see above.
const publicCacheControl = "max-age=0, s-maxage=1"

// maxBuffered bounds the memory one response may take; a bigger response is
// streamed unchanged (no ETag, no compression).
const maxBuffered = 8 << 20

// minGzip is the size below which compressing costs more than it saves.
const minGzip = 1024

func (h *handler) conditional(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if (req.Method != http.MethodGet && req.Method != http.MethodHead) || skipConditional(req.URL.Path) {
			return next(c)
		}
		if !cacheableRequest(c) {
			return renderBuffered(c, req.Context(), next, false).send(c, defaultSharedCaching)
		}
		// Anonymous reads go through the rendered-page cache (pagecache.go). The
		// request that renders sends its own response, cacheable or not; the others
		// get the cached page.
		var own *rendering
		day := today()
		p, deps, outcome, err := h.pages.LookupDeps(req.Context(), pageKey(req, day), func(ctx context.Context) (*cachedPage, error) {
			start := time.Now()
			r := renderBuffered(c, ctx, next, true)
			h.metrics.observeRender(time.Since(start))
			own = &r
			if r.page == nil {
				return nil, errNotCacheable
			}
			return r.page, nil
		})
		// X-Cache tells operators (and tests) how the page was found: hit, stale
		// (served while one refresh runs), waited (for another request's render) or
		// loaded (rendered for this request).
		c.Response().Header().Set("X-Cache", outcome.String())
		switch {
		case own != nil && own.page != nil:
			return own.send(c, h.sharedCachingOf(deps, day))
		case own != nil:
			return own.send(c, defaultSharedCaching)
		case err == nil:
			serveCached(c, p, h.sharedCachingOf(deps, day))
			return nil
		case errors.Is(err, errNotCacheable):
			// The render this request waited for was personal or an error page.
			return renderBuffered(c, req.Context(), next, false).send(c, defaultSharedCaching)
		}
		return err
	}
}

// bodyTag is the strong validator of a body: a hash of it.
func bodyTag(body []byte) string {
	sum := sha256.Sum256(body)
	return base64.RawURLEncoding.EncodeToString(sum[:18])
}

// skipConditional lists the paths with their own validators and caching.
func skipConditional(path string) bool {
	return strings.HasPrefix(path, "/static/") || path == "/favicon.ico" || path == "/healthz" ||
		path == "/data/twinning.sqlite" || path == "/data/twinning-csv.zip" || isReleaseFilePath(path)
}

// compressible is whether a response of this type is text worth compressing and
// hashing.
func compressible(ctype string) bool {
	ctype, _, _ = strings.Cut(ctype, ";")
	ctype = strings.TrimSpace(strings.ToLower(ctype))
	switch ctype {
	case "text/html", "text/csv", "text/plain", "text/css", "text/javascript", "text/xml",
		"application/json", "application/javascript", "application/xml",
		"application/atom+xml", "application/rss+xml", "application/ld+json", "image/svg+xml":
		return true
	}
	return false
}

// send sends a buffered 200: ETag, 304 when it matches, gzip when accepted (the
// page's own gzip form when it has one). A public response is cached by shared
// caches as shared says (cdn.go).
func send(c echo.Context, w http.ResponseWriter, p *cachedPage, shared sharedCaching) {
	req := c.Request()
	hd := w.Header()
	body := p.body
	plainTag, gzTag := `"`+p.tag+`"`, `"`+p.tag+`-gz"`
	useGzip := len(body) >= minGzip && hd.Get("Content-Encoding") == "" && acceptsGzip(req.Header.Get("Accept-Encoding"))
	switch {
	case p.etag == nil && useGzip:
		hd.Set("ETag", gzTag)
	case p.etag == nil:
		hd.Set("ETag", plainTag)
	case useGzip:
		hd["Etag"] = p.etagGz
	default:
		hd["Etag"] = p.etag
	}
	if len(hd["Vary"]) == 0 {
		hd["Vary"] = varyAcceptEncoding
	} else {
		hd.Add("Vary", "Accept-Encoding")
	}
	if hd.Get("Cache-Control") == "" {
		// A form's page carries its token (even without a cookie, under Fetch
		// Metadata): never for a shared cache.
		if _, signedIn := account(c); signedIn || hd.Get("Set-Cookie") != "" || csrfToken(c) != "" {
			hd.Set("Cache-Control", "private, no-cache")
		} else {
			hd.Set("Cache-Control", shared.cacheControl)
			if shared.keys != "" {
				hd.Set("Surrogate-Key", shared.keys)
			}
		}
	}
	hd.Del("Content-Length")
	if inm := req.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, plainTag, gzTag) {
		hd.Del("Content-Type")
		hd.Del("Content-Disposition")
		w.WriteHeader(http.StatusNotModified)
		c.Response().Status = http.StatusNotModified
		c.Response().Size = 0
		return
	}
	switch {
	case useGzip && p.gz != nil:
		body = p.gz
		hd["Content-Encoding"] = gzipEncoding
		hd["Content-Length"] = p.lengthGz
	case useGzip:
		body = gzipBody(body)
		hd["Content-Encoding"] = gzipEncoding
		hd.Set("Content-Length", strconv.Itoa(len(body)))
	case p.length != nil:
		hd["Content-Length"] = p.length
	default:
		hd.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(http.StatusOK)
	c.Response().Size = int64(len(body))
	if req.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

var (
	gzipEncoding       = []string{"gzip"}
	varyAcceptEncoding = []string{"Accept-Encoding"}
)

// etagMatches is the weak comparison If-None-Match uses (RFC 9110 §13.1.2): either
// representation of the same body matches.
func etagMatches(header string, tags ...string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" {
			return true
		}
		for _, want := range tags {
			if t == want {
				return true
			}
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding: gzip (or *) with a non-zero quality.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		params = strings.ReplaceAll(strings.ToLower(params), " ", "")
		if q, ok := strings.CutPrefix(params, "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err == nil && f == 0 {
				continue
			}
		}
		return true
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}

// gzipBody compresses a body. Cached pages are compressed once, when they are
// rendered; responses to signed-in officials, once per response.
func gzipBody(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(body)
	_ = zw.Close()
	gzipWriters.Put(zw)
	return buf.Bytes()
}

// bufferWriter holds back a 200 text response until the handler is done; anything
// else passes straight through.
type bufferWriter struct {
	http.ResponseWriter
	buf         bytes.Buffer
	status      int
	wroteHeader bool
	passthrough bool
}

func (w *bufferWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	w.status = code
	if code != http.StatusOK || !compressible(w.Header().Get("Content-Type")) ||
		w.Header().Get("Content-Encoding") != "" {
		w.passthrough = true
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *bufferWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.passthrough {
		return w.ResponseWriter.Write(b)
	}
	if w.buf.Len()+len(b) > maxBuffered {
		w.release()
		return w.ResponseWriter.Write(b)
	}
	return w.buf.Write(b)
}

// release gives up buffering: what was held back goes out as it is.
func (w *bufferWriter) release() {
	w.passthrough = true
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(w.buf.Bytes())
	w.buf.Reset()
}

// Flush means the handler streams: stop buffering.
func (w *bufferWriter) Flush() {
	if w.wroteHeader && !w.passthrough {
		w.release()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *bufferWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if hj, ok := w.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, errors.New("hijacking not supported")
}

func (w *bufferWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
