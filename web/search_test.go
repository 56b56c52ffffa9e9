package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func searchPath(prefix, q string) string { return prefix + "/search?q=" + url.QueryEscape(q) }

func TestSearchFindsHwaseongAndSaoPaulo(t *testing.T) {
	cases := []struct{ prefix, q, href string }{
		{"", "Hwaseong", "/governments/hwaseong-kr"},
		{"", "hwaseong", "/governments/hwaseong-kr"},
		{"", "HWASEONG", "/governments/hwaseong-kr"},
		{"", "화성", "/governments/hwaseong-kr"},
		{"/ko", "화성", "/ko/governments/hwaseong-kr"},
		{"/fr", "Hwaseong", "/fr/governments/hwaseong-kr"},
		{"", "São Paulo", "/governments/sao-paulo-br"},
		{"", "Sao Paulo", "/governments/sao-paulo-br"},
		{"", "sao paulo", "/governments/sao-paulo-br"},
	}
	for _, c := range cases {
		path := searchPath(c.prefix, c.q)
		d := doc(t, mustGet(t, path, http.StatusOK))
		first := d.Find("#places ul.results li a").First()
		if href, _ := first.Attr("href"); href != c.href {
			t.Errorf("%s: first place links to %q, want %q", path, href, c.href)
		}
		if v, _ := d.Find("#search-q").Attr("value"); v != c.q {
			t.Errorf("%s: search box holds %q, want the query", path, v)
		}
	}
}

// One query finds places, agreements and activities, each group with its count.
func TestSearchShowsThreeGroups(t *testing.T) {
	path := searchPath("", "hwaseong")
	d := doc(t, mustGet(t, path, http.StatusOK))
	if d.Find(`#agreements a[href="/agreements/burnaby-ca--hwaseong-kr"]`).Length() != 1 {
		t.Errorf("%s: no link to the Burnaby–Hwaseong agreement", path)
	}
	if d.Find(`#activities a[href="/agreements/burnaby-ca--hwaseong-kr#activity-kc-act-12"]`).Length() != 1 {
		t.Errorf("%s: no link to the 2020 mask donation", path)
	}
	for _, id := range []string{"places", "agreements", "activities"} {
		h := d.Find("#" + id + " h3").Text()
		n := d.Find("#" + id + " ul.results li").Length()
		if !strings.Contains(h, "(") || n == 0 {
			t.Errorf("%s: group %s has heading %q and %d rows", path, id, h, n)
		}
	}
	// A common word matches more than a group lists: the page says which it shows
	// and links the next ones.
	body := mustGet(t, searchPath("", "korea"), http.StatusOK)
	if !strings.Contains(body, "Matches 1–30 of") || !strings.Contains(body, `rel="next"`) {
		t.Errorf("a long result list does not say it is cut")
	}
	body = mustGet(t, searchPath("/fr", "zzzzqqq"), http.StatusOK)
	if !strings.Contains(body, "Rien ne correspond à «\u00a0zzzzqqq\u00a0»") {
		t.Errorf("no-results message missing:\n%s", truncate(body, 400))
	}
}

// Hostile input is only text: a normal page, never an error, nothing unescaped.
func TestSearchHostileQueries(t *testing.T) {
	for _, q := range []string{`"`, `(`, `)`, `*`, `NEAR(a b)`, `a OR`, `OR`, `NOT hwaseong`, `'; DROP TABLE government; --`,
		`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, strings.Repeat("a", 200), strings.Repeat("가", 200),
		`hwaseong^`, `slug:hwaseong`, `{name}: x`, `"hwa" AND "seong`, "a\x00b", `%`, `_`, `\`} {
		path := searchPath("", q)
		rec := get(t, path)
		if rec.Code != http.StatusOK {
			t.Errorf("%q: status %d", q, rec.Code)
			continue
		}
		body := rec.Body.String()
		d := doc(t, body)
		if d.Find("h1").Text() != "Search" || d.Find("#search-q").Length() != 1 {
			t.Errorf("%q: not a normal search page", q)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%q: markup echoed unescaped", q)
		}
		if d.Find("img").Length() != 0 || d.Find("script:not([src]):not([type])").Length() != 0 {
			t.Errorf("%q: the query became markup", q)
		}
		want := strings.ReplaceAll(q, "\x00", " ")
		if v, _ := d.Find("#search-q").Attr("value"); v != want {
			t.Errorf("%q: search box holds %q", q, v)
		}
	}
	mustGet(t, searchPath("", strings.Repeat("a", 201)), http.StatusBadRequest)
	mustGet(t, "/search?q=%ff%fe", http.StatusBadRequest)
}

func TestSearchTwins(t *testing.T) {
	body := mustGet(t, "/search.json?q=hwaseong", http.StatusOK)
	var twin struct {
		Fields []string         `json:"fields"`
		Data   []map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &twin); err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, r := range twin.Data {
		types[r["type"].(string)] = true
		if u, _ := r["url"].(string); !strings.HasPrefix(u, "http://portal.test/") {
			t.Errorf("row url %q is not absolute", u)
		}
	}
	if !types["government"] || !types["agreement"] || !types["activity"] {
		t.Errorf("search twin has row types %v, want all three", types)
	}
	csvBody := mustGet(t, "/ko/search.csv?q="+url.QueryEscape("화성"), http.StatusOK)
	if !strings.HasPrefix(csvBody, "type,id,name,name_local,country,date,agreement,url\n") ||
		!strings.Contains(csvBody, "government,hwaseong-kr,Hwaseong,화성시,KR,,,http://portal.test/ko/governments/hwaseong-kr") {
		t.Errorf("search CSV:\n%s", truncate(csvBody, 600))
	}
	mustGet(t, "/search.csv?q=%22", http.StatusOK)
}
