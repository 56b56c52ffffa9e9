package web_test

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// writeRoute describes a state-changing route for the CSRF and authorisation matrix.
type writeRoute struct {
	sample string // a concrete path (setup may create the record)
	form   string // a page of the same account that yields a CSRF token
	// who may use it: "public" (no account), "any" (any signed-in account),
	// "admin", or the slug of the government whose officials may.
	owner string
	setup func(t *testing.T, db *store.DB) (sample string)
}

// writeRoutes lists every state-changing route of the portal (English paths; the
// /fr and /ko copies share the handlers and middleware). A route added to the router
// without an entry here fails TestEveryWriteRouteIsCovered.
var writeRoutes = map[string]writeRoute{
	"/login":                              {sample: "/login", form: "/login", owner: "public"},
	"/logout":                             {sample: "/logout", form: "/desk", owner: "any"},
	"/login/code":                         {sample: "/login/code", form: "/login", owner: "public"},
	"/desk/second-factor":                 {sample: "/desk/second-factor", form: "/desk", owner: "any"},
	"/desk/second-factor/off":             {sample: "/desk/second-factor/off", form: "/desk", owner: "any"},
	"/governments/:slug/activities":       {sample: "/governments/burnaby-ca/activities", form: "/desk", owner: "burnaby-ca"},
	"/governments/:slug/activities/sheet": {sample: "/governments/burnaby-ca/activities/sheet", form: "/desk", owner: "burnaby-ca"},
	"/activities/:id":                     {sample: "/activities/kc-act-12", form: "/desk", owner: "burnaby-ca"},
	"/activities/:id/withdraw":            {sample: "/activities/kc-act-13/withdraw", form: "/desk", owner: "burnaby-ca"},
	"/governments/:slug/agreements":       {sample: "/governments/burnaby-ca/agreements", form: "/desk", owner: "burnaby-ca"},
	"/agreements/:id":                     {sample: "/agreements/burnaby-ca--hwaseong-kr", form: "/desk", owner: "burnaby-ca"},
	"/agreements/:id/events":              {sample: "/agreements/burnaby-ca--hwaseong-kr/events", form: "/desk", owner: "burnaby-ca"},
	"/governments/:slug/reports":          {sample: "/governments/burnaby-ca/reports", form: "/desk", owner: "burnaby-ca"},
	"/corrections":                        {sample: "/corrections", form: "/corrections/new?record=agreement:burnaby-ca--hwaseong-kr", owner: "public"},
	"/corrections/:id/decide":             {form: "/desk", owner: "burnaby-ca", setup: pendingCorrection},
	"/confirmations/:type/:id":            {form: "/desk", owner: "burnaby-ca", setup: awaitingActivity},
	"/admin/import":                       {sample: "/admin/import", form: "/desk", owner: "admin"},
	"/releases":                           {sample: "/releases", form: "/desk", owner: "admin"},
	"/releases/:id/delete":                {form: "/desk", owner: "admin", setup: cutRelease},
}

// cutRelease cuts a release to delete.
func cutRelease(t *testing.T, db *store.DB) string {
	r, err := web.CutRelease(context.Background(), db, "", "test", "route test")
	if err != nil {
		t.Fatal(err)
	}
	return "/releases/" + r.ID + "/delete"
}

func pendingCorrection(t *testing.T, db *store.DB) string {
	c, err := db.SuggestCorrection(context.Background(), store.Correction{RecordType: "agreement",
		RecordID: "burnaby-ca--hwaseong-kr", Text: "The 2010 date is disputed."})
	if err != nil {
		t.Fatal(err)
	}
	return "/corrections/" + itoaTest(c.ID) + "/decide"
}

func itoaTest(n int64) string { return strconv.FormatInt(n, 10) }

// langFree strips the /fr or /ko prefix of a route path.
func langFree(p string) string {
	for _, pre := range []string{"/fr", "/ko"} {
		if strings.HasPrefix(p, pre+"/") {
			return strings.TrimPrefix(p, pre)
		}
	}
	return p
}

func TestEveryWriteRouteIsCovered(t *testing.T) {
	app, _ := accountApp(t)
	seen := map[string]bool{}
	for _, r := range app.Routes() {
		switch r.Method {
		case http.MethodGet, http.MethodHead, "echo_route_not_found":
			continue
		}
		p := langFree(r.Path)
		if _, ok := writeRoutes[p]; !ok {
			t.Errorf("%s %s changes state but has no case in writeRoutes (CSRF and authorisation untested)", r.Method, r.Path)
		}
		seen[p] = true
	}
	for p := range writeRoutes {
		if !seen[p] {
			t.Errorf("writeRoutes lists %s, which the router no longer has", p)
		}
	}
}

// For every state-changing route: without the CSRF field it is refused (403) and
// writes nothing; with a valid token but the wrong account it is refused (403) and
// writes nothing.
func TestWriteRoutesRefuseMissingCSRFAndForeignAccounts(t *testing.T) {
	app, db := accountApp(t)
	paths := make([]string, 0, len(writeRoutes))
	for p := range writeRoutes {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	owners := map[string]*client{}
	account := func(owner string) *client {
		if c := owners[owner]; c != nil {
			return c
		}
		var c *client
		switch owner {
		case "public":
			c = anonymous(t, app)
		case "any", "admin":
			c = signIn(t, app, db, "matrix-admin@portal.example", "burnaby-ca", "admin")
		default:
			c = signIn(t, app, db, "matrix@"+owner+".example", owner, "official")
		}
		owners[owner] = c
		return c
	}
	for _, p := range paths {
		r := writeRoutes[p]
		sample := r.sample
		if r.setup != nil {
			sample = r.setup(t, db)
		}
		for _, lang := range []string{"", "/fr", "/ko"} {
			path := lang + sample
			// 1. The rightful account without the CSRF field.
			c := account(r.owner)
			c.form(lang + r.form) // the CSRF cookie is set, but the field is missing
			before := changeCount(t, db)
			if rec := c.post(path, "", url.Values{"title": {"x"}, "reason": {"x"}}); rec.Code != http.StatusForbidden {
				t.Errorf("POST %s without _csrf: %d, want 403", path, rec.Code)
			}
			if changeCount(t, db) != before {
				t.Errorf("POST %s without _csrf wrote something", path)
			}
			// 2. A valid token, but an account that may not do this.
			var foreign *client
			switch r.owner {
			case "public", "any":
				continue // anyone may: nothing to deny
			case "admin":
				foreign = signIn(t, app, db, "matrix-official@burnaby.example", "burnaby-ca", "official")
			default:
				foreign = signIn(t, app, db, "matrix-foreign@dangjin.example", "dangjin-kr", "official")
			}
			token := foreign.form(lang + "/desk")
			before = changeCount(t, db)
			rec := foreign.post(path, token, url.Values{"title": {"x"}, "reason": {"x"}, "decision": {"accept"},
				"year": {"2025"}, "agreement": {"burnaby-ca--hwaseong-kr"}, "withdraw_reason": {"x"}, "status": {"active"},
				"event": {"renewed"}, "government_b": {"dangjin-kr"}})
			if rec.Code != http.StatusForbidden {
				t.Errorf("POST %s by a foreign account: %d, want 403", path, rec.Code)
			}
			if changeCount(t, db) != before {
				t.Errorf("POST %s by a foreign account wrote something", path)
			}
		}
	}
}

// awaitingActivity has an official of Hwaseong report an activity of the Burnaby–
// Hwaseong agreement, which then awaits Burnaby's word.
func awaitingActivity(t *testing.T, db *store.DB) string {
	a, _, err := db.CreateActivity(context.Background(), "official:hwaseong-kr", store.Activity{ID: store.NewActivityID(),
		Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-04-01", Category: "culture_arts", From: "hwaseong-kr",
		Title: "A concert Burnaby has to confirm"}, "route test")
	if err != nil {
		t.Fatal(err)
	}
	return "/confirmations/activity/" + a.ID
}
