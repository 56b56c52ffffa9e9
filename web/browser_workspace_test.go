package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/twinningtracker/twinning/store"
)

// An official in a real browser: signs in with the form, goes to the desk from the
// header, finds a record the other party entered, confirms one activity and
// disputes another from the agreement page, and sees the public record say so;
// then signs out from the header. No console error, no CSP violation.
func TestBrowserOfficialConfirmsAndDisputes(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t)
	app, db := accountApp(t)
	ctx := context.Background()
	const email, password = "browser@burnaby.example", "a password typed in a browser"
	if _, err := db.AddAccount(ctx, email, password, "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	report := func(title string) string {
		a, _, err := db.CreateActivity(ctx, "official:mesa-us", store.Activity{ID: store.NewActivityID(), Agreement: "burnaby-ca--mesa-us",
			Date: "2026-03-14", Category: "culture_arts", From: "mesa-us", Title: title}, "browser test")
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	choir, fair := report("Mesa choir sings in Burnaby"), report("Mesa robotics fair in Burnaby")
	srv := httptest.NewServer(app)
	defer srv.Close()

	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b.ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("sign in", chromedp.Navigate(srv.URL+"/login"), chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password), chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("header .session")))
	if s := text("header .session"); !strings.Contains(s, "Signed in as an official of Burnaby") {
		t.Errorf("header after sign-in: %q", s)
	}
	step("desk from the header", chromedp.Click(chromedp.CSS(`header .session a[href="/desk"]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.awaiting")))
	if s := text("ul.awaiting"); !strings.Contains(s, "Mesa choir sings in Burnaby") || !strings.Contains(s, "not yet confirmed by Burnaby") {
		t.Errorf("the desk's awaiting list: %q", s)
	}
	step("open the record", chromedp.Click(chromedp.CSS(`ul.awaiting a[href$="#activity-`+choir+`"]`)),
		chromedp.WaitVisible(chromedp.ID("activity-"+choir)))
	step("confirm", chromedp.Click(chromedp.CSS("#activity-"+choir+` form.inline button`)),
		chromedp.WaitVisible(chromedp.CSS("#activity-"+choir+" .confirmation-confirmed")))
	if s := text("#activity-" + choir + " .confirmation"); !strings.Contains(s, "confirmed by Burnaby on") {
		t.Errorf("after confirming: %q", s)
	}
	step("dispute", chromedp.SendKeys(chromedp.ID("dispute-"+fair), "No robotics fair took place."),
		chromedp.Click(chromedp.CSS("#activity-"+fair+` form.dispute button`)),
		chromedp.WaitVisible(chromedp.CSS("#activity-"+fair+" .confirmation-disputed")))
	if s := text("#activity-" + fair + " .confirmation"); !strings.Contains(s, "disputed by Burnaby") || !strings.Contains(s, "No robotics fair took place.") {
		t.Errorf("after disputing: %q", s)
	}
	step("sign out from the header", chromedp.Click(chromedp.CSS("header .session button")), chromedp.Sleep(500*time.Millisecond),
		chromedp.Navigate(srv.URL+"/agreements/burnaby-ca--mesa-us"), chromedp.WaitVisible(chromedp.ID("activity-"+fair)))
	if s := text("#activity-" + fair); !strings.Contains(s, "No robotics fair took place.") || strings.Contains(s, "Dispute") {
		t.Errorf("the public view of the disputed activity: %q", s)
	}
	if p := b.take(); len(p) > 0 {
		t.Errorf("console problems: %v", p)
	}
}
