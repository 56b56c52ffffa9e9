package web_test

import (
	"net/http"
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
