package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/twinningtracker/twinning/store"
)

const accountKey = "account"

// loadAccount puts the signed-in account, if any, in the context. Requests without
// a session cookie cost nothing.
func (h *handler) loadAccount(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(h.cookieName(sessionCookieBase)); err == nil && ck.Value != "" {
			if a, err := h.db.SessionAccount(c.Request().Context(), ck.Value); err == nil {
				c.Set(accountKey, a)
			} else if errors.Is(err, store.ErrNotFound) {
				h.clearSessionCookie(c)
			}
		}
		return next(c)
	}
}

// account is the signed-in account, if any.
func account(c echo.Context) (store.Account, bool) {
	a, ok := c.Get(accountKey).(store.Account)
	return a, ok
}

func (h *handler) setSessionCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: h.cookieName(sessionCookieBase), Value: token, Path: "/", HttpOnly: true, Secure: h.https,
		SameSite: http.SameSiteLaxMode, MaxAge: int(store.SessionAbsolute / time.Second)})
}

func (h *handler) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: h.cookieName(sessionCookieBase), Value: "", Path: "/", HttpOnly: true, Secure: h.https,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// csrf protects a state-changing route and the form page that posts to it: browsers
// that send Sec-Fetch-Site are checked by it (same-origin only), others by a token in
// a cookie that must come back in the form field _csrf. A failure is a 403. The
// token is taken from the body only: one sent in a POST's address would end up in
// logs and Referer headers, so such a request is refused before the check.
func (h *handler) csrf() echo.MiddlewareFunc {
	check := middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:_csrf",
		CookieName:     h.cookieName(csrfCookieBase),
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   h.https,
		CookieSameSite: http.SameSiteLaxMode,
		ErrorHandler: func(err error, c echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden)
		},
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		checked := check(next)
		return func(c echo.Context) error {
			if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead && c.Request().URL.Query().Has("_csrf") {
				return echo.NewHTTPError(http.StatusForbidden)
			}
			return checked(c)
		}
	}
}

// csrfToken is the token a form must send back in _csrf.
func csrfToken(c echo.Context) string {
	s, _ := c.Get("csrf").(string)
	return s
}

// requireAccount lets only signed-in accounts through: a page asks them to sign in,
// a form post without a session is refused. An administrator without a second
// factor may only set one up (or sign out) until they have.
func requireAccount(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		read := c.Request().Method == http.MethodGet || c.Request().Method == http.MethodHead
		a, ok := account(c)
		if !ok {
			if read {
				return c.Redirect(http.StatusSeeOther, loc(c).URL("/login")+"?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			}
			return echo.NewHTTPError(http.StatusForbidden)
		}
		if a.Role == "admin" && !a.SecondFactor {
			switch strings.TrimPrefix(c.Path(), loc(c).Prefix()) {
			case secondFactorSetup, "/logout":
			default:
				if read {
					return c.Redirect(http.StatusSeeOther, loc(c).URL(secondFactorSetup))
				}
				return echo.NewHTTPError(http.StatusForbidden)
			}
		}
		return next(c)
	}
}

// mustGovern returns a 403 unless the signed-in account may edit the government's
// records (its own, its province's municipalities, anything for an admin).
func (h *handler) mustGovern(c echo.Context, slug string) (store.Account, error) {
	a, ok := account(c)
	if !ok {
		return a, echo.NewHTTPError(http.StatusForbidden)
	}
	governs, err := h.db.Governs(c.Request().Context(), a, slug)
	if err == nil && !governs {
		err = echo.NewHTTPError(http.StatusForbidden)
	}
	return a, err
}

// mustGovernAgreement returns a 403 unless the account governs one of the parties.
func (h *handler) mustGovernAgreement(c echo.Context, ag *store.Agreement) (store.Account, error) {
	a, ok := account(c)
	if !ok {
		return a, echo.NewHTTPError(http.StatusForbidden)
	}
	for _, side := range []string{ag.GovernmentA, ag.GovernmentB} {
		if governs, err := h.db.Governs(c.Request().Context(), a, side); err != nil || governs {
			return a, err
		}
	}
	return a, echo.NewHTTPError(http.StatusForbidden)
}
