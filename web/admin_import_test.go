package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// importFile is one uploaded file.
type importFile struct{ name, body string }

// upload posts files and a reason to the import form as multipart/form-data, with the
// CSRF token when one is given.
func (c *client) upload(path, token, reason string, files ...importFile) *httptest.ResponseRecorder {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if token != "" {
		w.WriteField("_csrf", token)
	}
	w.WriteField("reason", reason)
	for _, f := range files {
		part, err := w.CreateFormFile("files", f.name)
		if err != nil {
			c.t.Fatal(err)
		}
		io.WriteString(part, f.body)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

const (
	importAdminEmail    = "import-admin@example.org"
	importOfficialEmail = "import-official@example.org"
	agreementHeader     = "id,government_a,government_b,kind,signed,status,ended,note,source_url\n"
	burnabyHwaseong     = "burnaby-ca--hwaseong-kr,burnaby-ca,hwaseong-kr,sister,2010,active,,%s,https://www.burnaby.ca/Page27.aspx\n"
)

func stats(t testing.TB, db *store.DB) store.Stats {
	t.Helper()
	s, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustContain(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q\n%s", what, w, truncate(body, 3000))
		}
	}
}

func TestAdminImportShowsInHistory(t *testing.T) {
	app, db := accountApp(t)
	admin := signIn(t, app, db, importAdminEmail, "burnaby-ca", "admin")
	token := admin.form("/admin/import")
	note := "Note rewritten by the import test"
	files := []importFile{
		{"agreements.csv", agreementHeader + strings.Replace(burnabyHwaseong, "%s", note, 1)},
		{"activities.csv", "id,agreement,date,category,from,title\nimport-test-1,burnaby-ca--hwaseong-kr,2026-05,youth_education,burnaby-ca,Import test youth visit\n"},
	}
	rec := admin.upload("/admin/import", token, "yearly review by the import test", files...)
	if rec.Code != http.StatusOK {
		t.Fatalf("import: %d\n%s", rec.Code, truncate(rec.Body.String(), 3000))
	}
	mustContain(t, "import summary", rec.Body.String(), "Imported", "agreements 1", "activities 1",
		`href="/agreements/burnaby-ca--hwaseong-kr/history"`)

	rec = anonymous(t, app).do(http.MethodGet, "/agreements/burnaby-ca--hwaseong-kr/history", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("history: %d", rec.Code)
	}
	body := rec.Body.String()
	mustContain(t, "history", body,
		"administrator (Burnaby)", "yearly review by the import test",
		"<code>note</code>", "burnaby.ca and APF (10th anniversary in 2020) say 2010", note,
		"Import test youth visit", `href="/agreements/burnaby-ca--hwaseong-kr#activity-import-test-1"`,
		"Loaded from the default data on 27 November 2026.")
	if strings.Contains(body, importAdminEmail) || strings.Contains(body, "@example.org") {
		t.Error("the history shows an email")
	}
	// Newest first, the default data last; only the changed fields are listed.
	if i, j := strings.Index(body, note), strings.Index(body, "Loaded from the default data"); i < 0 || j < i {
		t.Error("the default data import is not shown last")
	}
	if strings.Contains(body, "<code>kind</code>") {
		t.Error("an unchanged field is listed in the diff")
	}
	if rec := anonymous(t, app).do(http.MethodGet, "/governments/burnaby-ca/history", nil); !strings.Contains(rec.Body.String(), note) {
		t.Error("the government's history misses the change to its agreement")
	}
}

func TestAdminImportRefusesOthers(t *testing.T) {
	app, db := accountApp(t)
	official := signIn(t, app, db, importOfficialEmail, "burnaby-ca", "official")
	if rec := official.do(http.MethodGet, "/admin/import", nil); rec.Code != http.StatusForbidden {
		t.Errorf("official GET: %d, want 403", rec.Code)
	}
	// An official holding a valid CSRF token still may not import.
	token := signIn(t, app, db, importAdminEmail, "burnaby-ca", "admin").form("/admin/import")
	official.cookies["_csrf"] = token
	before := stats(t, db)
	rec := official.upload("/admin/import", token, "not allowed",
		importFile{"governments.csv", "slug,name,country\nimport-official-xx-ca,Nowhere,CA\n"})
	if rec.Code != http.StatusForbidden {
		t.Errorf("official POST: %d, want 403", rec.Code)
	}
	if after := stats(t, db); after != before {
		t.Errorf("an official's import wrote: %+v → %+v", before, after)
	}
	anon := anonymous(t, app)
	if rec := anon.do(http.MethodGet, "/admin/import", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("anonymous GET: %d, want a redirect to sign in", rec.Code)
	}
	if rec := anon.upload("/admin/import", "", "x", importFile{"governments.csv", "slug,name,country\n"}); rec.Code != http.StatusForbidden {
		t.Errorf("anonymous POST: %d, want 403", rec.Code)
	}
	// An admin without the CSRF token is refused too.
	admin := signIn(t, app, db, importAdminEmail, "burnaby-ca", "admin")
	rec = admin.upload("/admin/import", "", "no token", importFile{"governments.csv", "slug,name,country\nimport-csrf-xx-ca,Nowhere,CA\n"})
	if rec.Code != http.StatusForbidden {
		t.Errorf("POST without _csrf: %d, want 403", rec.Code)
	}
	if after := stats(t, db); after != before {
		t.Errorf("a refused import wrote: %+v → %+v", before, after)
	}
}

func TestAdminImportListsErrorsAndWritesNothing(t *testing.T) {
	app, db := accountApp(t)
	admin := signIn(t, app, db, importAdminEmail, "burnaby-ca", "admin")
	token := admin.form("/fr/admin/import")
	long := strings.Repeat("x", 300<<10)
	cases := []struct {
		name  string
		files []importFile
		want  []string
	}{
		{"error on line 3", []importFile{
			{"governments.csv", "slug,name,country\nimport-err-xx-ca,Nowhere,CA\n"},
			{"agreements.csv", agreementHeader +
				"import-err-xx-ca--burnaby-ca,import-err-xx-ca,burnaby-ca,sister,2001,active,,,\n" +
				"import-err-xx-ca--hwaseong-kr,import-err-xx-ca,hwaseong-kr,married,20x1,active,,,javascript:alert(1)\n"},
		}, []string{"agreements.csv:3:", "married", "20x1", "javascript:alert(1)", "rien n&#39;a été écrit"}},
		{"markup in a value is escaped", []importFile{
			{"governments.csv", "slug,name,country\n<script>alert(1)</script>,Nowhere,CA\n"},
		}, []string{"governments.csv:2:1", "&lt;script&gt;"}},
		{"invalid UTF-8", []importFile{
			{"governments.csv", "slug,name,country\nimport-utf-xx-ca,Now\xffhere,CA\n"},
		}, []string{"governments.csv:2:21", "UTF-8"}},
		{"a CSV bomb (one very long line)", []importFile{
			{"agreements.csv", agreementHeader + long + "\n"},
		}, []string{"agreements.csv:2:1", "262144"}},
		{"a binary file", []importFile{
			{"activities.csv", "PK\x03\x04\x14\x00\x00\x00\x08\x00"},
		}, []string{"activities.csv:1:6", "NUL"}},
		{"an image", []importFile{
			{"events.csv", "\x89PNG\r\n\x1a\n"},
		}, []string{"events.csv:1:1", "UTF-8"}},
		{"not an import file name", []importFile{
			{"photo.png", "slug,name,country\n"},
		}, []string{"photo.png", "governments.csv, agreements.csv"}},
		{"the same file twice", []importFile{
			{"sources.csv", "url\n"}, {"sources.csv", "url\n"},
		}, []string{"sources.csv"}},
		{"a CSV syntax error", []importFile{
			{"sources.csv", "url,title\n\"https://example.org/a,unclosed\n"},
		}, []string{"sources.csv:2:"}},
	}
	for _, tc := range cases {
		before := stats(t, db)
		rec := admin.upload("/fr/admin/import", token, "checking errors", tc.files...)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422\n%s", tc.name, rec.Code, truncate(rec.Body.String(), 2000))
			continue
		}
		body := rec.Body.String()
		mustContain(t, tc.name, body, tc.want...)
		if strings.Contains(body, "<script>alert") {
			t.Errorf("%s: unescaped markup", tc.name)
		}
		if len(body) > 200<<10 {
			t.Errorf("%s: the error page is %d bytes", tc.name, len(body))
		}
		if after := stats(t, db); after != before {
			t.Errorf("%s: a refused import wrote: %+v → %+v", tc.name, before, after)
		}
	}
	// A missing reason is refused as well.
	rec := admin.upload("/admin/import", token, "  ", importFile{"sources.csv", "url\nhttps://example.org/import-no-reason\n"})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Give a reason") {
		t.Errorf("no reason: %d", rec.Code)
	}
}

// failingBody fails the test if anything reads it.
type failingBody struct{ read *bool }

func (b failingBody) Read(p []byte) (int, error) {
	*b.read = true
	return 0, io.ErrUnexpectedEOF
}

func TestAdminImportRefusesOversizedUploadsUnread(t *testing.T) {
	app, db := accountApp(t)
	admin := signIn(t, app, db, importAdminEmail, "burnaby-ca", "admin")
	for _, path := range []string{"/admin/import", "/ko/admin/import"} {
		read := false
		req := httptest.NewRequest(http.MethodPost, path, failingBody{&read})
		req.ContentLength = 21 << 20
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		rec := admin.send(req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d, want 413", path, rec.Code)
		}
		if read {
			t.Errorf("%s: the oversized body was read", path)
		}
		if path == "/admin/import" {
			mustContain(t, path, rec.Body.String(), "Upload too large", "larger than 20 MB")
		}
	}
	// A body that does not announce its length is cut off at the limit.
	token := admin.form("/admin/import")
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", token)
	w.WriteField("reason", "too big")
	part, _ := w.CreateFormFile("files", "sources.csv")
	io.WriteString(part, "url\n")
	part.Write(bytes.Repeat([]byte("https://example.org/x\n"), (21<<20)/22))
	w.Close()
	before := stats(t, db)
	req := httptest.NewRequest(http.MethodPost, "/admin/import", io.MultiReader(&buf))
	req.ContentLength = -1
	req.Header.Set("Content-Type", w.FormDataContentType())
	if rec := admin.send(req); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("unannounced oversized body: %d, want 413", rec.Code)
	}
	if after := stats(t, db); after != before {
		t.Errorf("an oversized import wrote: %+v → %+v", before, after)
	}
	// The ordinary limit of other forms is unchanged.
	req = httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(strings.Repeat("x", 2<<20)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if rec := admin.send(req); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB login post: %d, want 413", rec.Code)
	}
}
