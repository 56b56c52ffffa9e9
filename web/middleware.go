package web

import (
	"fmt"
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
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *"

func (h *handler) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		if isEmbed(c.Request().URL.Path) {
			hd.Set("Content-Security-Policy", embedCSP)
		} else {
			hd.Set("Content-Security-Policy", contentSecurityPolicy)
			hd.Set("X-Frame-Options", "DENY")
		}
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if h.https {
			hd.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
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
		h.log.Info("request", "method", c.Request().Method, "path", c.Request().URL.Path,
			"status", c.Response().Status, "bytes", c.Response().Size,
			"ms", time.Since(start).Milliseconds(), "ip", c.RealIP())
		return nil
	}
}
