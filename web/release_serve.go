package web

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/cache"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// A release's pages (/releases/{id}/… and /fr/releases/{id}/…) are served by an app
// of their own: the same handlers and templates, reading the release's database
// (opened immutable), with only the public routes, mounted under the release's
// prefix so every link it makes stays inside the release. The live app hands such
// requests over before its routing (serveReleasePages); a release app is opened on
// its first request and the least recently used are closed when too many are open.

// maxOpenReleases bounds the release databases open at once (each with its pools,
// summaries and page cache).
const maxOpenReleases = 4

// releasePageCacheBytes is each open release's page cache: a release never
// changes, so its pages are rendered once and kept.
const releasePageCacheBytes = 24 << 20

// releaseBase is the release part of this app's URLs ("" on the live portal).
func (h *handler) releaseBase() string {
	if h.release == nil {
		return ""
	}
	return h.release.Base()
}

// splitRelease splits a path under a release, /{lang}/releases/{id}/{tail} (no
// language for English), into its parts; ok is false for any other path.
func splitRelease(path string) (lang, id, tail string, ok bool) {
	for _, l := range views.Langs {
		if pre := views.LangPrefix(l); pre != "" && strings.HasPrefix(path, pre+"/releases/") {
			lang, path = pre, path[len(pre):]
		}
	}
	rest, ok := strings.CutPrefix(path, "/releases/")
	if !ok {
		return "", "", "", false
	}
	id, tail, ok = strings.Cut(rest, "/")
	if !ok || !store.ValidReleaseID(id) {
		return "", "", "", false
	}
	return lang, id, tail, true
}

// releasePageID reports the release a path is a page of: /releases/{id}/… or
// /{lang}/releases/{id}/…, with something after the id that is not one of the
// release's files (those, and /releases/{id} itself, belong to the live app).
func releasePageID(path string) (string, bool) {
	lang, id, tail, ok := splitRelease(path)
	if !ok || tail == "" || lang == "" && isReleaseFile(tail) {
		return "", false
	}
	return id, true
}

// withoutRelease is a path with its release part taken out (/fr/releases/2026-12-07/
// embed/charts/x → /fr/embed/charts/x): what the page is, whichever release it is of.
func withoutRelease(path string) string {
	if lang, _, tail, ok := splitRelease(path); ok {
		return lang + "/" + tail
	}
	return path
}

// isReleaseFilePath reports whether path is /releases/{id}/{file} of a release
// file: served from disk with its own validators, never through the page cache or
// a read view (a download may take minutes).
func isReleaseFilePath(path string) bool {
	lang, _, tail, ok := splitRelease(path)
	return ok && lang == "" && isReleaseFile(tail)
}

func isReleaseFile(name string) bool {
	return name == store.ReleaseDB || name == releaseZip || name == store.ReleaseSums
}

// serveReleasePages hands a release page's read to the release's app. Other
// methods stay with the live app, which deletes releases (POST …/delete) and has
// nothing else to post under /releases.
func (h *handler) serveReleasePages(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		m := c.Request().Method
		id, ok := releasePageID(c.Request().URL.Path)
		if !ok || m != http.MethodGet && m != http.MethodHead {
			return next(c)
		}
		app, done, err := h.releases.acquire(c.Request().Context(), id)
		if err != nil {
			return err
		}
		defer done()
		app.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}

// releaseApps are the open release apps of a live portal.
type releaseApps struct {
	live *handler
	mu   sync.Mutex
	open map[string]*openRelease
	tick int64
}

// openRelease is a release's app, open or being opened (ready closes when it is,
// with err set if it could not be).
type openRelease struct {
	ready chan struct{}
	err   error
	app   *echo.Echo
	db    *store.DB
	users int   // requests being served or waiting for the open
	used  int64 // tick of the last request, for closing the least recently used
}

func newReleaseApps(live *handler) *releaseApps {
	return &releaseApps{live: live, open: map[string]*openRelease{}}
}

// acquire returns the app of release id, opening it if needed; done must be called
// when the request is served. A release that was never cut is a 404; a deleted one
// a 410 that says who deleted it, when and why. The first request for a release
// opens it without holding up requests for other releases (an old release's first
// open makes a migrated copy, which takes a while); requests for the same release
// wait for that one open.
func (a *releaseApps) acquire(ctx context.Context, id string) (*echo.Echo, func(), error) {
	r, err := a.live.db.Release(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return nil, nil, err
	}
	a.mu.Lock()
	if r.Deleted() {
		a.closeIdle(id)
		a.mu.Unlock()
		return nil, nil, releaseGone(r)
	}
	o := a.open[id]
	opener := o == nil
	if opener {
		o = &openRelease{ready: make(chan struct{})}
		a.open[id] = o
	}
	a.tick++
	o.users++
	o.used = a.tick
	a.mu.Unlock()
	done := func() {
		a.mu.Lock()
		o.users--
		if o.err != nil && o.users == 0 && a.open[id] == o {
			delete(a.open, id) // the next request tries again
		}
		a.mu.Unlock()
	}
	if opener {
		// Not the request's context: others may be waiting for this open.
		db, err := store.OpenRelease(context.WithoutCancel(ctx), filepath.Join(a.live.db.ReleaseDir(id), store.ReleaseDB))
		if errors.Is(err, fs.ErrNotExist) {
			// A server restored without the releases' folders (twinning restore
			// brings them back from the replica): say so, not "something went wrong".
			o.err = releaseMissing(r, err)
		} else if err != nil {
			o.err = fmt.Errorf("opening release %s: %w", id, err)
		} else {
			o.db, o.app = db, newReleaseApp(a.live, r, db)
		}
		close(o.ready)
		a.mu.Lock()
		a.closeLeastUsed()
		a.mu.Unlock()
	} else {
		select {
		case <-o.ready:
		case <-ctx.Done():
			done()
			return nil, nil, ctx.Err()
		}
	}
	if o.err != nil {
		done()
		return nil, nil, o.err
	}
	return o.app, done, nil
}

// closeLeastUsed closes idle releases, the least recently used first, until at
// most maxOpenReleases are open. Releases serving a request (or being opened)
// stay open.
func (a *releaseApps) closeLeastUsed() {
	for len(a.open) > maxOpenReleases {
		oldest := ""
		for id, o := range a.open {
			if o.users == 0 && (oldest == "" || o.used < a.open[oldest].used) {
				oldest = id
			}
		}
		if oldest == "" {
			return
		}
		a.closeIdle(oldest)
	}
}

// closeIdle closes release id's database if no request uses it.
func (a *releaseApps) closeIdle(id string) {
	if o := a.open[id]; o != nil && o.users == 0 {
		if o.db != nil {
			o.db.Close()
		}
		delete(a.open, id)
	}
}

// releaseGone is the answer for a deleted release's pages.
func releaseGone(r store.Release) error {
	return &echo.HTTPError{Code: http.StatusGone, Message: releaseGoneMessage{r}}
}

// releaseMissingMessage carries a release whose files are not on this server to
// the error page.
type releaseMissingMessage struct{ release store.Release }

// releaseMissing is the answer for a listed release whose files are not on this
// server (restored without them: twinning restore brings them back from the
// replica): a 503 that says so, not "something went wrong".
func releaseMissing(r store.Release, err error) error {
	return &echo.HTTPError{Code: http.StatusServiceUnavailable, Message: releaseMissingMessage{r},
		Internal: fmt.Errorf("release %s: its files are missing on this server: %w", r.ID, err)}
}

// releaseGoneMessage carries the deleted release to the error page, which says
// in the reader's language who deleted it, when and why.
type releaseGoneMessage struct{ release store.Release }

// newReleaseApp builds the app that serves release r from its database db.
func newReleaseApp(live *handler, r store.Release, db *store.DB) *echo.Echo {
	h := &handler{
		db:      db,
		baseURL: live.baseURL,
		https:   live.https,
		log:     live.log.With("release", r.ID),
		release: &views.ReleaseRef{ID: r.ID, AsOf: r.AsOf, CutAt: r.CutAt},
		files:   r.Files,
		// A release never changes: its pages are kept until the cache is full.
		pages:    cache.New(db.Generations(), releasePageCacheBytes, cachedPageSize, renderTimeout),
		drawings: live.drawings, // drawings are kept by what they show, whichever portal drew them
		charts:   live.charts,
		guard:    live.guard,
		metrics:  live.metrics, // a release's requests are counted with the live portal's
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = h.handleError
	// The live app has set the security headers and handled trailing slashes.
	e.Pre(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(releaseKey, h.release)
			return next(c)
		}
	})
	e.Use(h.logRequests)
	e.Use(h.recoverPanic)
	e.Use(h.conditional)
	e.Use(h.readView)
	h.routes(e)
	return e
}

// forget closes a deleted release's app if no request is using it; otherwise the
// next request after the last one finds it deleted and closes it.
func (a *releaseApps) forget(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closeIdle(id)
}
