package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// Each test posts from its own client address: the suggestion limit is per address
// and shared by every app in the process.

func suggestion(record, text string) url.Values {
	return url.Values{"record": {record}, "text": {text}, "source_url": {"https://www.burnaby.ca/news/sister-cities"}, "website": {""}}
}

// A suggestion is queued for the record's government, logged with the public as the
// actor, and shown in the public log with its status.
func TestCorrectionIsQueuedAndLogged(t *testing.T) {
	app, db := accountApp(t)
	c := anonymous(t, app)
	c.ip = "198.51.100.1"
	token := c.form("/corrections/new?record=agreement:burnaby-ca--hwaseong-kr")
	before := changeCount(t, db)
	text := "The agreement was renewed in 2020 <script>alert(1)</script>."
	rec := c.post("/corrections", token, suggestion("agreement:burnaby-ca--hwaseong-kr", text))
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/corrections?thanks=1#correction-") {
		t.Fatalf("POST: %d → %q\n%s", rec.Code, loc, truncate(rec.Body.String(), 800))
	}
	if got := changeCount(t, db); got != before+1 {
		t.Errorf("%d change rows written, want 1", got-before)
	}
	hist, err := db.AgreementHistory(context.Background(), "burnaby-ca--hwaseong-kr")
	if err != nil || len(hist) == 0 || hist[0].Actor != "public" || hist[0].RecordType != "correction" {
		t.Errorf("history = %+v, %v", hist, err)
	}
	id := strings.TrimPrefix(loc, "/corrections?thanks=1#correction-")
	body := mustGetFrom(t, app, "/corrections?thanks=1", http.StatusOK)
	d := doc(t, body)
	item := d.Find("#correction-" + id)
	if item.Length() != 1 {
		t.Fatalf("the log has no #correction-%s", id)
	}
	itemText := strings.Join(strings.Fields(item.Text()), " ")
	for _, want := range []string{"The agreement was renewed in 2020 <script>", "pending", "Burnaby", "Hwaseong", "Awaiting the decision"} {
		if !strings.Contains(itemText, want) {
			t.Errorf("log entry %q lacks %q", itemText, want)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("the suggestion's text reached the page unescaped")
	}
	if d.Find(`[role=status]`).Length() != 1 {
		t.Error("no thank-you note after suggesting")
	}
	if href, _ := item.Find(`a[rel~=ugc]`).Attr("href"); href != "https://www.burnaby.ca/news/sister-cities" {
		t.Errorf("source link = %q", href)
	}
	// Pending list filter.
	if !strings.Contains(mustGetFrom(t, app, "/corrections?status=pending", http.StatusOK), "correction-"+id) {
		t.Error("the pending filter leaves the new correction out")
	}
	if strings.Contains(mustGetFrom(t, app, "/corrections?status=accepted", http.StatusOK), `id="correction-`+id+`"`) {
		t.Error("the accepted filter shows a pending correction")
	}
}

// The form: a honeypot field hidden with a class (no inline style), the record named.
func TestCorrectionForm(t *testing.T) {
	app, _ := accountApp(t)
	body := mustGetFrom(t, app, "/corrections/new?record=government:burnaby-ca", http.StatusOK)
	d := doc(t, body)
	hp := d.Find(`input[name=website]`)
	if hp.Length() != 1 || hp.Closest(".hp").Length() != 1 {
		t.Error("no honeypot field inside .hp")
	}
	if label := d.Find(`label[for=f-website]`).Text(); !strings.Contains(strings.ToLower(label), "leave this field empty") {
		t.Errorf("honeypot label = %q", label)
	}
	if strings.Contains(body, "style=") {
		t.Error("the form uses an inline style")
	}
	if v, _ := d.Find(`input[name=record]`).Attr("value"); v != "government:burnaby-ca" {
		t.Errorf("record field = %q", v)
	}
	if !strings.Contains(d.Find(".breadcrumb").Text(), "Burnaby") {
		t.Error("the form does not name the record")
	}
	fr := mustGetFrom(t, app, "/fr/corrections/new?record=agreement:burnaby-ca--hwaseong-kr", http.StatusOK)
	if !strings.Contains(fr, "Proposer une correction") || !strings.Contains(fr, `action="/fr/corrections"`) {
		t.Error("the French form is not in French or posts elsewhere")
	}
	for path, status := range map[string]int{
		"/corrections/new":                                 http.StatusBadRequest,
		"/corrections/new?record=burnaby-ca":               http.StatusBadRequest,
		"/corrections/new?record=activity:dj-001":          http.StatusBadRequest,
		"/corrections/new?record=government:":              http.StatusBadRequest,
		"/corrections/new?record=government:nowhere-xx":    http.StatusNotFound,
		"/corrections/new?record=agreement:nowhere--never": http.StatusNotFound,
		"/corrections?status=done":                         http.StatusBadRequest,
		"/corrections?page=99":                             http.StatusBadRequest,
	} {
		mustGetFrom(t, app, path, status)
	}
	// Every government and agreement page links to its form.
	for path, want := range map[string]string{
		"/governments/burnaby-ca":                "/corrections/new?record=government:burnaby-ca",
		"/ko/agreements/burnaby-ca--hwaseong-kr": "/ko/corrections/new?record=agreement:burnaby-ca--hwaseong-kr",
	} {
		if !strings.Contains(mustGetFrom(t, app, path, http.StatusOK), `href="`+want+`"`) {
			t.Errorf("%s has no link to %s", path, want)
		}
	}
}

// A filled honeypot gets the answer a person gets, and nothing is written.
func TestCorrectionHoneypotWritesNothing(t *testing.T) {
	app, db := accountApp(t)
	c := anonymous(t, app)
	c.ip = "198.51.100.2"
	token := c.form("/corrections/new?record=government:burnaby-ca")
	before := changeCount(t, db)
	form := suggestion("government:burnaby-ca", "Buy cheap watches")
	form.Set("website", "https://spam.example")
	rec := c.post("/corrections", token, form)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/corrections?thanks=1#correction-") {
		t.Fatalf("honeypot: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
	if changeCount(t, db) != before {
		t.Error("a honeypot post wrote something")
	}
	if strings.Contains(mustGetFrom(t, app, "/corrections", http.StatusOK), "cheap watches") {
		t.Error("a honeypot post is in the log")
	}
}

// Invalid input shows the form again with messages and what was typed.
func TestCorrectionInvalidInputKeepsWhatWasTyped(t *testing.T) {
	app, db := accountApp(t)
	c := anonymous(t, app)
	c.ip = "198.51.100.3"
	token := c.form("/corrections/new?record=government:burnaby-ca")
	before := changeCount(t, db)
	for _, tc := range []struct {
		text, source, want, kept string
	}{
		{"  ", "javascript:alert(1)", "Required.", "javascript:alert(1)"},
		{strings.Repeat("x", 4001), "", "At most 4000 characters.", ""},
		{"Kept text", "ftp://example.org/file", "http://", "Kept text"},
	} {
		rec := c.post("/corrections", token, url.Values{"record": {"government:burnaby-ca"}, "text": {tc.text}, "source_url": {tc.source}})
		body := rec.Body.String()
		if rec.Code != http.StatusBadRequest {
			t.Fatalf("text %.10q: status %d", tc.text, rec.Code)
		}
		if !strings.Contains(body, tc.want) || !strings.Contains(body, tc.kept) {
			t.Errorf("text %.10q: the form lacks %q or %q", tc.text, tc.want, tc.kept)
		}
		if !strings.Contains(body, `name="_csrf"`) {
			t.Error("the form shown again has no CSRF token")
		}
	}
	if changeCount(t, db) != before {
		t.Error("invalid input wrote something")
	}
	if rec := c.post("/corrections", token, suggestion("government:nowhere-xx", "x")); rec.Code != http.StatusNotFound {
		t.Errorf("unknown record: %d", rec.Code)
	}
	if rec := c.post("/corrections", token, suggestion("nothing", "x")); rec.Code != http.StatusBadRequest {
		t.Errorf("bad record: %d", rec.Code)
	}
}

// The sixth suggestion in an hour from one address is refused; X-Forwarded-For
// changes nothing (the address is the socket's); another address is not affected.
func TestCorrectionRateLimit(t *testing.T) {
	app, db := accountApp(t)
	c := anonymous(t, app)
	c.ip = "198.51.100.4"
	token := c.form("/corrections/new?record=government:dangjin-kr")
	for i := 1; i <= 5; i++ {
		if rec := c.post("/corrections", token, suggestion("government:dangjin-kr", fmt.Sprintf("Suggestion %d", i))); rec.Code != http.StatusSeeOther {
			t.Fatalf("suggestion %d: %d", i, rec.Code)
		}
	}
	before := changeCount(t, db)
	form := suggestion("government:dangjin-kr", "Suggestion 6")
	form.Set("_csrf", token)
	req := httptest.NewRequest(http.MethodPost, "/corrections", strings.NewReader(form.Encode()))
	req.RemoteAddr = c.ip + ":4321"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "203.0.113.99")
	req.Header.Set("X-Real-IP", "203.0.113.99")
	req.AddCookie(&http.Cookie{Name: "_csrf", Value: c.cookies["_csrf"]})
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("sixth suggestion: %d, want 429", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "Too many requests") {
		t.Error("the 429 is not the readable error page")
	}
	if changeCount(t, db) != before {
		t.Error("a refused suggestion wrote something")
	}
	other := anonymous(t, app)
	other.ip = "198.51.100.5"
	tok := other.form("/corrections/new?record=government:dangjin-kr")
	if rec := other.post("/corrections", tok, suggestion("government:dangjin-kr", "From elsewhere")); rec.Code != http.StatusSeeOther {
		t.Errorf("another address: %d", rec.Code)
	}
}

func TestCorrectionPostWithoutCSRFIsRefused(t *testing.T) {
	app, db := accountApp(t)
	c := anonymous(t, app)
	c.ip = "198.51.100.6"
	c.form("/corrections/new?record=government:burnaby-ca") // has the cookie, not the field
	before := changeCount(t, db)
	if rec := c.post("/corrections", "", suggestion("government:burnaby-ca", "No token")); rec.Code != http.StatusForbidden {
		t.Errorf("POST without _csrf: %d, want 403", rec.Code)
	}
	if changeCount(t, db) != before {
		t.Error("a POST without CSRF wrote something")
	}
}

// Only officials governing the record decide; a reason is required; a decision is
// final and logged with before and after.
func TestCorrectionDecision(t *testing.T) {
	app, db := accountApp(t)
	ctx := context.Background()
	cr, err := db.SuggestCorrection(ctx, store.Correction{RecordType: "agreement", RecordID: "burnaby-ca--hwaseong-kr", Text: "Signed in May 2010, not 2010."})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/corrections/%d/decide", cr.ID)

	dangjin := signIn(t, app, db, "decider@dangjin.example", "dangjin-kr", "official")
	token := dangjin.form("/desk")
	before := changeCount(t, db)
	if rec := dangjin.post(path, token, url.Values{"decision": {"reject"}, "reason": {"Not ours"}}); rec.Code != http.StatusForbidden {
		t.Errorf("Dangjin deciding on Burnaby–Hwaseong: %d, want 403", rec.Code)
	}
	if got, _ := db.CorrectionByID(ctx, cr.ID); got.Status != "pending" || changeCount(t, db) != before {
		t.Error("a refused decision changed something")
	}
	anon := anonymous(t, app)
	anonToken := anon.form("/login")
	if rec := anon.post(path, anonToken, url.Values{"decision": {"reject"}, "reason": {"x"}}); rec.Code != http.StatusForbidden {
		t.Errorf("anonymous decision: %d, want 403", rec.Code)
	}

	// Hwaseong is the agreement's second party: its officials may decide.
	hwaseong := signIn(t, app, db, "decider@hwaseong.example", "hwaseong-kr", "official")
	token = hwaseong.form("/desk")
	if rec := hwaseong.post(path, "", url.Values{"decision": {"accept"}, "reason": {"ok"}}); rec.Code != http.StatusForbidden {
		t.Errorf("decision without _csrf: %d, want 403", rec.Code)
	}
	rec := hwaseong.post(path, token, url.Values{"decision": {"accept"}, "reason": {"  "}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Required.") ||
		!strings.Contains(rec.Body.String(), `value="accept" required checked`) {
		t.Errorf("decision without a reason: %d\n%s", rec.Code, truncate(rec.Body.String(), 600))
	}
	if rec := hwaseong.post(path, token, url.Values{"decision": {"maybe"}, "reason": {"kept reason"}}); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "kept reason") {
		t.Errorf("decision maybe: %d", rec.Code)
	}
	if changeCount(t, db) != before {
		t.Error("an invalid decision wrote something")
	}
	rec = hwaseong.post(path, token, url.Values{"decision": {"accept"}, "reason": {"Confirmed by the 2010 council minutes."}})
	// Accepting opens the agreement's edit form with the correction beside it.
	editPath := fmt.Sprintf("/agreements/burnaby-ca--hwaseong-kr/edit?correction=%d", cr.ID)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != editPath {
		t.Fatalf("decision: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
	got, err := db.CorrectionByID(ctx, cr.ID)
	if err != nil || got.Status != "accepted" || got.DecidedBy != "official:hwaseong-kr" || got.Reason != "Confirmed by the 2010 council minutes." {
		t.Errorf("decided = %+v, %v", got, err)
	}
	hist, _ := db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr")
	if len(hist) == 0 || hist[0].Action != "accept" || hist[0].Actor != "official:hwaseong-kr" ||
		!strings.Contains(hist[0].Before, `"status":"pending"`) || !strings.Contains(hist[0].After, `"status":"accepted"`) ||
		strings.Contains(hist[0].After, "decider@") {
		t.Errorf("change row = %+v", hist[0])
	}
	item := doc(t, mustGetFrom(t, app, "/corrections", http.StatusOK)).Find(fmt.Sprintf("#correction-%d", cr.ID))
	text := strings.Join(strings.Fields(item.Text()), " ")
	for _, want := range []string{"accepted", "Confirmed by the 2010 council minutes.", "by an official of Hwaseong", "not yet applied", "history"} {
		if !strings.Contains(text, want) {
			t.Errorf("log entry %q lacks %q", text, want)
		}
	}
	// The edit form shows the correction and carries it; saving applies it.
	form := doc(t, hwaseong.do(http.MethodGet, editPath, nil).Body.String())
	if got := strings.Join(strings.Fields(form.Find("section.applying").Text()), " "); !strings.Contains(got, "Signed in May 2010, not 2010.") {
		t.Errorf("the edit form does not show the correction: %q", got)
	}
	if form.Find(fmt.Sprintf(`form input[name="correction"][value="%d"]`, cr.ID)).Length() != 1 {
		t.Error("the edit form does not carry the correction")
	}
	editToken := form.Find(`input[name="_csrf"]`).AttrOr("value", "")
	save := url.Values{"correction": {fmt.Sprint(cr.ID)}, "kind": {"sister"}, "signed": {"2010-05"}, "status": {"active"},
		"reason": {form.Find(`input[name="reason"]`).AttrOr("value", "")}}
	if rec := hwaseong.post("/agreements/burnaby-ca--hwaseong-kr", editToken, save); rec.Code != http.StatusSeeOther {
		t.Fatalf("applying the correction: %d\n%s", rec.Code, truncate(rec.Body.String(), 600))
	}
	ag, _ := db.AgreementByID(ctx, "burnaby-ca--hwaseong-kr")
	applied, _ := db.CorrectionByID(ctx, cr.ID)
	if ag.Signed != "2010-05" || applied.AppliedChange == 0 {
		t.Errorf("after applying: signed %q, correction %+v", ag.Signed, applied)
	}
	hist, _ = db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr")
	if len(hist) < 2 || hist[0].Action != "apply" || hist[1].Action != "update" || hist[1].Why != fmt.Sprintf("Correction #%d", cr.ID) || hist[0].After == "" || !strings.Contains(hist[0].After, fmt.Sprintf(`"applied_change":%d`, hist[1].ID)) {
		t.Errorf("history after applying: %+v", hist[:min(2, len(hist))])
	}
	item = doc(t, mustGetFrom(t, app, "/corrections", http.StatusOK)).Find(fmt.Sprintf("#correction-%d", cr.ID))
	if got := strings.Join(strings.Fields(item.Text()), " "); !strings.Contains(got, "Applied to the record") {
		t.Errorf("the log does not say the correction was applied: %q", got)
	}
	// Applied once: applying again, or to another agreement, is refused and writes nothing.
	before = changeCount(t, db)
	if rec := hwaseong.post("/agreements/burnaby-ca--hwaseong-kr", editToken, save); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "cannot be applied here") {
		t.Errorf("applying twice: %d", rec.Code)
	}
	for _, bad := range []string{"abc", "0", "999999", fmt.Sprint(cr.ID)} {
		if rec := hwaseong.do(http.MethodGet, "/agreements/burnaby-ca--hwaseong-kr/edit?correction="+bad, nil); rec.Code != http.StatusBadRequest {
			t.Errorf("edit form with correction=%s: %d, want 400", bad, rec.Code)
		}
	}
	if changeCount(t, db) != before {
		t.Error("a refused application wrote something")
	}
	if rec := hwaseong.post(path, token, url.Values{"decision": {"reject"}, "reason": {"Changed my mind"}}); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "already been decided") {
		t.Errorf("deciding twice: %d", rec.Code)
	}
	if rec := hwaseong.post("/corrections/999999/decide", token, url.Values{"decision": {"reject"}, "reason": {"x"}}); rec.Code != http.StatusNotFound {
		t.Errorf("unknown correction: %d", rec.Code)
	}
}

// mustGetFrom requests path from app and fails unless the answer has the status.
func mustGetFrom(t testing.TB, app http.Handler, path string, status int) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	if rec.Code != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, rec.Code, status, truncate(rec.Body.String(), 600))
	}
	return rec.Body.String()
}
