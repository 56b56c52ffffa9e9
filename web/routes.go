package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// routes lists every route. Public pages exist once per language: English at the
// root, French under /fr, Korean under /ko. A release's own app (release_serve.go)
// has the public pages only, under /releases/{id} after the language.
func (h *handler) routes(e *echo.Echo) {
	if h.release != nil {
		e.Match(readMethods, h.releaseBase()+"/oembed", h.showOEmbed)
		h.publicRoutes(e)
		return
	}
	e.Match(readMethods, "/healthz", h.showHealth)
	// Bulk downloads exist once, at the root: the files are the same in every language.
	e.Match(readMethods, "/data/twinning-csv.zip", h.downloadCSVZip)
	e.Match(readMethods, "/data/twinning.sqlite", h.downloadSQLite)
	e.Match(readMethods, catalogPath, h.showCatalog)
	// A release's files likewise; its pages are served by its own app.
	e.Match(readMethods, "/releases/:id/:file", h.downloadReleaseFile)
	e.Match(readMethods, "/static/*", h.serveStatic)
	e.Match(readMethods, "/favicon.ico", h.serveFavicon)
	// For crawlers: once, at the root; the sitemap lists every language.
	e.Match(readMethods, "/robots.txt", h.showRobots)
	e.Match(readMethods, "/sitemap.xml", h.showSitemapIndex)
	e.Match(readMethods, "/sitemaps/:file", h.showSitemap)
	// oEmbed is one endpoint for every language: the URL asked about carries it.
	e.Match(readMethods, "/oembed", h.showOEmbed)
	h.publicRoutes(e)
	csrf := h.csrf()
	for _, lang := range views.Langs {
		g := e.Group(views.LangPrefix(lang))
		inLang := withLang(lang)
		page := func(path string, fn echo.HandlerFunc) { g.Match(readMethods, path, fn, inLang) }
		twins := func(path string, fn echo.HandlerFunc) {
			for _, ext := range []string{"csv", "json"} {
				g.Match(readMethods, path+"."+ext, fn, inLang, withFormat(ext))
			}
		}
		// Accounts, editing and releases. Every state-changing route, and the
		// form page that posts to it, runs the CSRF check; tests enumerate these routes.
		form := func(path string, fn echo.HandlerFunc, m ...echo.MiddlewareFunc) {
			g.Match(readMethods, path, fn, append([]echo.MiddlewareFunc{inLang, csrf}, m...)...)
		}
		post := func(path string, fn echo.HandlerFunc, m ...echo.MiddlewareFunc) {
			g.POST(path, fn, append([]echo.MiddlewareFunc{inLang, csrf}, m...)...)
		}
		if h.readOnly { // a read replica: every form and write leads to the primary (readonly.go)
			form = func(path string, _ echo.HandlerFunc, _ ...echo.MiddlewareFunc) {
				g.Match(readMethods, path, h.refuseOnReplica, inLang)
			}
			post = func(path string, _ echo.HandlerFunc, _ ...echo.MiddlewareFunc) {
				g.POST(path, h.refuseOnReplica, inLang)
			}
		}
		// releases: the list and each release's page belong to the live portal
		page("/releases", h.showReleases)
		twins("/releases", h.showReleases)
		page("/releases/:id", h.showRelease)
		post("/releases", h.cutRelease, requireAccount)
		post("/releases/:id/delete", h.deleteRelease, requireAccount)
		form("/login", h.showLogin)
		post("/login", h.login)
		post("/login/code", h.loginCode)
		form(secondFactorSetup, h.showSecondFactor, requireAccount)
		post(secondFactorSetup, h.enableSecondFactor, requireAccount)
		post(secondFactorSetup+"/off", h.disableSecondFactor, requireAccount)
		post("/logout", h.logout, requireAccount)
		form("/desk", h.showDesk, requireAccount)
		form("/governments/:slug/activities/new", h.newActivity, requireAccount)
		post("/governments/:slug/activities", h.createActivity, requireAccount)
		form("/governments/:slug/activities/sheet", h.showReportSheet, requireAccount)
		post("/governments/:slug/activities/sheet", h.uploadReportSheet, requireAccount)
		if h.readOnly {
			form("/governments/:slug/activities/sheet.xlsx", nil)
		} else {
			g.Match(readMethods, "/governments/:slug/activities/sheet.xlsx", h.downloadReportSheet, inLang, requireAccount)
		}
		form("/activities/:id/edit", h.editActivity, requireAccount)
		post("/activities/:id", h.updateActivity, requireAccount)
		post("/activities/:id/withdraw", h.withdrawActivity, requireAccount)
		form("/governments/:slug/agreements/new", h.newAgreement, requireAccount)
		post("/governments/:slug/agreements", h.createAgreement, requireAccount)
		form("/agreements/:id/edit", h.editAgreement, requireAccount)
		post("/agreements/:id", h.updateAgreement, requireAccount)
		post("/agreements/:id/events", h.addEvent, requireAccount)
		post("/confirmations/:type/:id", h.decideConfirmation, requireAccount)
		// annual reporting
		post("/governments/:slug/reports", h.declareReport, requireAccount)
		// public corrections (no account: rate-limited, with a honeypot field)
		form("/corrections/new", h.showCorrectionForm)
		post("/corrections", h.createCorrection)
		post("/corrections/:id/decide", h.decideCorrection, requireAccount)
		// admin import
		form("/admin/import", h.showImport, requireAccount)
		post("/admin/import", h.runImport, requireAccount, importBodyLimit)
	}
}

// publicRoutes are the pages anyone reads, in each language: the live portal's and,
// under /releases/{id}, a release's.
func (h *handler) publicRoutes(e *echo.Echo) {
	for _, lang := range views.Langs {
		// The language is route middleware, not group middleware: Echo gives a group
		// with middleware a catch-all route, which would answer a wrong method on a
		// real page with 404 instead of 405 and its Allow header.
		g := e.Group(views.LangPrefix(lang) + h.releaseBase())
		inLang := withLang(lang)
		page := func(path string, fn echo.HandlerFunc) {
			if path == "/" && lang != views.English {
				path = "" // /fr and /ko themselves
			}
			g.Match(readMethods, path, fn, inLang)
		}
		// twins registers a list page's .csv and .json routes; record pages take the
		// extension on their last path parameter instead.
		twins := func(path string, fn echo.HandlerFunc) {
			for _, ext := range []string{"csv", "json"} {
				g.Match(readMethods, path+"."+ext, fn, inLang, withFormat(ext))
			}
		}
		if h.release == nil {
			page("/", h.showHome) // a release's home is its page on the live portal, /releases/{id}
		}
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
		g.Match(readMethods, "/embed/charts/:name", h.showEmbed, inLang)
		// browse (facets)
		page("/governments", h.showGovernmentList)
		twins("/governments", h.showGovernmentList)
		page("/agreements", h.showAgreementList)
		twins("/agreements", h.showAgreementList)
		page("/activities", h.showActivityList)
		twins("/activities", h.showActivityList)
		// data (downloads, API docs)
		page("/data", h.showData)
		// annual reporting, corrections and the public history of records
		page("/reporting", h.showReporting)
		twins("/reporting", h.showReporting)
		page("/corrections", h.showCorrections)
		twins("/corrections", h.showCorrections)
		page("/governments/:slug/history", h.showGovernmentHistory)
		twins("/governments/:slug/history", h.showGovernmentHistory)
		page("/agreements/:id/history", h.showAgreementHistory)
		twins("/agreements/:id/history", h.showAgreementHistory)
		page("/agreements/:id/brief", h.showAgreementBrief)
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
