// Package web is the portal's HTTP layer: Echo routes, one handler file per
// resource, security middleware, the central error handler and rendering. It maps
// store records to views' page models; views never see the database.
package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/twinningtracker/twinning/cache"
	"github.com/twinningtracker/twinning/chartsvg"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Config is what the web layer needs from the command line.
type Config struct {
	DB      *store.DB
	BaseURL string // e.g. https://twinning.example.org; "" means http://127.0.0.1:8080
	Logger  *slog.Logger
	// MaxLag is how long an anonymous reader's page may lag behind the writes: a
	// cached page made stale less than MaxLag after it was rendered is served as it
	// is, so officials reporting several times a second re-render each page they
	// touch once per MaxLag, not once per report. Signed-in officials always see
	// their own writes. 0: every write is seen by the next reader (the tests);
	// twinning serve uses DefaultMaxLag.
	MaxLag time.Duration
	// Charts draws the charts; nil: the process's shared renderer.
	Charts *chartsvg.Renderer
	// ReadOnly serves a read replica: public pages only; every form and write
	// answers that this server is read-only and leads to PrimaryURL (the primary's
	// base URL, where officials sign in). Nobody is signed in on a replica.
	ReadOnly   bool
	PrimaryURL string
	// Replication, when the database is replicated, says how far the replica is
	// behind, in one line for /healthz.
	Replication func() string
	// BehindProxy: the portal is reached through a proxy on this machine or the
	// private network (nginx, docs/operations.md), which names the client in
	// X-Real-IP; that header is believed only from such addresses. Without it every
	// client would be the proxy, and the per-address limits (sign-in, corrections)
	// one limit for everyone.
	BehindProxy bool
	// Metrics receives the portal's Prometheus metrics (metrics.go); nil: none. The
	// command serves them on an address of its own, not the public one.
	Metrics prometheus.Registerer
	// CDN, when the portal is behind a shared cache it purges after each write
	// (cdn.go): public pages then carry their Surrogate-Key and a long s-maxage.
	CDN *CDN
}

// DefaultMaxLag keeps a write's lag for the public, with the store's watcher
// (store.PollInterval) for writes from other processes, within a second.
const DefaultMaxLag = 750 * time.Millisecond

// handler holds the dependencies every handler uses.
type handler struct {
	db      *store.DB
	baseURL string
	https   bool
	log     *slog.Logger

	downloads *cache.Cache[download]    // bulk downloads (data.go)
	pages     *cache.Cache[*cachedPage] // rendered anonymous pages and twins (pagecache.go)
	drawings  *cache.Cache[string]      // charts drawn to SVG, by what they show (chart_draw.go)
	charts    *chartsvg.Renderer

	cdn    *CDN    // nil without a CDN to purge (cdn.go)
	purger *purger // sends the purges; nil without a CDN

	guard   *loginGuard // sign-in attempts and password hashes (login_guard.go)
	metrics *metrics    // nil without Config.Metrics

	replication func() string // nil when not replicated
	readOnly    bool          // a read replica (readonly.go)
	primaryURL  string        // the primary's base URL, on a replica

	// On the live portal: the apps of the releases (release_serve.go). In a
	// release's app: the release, and its files as the list of releases records them.
	releases *releaseApps
	cuts     *releaseCuts // cuts started from the web (releases.go)
	release  *views.ReleaseRef
	files    []store.ReleaseFile
}

// New builds the Echo application with every route and middleware.
func New(cfg Config) *echo.Echo {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://127.0.0.1:8080"
	}
	if cfg.Charts == nil {
		r, err := chartsvg.Shared()
		if err != nil {
			panic("web: " + err.Error()) // the embedded bundle is broken: a build error, not a runtime one
		}
		cfg.Charts = r
	}
	h := &handler{
		db:        cfg.DB,
		baseURL:   strings.TrimRight(cfg.BaseURL, "/"),
		https:     strings.HasPrefix(cfg.BaseURL, "https://"),
		log:       cfg.Logger,
		pages:     newPageCache(cfg.DB.Generations()).ServeStaleFor(cfg.MaxLag),
		downloads: newDownloadCache(cfg.DB.Generations()),
		drawings:  newDrawingCache(cfg.DB.Generations()),
		charts:    cfg.Charts,

		guard: newLoginGuard(),

		replication: cfg.Replication,
		readOnly:    cfg.ReadOnly,
		primaryURL:  strings.TrimRight(cfg.PrimaryURL, "/"),
	}
	if cfg.CDN != nil && cfg.CDN.PurgeURL != "" {
		cdn := *cfg.CDN
		h.cdn = &cdn
		if h.cdn.MaxAge <= 0 {
			h.cdn.MaxAge = DefaultCDNMaxAge
		}
		h.purger = newPurger(cfg.CDN, cfg.Logger)
		cfg.DB.Generations().OnPublish(h.purger.published)
	}
	h.metrics = newMetrics(cfg.Metrics, h)
	h.releases = newReleaseApps(h)
	h.cuts = &releaseCuts{}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	// The portal is reached directly (or behind a proxy that the operator configures);
	// never take the client address from headers a client can forge.
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.BehindProxy {
		e.IPExtractor = echo.ExtractIPFromRealIPHeader() // trusts loopback, link-local and private addresses
	}
	e.HTTPErrorHandler = h.handleError
	e.Pre(h.securityHeaders)
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	// A release's pages go to its own app, before this one's routing (release_serve.go).
	e.Pre(h.serveReleasePages)
	e.Use(h.logRequests)
	e.Use(h.recoverPanic)
	// The account comes first: the page cache serves every request that is not a
	// live session, a stale or forged session cookie included.
	if !h.readOnly { // a replica signs nobody in: every page is the public's, and cached
		e.Use(h.loadAccount)
	}
	// The page cache, ETag/304 and gzip for pages and their twins (conditional.go).
	e.Use(h.conditional)
	// Bodies are limited before anything reads them (CSRF token lookup included).
	// Admin uploads have their own, larger limit, checked as early (admin_import.go).
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "1M", Skipper: isImportUpload}))
	e.Use(h.guardImportUpload)
	// A page's reads share one read transaction (read_view.go).
	e.Use(h.readView)
	h.routes(e)
	return e
}

// HTTPServer wraps the application in an http.Server with timeouts, so slow or idle
// clients cannot hold connections open (Echo's Start has none).
func HTTPServer(addr string, app http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           app,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
