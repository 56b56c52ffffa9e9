package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

func (h *handler) showLogin(c echo.Context) error {
	l := loc(c)
	p := views.LoginPage{Page: h.page(c, l.T("login.title")), CSRF: csrfToken(c), Next: localTarget(c.QueryParam("next"))}
	return render(c, http.StatusOK, views.Login(p))
}

// login checks a sign-in through the guard (login_guard.go): the attempt is counted
// first, then waits for a hash slot, then the password is checked. A refusal before
// the hash costs the server nothing but this answer.
func (h *handler) login(c echo.Context) error {
	l := loc(c)
	ctx := c.Request().Context()
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	next := localTarget(c.FormValue("next"))
	p := views.LoginPage{Page: h.page(c, l.T("login.title")), CSRF: csrfToken(c), Email: email, Next: next}
	refuse := func(status int, key string) error {
		p.Error = l.T(key)
		if status == http.StatusTooManyRequests {
			c.Response().Header().Set("Retry-After", "5")
		}
		return render(c, status, views.Login(p))
	}
	if len(email) > 254 {
		return refuse(http.StatusUnauthorized, "login.failed")
	}
	device := h.knownDevice(c, email)
	t, ok := h.guard.reserve(keysFor(c.RealIP(), email, device)...)
	if !ok {
		return refuse(http.StatusTooManyRequests, "login.throttled")
	}
	release, ok := h.guard.hashSlot(ctx, device != "")
	if !ok {
		h.guard.refund(t)
		return refuse(http.StatusTooManyRequests, "login.busy")
	}
	a, err := h.db.Authenticate(ctx, store.SignInAttempt{Email: email, Password: c.FormValue("password"),
		Address: c.RealIP(), KnownDevice: device != ""})
	release()
	if errors.Is(err, store.ErrBadCredentials) {
		return refuse(http.StatusUnauthorized, "login.failed")
	}
	if errors.Is(err, store.ErrCodeNeeded) {
		// The password was right, but the attempt stays counted: each password check
		// opens only a few code tries, so someone who has the password can try at most
		// signInsPerAccount × 5 codes in a window, not a million.
		return h.askForCode(c, a, device, next)
	}
	if err != nil {
		h.guard.refund(t)
		return err
	}
	h.guard.succeeded(t)
	return h.startSession(c, a, device, next)
}

// startSession signs a checked account in: a new session (a token planted before
// sign-in is worth nothing), a new CSRF token for the same reason, and the browser
// remembered as one this account signs in from.
func (h *handler) startSession(c echo.Context, a store.Account, device, next string) error {
	ctx := c.Request().Context()
	if old, err := c.Cookie(h.cookieName(sessionCookieBase)); err == nil {
		h.db.EndSession(ctx, old.Value)
	}
	token, err := h.db.NewSession(ctx, a.ID)
	if err != nil {
		return err
	}
	h.setSessionCookie(c, token)
	h.rotateCSRF(c)
	if device, err = h.db.RememberDevice(ctx, a.ID, device); err == nil {
		h.setDeviceCookie(c, device)
	} else {
		h.log.Warn("device not remembered", "err", err) // signing in matters more than the convenience
	}
	if next == "" {
		next = loc(c).URL("/desk")
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// rotateCSRF replaces the CSRF cookie with a fresh token, which the next form page
// takes up.
func (h *handler) rotateCSRF(c echo.Context) {
	raw := make([]byte, 24)
	rand.Read(raw)
	c.SetCookie(&http.Cookie{Name: h.cookieName(csrfCookieBase), Value: base64.RawURLEncoding.EncodeToString(raw), Path: "/",
		HttpOnly: true, Secure: h.https, SameSite: http.SameSiteLaxMode, MaxAge: 86400})
}

func (h *handler) logout(c echo.Context) error {
	if ck, err := c.Cookie(h.cookieName(sessionCookieBase)); err == nil {
		h.db.EndSession(c.Request().Context(), ck.Value)
	}
	h.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/"))
}
