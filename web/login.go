package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Login limits: per client address and per email, in a 15-minute window (well under
// ASVS's 100 failures an hour per account).
const (
	loginFailuresPerIP      = 20
	loginFailuresPerAccount = 10
	loginWindow             = 15 * time.Minute
)

func (h *handler) showLogin(c echo.Context) error {
	l := loc(c)
	p := views.LoginPage{Page: h.page(c, l.T("login.title")), CSRF: csrfToken(c), Next: localPath(c.QueryParam("next"))}
	return render(c, http.StatusOK, views.Login(p))
}

func (h *handler) login(c echo.Context) error {
	l := loc(c)
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	password := c.FormValue("password")
	next := localPath(c.FormValue("next"))
	p := views.LoginPage{Page: h.page(c, l.T("login.title")), CSRF: csrfToken(c), Email: email, Next: next}
	ipKey, acctKey := "ip:"+c.RealIP(), "email:"+email
	if !h.loginIP.allowed(ipKey) || !h.loginAccount.allowed(acctKey) {
		p.Error = l.T("login.throttled")
		return render(c, http.StatusTooManyRequests, views.Login(p))
	}
	a, err := h.db.Authenticate(c.Request().Context(), email, password)
	if errors.Is(err, store.ErrBadCredentials) {
		h.loginIP.fail(ipKey)
		h.loginAccount.fail(acctKey)
		p.Error = l.T("login.failed")
		return render(c, http.StatusUnauthorized, views.Login(p))
	}
	if err != nil {
		return err
	}
	// A new session at every login: a token planted before login is worth nothing.
	if old, err := c.Cookie(sessionCookie); err == nil {
		h.db.EndSession(c.Request().Context(), old.Value)
	}
	token, err := h.db.NewSession(c.Request().Context(), a.ID)
	if err != nil {
		return err
	}
	h.setSessionCookie(c, token)
	if next == "" {
		next = l.URL("/desk")
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func (h *handler) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		h.db.EndSession(c.Request().Context(), ck.Value)
	}
	h.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/"))
}
