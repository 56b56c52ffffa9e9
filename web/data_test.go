package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
)

// request sends method to path with optional headers (name, value pairs).
func request(t testing.TB, method, path string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}

func TestCSVZipHasTheImportFilesAndReadsBack(t *testing.T) {
	rec := request(t, http.MethodGet, "/data/twinning-csv.zip")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, truncate(rec.Body.String(), 300))
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/zip" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename=twinning-csv-2026-11-27.zip` {
		t.Errorf("Content-Disposition %q", cd)
	}
	body := rec.Body.Bytes()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := "governments.csv agreements.csv events.csv activities.csv sources.csv coverage.csv references.csv datapackage.json README.txt LICENSE.txt"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("zip holds %q, want %q", got, want)
	}
	ds, err := seed.Read(zr, nil)
	if err != nil {
		t.Fatalf("the zip's CSVs do not read back: %v", err)
	}
	if len(ds.Governments) != 17075 || len(ds.Agreements) != 24500 || len(ds.Activities) != 156 || len(ds.Events) != 108 ||
		len(ds.Coverage) != 1 || len(ds.References) != 13 {
		t.Errorf("read back %d governments, %d agreements, %d events, %d activities, %d coverage spans, %d reference figures; want 17075, 24500, 108, 156, 1, 13",
			len(ds.Governments), len(ds.Agreements), len(ds.Events), len(ds.Activities), len(ds.Coverage), len(ds.References))
	}
	readme := zipFile(t, zr, "README.txt")
	containsAll(t, "README.txt", readme, "2026-11-27", "17075 sub-national governments", "24500 agreements",
		"CC BY-SA 4.0", "Wikipedia contributors", "ODbL", "OpenStreetMap Nominatim", "http://portal.test/about",
		"NOT escaped for spreadsheets")
	containsAll(t, "LICENSE.txt", zipFile(t, zr, "LICENSE.txt"), "creativecommons.org/licenses/by-sa/4.0", "opendatacommons.org/licenses/odbl")
	// The machine-readable description (validated against the Frictionless profile
	// in seed): this download's date, home and licences.
	containsAll(t, "datapackage.json", zipFile(t, zr, "datapackage.json"), `"profile": "tabular-data-package"`,
		`"homepage": "http://portal.test/data"`, `"created": "2026-11-27T00:00:00Z"`, `"name": "CC-BY-SA-4.0"`, `"path": "activities.csv"`)
	containsAll(t, "README.txt", readme, "datapackage.json")

	// The second download is the cached zip, byte for byte; a client holding it
	// gets 304 Not Modified.
	again := request(t, http.MethodGet, "/data/twinning-csv.zip")
	if !bytes.Equal(again.Body.Bytes(), body) {
		t.Error("a second download built a different zip")
	}
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if c := request(t, http.MethodGet, "/data/twinning-csv.zip", "If-None-Match", etag).Code; c != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", c)
	}
}

func zipFile(t testing.TB, zr *zip.Reader, name string) string {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSQLiteSnapshotOpensWithEveryAgreement(t *testing.T) {
	rec := request(t, http.MethodGet, "/data/twinning.sqlite")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, truncate(rec.Body.String(), 300))
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename=twinning-2026-11-27.sqlite` {
		t.Errorf("Content-Disposition %q", cd)
	}
	path := filepath.Join(t.TempDir(), "download.sqlite")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var agreements, private int
	if err := db.QueryRow(`SELECT count(*) FROM agreement`).Scan(&agreements); err != nil {
		t.Fatal(err)
	}
	if agreements != 24500 {
		t.Errorf("the snapshot has %d agreements, want 24500", agreements)
	}
	// Only the public tables: not the search index, nor anything added later.
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT IN
		('country', 'government', 'agreement', 'event', 'activity', 'source', 'citation', 'change', 'schema_migration', 'report', 'correction', 'confirmation')`).
		Scan(&private); err != nil || private != 0 {
		t.Errorf("the snapshot has %d tables or views besides the public ones (%v)", private, err)
	}
	db.Close()
	// Opened as a portal database, the snapshot gets its search index rebuilt.
	sdb, created, err := store.Open(context.Background(), path)
	if err != nil || created {
		t.Fatalf("open snapshot as a portal database: created=%v err=%v", created, err)
	}
	defer sdb.Close()
	res, err := sdb.Search(context.Background(), "화성", 5)
	if err != nil || len(res.Governments) == 0 {
		t.Errorf("search in a reopened snapshot: %+v, %v", res, err)
	}
}

// HEAD answers like GET without a body, for the page and both downloads (through a
// real server, which is what drops a HEAD response's body).
func TestDataHead(t *testing.T) {
	srv := httptest.NewServer(app)
	defer srv.Close()
	for _, path := range []string{"/data", "/fr/data", "/ko/data", "/data/twinning-csv.zip", "/data/twinning.sqlite"} {
		res, err := http.Head(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: status %d", path, res.StatusCode)
		}
		if strings.HasPrefix(path, "/data/") {
			if want := itoa(request(t, http.MethodGet, path).Body.Len()); res.Header.Get("Content-Length") != want {
				t.Errorf("HEAD %s: Content-Length %q, want %s", path, res.Header.Get("Content-Length"), want)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The downloads exist once, at the root.
func TestDownloadsAreNotPerLanguage(t *testing.T) {
	for _, path := range []string{"/fr/data/twinning-csv.zip", "/ko/data/twinning.sqlite"} {
		if c := request(t, http.MethodGet, path).Code; c != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, c)
		}
	}
}

func TestDataPageInEveryLanguage(t *testing.T) {
	cases := []struct{ path, heading, raw string }{
		{"/data", "Data: downloads and API", "open with a CSV-aware tool"},
		{"/fr/data", "Données\u00a0: téléchargements et API", "pas protégées pour les tableurs"},
		{"/ko/data", "데이터: 다운로드 및 API", "이스케이프 처리되어 있지 않습니다"},
	}
	for _, c := range cases {
		body := mustGet(t, c.path, http.StatusOK)
		d := doc(t, body)
		if h1 := d.Find("h1").Text(); h1 != c.heading {
			t.Errorf("%s: h1 %q, want %q", c.path, h1, c.heading)
		}
		containsAll(t, c.path, strings.ToLower(body), strings.ToLower(c.raw))
		// Both downloads, at the root whatever the language, with the as-of date.
		for _, href := range []string{"/data/twinning-csv.zip", "/data/twinning.sqlite"} {
			if d.Find(`a[href="`+href+`"]`).Length() != 1 {
				t.Errorf("%s: no link to %s", c.path, href)
			}
		}
		containsAll(t, c.path, body, "twinning-csv-2026-11-27.zip", "CC BY-SA 4.0", "ODbL",
			// the JSON envelope and the spreadsheet guard
			"<code>as_of</code>", "<code>licence</code>", "<code>fields</code>",
			// twin fields, import columns and their vocabularies
			"engagement_rate", "event_or_category", "partner_name_local", "<code>source_url</code>",
			"upgraded_to_sister", "health_humanitarian", "metropolitan_city",
			// twin examples carry the language and put the extension before the query
			"/governments/burnaby-ca.csv", "/search.csv?q=burnaby")
		// Every field has its meaning: no message key shows through.
		for _, raw := range []string{"data.twin.", "data.import.", "data.download."} {
			if strings.Contains(body, raw) {
				t.Errorf("%s shows a raw message key %s…", c.path, raw)
			}
		}
		if d.Find(`nav a[href$="/data"]`).Length() == 0 || d.Find(`footer a[href$="/data"]`).Length() == 0 {
			t.Errorf("%s: no Data link in the navigation and footer", c.path)
		}
	}
	// A French twin example is the French page's twin.
	containsAll(t, "/fr/data", mustGet(t, "/fr/data", http.StatusOK), `href="/fr/countries/ca/kr.csv"`)
}

// Once a download is built for the current data, the page shows its size, in the
// language's number format.
func TestDataPageShowsSizesOnceBuilt(t *testing.T) {
	n := request(t, http.MethodGet, "/data/twinning.sqlite").Body.Len()
	mb := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	containsAll(t, "/data", mustGet(t, "/data", http.StatusOK), mb+" MB")
	containsAll(t, "/fr/data", mustGet(t, "/fr/data", http.StatusOK), strings.Replace(mb, ".", ",", 1)+"\u00a0Mo")
	containsAll(t, "/ko/data", mustGet(t, "/ko/data", http.StatusOK), mb+"MB")
}
