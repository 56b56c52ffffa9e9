package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// releaseApp is a seeded portal of its own (releases and writes would show on the
// shared apps' pages), and a way to start it again on the same database.
func releaseApp(t *testing.T) (*store.DB, func() *echo.Echo) {
	t.Helper()
	db, err := seededDB(context.Background(), filepath.Join(t.TempDir(), "release.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, func() *echo.Echo {
		return web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	}
}

func fetch(t *testing.T, app http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// releasePaths are pages, charts, pictures, twins and embeds of a release.
var releasePaths = []string{
	"/countries/ca/kr", "/fr/countries/ca/kr", "/ko/countries/kr",
	"/governments/burnaby-ca", "/fr/governments/dangjin-kr", "/agreements/burnaby-ca--hwaseong-kr",
	"/agreements/burnaby-ca--hwaseong-kr/history.json", "/governments/burnaby-ca/history",
	"/charts/activities-by-year?country=kr", "/fr/charts/agreements-by-year?country=ca&partner=kr",
	"/charts/activities-by-year.svg?country=kr", "/embed/charts/agreements-by-year?country=ca",
	"/agreements.csv?country=ca", "/ko/activities.json?government=dangjin-kr", "/activities?government=dangjin-kr",
	"/search?q=burnaby", "/reporting", "/corrections.json", "/data", "/charts",
}

// inRelease puts a live path into release id, after its language.
func inRelease(id, path string) string {
	for _, pre := range []string{"/fr", "/ko"} {
		if strings.HasPrefix(path, pre+"/") {
			return pre + "/releases/" + id + strings.TrimPrefix(path, pre)
		}
	}
	return "/releases/" + id + path
}

// The test: a release page stays byte-identical after new writes, across
// a restart of the portal, while the live pages show the writes; the release's
// files keep their checksums.
func TestReleasePagesStayByteIdentical(t *testing.T) {
	ctx := context.Background()
	db, start := releaseApp(t)
	app := start()
	r, err := web.CutRelease(ctx, db, "http://portal.test", "admin:test", "before the writes")
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, p := range releasePaths {
		rec := fetch(t, app, inRelease(r.ID, p))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", inRelease(r.ID, p), rec.Code)
		}
		before[p] = rec.Body.String()
	}
	liveBefore := fetch(t, app, "/agreements/burnaby-ca--hwaseong-kr").Body.String()

	// Writes of every kind the public sees: an activity, a declared year, a correction.
	if _, _, err := db.CreateActivity(ctx, "official:burnaby-ca", store.Activity{ID: store.NewActivityID(),
		Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-05-02", Category: "culture_arts", From: "burnaby-ca",
		Title: "Written after the release"}, "release test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.DeclareReport(ctx, "official:burnaby-ca", "burnaby-ca", 2025, "complete"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SuggestCorrection(ctx, store.Correction{RecordType: "agreement", RecordID: "burnaby-ca--hwaseong-kr",
		Text: "Signed in 2011, not 2010."}); err != nil {
		t.Fatal(err)
	}
	if live := fetch(t, app, "/agreements/burnaby-ca--hwaseong-kr").Body.String(); live == liveBefore || !strings.Contains(live, "Written after the release") {
		t.Fatal("the live page does not show the write: the comparison below would prove nothing")
	}
	for name, a := range map[string]*echo.Echo{"same process": app, "after a restart": start()} {
		for _, p := range releasePaths {
			got := fetch(t, a, inRelease(r.ID, p)).Body.String()
			if got != before[p] {
				t.Errorf("%s: %s changed after writes to the live record", name, inRelease(r.ID, p))
			}
			if strings.Contains(got, "Written after the release") {
				t.Errorf("%s: %s shows a write made after the release", name, inRelease(r.ID, p))
			}
		}
	}
	for _, f := range r.Files {
		b, err := os.ReadFile(filepath.Join(db.ReleaseDir(r.ID), f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s no longer matches its checksum", f.Name)
		}
	}
	sums := fetch(t, app, "/releases/"+r.ID+"/SHA256SUMS").Body.String()
	if !strings.Contains(sums, r.Files[0].SHA256+"  "+store.ReleaseDB) {
		t.Errorf("SHA256SUMS = %q", sums)
	}
}

var hrefPattern = regexp.MustCompile(`(?:href|action)="(/[^"]*)"`)

// A release's pages say what they are, link within the release (except to what a
// release does not hold), name the release in their twins, and point search
// engines at today's pages; the live pages offer the release as the link that
// never changes.
func TestReleasePagesStayInTheRelease(t *testing.T) {
	ctx := context.Background()
	db, start := releaseApp(t)
	app := start()
	if strings.Contains(fetch(t, app, "/countries/ca/kr").Body.String(), "/releases/") {
		t.Error("a page offers a release before any was cut")
	}
	r, err := web.CutRelease(ctx, db, "http://portal.test", "admin:test", "")
	if err != nil {
		t.Fatal(err)
	}
	base := "/fr/releases/" + r.ID
	body := fetch(t, app, base+"/countries/ca/kr").Body.String()
	for _, want := range []string{"Version " + r.ID, `href="/fr/countries/ca/kr"`, `<meta name="robots" content="noindex">`,
		`<link rel="canonical" href="http://portal.test` + base + `/countries/ca/kr">`} {
		if !strings.Contains(body, want) {
			t.Errorf("release page lacks %q", want)
		}
	}
	allowed := regexp.MustCompile(`^(/static/|/(fr|ko)?/?releases|/fr/countries/ca/kr$|/fr/login$|/fr/corrections/new|/fr/releases/` + regexp.QuoteMeta(r.ID) + `$|/(fr|ko)?$)`)
	for _, m := range hrefPattern.FindAllStringSubmatch(body, -1) {
		u := strings.ReplaceAll(m[1], "&amp;", "&")
		if !strings.HasPrefix(u, base+"/") && !allowed.MatchString(u) {
			t.Errorf("release page links out of the release: %s", u)
		}
	}
	var twin struct {
		Release *string `json:"release"`
		URL     string  `json:"url"`
	}
	if err := json.Unmarshal(fetch(t, app, "/releases/"+r.ID+"/agreements.json?country=kr").Body.Bytes(), &twin); err != nil {
		t.Fatal(err)
	}
	if twin.Release == nil || *twin.Release != r.ID || !strings.HasPrefix(twin.URL, "http://portal.test/releases/"+r.ID+"/") {
		t.Errorf("release twin: release %v, url %s", twin.Release, twin.URL)
	}
	live := fetch(t, app, "/governments/burnaby-ca").Body.String()
	if !strings.Contains(live, "http://portal.test/releases/"+r.ID+"/governments/burnaby-ca") {
		t.Error("the live record page does not offer the release link")
	}
	// An agreement recorded after the release is not offered in it.
	added, err := db.SaveAgreement(ctx, "admin:test", store.Agreement{ID: "burnaby-ca--dangjin-kr", GovernmentA: "burnaby-ca",
		GovernmentB: "dangjin-kr", Kind: "friendship", Status: "active", Signed: "2026-06-01"}, "release test")
	if err != nil {
		t.Fatal(err)
	}
	if body := fetch(t, app, "/agreements/"+added.ID).Body.String(); strings.Contains(body, "/releases/"+r.ID) {
		t.Error("an agreement recorded after the release offers a link into it")
	}
	if rec := fetch(t, app, "/releases/"+r.ID+"/agreements/"+added.ID); rec.Code != http.StatusNotFound {
		t.Errorf("an agreement recorded after the release, in the release: %d", rec.Code)
	}
	if body := fetch(t, app, "/agreements/burnaby-ca--hwaseong-kr").Body.String(); !strings.Contains(body, "/releases/"+r.ID+"/agreements/burnaby-ca--hwaseong-kr") {
		t.Error("an agreement the release holds does not offer its link")
	}
	if rec := fetch(t, app, "/releases/"+r.ID+"/agreements/no-such-agreement"); rec.Code != http.StatusNotFound ||
		!strings.Contains(rec.Body.String(), "not in release "+r.ID) {
		t.Errorf("a record not in the release: %d", rec.Code)
	}
	if rec := fetch(t, app, "/releases/2001-01-01/countries"); rec.Code != http.StatusNotFound {
		t.Errorf("a release never cut: %d", rec.Code)
	}
	if rec := fetch(t, app, "/releases/"+r.ID+"/embed/charts/agreements-by-year?country=ca"); !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors *") {
		t.Error("a release's embed cannot be framed")
	}
}

// An administrator cuts and deletes releases from /releases; the deletion is on
// public record and a deleted release's pages are a 410 that says why.
func TestReleasesCutAndDeletedByAnAdministrator(t *testing.T) {
	db, start := releaseApp(t)
	app := start()
	official := signIn(t, app, db, "clerk@burnaby.example", "burnaby-ca", "official")
	if rec := official.post("/releases", official.form("/desk"), nil); rec.Code != http.StatusForbidden {
		t.Errorf("an official cut a release: %d", rec.Code)
	}
	admin := signIn(t, app, db, "admin@portal.example", "burnaby-ca", "admin")
	token := admin.form("/desk")
	if !strings.Contains(admin.do(http.MethodGet, "/releases", nil).Body.String(), `action="/releases"`) {
		t.Error("the administrator's list of releases has no form to cut one")
	}
	rec := admin.post("/releases", token, map[string][]string{"note": {"For the council's 2026 review"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/releases" {
		t.Fatalf("cut: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	// The cut runs in the background; the list says so until it is listed.
	var id string
	for deadline := time.Now().Add(time.Minute); id == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if all, err := db.Releases(context.Background()); err == nil && len(all) == 1 {
			id = all[0].ID
		}
	}
	if id == "" {
		t.Fatal("no release listed a minute after the cut was asked for")
	}
	page := "/releases/" + id
	list := fetch(t, app, "/releases").Body.String()
	if !strings.Contains(list, "For the council&#39;s 2026 review") && !strings.Contains(list, "For the council's 2026 review") {
		t.Error("the list of releases lacks the note")
	}
	if rec := admin.post(page+"/delete", token, map[string][]string{"reason": {" "}}); rec.Code != http.StatusBadRequest {
		t.Errorf("deletion without a reason: %d", rec.Code)
	}
	if rec := fetch(t, app, page+"/countries"); rec.Code != http.StatusOK {
		t.Fatalf("release page before deletion: %d", rec.Code)
	}
	if rec := admin.post(page+"/delete", token, map[string][]string{"reason": {"Holds a record published by mistake"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", rec.Code)
	}
	rec = fetch(t, app, "/fr"+page+"/countries")
	if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "Holds a record published by mistake") {
		t.Errorf("deleted release page: %d, want 410 with the reason", rec.Code)
	}
	if rec := fetch(t, app, page+"/"+store.ReleaseDB); rec.Code != http.StatusGone {
		t.Errorf("deleted release's file: %d", rec.Code)
	}
	if _, err := os.Stat(db.ReleaseDir(id)); !os.IsNotExist(err) {
		t.Error("the deleted release's files remain")
	}
	var rows []map[string]any
	var twin struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal(fetch(t, app, "/releases.json").Body.Bytes(), &twin); err != nil {
		t.Fatal(err)
	}
	rows = twin.Data
	if len(rows) != 1 || rows[0]["deleted_reason"] != "Holds a record published by mistake" || rows[0]["deleted_by"] != "admin:burnaby-ca" {
		t.Errorf("releases twin after deletion: %v", rows)
	}
}

// A release's page leads into the release: every link into it answers. More
// releases than are kept open are read one after the other, each correctly; a HEAD
// of a release file does not empty it for the next reader.
func TestReleasePagesLeadIntoEachRelease(t *testing.T) {
	ctx := context.Background()
	db, start := releaseApp(t)
	app := start()
	var ids []string
	for range 6 {
		r, err := web.CutRelease(ctx, db, "http://portal.test", "admin:test", "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	page := fetch(t, app, "/fr/releases/"+ids[0]).Body.String()
	links := 0
	for _, m := range hrefPattern.FindAllStringSubmatch(page, -1) {
		if u := strings.ReplaceAll(m[1], "&amp;", "&"); strings.HasPrefix(u, "/fr/releases/"+ids[0]+"/") {
			links++
			if rec := fetch(t, app, u); rec.Code != http.StatusOK {
				t.Errorf("the release page's link %s: %d", u, rec.Code)
			}
		}
	}
	if links < 5 {
		t.Errorf("the release page has %d links into the release, want the five pages and the search", links)
	}
	for _, id := range append(ids, ids[0], ids[5]) {
		if rec := fetch(t, app, "/releases/"+id+"/countries/ca/kr"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Release "+id) {
			t.Errorf("release %s: %d", id, rec.Code)
		}
	}
	head := httptest.NewRecorder()
	app.ServeHTTP(head, httptest.NewRequest(http.MethodHead, "/releases/"+ids[0]+"/SHA256SUMS", nil))
	if got := fetch(t, app, "/releases/"+ids[0]+"/SHA256SUMS").Body.String(); strings.Count(got, "\n") != 2 {
		t.Errorf("SHA256SUMS after a HEAD: %q", got)
	}
}

// A server restored without a release's folder says the files are missing (503,
// in the reader's language), never "something went wrong", and the release's other
// records (its entry in the list) stay.
func TestReleaseWithoutItsFilesSaysSo(t *testing.T) {
	ctx := context.Background()
	db, app := releaseApp(t)
	r, err := web.CutRelease(ctx, db, "http://portal.test", "admin:test", "")
	if err != nil {
		t.Fatal(err)
	}
	dir := db.ReleaseDir(r.ID)
	filepath.WalkDir(dir, func(p string, _ os.DirEntry, _ error) error { return os.Chmod(p, 0o755) })
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	e := app()
	for path, want := range map[string]string{
		"/releases/" + r.ID + "/countries/ca":    "The files of release " + r.ID + " are not on this server",
		"/fr/releases/" + r.ID + "/countries/ca": "Les fichiers de la version " + r.ID,
		"/ko/releases/" + r.ID + "/countries/ca": "버전 " + r.ID + "의 파일이 이 서버에 없습니다",
	} {
		rec := fetch(t, e, path)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s without the release's folder: %d %s", path, rec.Code, truncate(rec.Body.String(), 300))
		}
	}
	if rec := fetch(t, e, "/releases"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), r.ID) {
		t.Errorf("the list of releases without the folder: %d", rec.Code)
	}
}
