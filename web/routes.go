package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// routes lists every route. Public pages exist once per language: English at the
// root, French under /fr, Korean under /ko.
func (h *handler) routes(e *echo.Echo) {
	e.Match(readMethods, "/healthz", h.showHealth)
	// Bulk downloads exist once, at the root: the files are the same in every language.
	e.Match(readMethods, "/data/twinning-csv.zip", h.downloadCSVZip)
	e.Match(readMethods, "/data/twinning.sqlite", h.downloadSQLite)
	e.Match(readMethods, "/static/*", h.serveStatic)
	e.Match(readMethods, "/favicon.ico", h.serveFavicon)
	for _, lang := range views.Langs {
		g := e.Group(views.LangPrefix(lang), withLang(lang))
		page := func(path string, fn echo.HandlerFunc) {
			if path == "/" && lang != views.English {
				path = "" // /fr and /ko themselves
			}
			g.Match(readMethods, path, fn)
		}
		// twins registers a list page's .csv and .json routes; record pages take the
		// extension on their last path parameter instead.
		twins := func(path string, fn echo.HandlerFunc) {
			for _, ext := range []string{"csv", "json"} {
				g.Match(readMethods, path+"."+ext, fn, withFormat(ext))
			}
		}
		page("/", h.showHome)
		page("/about", h.showAbout)
		page("/search", h.showSearch)
		twins("/search", h.showSearch)
		page("/countries", h.showCountries)
		twins("/countries", h.showCountries)
		page("/countries/:cc", h.showCountry)
		page("/countries/:cc/:cc2", h.showBilateral)
		page("/governments/:slug", h.showGovernment)
		page("/agreements/:id", h.showAgreement)
		// charts and embeds
		page("/charts", h.showChartIndex)
		page("/charts/:name", h.showChart)
		g.Match(readMethods, "/embed/charts/:name", h.showEmbed)
		// browse (facets)
		page("/governments", h.showGovernmentList)
		twins("/governments", h.showGovernmentList)
		page("/agreements", h.showAgreementList)
		twins("/agreements", h.showAgreementList)
		page("/activities", h.showActivityList)
		twins("/activities", h.showActivityList)
		// data (downloads, API docs)
		page("/data", h.showData)
	}
}

var readMethods = []string{http.MethodGet, http.MethodHead}

// withLang records the page language for handlers and the error page.
func withLang(lang views.Lang) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(langKey, lang)
			return next(c)
		}
	}
}

const langKey = "lang"
