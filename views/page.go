// Package views renders the portal's pages with templ from typed view models, and
// builds chart options (go-echarts → JSON) from plain series. It knows nothing of the
// database or of HTTP.
package views

import (
	"fmt"
	"slices"

	"github.com/a-h/templ"
)

// Page is what every page shares: language, title, the language-neutral path (for
// the switcher and hreflang links) and the data's as-of date.
type Page struct {
	L           *Loc
	Title       string
	Description string
	Path        string // without language prefix, e.g. /governments/burnaby-ca
	Query       string // raw query string to carry over to the other languages, or ""
	BaseURL     string // scheme://host of the portal, for canonical and hreflang links
	AsOf        string
	HasCharts   bool   // load the chart scripts (only pages with charts pay for them)
	Feed        string // root-relative URL of the page's Atom feed, or "" for none
	// OEmbed is the absolute URL of the page's oEmbed answer (chart pages), for the
	// discovery link; "" for none.
	OEmbed string
	// Image is the absolute URL of a picture of the page (a chart's SVG) for link
	// previews, with ImageAlt its text (the chart's summary); "" for none.
	Image, ImageAlt string
	// LatestRelease is the newest release, which the "cite this" block offers as a
	// link that never changes; nil when there is none (and in a release).
	LatestRelease *ReleaseRef
	// Session is the signed-in account, shown in the header; nil for the public.
	Session *Session
	// Assets maps a static asset's name (css/site.css) to its URL with a content
	// hash, cacheable forever; the web layer fills it.
	Assets map[string]string
}

// Session is who is signed in, as the header names them, and the token the
// header's sign-out form sends ("" when the browser holds none: the header then
// links to the desk, whose form has one).
type Session struct {
	Role       string // official | admin
	Government Gov
	CSRF       string
	Governs    []string // slugs whose records the account may change (not needed for admins)
}

// MayChange reports whether the signed-in account may change a record of any of
// the governments (an agreement's two parties, say): pages show the edit links
// then. The server checks again on every form; a link is only a way in.
func (s *Session) MayChange(slugs ...string) bool {
	if s == nil {
		return false
	}
	if s.Role == "admin" {
		return true
	}
	for _, slug := range slugs {
		if slices.Contains(s.Governs, slug) {
			return true
		}
	}
	return false
}

// Asset is the URL of a static asset: the hashed one when known, else the plain
// /static/ path (which always works, with a short cache).
func (p Page) Asset(name string) string {
	if u, ok := p.Assets[name]; ok {
		return u
	}
	return "/static/" + name
}

// LangURL is this page's URL in another language (in the same release, if any).
func (p Page) LangURL(l Lang) string {
	pre := LangPrefix(l)
	if p.L.Release != nil {
		pre += p.L.Release.Base()
	}
	return joinPath(pre, p.Path, p.Query)
}

// ReleaseURL is this page's URL in release id, in the page's language.
func (p Page) ReleaseURL(id string) string {
	return joinPath(LangPrefix(p.L.Lang)+(&ReleaseRef{ID: id}).Base(), p.Path, p.Query)
}

// LiveLangURL is this page's URL on the live portal, in language l.
func (p Page) LiveLangURL(l Lang) string { return joinPath(LangPrefix(l), p.Path, p.Query) }

// joinPath puts a prefix, a path and a query together: the home page is /fr, not
// /fr/ (trailing slashes redirect), and / when both are empty.
func joinPath(pre, path, query string) string {
	u := pre + path
	switch {
	case u == "":
		u = "/"
	case path == "/" && pre != "":
		u = pre
	}
	if query != "" {
		u += "?" + query
	}
	return u
}

// AbsURL makes a root-relative URL absolute with the portal's base URL.
func (p Page) AbsURL(u string) string { return p.BaseURL + u }

// FullTitle is the <title>: the page's title and the site's name.
func (p Page) FullTitle() string {
	if p.Title == "" {
		return p.L.T("site.name")
	}
	return p.Title + " · " + p.L.T("site.name")
}

// safeURL passes an http(s) URL through as an href; sources are validated on import,
// this is the second line of defence.
func safeURL(u string) templ.SafeURL {
	return templ.URL(u)
}

func itoa(n int) string { return fmt.Sprint(n) }

// colorScheme is the color-scheme an embed declares for its theme.
func colorScheme(theme string) string {
	switch theme {
	case "light", "dark":
		return theme
	}
	return "light dark"
}

// TwinURL is the root-relative URL of the page's .csv or .json twin in its language,
// its query carried over.
func (p Page) TwinURL(ext string) string {
	u := p.L.URL(p.Path) + "." + ext
	if p.Query != "" {
		u += "?" + p.Query
	}
	return u
}
