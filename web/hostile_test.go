package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
)

// hostileValues are substituted for every path parameter and query parameter. Each
// is raw (unescaped) text; the walker sends it both percent-encoded and as raw bytes.
var hostileValues = []string{
	strings.Repeat("a", 10<<10),
	strings.Repeat("é<", 2<<10),
	"-1",
	"0",
	"99999999999999999999",
	"9223372036854775808",
	"1e309",
	"NaN",
	"\xff\xfe",
	"%FF%FE",
	"<script>alert(1)</script>",
	`"'><img src=x onerror=alert(1)>`,
	"../../etc/passwd",
	"..%2f..%2fetc%2fpasswd",
	"' OR 1=1--",
	"'); DROP TABLE agreement;--",
	"\x00",
	"%00",
	"\u202egnp.exe",
	"javascript:alert(1)",
	"//evil.example",
	`" NEAR( * ^ AND OR`,
	"{{7*7}}",
	"__f__alert(1)__f__",
}

// hostileQueryNames are the query parameters the portal reads somewhere.
var hostileQueryNames = []string{"page", "q", "country", "partner", "government", "agreement", "kind", "status", "category",
	"direction", "activeness", "decade", "year", "region", "level", "sort", "per_page", "from", "to", "top", "record", "next",
	"state", "filter"}

// samplePathParams are values that exist in the seeded data, for the route walker's
// baseline and for the routes whose query (not path) is attacked.
var samplePathParams = map[string]string{
	"cc": "ca", "cc2": "kr", "slug": "burnaby-ca", "id": "burnaby-ca--hwaseong-kr",
	"name": "agreements-by-year", "*": "css/site.css",
}

// routePath fills a route's parameters: each from values (by name) when present.
func routePath(route string, values map[string]string) (path, rawPath string) {
	var p, raw strings.Builder
	for i, seg := range strings.Split(route, "/") {
		if i > 0 {
			p.WriteByte('/')
			raw.WriteByte('/')
		}
		name, ext := "", ""
		switch {
		case seg == "*":
			name = "*"
		case strings.HasPrefix(seg, ":"):
			name = seg[1:]
			if dot := strings.IndexByte(name, '.'); dot >= 0 {
				name, ext = name[:dot], name[dot:]
			}
		default:
			p.WriteString(seg)
			raw.WriteString(seg)
			continue
		}
		v := values[name]
		p.WriteString(v + ext)
		raw.WriteString(url.PathEscape(v) + ext)
	}
	return p.String(), raw.String()
}

// readRoutes lists the GET routes of e (HEAD shares them).
func readRoutes(e *echo.Echo) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range e.Routes() {
		if r.Method == http.MethodGet && !seen[r.Path] {
			seen[r.Path] = true
			out = append(out, r.Path)
		}
	}
	return out
}

type probe struct {
	method, path, rawPath, rawQuery string
}

func (p probe) String() string {
	s := p.method + " " + truncate(p.path, 120)
	if p.rawQuery != "" {
		s += "?" + truncate(p.rawQuery, 120)
	}
	return s
}

// serve sends p to e with the path and query exactly as given (raw bytes included).
func serve(e *echo.Echo, p probe) *httptest.ResponseRecorder {
	req := httptest.NewRequest(p.method, "/", nil)
	req.URL.Path, req.URL.RawPath, req.URL.RawQuery = p.path, p.rawPath, p.rawQuery
	req.RequestURI = p.path
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

// runProbes serves every probe concurrently and reports each 5xx answer and each
// HTML answer that carries an injected tag unescaped.
func runProbes(t *testing.T, e *echo.Echo, probes []probe) {
	t.Helper()
	work := make(chan probe)
	var mu sync.Mutex
	failures := 0
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				rec := serve(e, p)
				msg := ""
				switch {
				case rec.Code >= 500:
					msg = "status " + strconv.Itoa(rec.Code)
				case echoesMarkup(rec):
					msg = "HTML answer carries an injected tag unescaped"
				}
				if msg != "" {
					mu.Lock()
					if failures++; failures <= 30 {
						t.Errorf("%s: %s\n%s", p, msg, truncate(rec.Body.String(), 300))
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range probes {
		work <- p
	}
	close(work)
	wg.Wait()
	t.Logf("%d requests, %d failures", len(probes), failures)
}

// Every GET route, in every language, with each hostile value in every path
// parameter (encoded and as raw bytes), and every query parameter with each hostile
// value: never a 5xx, and no injected tag comes back unescaped. The query matrix runs
// on the English routes (the /fr and /ko copies share the handlers): each route gets
// every value in all parameters at once, and each (parameter, value) pair is tried
// alone on two routes in rotation (once encoded, once as raw bytes).
func TestHostileRouteWalk(t *testing.T) {
	var probes []probe
	var english []string
	for _, route := range readRoutes(app) {
		translated := langPrefixOf(route) != "" || route == "/fr" || route == "/ko"
		if !translated {
			english = append(english, route)
		}
		if !strings.ContainsAny(route, ":*") {
			continue
		}
		for i, v := range hostileValues {
			vals := map[string]string{}
			for k := range samplePathParams {
				vals[k] = v
			}
			path, raw := routePath(route, vals)
			probes = append(probes, probe{method: http.MethodGet, path: path, rawPath: raw})
			if raw != path {
				probes = append(probes, probe{method: http.MethodGet, path: path}) // the raw bytes, unescaped
			}
			if i < 3 {
				probes = append(probes, probe{method: http.MethodHead, path: path, rawPath: raw})
			}
			if translated {
				continue
			}
			// one parameter hostile at a time, the others real
			for name := range samplePathParams {
				if strings.Count(route, ":")+strings.Count(route, "*") < 2 ||
					(!strings.Contains(route, ":"+name) && !(name == "*" && strings.HasSuffix(route, "*"))) {
					continue
				}
				one := map[string]string{}
				for k, s := range samplePathParams {
					one[k] = s
				}
				one[name] = v
				path, raw := routePath(route, one)
				probes = append(probes, probe{method: http.MethodGet, path: path, rawPath: raw})
			}
		}
	}
	for _, route := range english {
		path, raw := routePath(route, samplePathParams)
		for _, v := range hostileValues {
			all := url.Values{}
			for _, name := range hostileQueryNames {
				all.Set(name, v)
			}
			probes = append(probes, probe{method: http.MethodGet, path: path, rawPath: raw, rawQuery: all.Encode()})
		}
	}
	for ni, name := range hostileQueryNames {
		for vi, v := range hostileValues {
			for j := range 2 {
				route := english[(ni*len(hostileValues)+vi*2+j)%len(english)]
				path, raw := routePath(route, samplePathParams)
				q := name + "=" + url.QueryEscape(v)
				if j == 1 {
					q = name + "=" + v // raw bytes
				}
				probes = append(probes, probe{method: http.MethodGet, path: path, rawPath: raw, rawQuery: q})
			}
		}
	}
	runProbes(t, app, probes)
}

// Every POST route, anonymously, with hostile values in every form field: refused
// (403 without a CSRF token), never a 5xx, and the same with a valid anonymous token
// (the public forms then validate the values; the rest still refuse).
func TestHostilePostsAnonymously(t *testing.T) {
	e, _ := accountApp(t)
	fields := []string{"email", "password", "next", "record", "text", "name", "website", "id", "agreement", "government_a",
		"government_b", "kind", "signed", "status", "ended", "note", "date", "date_end", "event", "category", "from",
		"title", "description", "participants", "source_url", "year", "reason", "decision", "complete"}
	var posts []string
	for _, r := range e.Routes() {
		if r.Method == http.MethodPost {
			posts = append(posts, r.Path)
		}
	}
	for _, route := range posts {
		path, _ := routePath(route, map[string]string{"slug": "burnaby-ca", "id": "burnaby-ca--hwaseong-kr"})
		for i, v := range hostileValues {
			public := langFree(route) == "/login" || langFree(route) == "/corrections"
			if (langPrefixOf(route) != "" || !public) && i%6 != 0 {
				continue // the /fr and /ko copies share the handlers; the rest refuse anonymous posts
			}
			form := url.Values{}
			for _, f := range fields {
				form.Set(f, v)
			}
			form.Set("website", "") // the honeypot empty, so the correction form validates
			c := anonymous(t, e)
			c.ip = "198.51.100." + strconv.Itoa(i+1)
			if rec := c.do(http.MethodPost, path, form); rec.Code != http.StatusForbidden {
				t.Errorf("POST %s without a token, %q: status %d, want 403", path, truncate(v, 40), rec.Code)
			}
			token := c.form(langPrefixOf(route) + "/login")
			rec := c.post(path, token, form)
			if rec.Code >= 500 || echoesMarkup(rec) {
				t.Errorf("POST %s with a token, %q: status %d\n%s", path, truncate(v, 40), rec.Code, truncate(rec.Body.String(), 300))
			}
		}
	}
}

func langPrefixOf(route string) string {
	for _, pre := range []string{"/fr", "/ko"} {
		if strings.HasPrefix(route, pre+"/") {
			return pre
		}
	}
	return ""
}
