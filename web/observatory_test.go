package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/web"
)

// observatoryScore grades a response the way Mozilla's HTTP Observatory does
// (its scoring for CSP, cookies, CORS, Referrer-Policy, HSTS, Subresource Integrity,
// X-Content-Type-Options, X-Frame-Options and Cross-Origin-Resource-Policy): 100
// plus bonuses minus deductions; A+ is 100 or more. It returns the score and every
// deduction, named as the Observatory names it. The redirection test (plain HTTP
// must redirect to HTTPS) belongs to the operator's proxy and is not graded here.
func observatoryScore(res *http.Response, body string) (score int, deductions []string) {
	score = 100
	deduct := func(name string, points int) { score -= points; deductions = append(deductions, name) }
	h := res.Header

	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			directives[f[0]] = strings.Join(f[1:], " ")
		}
	}
	script, ok := directives["script-src"]
	if !ok {
		script = directives["default-src"]
	}
	switch {
	case csp == "":
		deduct("csp-not-implemented", 25)
	case directives["default-src"] == "" && directives["script-src"] == "":
		deduct("csp-implemented-with-unsafe-inline", 20) // nothing restricts scripts
	case strings.Contains(script, "'unsafe-inline'"):
		deduct("csp-implemented-with-unsafe-inline", 20)
	case strings.Contains(script, "'unsafe-eval'"):
		deduct("csp-implemented-with-unsafe-eval", 10)
	case strings.Contains(csp, "http:"):
		deduct("csp-implemented-with-insecure-scheme", 20)
	case directives["object-src"] == "" && !strings.Contains(directives["default-src"], "'none'"):
		deduct("csp-implemented-but-object-src-unrestricted", 0)
	}

	cookies := res.Cookies()
	for _, c := range cookies {
		session := strings.Contains(strings.ToLower(c.Name), "session") || strings.Contains(strings.ToLower(c.Name), "csrf")
		if !c.Secure {
			if session {
				deduct("cookies-session-without-secure-flag: "+c.Name, 40)
			} else {
				deduct("cookies-without-secure-flag: "+c.Name, 20)
			}
		}
		if session && !c.HttpOnly {
			deduct("cookies-session-without-httponly-flag: "+c.Name, 30)
		}
		if c.SameSite == http.SameSiteDefaultMode || c.SameSite == http.SameSiteNoneMode {
			deduct("cookies-samesite-flag-invalid: "+c.Name, 20)
		}
	}
	if len(cookies) > 0 && len(deductions) == 0 {
		score += 5 // cookies-secure-with-httponly-sessions-and-samesite
	}

	if h.Get("Access-Control-Allow-Origin") == "*" && h.Get("Access-Control-Allow-Credentials") == "true" {
		deduct("cross-origin-resource-sharing-implemented-with-universal-access", 50)
	}

	switch rp := strings.ToLower(h.Get("Referrer-Policy")); rp {
	case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
		score += 5
	case "origin", "origin-when-cross-origin", "no-referrer-when-downgrade", "":
	default:
		deduct("referrer-policy-unsafe", 5)
	}

	hsts := h.Get("Strict-Transport-Security")
	if hsts == "" {
		deduct("hsts-not-implemented", 20)
	} else if age, ok := strings.CutPrefix(strings.Split(hsts, ";")[0], "max-age="); !ok {
		deduct("hsts-header-invalid", 20)
	} else if n, _ := strconv.Atoi(age); n < 15768000 {
		deduct("hsts-implemented-max-age-less-than-six-months", 10)
	}

	if strings.Contains(body, `src="http`) || strings.Contains(body, `src="//`) {
		deduct("sri-not-implemented-and-external-scripts-not-loaded-securely", 50)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		deduct("x-content-type-options-not-implemented", 5)
	}
	switch {
	case strings.Contains(directives["frame-ancestors"], "'none'"), strings.Contains(directives["frame-ancestors"], "'self'"):
		score += 5 // x-frame-options-implemented-via-csp
	case h.Get("X-Frame-Options") == "DENY", h.Get("X-Frame-Options") == "SAMEORIGIN":
	default:
		deduct("x-frame-options-not-implemented", 20)
	}
	if corp := h.Get("Cross-Origin-Resource-Policy"); corp != "" && corp != "same-origin" && corp != "same-site" && corp != "cross-origin" {
		deduct("cross-origin-resource-policy-header-invalid", 5)
	}
	return score, deductions
}

// Over HTTPS, the pages an Observatory scan would grade (home, a record, the
// sign-in form with its cookies, and the desk of a signed-in official) score A+
// (100 or more) with no deduction at all.
func TestObservatoryStyleChecksOverHTTPS(t *testing.T) {
	_, db := accountApp(t)
	secure := web.New(web.Config{DB: db, BaseURL: "https://portal.test", Logger: slog.New(slog.DiscardHandler)})
	official := signIn(t, secure, db, "observatory@burnaby.example", "burnaby-ca", "official")
	official.cookies["__Host-twinning_session"] = official.cookies["twinning_session"]
	for _, path := range []string{"/", "/governments/burnaby-ca", "/fr/agreements/burnaby-ca--hwaseong-kr", "/login", "/ko/login", "/desk"} {
		req := httptest.NewRequest(http.MethodGet, "https://portal.test"+path, nil)
		rec := official.send(req)
		if path != "/desk" {
			rec = httptest.NewRecorder()
			secure.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://portal.test"+path, nil))
		}
		if rec.Code != http.StatusOK {
			t.Errorf("%s: %d", path, rec.Code)
			continue
		}
		score, deductions := observatoryScore(rec.Result(), rec.Body.String())
		if score < 100 || len(deductions) > 0 {
			t.Errorf("%s: Observatory-style score %d, deductions %v (want A+, none)", path, score, deductions)
		}
	}
}

// The grader finds what it is meant to: a page without the portal's headers fails.
func TestObservatoryScoreFindsWeakHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	http.SetCookie(rec, &http.Cookie{Name: "sessionid", Value: "x"})
	rec.Header().Set("Content-Security-Policy", "script-src 'self' 'unsafe-inline'")
	rec.WriteHeader(http.StatusOK)
	score, deductions := observatoryScore(rec.Result(), `<script src="http://cdn.example/x.js"></script>`)
	if score >= 100 || len(deductions) < 5 {
		t.Errorf("weak headers scored %d with deductions %v", score, deductions)
	}
}
