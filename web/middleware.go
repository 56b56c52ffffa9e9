package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows scripts, styles and images only from the portal
// itself: no inline script anywhere (charts read JSON data islands), nothing from
// another host, and no framing except for embeds.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// embedCSP is the policy for /embed/… pages, which other sites may frame.
const embedCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors * file:"

// The security headers' values, made once per kind of response and scheme:
// assigning a prepared value to a canonical key costs a map write, where Header.Set
// canonicalises the key and allocates the value again on every request.
var securityHeaderSets = func() (sets [3][2]http.Header) {
	for kind := range sets {
		for https := range sets[kind] {
			sets[kind][https] = securityHeaderSet(responseKind(kind), https == 1)
		}
	}
	return sets
}()

// responseKind sorts responses by who may use them from another site.
type responseKind int

const (
	ownPage    responseKind = iota // the portal's pages: never framed, never loaded by other sites
	embedPage                      // /embed/…: other sites frame them
	sharedData                     // twins, feeds, downloads, chart pictures, oEmbed: other sites may fetch them
)

func kindOf(path string) responseKind {
	path = withoutRelease(path) // a release's embeds are embeds too
	switch {
	case isEmbed(path):
		return embedPage
	case strings.HasPrefix(path, "/data/twinning"), strings.HasSuffix(path, ".csv"), strings.HasSuffix(path, ".json"),
		strings.HasSuffix(path, ".atom"), strings.HasSuffix(path, ".svg") && !strings.HasPrefix(path, "/static/"),
		path == "/oembed", strings.HasPrefix(path, "/static/js/embed."):
		// Chart pictures go into stories and social cards; oEmbed answers and the
		// embed host script are fetched by other sites.
		return sharedData
	}
	return ownPage
}

func securityHeaderSet(kind responseKind, https bool) http.Header {
	hd := http.Header{}
	if kind == embedPage {
		hd.Set("Content-Security-Policy", embedCSP)
	} else {
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Frame-Options", "DENY")
	}
	// Other sites may load embeds, twins and downloads (the twins also say so to
	// scripts, with Access-Control-Allow-Origin); the portal's own pages only it.
	if kind == ownPage {
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	} else {
		hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	}
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
	if https {
		hd.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	return hd
}

// securityHeaders runs before routing (e.Pre), so that every answer carries them,
// the trailing-slash redirects included.
func (h *handler) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	https := 0
	if h.https {
		https = 1
	}
	return func(c echo.Context) error {
		hd := c.Response().Header()
		for k, v := range securityHeaderSets[kindOf(c.Request().URL.Path)][https] {
			hd[k] = v // shared, never modified: handlers Set (replace) these keys, never Add
		}
		return next(c)
	}
}

func isEmbed(path string) bool {
	for _, pre := range []string{"/embed/", "/fr/embed/", "/ko/embed/"} {
		if strings.HasPrefix(path, pre) {
			return true
		}
	}
	return false
}

// recoverPanic turns a panic into a logged 500 with the generic error page.
func (h *handler) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				h.log.Error("panic", "path", c.Request().URL.Path, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// logRequests writes one structured line per request.
func (h *handler) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // render the error now so the status below is the real one
		}
		h.metrics.observeRequest(c, time.Since(start))
		// LogAttrs: typed attributes, no boxing of each value in an interface.
		h.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request", slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path), slog.Int("status", c.Response().Status),
			slog.Int64("bytes", c.Response().Size), slog.Int64("ms", time.Since(start).Milliseconds()),
			slog.String("ip", c.RealIP()))
		return nil
	}
}
