package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// cookieRoutes are the only GET routes that may set a cookie: the form pages, whose
// CSRF middleware sets the _csrf cookie (language prefix removed). Every other public
// GET answers without Set-Cookie, so shared caches may keep it.
var cookieRoutes = map[string]bool{
	"/login":                              true,
	"/desk":                               true,
	"/desk/second-factor":                 true,
	"/governments/:slug/activities/new":   true,
	"/governments/:slug/activities/sheet": true,
	"/activities/:id/edit":                true,
	"/governments/:slug/agreements/new":   true,
	"/agreements/:id/edit":                true,
	"/corrections/new":                    true,
	"/admin/import":                       true,
}

// headerSample fills a route's parameters with records of the seeded data.
func headerSample(route string) string {
	vals := map[string]string{}
	for k, v := range samplePathParams {
		vals[k] = v
	}
	if strings.HasPrefix(langFree(route), "/activities/:id") {
		vals["id"] = "kc-act-12"
	}
	path, _ := routePath(route, vals)
	return path
}

// Every GET route of the router, in every language, plus a 404 and HEAD requests:
// the security headers are set, framing is allowed only for embeds, and only the
// form pages set a cookie.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	type check struct{ method, route, path string }
	var checks []check
	for _, route := range readRoutes(app) {
		path := headerSample(route)
		checks = append(checks, check{http.MethodGet, route, path}, check{http.MethodHead, route, path})
	}
	checks = append(checks,
		check{http.MethodGet, "(not found)", "/no-such-page"},
		check{http.MethodGet, "(not found)", "/fr/governments/no-such-government"},
		check{http.MethodGet, "(bad request)", "/governments?page=0"},
		check{http.MethodGet, "(not found)", "/embed/charts/no-such-chart"},
		check{http.MethodGet, "(not found)", "/static/no-such-file.css"},
		check{http.MethodGet, "(record twin)", "/governments/burnaby-ca.json"},
		check{http.MethodGet, "(record twin)", "/fr/agreements/burnaby-ca--hwaseong-kr.csv"},
		check{http.MethodGet, "(record twin)", "/countries/ca/kr.atom"},
		check{http.MethodGet, "(record twin)", "/ko/charts/agreements-by-year.json"},
		check{http.MethodGet, "(trailing-slash redirect)", "/about/"},
		check{http.MethodGet, "(trailing-slash redirect)", "/fr/governments/burnaby-ca/"},
		check{http.MethodDelete, "(wrong method)", "/about"},
		check{http.MethodPost, "(wrong method)", "/governments/burnaby-ca"})
	if len(checks) < 100 {
		t.Fatalf("only %d checks: the router has fewer routes than expected", len(checks))
	}
	for _, c := range checks {
		rec := serve(app, probe{method: c.method, path: c.path})
		h := rec.Header()
		where := c.method + " " + c.path + " (" + c.route + ")"
		if rec.Code >= 500 {
			t.Errorf("%s: status %d", where, rec.Code)
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "object-src 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", where, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Count(csp, "frame-ancestors") != 1 {
			t.Errorf("%s: CSP %q", where, csp)
		}
		if strings.Contains(c.path, "/embed/") {
			if !strings.Contains(csp, "frame-ancestors *") || h.Get("X-Frame-Options") != "" {
				t.Errorf("%s: embed not frameable: CSP %q, X-Frame-Options %q", where, csp, h.Get("X-Frame-Options"))
			}
		} else if !strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: frameable: CSP %q, X-Frame-Options %q", where, csp, h.Get("X-Frame-Options"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", where, h.Get("X-Content-Type-Options"))
		}
		if h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: no Referrer-Policy", where)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", where)
		}
		if pp := h.Get("Permissions-Policy"); pp == "" || strings.Contains(pp, "interest-cohort") {
			t.Errorf("%s: Permissions-Policy %q (interest-cohort is retired)", where, pp)
		}
		corp := h.Get("Cross-Origin-Resource-Policy")
		if want := "same-origin"; strings.Contains(c.path, "/embed/") || isDataPath(c.path) || c.path == "/oembed" {
			if corp != "cross-origin" {
				t.Errorf("%s: Cross-Origin-Resource-Policy %q, want cross-origin for what other sites load", where, corp)
			}
		} else if corp != want {
			t.Errorf("%s: Cross-Origin-Resource-Policy %q, want %s", where, corp, want)
		}
		if x := h.Get("X-XSS-Protection"); x != "" && x != "0" {
			t.Errorf("%s: X-XSS-Protection %q", where, x)
		}
		if len(h.Values("Set-Cookie")) > 0 && !cookieRoutes[langFree(c.route)] {
			t.Errorf("%s: anonymous GET sets a cookie: %q", where, h.Values("Set-Cookie"))
		}
		// Cookie-less data (the .csv/.json twins, bulk downloads) may be read from any
		// origin; pages and forms never.
		if acao := h.Get("Access-Control-Allow-Origin"); acao != "" &&
			(!isDataPath(c.path) || acao != "*" || len(h.Values("Set-Cookie")) > 0) {
			t.Errorf("%s: CORS header %q", where, acao)
		}
	}
	// The allowed list names only real routes.
	routes := map[string]bool{}
	for _, r := range readRoutes(app) {
		routes[langFree(r)] = true
	}
	for r := range cookieRoutes {
		if !routes[r] {
			t.Errorf("cookieRoutes lists %s, which the router does not have", r)
		}
	}
}

func isDataPath(path string) bool {
	for _, ext := range []string{".csv", ".json", ".atom", ".zip", ".sqlite"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return false
}
