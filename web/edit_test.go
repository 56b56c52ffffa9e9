package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

func changeCount(t testing.TB, db *store.DB) int {
	t.Helper()
	v, err := db.CurrentVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(v.ID)
}

// The whole official's path: sign in with the real form, report an activity, see it
// on the agreement page and in the public history.
func TestOfficialReportsAnActivity(t *testing.T) {
	app, db := accountApp(t)
	ctx := context.Background()
	if _, err := db.AddAccount(ctx, "clerk@burnaby.example", "burnaby clerk password", "burnaby-ca", "official"); err != nil && !strings.Contains(err.Error(), "exists") {
		t.Fatal(err)
	}
	c := anonymous(t, app)
	token := c.form("/login")
	rec := c.post("/login", token, url.Values{"email": {"Clerk@Burnaby.example"}, "password": {"burnaby clerk password"}})
	if rec.Code != http.StatusSeeOther || c.cookies["twinning_session"] == "" {
		t.Fatalf("login: %d, cookies %v", rec.Code, c.cookies)
	}
	token = c.form("/governments/burnaby-ca/activities/new?agreement=burnaby-ca--hwaseong-kr")
	form := url.Values{"agreement": {"burnaby-ca--hwaseong-kr"}, "date": {"2026-10-02"}, "category": {"youth_education"},
		"from": {"burnaby-ca"}, "title": {"Burnaby students visit Hwaseong"}, "participants": {"14"},
		"source_url": {"https://www.burnaby.ca/news/example"}, "reason": {"annual report 2026"}}
	rec = c.post("/governments/burnaby-ca/activities", token, form)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/agreements/burnaby-ca--hwaseong-kr#activity-act-") {
		t.Fatalf("create: %d → %q\n%s", rec.Code, rec.Header().Get("Location"), truncate(rec.Body.String(), 800))
	}
	page := c.do(http.MethodGet, "/agreements/burnaby-ca--hwaseong-kr", nil).Body.String()
	if !strings.Contains(page, "Burnaby students visit Hwaseong") {
		t.Error("the new activity is not on the agreement page")
	}
	histPage := c.do(http.MethodGet, "/agreements/burnaby-ca--hwaseong-kr/history", nil).Body.String()
	for _, want := range []string{"Burnaby students visit Hwaseong", "official of Burnaby", "annual report 2026"} {
		if !strings.Contains(histPage, want) {
			t.Errorf("the public history lacks %q", want)
		}
	}
	if strings.Contains(histPage, "clerk@") {
		t.Error("the public history shows the official's email")
	}
	hist, err := db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr")
	if err != nil || len(hist) == 0 || hist[0].Actor != "official:burnaby-ca" || hist[0].Why != "annual report 2026" ||
		strings.Contains(hist[0].After+hist[0].Actor, "clerk@") {
		t.Errorf("history = %+v, %v", hist, err)
	}
}

func TestInvalidInputKeepsWhatWasTyped(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "official@burnaby.example", "burnaby-ca", "official")
	token := c.form("/governments/burnaby-ca/activities/new")
	before := changeCount(t, db)
	rec := c.post("/governments/burnaby-ca/activities", token, url.Values{"agreement": {"burnaby-ca--hwaseong-kr"},
		"date": {"2026-13-45"}, "from": {"dangjin-kr"}, "title": {"Kept title"}, "source_url": {"javascript:alert(1)"}})
	body := rec.Body.String()
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d", rec.Code)
	}
	for _, want := range []string{`value="Kept title"`, "Use YYYY, YYYY-MM or YYYY-MM-DD", "one of the agreement", "is not an http or https address"} {
		if !strings.Contains(body, want) {
			t.Errorf("the re-rendered form lacks %q", want)
		}
	}
	if changeCount(t, db) != before {
		t.Error("an invalid form wrote something")
	}
}

// An official of Dangjin cannot use Burnaby's form, and nothing changes.
func TestOtherGovernmentIsForbidden(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "official@dangjin.example", "dangjin-kr", "official")
	if rec := c.do(http.MethodGet, "/governments/burnaby-ca/activities/new", nil); rec.Code != http.StatusForbidden {
		t.Errorf("GET Burnaby's form as Dangjin: %d, want 403", rec.Code)
	}
	token := c.form("/governments/dangjin-kr/activities/new") // a valid token of its own
	before := changeCount(t, db)
	rec := c.post("/governments/burnaby-ca/activities", token, url.Values{"agreement": {"burnaby-ca--hwaseong-kr"}, "title": {"Not mine"}})
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Not allowed") {
		t.Errorf("POST to Burnaby as Dangjin: %d", rec.Code)
	}
	if changeCount(t, db) != before {
		t.Error("a forbidden request wrote something")
	}
}

func TestPostWithoutCSRFIsRefused(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "official@burnaby.example", "burnaby-ca", "official")
	before := changeCount(t, db)
	rec := c.post("/governments/burnaby-ca/activities", "", url.Values{"agreement": {"burnaby-ca--hwaseong-kr"}, "title": {"No token"}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("POST without _csrf: %d, want 403", rec.Code)
	}
	if changeCount(t, db) != before {
		t.Error("a POST without CSRF wrote something")
	}
}

func TestProvinceOfficialEditsItsMunicipalities(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "official@bc.example", "british-columbia-ca", "official")
	if rec := c.do(http.MethodGet, "/governments/burnaby-ca/activities/new", nil); rec.Code != http.StatusOK {
		t.Errorf("BC official on Burnaby's form: %d, want 200", rec.Code)
	}
	if rec := c.do(http.MethodGet, "/governments/dangjin-kr/activities/new", nil); rec.Code != http.StatusForbidden {
		t.Errorf("BC official on Dangjin's form: %d, want 403", rec.Code)
	}
}

func TestWithdrawNeedsAReasonAndKeepsHistory(t *testing.T) {
	app, db := accountApp(t)
	ctx := context.Background()
	a, err := db.SaveActivity(ctx, "official:burnaby-ca", store.Activity{Agreement: "burnaby-ca--hwaseong-kr", Title: "To withdraw", Date: "2026"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	c := signIn(t, app, db, "official@burnaby.example", "burnaby-ca", "official")
	token := c.form("/activities/" + a.ID + "/edit")
	if rec := c.post("/activities/"+a.ID+"/withdraw", token, nil); rec.Code != http.StatusBadRequest {
		t.Errorf("withdraw without reason: %d, want 400", rec.Code)
	}
	if rec := c.post("/activities/"+a.ID+"/withdraw", token, url.Values{"withdraw_reason": {"duplicate of another entry"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", rec.Code)
	}
	if _, err := db.ActivityByID(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("withdrawn activity still listed: %v", err)
	}
	hist, _ := db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr")
	if hist[0].Action != "withdraw" || !strings.Contains(hist[0].Before, "To withdraw") || hist[0].Why != "duplicate of another entry" {
		t.Errorf("history after withdrawal: %+v", hist[0])
	}
}

func TestLoginThrottleAndSameAnswer(t *testing.T) {
	app, db := accountApp(t)
	ctx := context.Background()
	if _, err := db.AddAccount(ctx, "throttle@burnaby.example", "the right password", "burnaby-ca", "official"); err != nil && !strings.Contains(err.Error(), "exists") {
		t.Fatal(err)
	}
	c := anonymous(t, app)
	c.ip = "192.0.2.99"
	token := c.form("/login")
	unknown := c.post("/login", token, url.Values{"email": {"nobody@nowhere.example"}, "password": {"whatever it is"}})
	wrong := c.post("/login", token, url.Values{"email": {"throttle@burnaby.example"}, "password": {"not the password"}})
	if unknown.Code != wrong.Code || !strings.Contains(unknown.Body.String(), "Wrong email or password") || !strings.Contains(wrong.Body.String(), "Wrong email or password") {
		t.Errorf("unknown email %d vs wrong password %d answer differently", unknown.Code, wrong.Code)
	}
	for i := 0; i < 12; i++ {
		c.post("/login", token, url.Values{"email": {"throttle@burnaby.example"}, "password": {"not the password"}})
	}
	// Even the right password is refused while the account is throttled, from any
	// address, forged X-Forwarded-For or not.
	other := anonymous(t, app)
	other.ip = "192.0.2.100"
	tok := other.form("/login")
	rec := other.post("/login", tok, url.Values{"email": {"throttle@burnaby.example"}, "password": {"the right password"}})
	if rec.Code != http.StatusTooManyRequests {
		t.Errorf("throttled account: %d, want 429", rec.Code)
	}
}

var activityIDInput = regexp.MustCompile(`name="id" value="(act-[0-9]{8}-[0-9a-f]{8})"`)

// An official whose answer was lost sends the same report again: it is reported
// once, and the second answer leads to it like the first. The same form with other
// details is refused with a message, and writes nothing.
func TestReportFormSentTwiceReportsOnce(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "twice@burnaby.example", "burnaby-ca", "official")
	page := c.do(http.MethodGet, "/governments/burnaby-ca/activities/new", nil).Body.String()
	token := csrfInput.FindStringSubmatch(page)
	id := activityIDInput.FindStringSubmatch(page)
	if token == nil || id == nil {
		t.Fatalf("the report form has no _csrf or id field")
	}
	form := func(title string) url.Values {
		return url.Values{"id": {id[1]}, "agreement": {"burnaby-ca--hwaseong-kr"}, "date": {"2026-11-20"},
			"category": {"culture_arts"}, "from": {"burnaby-ca"}, "title": {title}, "reason": {"retry test"}}
	}
	first := c.post("/governments/burnaby-ca/activities", token[1], form("Burnaby choir tours Hwaseong"))
	second := c.post("/governments/burnaby-ca/activities", token[1], form("Burnaby choir tours Hwaseong"))
	if first.Code != http.StatusSeeOther || second.Code != http.StatusSeeOther ||
		first.Header().Get("Location") != second.Header().Get("Location") || !strings.HasSuffix(first.Header().Get("Location"), "#activity-"+id[1]) {
		t.Fatalf("first %d → %q, second %d → %q", first.Code, first.Header().Get("Location"), second.Code, second.Header().Get("Location"))
	}
	changed := c.post("/governments/burnaby-ca/activities", token[1], form("Something else entirely"))
	if changed.Code != http.StatusConflict || !strings.Contains(changed.Body.String(), "Nothing was changed") {
		t.Errorf("same form, other details: %d\n%s", changed.Code, truncate(changed.Body.String(), 400))
	}
	hist, err := db.AgreementHistory(context.Background(), "burnaby-ca--hwaseong-kr")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range hist {
		if h.RecordID == id[1] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d change rows for the report, want 1", n)
	}
	if a, err := db.ActivityByID(context.Background(), id[1]); err != nil || a.Title != "Burnaby choir tours Hwaseong" {
		t.Errorf("saved activity = %+v, %v", a, err)
	}
}
