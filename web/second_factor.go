package web

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"image/png"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// The second factor: after a right password, an account that has TOTP on is asked
// for a code (loginCode); officials turn it on and off on their desk, and
// administrators must have it before anything else (requireAccount).

// askForCode shows the code form of a sign-in whose password was right.
func (h *handler) askForCode(c echo.Context, a store.Account, device, next string) error {
	token, err := h.db.BeginSecondFactor(c.Request().Context(), a.ID, device != "")
	if err != nil {
		return err
	}
	l := loc(c)
	noStore(c)
	return render(c, http.StatusOK, views.LoginCode(views.LoginCodePage{Page: h.page(c, l.T("login.code_title")),
		CSRF: csrfToken(c), Token: token, Next: next}))
}

// loginCode checks the code of a pending sign-in.
func (h *handler) loginCode(c echo.Context) error {
	l := loc(c)
	token, next := c.FormValue("token"), localTarget(c.FormValue("next"))
	if len(token) != 64 {
		return badRequest(l.T("login.code_expired"))
	}
	a, err := h.db.FinishSecondFactor(c.Request().Context(), token, c.FormValue("code"), c.RealIP())
	switch {
	case errors.Is(err, store.ErrBadCode):
		p := views.LoginCodePage{Page: h.page(c, l.T("login.code_title")), CSRF: csrfToken(c), Token: token, Next: next,
			Error: l.T("login.code_wrong")}
		return render(c, http.StatusUnauthorized, views.LoginCode(p))
	case errors.Is(err, store.ErrNotFound):
		p := views.LoginPage{Page: h.page(c, l.T("login.title")), CSRF: csrfToken(c), Next: next, Error: l.T("login.code_expired")}
		return render(c, http.StatusUnauthorized, views.Login(p))
	case err != nil:
		return err
	}
	return h.startSession(c, a, h.knownDevice(c, a.Email), next)
}

// showSecondFactor is the desk's page for the second factor: a new secret to scan
// while it is off, the way to turn it off while it is on.
func (h *handler) showSecondFactor(c echo.Context) error {
	a, _ := account(c)
	p := h.secondFactorPage(c, a)
	p.On = a.SecondFactor
	if !a.SecondFactor {
		if err := h.fillNewKey(&p, a); err != nil {
			return err
		}
	}
	noStore(c)
	return render(c, http.StatusOK, views.SecondFactor(p))
}

// secondFactorPage is the page's shared part for the signed-in account.
func (h *handler) secondFactorPage(c echo.Context, a store.Account) views.SecondFactorPage {
	return views.SecondFactorPage{Page: h.page(c, loc(c).T("totp.title")), CSRF: csrfToken(c), Required: a.Role == "admin"}
}

func (h *handler) fillNewKey(p *views.SecondFactorPage, a store.Account) error {
	key, err := store.NewSecondFactorKey(a.Email)
	if err != nil {
		return err
	}
	img, err := key.Image(220, 220)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	p.Secret, p.Link = key.Secret(), key.URL()
	p.QR = "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	return nil
}

// enableSecondFactor turns TOTP on once a code made with the shown secret is right,
// and shows the recovery codes (once).
func (h *handler) enableSecondFactor(c echo.Context) error {
	a, _ := account(c)
	l := loc(c)
	if a.SecondFactor {
		// Replacing a second factor would need no code at all: turn it off first,
		// which takes a current code.
		return echo.NewHTTPError(http.StatusConflict)
	}
	secret := strings.TrimSpace(c.FormValue("secret"))
	if _, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret); err != nil || len(secret) < 16 || len(secret) > 64 {
		return badRequest(l.T("totp.bad_secret"))
	}
	p := h.secondFactorPage(c, a)
	codes, err := h.db.EnableSecondFactor(c.Request().Context(), a.ID, secret, c.FormValue("code"))
	if errors.Is(err, store.ErrBadCode) {
		if err := h.fillNewKey(&p, a); err != nil {
			return err
		}
		p.Secret, p.Error = secret, l.T("totp.wrong_code")
		return render(c, http.StatusUnprocessableEntity, views.SecondFactor(p))
	}
	if err != nil {
		return err
	}
	if err := h.endOtherSessions(c, a); err != nil {
		return err
	}
	p.On, p.RecoveryCodes = true, codes
	noStore(c)
	return render(c, http.StatusOK, views.SecondFactor(p))
}

// disableSecondFactor turns TOTP off for an official who gives a current code.
func (h *handler) disableSecondFactor(c echo.Context) error {
	a, _ := account(c)
	l := loc(c)
	if a.Role == "admin" {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	err := h.db.DisableSecondFactor(c.Request().Context(), a, c.FormValue("code"))
	if errors.Is(err, store.ErrBadCode) {
		p := h.secondFactorPage(c, a)
		p.On, p.Error = true, l.T("totp.wrong_code")
		return render(c, http.StatusUnprocessableEntity, views.SecondFactor(p))
	}
	if err != nil {
		return err
	}
	if err := h.endOtherSessions(c, a); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, l.URL("/desk"))
}

// endOtherSessions signs the account out everywhere but here: a change of its
// second factor must not leave a session opened before it alive.
func (h *handler) endOtherSessions(c echo.Context, a store.Account) error {
	ck, err := c.Cookie(h.cookieName(sessionCookieBase))
	if err != nil {
		return h.db.EndOtherSessions(c.Request().Context(), a.ID, "")
	}
	return h.db.EndOtherSessions(c.Request().Context(), a.ID, ck.Value)
}

// noStore keeps a page out of every cache, the browser's included: it shows a
// secret (the key to scan, the recovery codes) or a sign-in step.
func noStore(c echo.Context) { c.Response().Header().Set("Cache-Control", "no-store") }

// secondFactorSetup is where an administrator without a second factor is sent.
const secondFactorSetup = "/desk/second-factor"
