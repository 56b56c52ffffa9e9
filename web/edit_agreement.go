package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

func (h *handler) agreementForm(c echo.Context, self views.Gov, partner *views.Gov, values map[string]string, errs views.FormErrors) views.AgreementFormPage {
	l := loc(c)
	return views.AgreementFormPage{Page: h.page(c, l.F("form.agreement_title", "government", l.GovName(self))), CSRF: csrfToken(c),
		Self: self, Partner: partner, Values: values, Errors: errs,
		Kinds:      options(l, "kind", store.Kinds[:2], true),
		Statuses:   options(l, "status", store.Statuses, false),
		EventTypes: options(l, "event", store.EventTypes, false)}
}

func (h *handler) governmentRef(c echo.Context, slug string) (views.Gov, error) {
	g, err := h.db.Government(c.Request().Context(), slug)
	if err != nil {
		return views.Gov{}, err
	}
	return gov(g.Ref()), nil
}

func (h *handler) newAgreement(c echo.Context) error {
	slug := c.Param("slug")
	if _, err := h.mustGovern(c, slug); err != nil {
		return err
	}
	self, err := h.governmentRef(c, slug)
	if err != nil {
		return err
	}
	p := h.agreementForm(c, self, nil, map[string]string{"status": "active"}, nil)
	p.Action = loc(c).URL("/governments/" + slug + "/agreements")
	return render(c, http.StatusOK, views.AgreementForm(p))
}

// readAgreement reads an agreement's own fields (import-format names).
func readAgreement(f *formReader) store.Agreement {
	kind := f.oneOf("kind", store.Kinds, false)
	if kind == "" {
		kind = "unknown"
	}
	return store.Agreement{Kind: kind, Signed: f.date("signed", false), Status: f.oneOf("status", store.Statuses, true),
		Ended: f.date("ended", false), Note: f.text("note", 4000, false), Sources: f.urls("source_url")}
}

func (h *handler) createAgreement(c echo.Context) error {
	slug := c.Param("slug")
	acct, err := h.mustGovern(c, slug)
	if err != nil {
		return err
	}
	self, err := h.governmentRef(c, slug)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f := newFormReader(c)
	partner := f.text("government_b", 120, true)
	a := readAgreement(f)
	reason := f.text("reason", 1000, false)
	if partner != "" {
		known, err := h.db.Exists(ctx, "government", partner)
		if err != nil {
			return err
		}
		if partner == slug || !known {
			f.fail("government_b", "form.err_partner")
		}
	}
	a.ID, a.GovernmentA, a.GovernmentB = slug+"--"+partner, slug, partner
	for n := 2; f.ok(); n++ {
		taken, err := h.db.Exists(ctx, "agreement", a.ID)
		if err != nil {
			return err
		}
		if !taken {
			break
		}
		a.ID = slug + "--" + partner + "-" + itoa(n) // a second agreement of the same pair
	}
	if !f.ok() {
		p := h.agreementForm(c, self, nil, f.values, f.errs)
		p.Action = loc(c).URL("/governments/" + slug + "/agreements")
		return render(c, http.StatusBadRequest, views.AgreementForm(p))
	}
	if reason == "" {
		reason = "added by " + acct.Role
	}
	if _, err := h.db.SaveAgreement(ctx, acct.Actor(), a, reason); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/agreements/"+a.ID))
}

// agreementOf loads an agreement and checks the account may edit it.
func (h *handler) agreementOf(c echo.Context) (*store.Agreement, store.Account, error) {
	ag, err := h.db.AgreementByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return nil, store.Account{}, err
	}
	acct, err := h.mustGovernAgreement(c, ag)
	return ag, acct, err
}

// applying returns the accepted, not yet applied correction of agreement ag named by
// v (the correction parameter), or nil when v is empty; anything else is a 400.
func (h *handler) applying(c echo.Context, ag *store.Agreement, v string) (*views.CorrectionItem, error) {
	if v == "" {
		return nil, nil
	}
	l := loc(c)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !isDigits(v) || id < 1 {
		return nil, badRequest(l.T("corrections.error.not_applicable"))
	}
	cr, err := h.db.CorrectionByID(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) || err == nil && (cr.Status != "accepted" || cr.AppliedChange != 0 ||
		cr.RecordType != "agreement" || cr.RecordID != ag.ID) {
		return nil, badRequest(l.T("corrections.error.not_applicable"))
	}
	if err != nil {
		return nil, err
	}
	it := correctionItem(cr)
	return &it, nil
}

func (h *handler) renderAgreementEdit(c echo.Context, ag *store.Agreement, values map[string]string, errs views.FormErrors, status int) error {
	correction, err := h.applying(c, ag, values["correction"])
	if err != nil {
		return err
	}
	self, err := h.governmentRef(c, ag.GovernmentA)
	if err != nil {
		return err
	}
	partner, err := h.governmentRef(c, ag.GovernmentB)
	if err != nil {
		return err
	}
	l := loc(c)
	p := h.agreementForm(c, self, &partner, values, errs)
	p.Correction = correction
	p.Title = l.F("agreement.title", "a", l.GovName(self), "b", l.GovName(partner))
	p.Action = l.URL("/agreements/" + ag.ID)
	p.EventAction = l.URL("/agreements/" + ag.ID + "/events")
	full, err := h.db.Agreement(c.Request().Context(), ag.ID)
	if err != nil {
		return err
	}
	for _, e := range full.Events {
		p.Events = append(p.Events, views.EventItem{Date: e.Date, Event: e.Event, Note: e.Note, Sources: e.Sources})
	}
	return render(c, status, views.AgreementForm(p))
}

func agreementValues(ag *store.Agreement) map[string]string {
	return map[string]string{"kind": ag.Kind, "signed": ag.Signed, "status": ag.Status, "ended": ag.Ended,
		"note": ag.Note, "source_url": strings.Join(ag.Sources, " | ")}
}

func (h *handler) editAgreement(c echo.Context) error {
	ag, _, err := h.agreementOf(c)
	if err != nil {
		return err
	}
	values := agreementValues(ag)
	// Applying a correction: its source is added to the record's sources and the
	// reason names it; the official makes the change itself in the fields.
	if v := c.QueryParam("correction"); v != "" {
		cr, err := h.applying(c, ag, v)
		if err != nil {
			return err
		}
		values["correction"] = v
		if cr.SourceURL != "" && !slices.Contains(ag.Sources, cr.SourceURL) {
			values["source_url"] = strings.Join(append(slices.Clone(ag.Sources), cr.SourceURL), " | ")
		}
		values["reason"] = loc(c).F("corrections.applying_reason", "id", v)
	}
	return h.renderAgreementEdit(c, ag, values, nil, http.StatusOK)
}

func (h *handler) updateAgreement(c echo.Context) error {
	old, acct, err := h.agreementOf(c)
	if err != nil {
		return err
	}
	f := newFormReader(c)
	a := readAgreement(f)
	reason := f.text("reason", 1000, false)
	cv := f.text("correction", 20, false)
	if _, err := h.applying(c, old, cv); err != nil {
		return err
	}
	if !f.ok() {
		return h.renderAgreementEdit(c, old, f.values, f.errs, http.StatusBadRequest)
	}
	a.ID, a.GovernmentA, a.GovernmentB = old.ID, old.GovernmentA, old.GovernmentB
	if reason == "" {
		reason = "corrected by " + acct.Role
	}
	correction, _ := strconv.ParseInt(cv, 10, 64)
	_, err = h.db.SaveAgreementCorrected(c.Request().Context(), acct.Actor(), a, reason, correction)
	if errors.Is(err, store.ErrNotApplicable) { // applied by someone else meanwhile
		return badRequest(loc(c).T("corrections.error.not_applicable"))
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/agreements/"+a.ID))
}

func (h *handler) addEvent(c echo.Context) error {
	ag, acct, err := h.agreementOf(c)
	if err != nil {
		return err
	}
	f := newFormReader(c)
	e := store.Event{Agreement: ag.ID, Event: f.oneOf("event", store.EventTypes, true), Date: f.date("date", false),
		Note: f.text("event_note", 4000, false), Sources: f.urls("event_source_url")}
	if !f.ok() {
		values := agreementValues(ag)
		for k, v := range f.values {
			values[k] = v
		}
		return h.renderAgreementEdit(c, ag, values, f.errs, http.StatusBadRequest)
	}
	if _, err := h.db.AddEvent(c.Request().Context(), acct.Actor(), e, "lifecycle step added by "+acct.Role); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/agreements/"+ag.ID))
}
