package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzQuerySeeds are hostile query-string fragments shared by the parameter fuzz
// targets: huge and odd numbers, invalid UTF-8, markup, SQL and FTS5 syntax.
var fuzzQuerySeeds = []string{
	"", "country=ca", "country=kr&partner=ca", "country=any&partner=any&kind=any",
	"from=1000&to=2999", "from=2020&to=2010", "from=-1", "to=0", "from=99999999999999999999",
	"from=1e309", "from=NaN", "from=0x10", "from=%D9%A1%D9%A2", "top=0", "top=51", "top=-1", "top=9223372036854775808",
	"country=%FF%FE", "country=\xff\xfe", "country=%00", "partner=kr", "government=burnaby-ca", "government=../../etc/passwd",
	"agreement=burnaby-ca--hwaseong-kr", "agreement=%27%20OR%201%3D1--", "kind=sister", "kind=<script>alert(1)</script>",
	"category=health_humanitarian", "category=unknown", "direction=joint", "direction=KR", "direction=unknown",
	"country=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "country=ca&country=kr", "country=%E2%80%AEac", "a=%zz", "%", "&&&=&",
	"country=" + strings.Repeat("x", 10000), "page=1", "page=0", "page=-1", "page=2", "page=9223372036854775808",
	"q=Hwaseong", "q=%22", "q=*", "q=NEAR(", "q=AND%20OR", "q=^", "q=%27);%20DROP%20TABLE%20x;--",
}

// serveQuery requests path?rawQuery from app, the raw query as given (not
// re-encoded), and returns the status.
func serveQuery(t *testing.T, path, rawQuery string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.URL.RawQuery = rawQuery
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}

var chartNames = []string{"agreements-by-year", "partner-countries", "activities-by-year", "activity-flows", "activeness-by-region"}

// FuzzChartParams: whatever the query string, a chart page and its embed answer
// 200, 400 or 404, never a 500, and never echo markup.
func FuzzChartParams(f *testing.F) {
	for i, s := range fuzzQuerySeeds {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, query string) {
		name := chartNames[int(which)%len(chartNames)]
		prefix := []string{"/charts/", "/embed/charts/", "/fr/charts/", "/ko/embed/charts/"}[int(which/8)%4]
		for _, ext := range []string{"", ".csv", ".json"} {
			path := prefix + name + ext
			rec := serveQuery(t, path, query)
			switch rec.Code {
			case http.StatusOK, http.StatusBadRequest, http.StatusNotFound:
			default:
				t.Fatalf("%s?%s: status %d", path, query, rec.Code)
			}
			if echoesMarkup(rec) {
				t.Fatalf("%s?%s: body echoes markup", path, query)
			}
		}
	})
}

// FuzzPageParam: ?page= (and whatever else) on the paged pages answers 200, 301 or
// 400, never a 500.
func FuzzPageParam(f *testing.F) {
	for _, s := range []string{"", "1", "2", "0", "-1", "99999999999999999999", "9223372036854775807", "1e3", " 1", "+1",
		"0x10", "%FF", "\xff", "١٢", "1&page=2", strings.Repeat("9", 10000)} {
		f.Add(uint8(0), s)
		f.Add(uint8(1), s)
		f.Add(uint8(2), s)
	}
	paths := []string{"/countries/fr", "/countries/ca/kr", "/corrections", "/agreements", "/activities", "/governments", "/ko/countries/kr", "/countries/us.csv"}
	f.Fuzz(func(t *testing.T, which uint8, page string) {
		path := paths[int(which)%len(paths)]
		query := "page=" + page
		rec := serveQuery(t, path, query)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusMovedPermanently, http.StatusNotFound:
		default:
			t.Fatalf("%s?%s: status %d", path, query, rec.Code)
		}
	})
}

// FuzzSearchPage: /search?q= (and its twins) answers 200 or 400 for any q, never a
// 500, and never echoes q unescaped.
func FuzzSearchPage(f *testing.F) {
	for _, s := range []string{"", "Hwaseong", "화성", "São Paulo", `"`, "*", "NEAR(", "^", "AND OR", "a NOT b", "col:x", "(", ")",
		"' OR 1=1--", "'); DROP TABLE x;--", "<script>alert(1)</script>", `"'><img src=x onerror=alert(1)>`, "\xff\xfe", "\x00",
		"\u202e", "\u2028", strings.Repeat("a", 10000), strings.Repeat("\"a\" ", 500), "{{7*7}}", "__f__alert(1)__f__"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, q string, which uint8) {
		path := []string{"/search", "/search.json", "/search.csv", "/fr/search", "/ko/search"}[int(which)%5]
		// q goes through as raw bytes as well as percent-encoded.
		for _, raw := range []string{"q=" + url.QueryEscape(q), "q=" + q} {
			rec := serveQuery(t, path, raw)
			if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
				t.Fatalf("%s?%s: status %d", path, raw, rec.Code)
			}
			if echoesMarkup(rec) {
				t.Fatalf("%s?%s: body echoes markup", path, raw)
			}
		}
	})
}

// echoesMarkup reports whether an HTML answer contains one of the injected tags
// unescaped (escaped text such as "&lt;img src=x onerror=" is fine, and so are
// JSON and CSV twins, which are not HTML).
func echoesMarkup(rec *httptest.ResponseRecorder) bool {
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		return false
	}
	body := strings.ToLower(rec.Body.String())
	for _, bad := range []string{"<script>alert", "<img src=x onerror", "<svg onload", "<svg/onload"} {
		if strings.Contains(body, bad) {
			return true
		}
	}
	return false
}
