package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// An official finds the way to change what they may change on the record pages
// themselves: the agreement's edit and report links, and on every activity of it
// the edit-or-withdraw link; on their government's page the report and add links.
// An official of an unrelated government, and the public, see none of them.
func TestRecordPagesLeadOfficialsToTheirForms(t *testing.T) {
	app, db := accountApp(t)
	burnaby := signIn(t, app, db, "links@burnaby.example", "burnaby-ca", "official")
	hwaseong := signIn(t, app, db, "links@hwaseong.example", "hwaseong-kr", "official")
	other := signIn(t, app, db, "links@dangjin.example", "dangjin-kr", "official")
	public := anonymous(t, app)

	page := burnaby.do(http.MethodGet, "/agreements/burnaby-ca--hwaseong-kr", nil).Body.String()
	for _, want := range []string{`href="/agreements/burnaby-ca--hwaseong-kr/edit"`,
		`href="/governments/burnaby-ca/activities/new?agreement=burnaby-ca--hwaseong-kr"`, `/edit">Edit or withdraw this activity</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("Burnaby's official on the agreement page: no %s", want)
		}
	}
	if page := hwaseong.do(http.MethodGet, "/fr/agreements/burnaby-ca--hwaseong-kr", nil).Body.String(); !strings.Contains(page,
		`href="/fr/governments/hwaseong-kr/activities/new?agreement=burnaby-ca--hwaseong-kr"`) {
		t.Error("Hwaseong's official is not led to report for Hwaseong")
	}
	if page := burnaby.do(http.MethodGet, "/governments/burnaby-ca", nil).Body.String(); !strings.Contains(page,
		`href="/governments/burnaby-ca/agreements/new"`) || !strings.Contains(page, "Edit or withdraw this activity") {
		t.Error("Burnaby's page does not lead its official to the forms")
	}
	for who, c := range map[string]*client{"an unrelated official": other, "the public": public} {
		for _, path := range []string{"/agreements/burnaby-ca--hwaseong-kr", "/governments/burnaby-ca", "/activities?country=ca"} {
			if page := c.do(http.MethodGet, path, nil).Body.String(); strings.Contains(page, "/edit\"") || strings.Contains(page, "/activities/new") {
				t.Errorf("%s sees edit links on %s", who, path)
			}
		}
	}
}

// The desk lists the year's activities with what each lacks, and leads to the form
// that completes it.
func TestDeskListsWhatTheYearsRecordsLack(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "review@mesa.example", "mesa-us", "official")
	desk := c.do(http.MethodGet, "/desk", nil).Body.String()
	m := regexp.MustCompile(`To review for (\d{4})`).FindStringSubmatch(desk)
	if m == nil {
		t.Fatalf("the desk has no review list:\n%s", truncate(desk, 600))
	}
	token := c.form("/governments/mesa-us/activities/new?agreement=burnaby-ca--mesa-us")
	rec := c.post("/governments/mesa-us/activities", token, url.Values{"agreement": {"burnaby-ca--mesa-us"}, "date": {m[1] + "-05-04"},
		"category": {"sports"}, "title": {"A tournament with nothing but a date"}, "reason": {"review test"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", rec.Code, truncate(rec.Body.String(), 600))
	}
	id := strings.TrimPrefix(rec.Header().Get("Location")[strings.Index(rec.Header().Get("Location"), "#"):], "#activity-")
	desk = c.do(http.MethodGet, "/desk", nil).Body.String()
	i := strings.Index(desk, "A tournament with nothing but a date")
	if i < 0 {
		t.Fatal("the new activity is not on the review list")
	}
	line := desk[i:min(len(desk), i+600)]
	for _, want := range []string{"missing:", "direction", "source", `href="/activities/` + id + `/edit"`} {
		if !strings.Contains(line, want) {
			t.Errorf("review line lacks %q: %s", want, line)
		}
	}
	if strings.Contains(line[:strings.Index(line, "</li>")], "category") {
		t.Errorf("a category was given but is listed as missing: %s", line)
	}
}
