package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// render writes a page only once it has rendered completely, so a failure midway
// becomes a clean error page instead of half a page.
func render(c echo.Context, status int, page templ.Component) error {
	var buf bytes.Buffer
	if err := page.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// loc is the localiser of the request's language, from the route group or, for
// requests no route matched, from the path prefix.
func loc(c echo.Context) *views.Loc {
	l := views.NewLoc(langOf(c))
	l.Release, _ = c.Get(releaseKey).(*views.ReleaseRef)
	return l
}

func langOf(c echo.Context) views.Lang {
	if l, ok := c.Get(langKey).(views.Lang); ok {
		return l
	}
	p := c.Request().URL.Path
	for _, l := range views.Langs {
		if pre := views.LangPrefix(l); pre != "" && (p == pre || strings.HasPrefix(p, pre+"/")) {
			return l
		}
	}
	return views.English
}

// releaseKey holds, in a release's app, the release the request reads.
const releaseKey = "release"

// page fills the shared part of every page model.
func (h *handler) page(c echo.Context, title string) views.Page {
	l := loc(c)
	path := c.Request().URL.Path
	if pre := l.Prefix(); pre != "" {
		path = strings.TrimPrefix(path, pre)
	}
	if path == "" {
		path = "/"
	}
	asOf, err := h.db.AsOf(c.Request().Context())
	if err != nil {
		h.log.Warn("as-of date", "err", err)
	}
	var latest *views.ReleaseRef
	if h.release == nil {
		switch r, ok, err := h.db.LatestRelease(c.Request().Context()); {
		case err != nil:
			h.log.Warn("latest release", "err", err)
		case ok:
			latest = &views.ReleaseRef{ID: r.ID, AsOf: r.AsOf, CutAt: r.CutAt, Version: r.Version}
		}
	}
	return views.Page{
		LatestRelease: latest,
		Session:       h.session(c),
		L:             l,
		Title:         title,
		Description:   l.T("site.description"),
		Path:          path,
		Query:         c.QueryString(),
		BaseURL:       h.baseURL,
		AsOf:          asOf,
		Assets:        assetURLs,
	}
}

// badRequest is a 400 whose message is safe to show the user.
func badRequest(msg string) error {
	return echo.NewHTTPError(http.StatusBadRequest, msg)
}

func notFound() error { return echo.NewHTTPError(http.StatusNotFound) }

// session is the header's view of the signed-in account, or nil. The government's
// name costs one indexed read, for signed-in pages only (the public's pages never
// have a session, and are cached).
func (h *handler) session(c echo.Context) *views.Session {
	a, ok := account(c)
	if !ok {
		return nil
	}
	s := &views.Session{Role: a.Role, Government: views.Gov{Slug: a.Government, Name: a.Government}, CSRF: csrfToken(c)}
	if ref, err := h.db.Name(c.Request().Context(), a.Government); err == nil {
		s.Government = gov(ref)
	}
	if governs, err := h.db.Governed(c.Request().Context(), a); err == nil {
		s.Governs = governs
	} else {
		h.log.Warn("governed governments", "err", err) // the page shows no edit links; the forms still check
	}
	if s.CSRF == "" {
		if ck, err := c.Cookie(h.cookieName(csrfCookieBase)); err == nil {
			s.CSRF = ck.Value
		}
	}
	return s
}
