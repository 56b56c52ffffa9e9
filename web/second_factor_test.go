package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

var (
	secretInput   = regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`)
	tokenInput    = regexp.MustCompile(`name="token" value="([0-9a-f]{64})"`)
	recoveryCodeR = regexp.MustCompile(`<code>([a-z2-7]{5}-[a-z2-7]{5})</code>`)
)

// An official turns on two-step sign-in from the desk, then signs in with password
// and code; a wrong code, a code used already and a used recovery code are refused.
func TestOfficialTurnsOnTwoStepSignIn(t *testing.T) {
	app, db := accountApp(t)
	const email, password = "twostep@burnaby.example", "a password with two steps"
	if _, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	c := anonymous(t, app)
	c.ip = "192.0.2.170"
	if rec := c.post("/login", c.form("/login"), url.Values{"email": {email}, "password": {password}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", rec.Code)
	}
	if desk := c.do(http.MethodGet, "/desk", nil).Body.String(); !strings.Contains(desk, `href="/desk/second-factor"`) {
		t.Error("the desk does not lead to two-step sign-in")
	}
	page := c.do(http.MethodGet, "/desk/second-factor", nil).Body.String()
	m := secretInput.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `src="data:image/png;base64,`) {
		t.Fatalf("the set-up page has no key or no QR code:\n%s", truncate(page[strings.Index(page, "<main"):], 3000))
	}
	secret := m[1]
	token := csrfInput.FindStringSubmatch(page)[1]
	if rec := c.post("/desk/second-factor", token, url.Values{"secret": {secret}, "code": {"000000"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("turning on with a wrong code: %d, want 422", rec.Code)
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	rec := c.post("/desk/second-factor", token, url.Values{"secret": {secret}, "code": {code}})
	codes := recoveryCodeR.FindAllStringSubmatch(rec.Body.String(), -1)
	if rec.Code != http.StatusOK || len(codes) != 10 {
		t.Fatalf("turning on: %d, %d recovery codes shown", rec.Code, len(codes))
	}
	// Once on, it cannot be replaced without a code: a stolen session must not bind
	// the account to another phone.
	if rec := c.post("/desk/second-factor", token, url.Values{"secret": {"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}, "code": {"123456"}}); rec.Code != http.StatusConflict {
		t.Errorf("turning it on again: %d, want 409", rec.Code)
	}
	c.post("/logout", c.cookies["_csrf"], nil)

	// The password alone no longer signs in: it leads to the code form.
	signInStep := func() string {
		rec := c.post("/login", c.form("/login"), url.Values{"email": {email}, "password": {password}})
		m := tokenInput.FindStringSubmatch(rec.Body.String())
		if rec.Code != http.StatusOK || m == nil || c.cookies["twinning_session"] != "" {
			t.Fatalf("password step: %d, session %q", rec.Code, c.cookies["twinning_session"])
		}
		return m[1]
	}
	pending := signInStep()
	if rec := c.post("/login/code", c.cookies["_csrf"], url.Values{"token": {pending}, "code": {"123456"}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("a wrong code: %d, want 401", rec.Code)
	}
	// The code the account was turned on with was used already.
	if rec := c.post("/login/code", c.cookies["_csrf"], url.Values{"token": {pending}, "code": {code}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("a code used already: %d, want 401", rec.Code)
	}
	recovery := codes[0][1]
	if rec := c.post("/login/code", c.cookies["_csrf"], url.Values{"token": {pending}, "code": {strings.ToUpper(recovery)}}); rec.Code != http.StatusSeeOther || c.cookies["twinning_session"] == "" {
		t.Fatalf("a recovery code: %d", rec.Code)
	}
	c.post("/logout", c.cookies["_csrf"], nil)
	pending = signInStep()
	if rec := c.post("/login/code", c.cookies["_csrf"], url.Values{"token": {pending}, "code": {recovery}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("a recovery code used twice: %d, want 401", rec.Code)
	}
	// Five wrong codes use up the pending sign-in: the password is needed again.
	for i := 0; i < 4; i++ {
		c.post("/login/code", c.cookies["_csrf"], url.Values{"token": {pending}, "code": {"999999"}})
	}
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if rec := c.post("/login/code", c.cookies["_csrf"], url.Values{"token": {pending}, "code": {next}}); rec.Code != http.StatusUnauthorized ||
		!strings.Contains(rec.Body.String(), "Sign in again") {
		t.Errorf("a right code after five wrong ones: %d, want 401 and sign in again", rec.Code)
	}
}

// An administrator without a second factor can do nothing but set one up.
func TestAdministratorsMustTurnOnTwoStepSignIn(t *testing.T) {
	app, db := accountApp(t)
	a, err := db.AddAccount(context.Background(), "bare-admin@burnaby.example", "an administrator's password", "burnaby-ca", "admin")
	if err != nil {
		t.Fatal(err)
	}
	session, err := db.NewSession(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, app: app, cookies: map[string]string{"twinning_session": session}, ip: "192.0.2.171"}
	for _, path := range []string{"/desk", "/admin/import", "/fr/desk"} {
		rec := c.do(http.MethodGet, path, nil)
		if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "/desk/second-factor") {
			t.Errorf("GET %s: %d → %q, want the set-up", path, rec.Code, rec.Header().Get("Location"))
		}
	}
	token := c.form("/desk/second-factor")
	if rec := c.post("/admin/import", token, nil); rec.Code != http.StatusForbidden {
		t.Errorf("an import without a second factor: %d, want 403", rec.Code)
	}
	if rec := c.post("/desk/second-factor/off", token, url.Values{"code": {"000000"}}); rec.Code != http.StatusForbidden {
		t.Errorf("an administrator turning it off: %d, want 403", rec.Code)
	}
}

// Someone who has the password but not the phone cannot guess codes without end:
// every password check counts, so after the account's limit the password step is
// refused before any hash, and with it any new code tries.
func TestCodeGuessingIsBoundedByThePasswordLimit(t *testing.T) {
	app, db := accountApp(t)
	const email, password = "guess-codes@burnaby.example", "a password someone stole"
	a, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official")
	if err != nil {
		t.Fatal(err)
	}
	turnOnSecondFactor(t, db, a)
	codes := map[int]int{}
	for i := 0; i < 12; i++ {
		c := anonymous(t, app)
		c.ip = "198.51.100." + itoaTest(int64(100+i)) // a new address and browser each time
		rec := c.post("/login", c.form("/login"), url.Values{"email": {email}, "password": {password}})
		codes[rec.Code]++
		if m := tokenInput.FindStringSubmatch(rec.Body.String()); m != nil {
			for k := 0; k < 5; k++ {
				c.post("/login/code", c.cookies["_csrf"], url.Values{"token": {m[1]}, "code": {"000000"}})
			}
		}
	}
	if codes[http.StatusOK] > 10 || codes[http.StatusTooManyRequests] < 2 {
		t.Errorf("12 password checks with the right password and wrong codes: %v, want at most 10 code forms, then 429", codes)
	}
}
