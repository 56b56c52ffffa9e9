package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/twinningtracker/twinning/store"
)

func asOfYearOf(t testing.TB, asOf string) int {
	t.Helper()
	y, err := strconv.Atoi(asOf[:4])
	if err != nil {
		t.Fatal(err)
	}
	return y
}

// reportingCell is the text of a government's cell for a year on /reporting.
func reportingCell(t testing.TB, d *goquery.Document, slug string, year int) string {
	t.Helper()
	row := d.Find("tr#report-" + slug)
	if row.Length() != 1 {
		t.Fatalf("no row for %s", slug)
	}
	col := -1
	row.Closest("table").Find("thead th").Each(func(i int, s *goquery.Selection) {
		if s.Text() == strconv.Itoa(year) {
			col = i
		}
	})
	if col < 1 {
		t.Fatalf("no column for %d", year)
	}
	return strings.Join(strings.Fields(row.Children().Eq(col).Text()), " ")
}

// An official declares Burnaby's report for last year; /reporting shows it, and
// declaring again keeps the first declaration.
func TestReportDeclarationAppearsOnReporting(t *testing.T) {
	app, db := accountApp(t)
	ctx := context.Background()
	asOf, err := db.AsOf(ctx)
	if err != nil {
		t.Fatal(err)
	}
	year := asOfYearOf(t, asOf) - 1
	page := doc(t, mustGetFrom(t, app, "/reporting?country=ca", http.StatusOK))
	if cell := reportingCell(t, page, "burnaby-ca", year); !strings.Contains(cell, "–") {
		t.Fatalf("before: Burnaby %d = %q", year, cell)
	}

	c := signIn(t, app, db, "reporter@burnaby.example", "burnaby-ca", "official")
	token := c.form("/desk")
	before := changeCount(t, db)
	rec := c.post("/governments/burnaby-ca/reports", token, url.Values{"year": {strconv.Itoa(year)}, "note": {"Reviewed with the sister-city committee."}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/reporting?country=ca#report-burnaby-ca" {
		t.Fatalf("declare: %d → %q\n%s", rec.Code, rec.Header().Get("Location"), truncate(rec.Body.String(), 800))
	}
	if changeCount(t, db) != before+1 {
		t.Errorf("%d change rows, want 1", changeCount(t, db)-before)
	}
	reports, err := db.Reports(ctx, "burnaby-ca")
	if err != nil || len(reports) != 1 || reports[0].DeclaredBy != "official:burnaby-ca" {
		t.Fatalf("reports = %+v, %v", reports, err)
	}
	body := mustGetFrom(t, app, "/reporting?country=ca", http.StatusOK)
	page = doc(t, body)
	if cell := reportingCell(t, page, "burnaby-ca", year); !strings.Contains(cell, "✓") || !strings.Contains(cell, reports[0].DeclaredAt[:4]) {
		t.Errorf("after: Burnaby %d = %q", year, cell)
	}
	if cell := reportingCell(t, page, "coquitlam-ca", year); !strings.Contains(cell, "–") {
		t.Errorf("Coquitlam %d = %q, want not reported", year, cell)
	}
	summary := page.Find("#reporting-summary").Text()
	if !strings.Contains(summary, strconv.Itoa(year)) || !strings.Contains(summary, ": 1 of") {
		t.Errorf("summary = %q", summary)
	}
	if !strings.Contains(body, "Reviewed with the sister-city committee.") {
		t.Error("the declaration's note is not shown")
	}
	// Grouped by country, then region.
	if h := page.Find("section.reporting-country h2").First().Text(); h != "Canada" {
		t.Errorf("country heading = %q", h)
	}
	if page.Find("h3:contains('British Columbia')").Length() != 1 {
		t.Error("no British Columbia group")
	}

	// Again: kept, not an error, nothing written.
	before = changeCount(t, db)
	rec = c.post("/governments/burnaby-ca/reports", token, url.Values{"year": {strconv.Itoa(year)}, "note": {"second"}})
	if rec.Code != http.StatusSeeOther || changeCount(t, db) != before {
		t.Errorf("declaring again: %d, %d change rows", rec.Code, changeCount(t, db)-before)
	}
	if again, _ := db.Reports(ctx, "burnaby-ca"); len(again) != 1 || again[0] != reports[0] {
		t.Errorf("declaring again changed the declaration: %+v", again)
	}
	// The province's official may declare for its municipality.
	bc := signIn(t, app, db, "reporter@bc.example", "british-columbia-ca", "official")
	bcToken := bc.form("/desk")
	if rec := bc.post("/governments/burnaby-ca/reports", bcToken, url.Values{"year": {strconv.Itoa(year - 1)}}); rec.Code != http.StatusSeeOther {
		t.Errorf("province for its municipality: %d", rec.Code)
	}
}

// An official of Dangjin cannot declare for Burnaby; nothing is written.
func TestReportForOtherGovernmentIsForbidden(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "reporter@dangjin.example", "dangjin-kr", "official")
	token := c.form("/desk")
	before := changeCount(t, db)
	for _, slug := range []string{"burnaby-ca", "nowhere-xx"} {
		rec := c.post("/governments/"+slug+"/reports", token, url.Values{"year": {"2024"}})
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Not allowed") {
			t.Errorf("Dangjin declaring for %s: %d, want the 403 page", slug, rec.Code)
		}
	}
	if rec := c.post("/governments/dangjin-kr/reports", "", url.Values{"year": {"2024"}}); rec.Code != http.StatusForbidden {
		t.Errorf("POST without _csrf: %d, want 403", rec.Code)
	}
	anon := anonymous(t, app)
	anonToken := anon.form("/login")
	if rec := anon.post("/governments/dangjin-kr/reports", anonToken, url.Values{"year": {"2024"}}); rec.Code != http.StatusForbidden {
		t.Errorf("anonymous: %d, want 403", rec.Code)
	}
	if changeCount(t, db) != before {
		t.Error("a refused declaration wrote something")
	}
	if reports, _ := db.Reports(context.Background(), "burnaby-ca"); len(reports) > 0 {
		for _, r := range reports {
			if r.DeclaredBy == "official:dangjin-kr" {
				t.Errorf("Dangjin's declaration was stored: %+v", r)
			}
		}
	}
}

// A year outside 1950..as-of year shows the form again with a message.
func TestReportYearIsValidated(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "reporter@dangjin.example", "dangjin-kr", "official")
	token := c.form("/desk")
	asOf, _ := db.AsOf(context.Background())
	next := strconv.Itoa(asOfYearOf(t, asOf) + 1)
	before := changeCount(t, db)
	for _, year := range []string{"", "1949", next, "20x4", "02024", "-2024"} {
		rec := c.post("/governments/dangjin-kr/reports", token, url.Values{"year": {year}, "note": {"kept note"}})
		body := rec.Body.String()
		if rec.Code != http.StatusBadRequest || !strings.Contains(body, "kept note") || !strings.Contains(body, `name="_csrf"`) {
			t.Errorf("year %q: %d\n%s", year, rec.Code, truncate(body, 400))
		}
	}
	rec := c.post("/governments/dangjin-kr/reports", token, url.Values{"year": {"2024"}, "note": {strings.Repeat("n", 1001)}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "At most 1000 characters.") {
		t.Errorf("long note: %d", rec.Code)
	}
	// The form shown again lists the recent years with Dangjin's activity counts,
	// each linked to that year's activities.
	d := doc(t, rec.Body.String())
	if d.Find(`a[href^="/activities?government=dangjin-kr&year="]`).Length() != 5 {
		t.Error("the form does not link five years of activities")
	}
	if changeCount(t, db) != before {
		t.Error("an invalid declaration wrote something")
	}
}

// A year that has not ended cannot be declared complete: a declaration stands for
// good, and on 2 December nobody knows what the rest of December holds. The form
// says when the year can be declared; a post is refused with the reason and writes
// nothing.
func TestRunningYearCannotBeDeclared(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "reporter@dangjin.example", "dangjin-kr", "official")
	token := c.form("/desk")
	this := time.Now().UTC().Year()
	desk := doc(t, c.do(http.MethodGet, "/desk", nil).Body.String())
	if desk.Find(fmt.Sprintf(`button[name="year"][value="%d"]`, this)).Length() != 0 {
		t.Errorf("the desk offers to declare %d, which has not ended", this)
	}
	if got := text(desk.Find("table")); !strings.Contains(got, fmt.Sprintf("can be declared from 1 January %d", this+1)) {
		t.Errorf("the desk does not say when %d can be declared: %q", this, got)
	}
	before := changeCount(t, db)
	rec := c.post("/governments/dangjin-kr/reports", token, url.Values{"year": {strconv.Itoa(this)}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), fmt.Sprintf("%d has not ended", this)) {
		t.Errorf("declaring %d: %d\n%s", this, rec.Code, truncate(rec.Body.String(), 400))
	}
	if changeCount(t, db) != before {
		t.Error("a refused declaration wrote something")
	}
	if _, _, err := db.DeclareReport(context.Background(), "official:dangjin-kr", "dangjin-kr", this, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("the store accepts a declaration of %d: %v", this, err)
	}
}

func TestReportingFilterIsValidated(t *testing.T) {
	app, _ := accountApp(t)
	for path, status := range map[string]int{
		"/reporting?country=zz":            http.StatusBadRequest,
		"/reporting?country=c1":            http.StatusBadRequest,
		"/reporting?country=canada":        http.StatusBadRequest,
		"/reporting?country=ca&country=kr": http.StatusBadRequest,
		"/fr/reporting":                    http.StatusOK,
		"/ko/reporting?country=KR":         http.StatusOK,
	} {
		mustGetFrom(t, app, path, status)
	}
	d := doc(t, mustGetFrom(t, app, "/reporting?country=kr", http.StatusOK))
	if d.Find("tr#report-dangjin-kr").Length() != 1 || d.Find("tr#report-burnaby-ca").Length() != 0 {
		t.Error("the Korea filter does not list Dangjin only among Korean governments")
	}
	all := doc(t, mustGetFrom(t, app, "/reporting", http.StatusOK))
	if all.Find("thead tr").First().Find("th").Length() != 7 {
		t.Error("the table does not have a government column and six years")
	}
	for _, slug := range []string{"dangjin-kr", "burnaby-ca", "rizhao-cn"} {
		if all.Find("tr#report-"+slug).Length() != 1 {
			t.Errorf("/reporting lacks %s", slug)
		}
	}
}
