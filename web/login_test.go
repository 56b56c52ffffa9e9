package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// loginBurst sends one wrong sign-in per client, all at once, and counts the
// answers by status. Each client has fetched its form (and CSRF cookie) first.
func loginBurst(t *testing.T, clients []*client, email string) map[int]int {
	t.Helper()
	tokens := make([]string, len(clients))
	for i, c := range clients {
		tokens[i] = c.form("/login")
	}
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			form := url.Values{"_csrf": {tokens[i]}, "email": {email}, "password": {"a wrong guess of a password"}}
			req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := c.send(req)
			mu.Lock()
			codes[rec.Code]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

// 48 parallel wrong sign-ins from one address, for an email no account has: at
// most the address's limit reach the password check (401); every other one is
// answered 429 before any hash. Before the guard counted attempts ahead of the
// hash, all 48 were hashed.
func TestParallelWrongLoginsFromOneAddressAreCountedBeforeHashing(t *testing.T) {
	app, _ := accountApp(t)
	clients := make([]*client, 48)
	for i := range clients {
		clients[i] = anonymous(t, app)
		clients[i].ip = "198.51.100.7"
	}
	codes := loginBurst(t, clients, "nobody-at-all@burst.example")
	if codes[http.StatusUnauthorized]+codes[http.StatusTooManyRequests] != len(clients) {
		t.Errorf("answers %v: every attempt must get 401 or 429", codes)
	}
	if codes[http.StatusUnauthorized] > 20 {
		t.Errorf("%d attempts reached the password check, limit 20 per address (answers %v)", codes[http.StatusUnauthorized], codes)
	}
}

// 30 parallel guesses for one account, each from its own address: at most the
// account's limit (10) reach the password check.
func TestParallelGuessesOnOneAccountStayUnderItsLimit(t *testing.T) {
	app, db := accountApp(t)
	if _, err := db.AddAccount(context.Background(), "guessed@burnaby.example", "the real password here", "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	clients := make([]*client, 30)
	for i := range clients {
		clients[i] = anonymous(t, app)
		clients[i].ip = fmt.Sprintf("203.0.113.%d", i+1)
	}
	codes := loginBurst(t, clients, "guessed@burnaby.example")
	if codes[http.StatusUnauthorized] > 10 {
		t.Errorf("%d guesses reached the password check, limit 10 per account (answers %v)", codes[http.StatusUnauthorized], codes)
	}
	if codes[http.StatusUnauthorized]+codes[http.StatusTooManyRequests] != len(clients) {
		t.Errorf("answers %v: every guess must get 401 or 429", codes)
	}
}

// A stranger's wrong passwords never lock the owner out of the browser they sign
// in from: after 50 wrong passwords for the account from other addresses, and more
// from the owner's own address, the owner signs in at once. A browser the account
// never signed in from is refused meanwhile, as the message says.
func TestStrangersCannotLockTheOwnerOut(t *testing.T) {
	app, db := accountApp(t)
	const email, password = "owner@burnaby.example", "the owner's own password"
	if _, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	owner := anonymous(t, app)
	owner.ip = "192.0.2.77"
	if rec := owner.post("/login", owner.form("/login"), url.Values{"email": {email}, "password": {password}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("first sign-in: %d", rec.Code)
	}
	if owner.cookies["twinning_device"] == "" {
		t.Fatal("no device cookie after signing in")
	}
	owner.post("/logout", owner.form("/desk"), nil)

	for i := 0; i < 50; i++ {
		attacker := anonymous(t, app)
		attacker.ip = fmt.Sprintf("198.18.%d.%d", i/200, i%200+1)
		if i%5 == 0 {
			attacker.ip = owner.ip // the same office network, too
		}
		attacker.post("/login", attacker.form("/login"), url.Values{"email": {email}, "password": {"guess number " + fmt.Sprint(i)}})
	}
	stranger := anonymous(t, app)
	stranger.ip = "198.18.9.9"
	if rec := stranger.post("/login", stranger.form("/login"), url.Values{"email": {email}, "password": {password}}); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a new browser during the attack: %d, want 429", rec.Code)
	}
	rec := owner.post("/login", owner.form("/login"), url.Values{"email": {email}, "password": {password}})
	if rec.Code != http.StatusSeeOther || owner.cookies["twinning_session"] == "" {
		t.Fatalf("the owner's usual browser after 50 wrong passwords from others: %d, want 303\n%s", rec.Code, truncate(rec.Body.String(), 400))
	}
}

// A device cookie is no master key: it is counted on its own, so a stolen one
// still allows only a few guesses, and it works only for its own account.
func TestDeviceCookieIsThrottledAndBoundToItsAccount(t *testing.T) {
	app, db := accountApp(t)
	ctx := context.Background()
	for _, e := range []string{"device-a@burnaby.example", "device-b@burnaby.example"} {
		if _, err := db.AddAccount(ctx, e, "the password of "+e, "burnaby-ca", "official"); err != nil {
			t.Fatal(err)
		}
	}
	c := anonymous(t, app)
	c.ip = "192.0.2.88"
	if rec := c.post("/login", c.form("/login"), url.Values{"email": {"device-a@burnaby.example"}, "password": {"the password of device-a@burnaby.example"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", rec.Code)
	}
	codes := map[int]int{}
	for i := 0; i < 12; i++ {
		c.ip = fmt.Sprintf("198.19.0.%d", i+1) // a thief moving between addresses
		codes[c.post("/login", c.form("/login"), url.Values{"email": {"device-a@burnaby.example"}, "password": {"wrong"}}).Code]++
	}
	if codes[http.StatusUnauthorized] != 10 || codes[http.StatusTooManyRequests] != 2 {
		t.Errorf("12 wrong passwords from a known browser: %v, want 10 × 401 then 429", codes)
	}
	ok, err := db.DeviceAccount(ctx, c.cookies["twinning_device"])
	if err != nil || ok != "device-a@burnaby.example" {
		t.Errorf("device cookie belongs to %q (%v)", ok, err)
	}
}

// After signing in, the browser goes only to a page of this site, whatever next says.
func TestSignInRedirectStaysOnThisSite(t *testing.T) {
	app, db := accountApp(t)
	const email, password = "redirect@burnaby.example", "a password for redirects"
	if _, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"/\t/evil.example":            "/desk",
		"/\\evil.example":             "/desk",
		"/\t\\evil.example":           "/desk",
		"//evil.example":              "/desk",
		"///evil.example":             "/desk",
		"/%2F/evil.example":           "/desk",
		"/%5Cevil.example":            "/desk",
		"/%09/evil.example":           "/desk",
		"https://evil.example/":       "/desk",
		"https:/evil.example":         "/desk",
		"javascript:alert(1)":         "/desk",
		"evil.example":                "/desk",
		" /\r\n/evil.example":         "/desk",
		"/governments/burnaby-ca?x=1": "/governments/burnaby-ca?x=1",
		"/agreements/a--b#frag":       "/agreements/a--b",
		"/\u3000/evil.example":        "/%E3%80%80/evil.example",
		"/fr/desk":                    "/fr/desk",
	}
	for next, want := range cases {
		c := anonymous(t, app)
		c.ip = "192.0.2.150"
		rec := c.post("/login", c.form("/login?next="+url.QueryEscape(next)), url.Values{"email": {email}, "password": {password}, "next": {next}})
		got := rec.Header().Get("Location")
		if rec.Code != http.StatusSeeOther || got != want {
			t.Errorf("next=%q: %d → %q, want %q", next, rec.Code, got, want)
		}
		if u, err := url.Parse(got); err != nil || u.Host != "" || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n") {
			t.Errorf("next=%q led to %q, not a local path", next, got)
		}
	}
}

// Sign-in rotates the CSRF token: a token planted in the browser before (by a
// sibling subdomain, say) is not the one its forms carry afterwards.
func TestSignInRotatesCSRFToken(t *testing.T) {
	app, db := accountApp(t)
	const email, password = "rotate@burnaby.example", "a password for rotation"
	if _, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	c := anonymous(t, app)
	c.ip = "192.0.2.151"
	before := c.form("/login")
	if rec := c.post("/login", before, url.Values{"email": {email}, "password": {password}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", rec.Code)
	}
	after := c.form("/desk")
	if after == before || c.cookies["_csrf"] == before {
		t.Error("the CSRF token is the same before and after signing in")
	}
	if rec := c.post("/logout", before, nil); rec.Code != http.StatusForbidden {
		t.Errorf("the pre-sign-in token still works: %d", rec.Code)
	}
}

// Every attempt that reached the password check is recorded for its account.
func TestSignInsAreRecorded(t *testing.T) {
	app, db := accountApp(t)
	const email, password = "recorded@burnaby.example", "a password on record"
	a, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official")
	if err != nil {
		t.Fatal(err)
	}
	c := anonymous(t, app)
	c.ip = "192.0.2.152"
	c.post("/login", c.form("/login"), url.Values{"email": {email}, "password": {"not it"}})
	c.post("/login", c.form("/login"), url.Values{"email": {email}, "password": {password}})
	list, err := db.RecentSignIns(context.Background(), a.ID, 10)
	if err != nil || len(list) != 2 || list[0].Result != "ok" || list[1].Result != "wrong_password" || list[0].Address != "192.0.2.152" {
		t.Errorf("recorded sign-ins %+v (%v), want ok then wrong_password from 192.0.2.152", list, err)
	}
}

// Signed in, every page's header names the account and leads to the desk and out,
// and the footer leads to the desk instead of the sign-in; the desk lists the
// account's recent sign-ins. The public sees none of it.
func TestSignedInHeaderAndDeskSignIns(t *testing.T) {
	app, db := accountApp(t)
	const email, password = "header@burnaby.example", "a password for the header"
	if _, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	c := anonymous(t, app)
	c.ip = "192.0.2.153"
	if page := c.do(http.MethodGet, "/governments/burnaby-ca", nil).Body.String(); strings.Contains(page, "Signed in as") ||
		!strings.Contains(page, "Officials&#39; sign-in") {
		t.Error("the public page shows a session, or no sign-in link")
	}
	c.post("/login", c.form("/login"), url.Values{"email": {email}, "password": {"not this one"}})
	c.post("/login", c.form("/login"), url.Values{"email": {email}, "password": {password}})
	for _, path := range []string{"/governments/burnaby-ca", "/fr/countries/ca/kr", "/ko/agreements"} {
		page := c.do(http.MethodGet, path, nil).Body.String()
		for _, want := range []string{`class="session"`, `action="` + langPrefixOf(path) + `/logout"`, `name="_csrf"`, `href="` + langPrefixOf(path) + `/desk"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s signed in: no %s", path, want)
			}
		}
		if strings.Contains(page, `href="`+langPrefixOf(path)+`/login"`) {
			t.Errorf("%s signed in: still links to the sign-in", path)
		}
	}
	if page := c.do(http.MethodGet, "/governments/burnaby-ca", nil).Body.String(); !strings.Contains(page, "Signed in as an official of Burnaby") {
		t.Error("the header does not name the account")
	}
	desk := c.do(http.MethodGet, "/desk", nil).Body.String()
	for _, want := range []string{"Your recent sign-ins", "192.0.2.153", "wrong password", "signed in"} {
		if !strings.Contains(desk, want) {
			t.Errorf("the desk's sign-ins lack %q", want)
		}
	}
	// The header's sign-out form works.
	rec := c.post("/logout", c.cookies["_csrf"], nil)
	if rec.Code != http.StatusSeeOther || c.cookies["twinning_session"] != "" {
		t.Errorf("sign-out from the header: %d, session %q", rec.Code, c.cookies["twinning_session"])
	}
}
