package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// Cookie names. Over HTTPS each takes the __Host- prefix: the browser then accepts
// it only from this host, over HTTPS, for the whole site, so a sibling subdomain
// cannot plant one (a planted CSRF token or session would otherwise be honoured).
const (
	sessionCookieBase = "twinning_session"
	deviceCookieBase  = "twinning_device"
	csrfCookieBase    = "_csrf"
)

// deviceCookieAge is how long a browser is remembered as one its account signed in
// from; every sign-in from it renews it.
const deviceCookieAge = 365 * 24 * time.Hour

func (h *handler) cookieName(base string) string {
	if h.https {
		return "__Host-" + strings.TrimPrefix(base, "_")
	}
	return base
}

// knownDevice is the browser's device token if it was issued to the account of
// email, "" otherwise (no cookie, another account's, or forgotten).
func (h *handler) knownDevice(c echo.Context, email string) string {
	ck, err := c.Cookie(h.cookieName(deviceCookieBase))
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return ""
	}
	owner, err := h.db.DeviceAccount(c.Request().Context(), ck.Value)
	if err != nil || !strings.EqualFold(owner, email) {
		return ""
	}
	return ck.Value
}

func (h *handler) setDeviceCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: h.cookieName(deviceCookieBase), Value: token, Path: "/", HttpOnly: true, Secure: h.https,
		SameSite: http.SameSiteLaxMode, MaxAge: int(deviceCookieAge / time.Second)})
}

// tokenDigest keeps a device token out of the guard's memory: only a digest is a key.
func tokenDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:16])
}
