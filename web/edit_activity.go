package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// activityForm builds the form page for reporting as the government slug.
func (h *handler) activityForm(c echo.Context, slug string, values map[string]string, errs views.FormErrors) (views.ActivityFormPage, error) {
	ctx := c.Request().Context()
	l := loc(c)
	g, err := h.db.Government(ctx, slug)
	if err != nil {
		return views.ActivityFormPage{}, err
	}
	self := gov(g.Ref())
	p := views.ActivityFormPage{Page: h.page(c, l.F("form.activity_title", "government", l.GovName(self))), CSRF: csrfToken(c),
		Action: l.URL("/governments/" + slug + "/activities"), Government: self, Values: values, Errors: errs,
		Categories: options(l, "category", store.Categories, true)}
	// The parties: the government, then each partner once. Who travelled or gave
	// and who paid are chosen among them (or joint/shared, or unknown/not said).
	parties := []views.Gov{self}
	seen := map[string]bool{slug: true}
	for _, a := range g.Agreements {
		p.Agreements = append(p.Agreements, views.Option{Value: a.ID, Label: l.GovName(gov(a.B)) + " (" + l.Country(a.B.Country) + ")"})
		if !seen[a.B.Slug] {
			seen[a.B.Slug] = true
			parties = append(parties, gov(a.B))
		}
	}
	p.Sides = []views.Option{{Value: "", Label: l.T("direction.unknown")}}
	p.Payers = []views.Option{{Value: "", Label: l.T("form.paid_by_not_said")}}
	for _, party := range parties {
		p.Sides = append(p.Sides, views.Option{Value: party.Slug, Label: l.F("direction.from", "side", l.GovName(party))})
		p.Payers = append(p.Payers, views.Option{Value: party.Slug, Label: l.F("activity.paid_by", "payer", l.GovName(party))})
	}
	p.Sides = append(p.Sides, views.Option{Value: "joint", Label: l.T("direction.joint")})
	p.Payers = append(p.Payers, views.Option{Value: store.PaidShared, Label: l.T("activity.paid_shared")})
	return p, nil
}

func (h *handler) newActivity(c echo.Context) error {
	slug := c.Param("slug")
	if _, err := h.mustGovern(c, slug); err != nil {
		return err
	}
	// The activity's id is chosen now and sent back with the form, so the same form
	// sent twice (a retry after a lost answer, a double click) reports it once.
	p, err := h.activityForm(c, slug, map[string]string{"agreement": c.QueryParam("agreement"), "id": store.NewActivityID()}, nil)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ActivityForm(p))
}

// readActivity reads the activity fields of a form (import-format names).
func readActivity(f *formReader) store.Activity {
	a := store.Activity{
		Agreement:    f.text("agreement", 250, true),
		Date:         f.date("date", false),
		DateEnd:      f.date("date_end", false),
		Category:     f.oneOf("category", store.Categories, false),
		From:         f.text("from", 120, false),
		Title:        f.text("title", 500, true),
		Description:  f.text("description", 10000, false),
		Participants: f.text("participants", 200, false),
		PaidBy:       f.text("paid_by", 120, false),
		Outputs:      f.text("outputs", 4000, false),
		Sources:      f.urls("source_url"),
	}
	a.CostAmount, a.CostCurrency = f.cost()
	return a
}

// checkActivity checks what needs the database: the agreement is one of the
// government's, and the side that travelled is one of its parties.
func (h *handler) checkActivity(c echo.Context, f *formReader, slug string, a store.Activity) *store.Agreement {
	ag, err := h.db.AgreementByID(c.Request().Context(), a.Agreement)
	if err != nil || (ag.GovernmentA != slug && ag.GovernmentB != slug) {
		f.fail("agreement", "form.err_agreement")
		return nil
	}
	if a.From != "" && a.From != "joint" && a.From != ag.GovernmentA && a.From != ag.GovernmentB {
		f.fail("from", "form.err_side")
	}
	if a.PaidBy != "" && a.PaidBy != store.PaidShared && a.PaidBy != ag.GovernmentA && a.PaidBy != ag.GovernmentB {
		f.fail("paid_by", "form.err_cost_"+store.CostPayerNotParty)
	}
	if a.Date != "" && a.DateEnd != "" && a.DateEnd < a.Date {
		f.fail("date_end", "form.err_end_before_start")
	}
	return ag
}

func (h *handler) createActivity(c echo.Context) error {
	slug := c.Param("slug")
	acct, err := h.mustGovern(c, slug)
	if err != nil {
		return err
	}
	f := newFormReader(c)
	a := readActivity(f)
	a.ID = f.text("id", 40, false)
	if !store.IsNewActivityID(a.ID) {
		a.ID = store.NewActivityID() // a form from before ids were sent, or a made-up id
		f.values["id"] = a.ID
	}
	reason := f.text("reason", 1000, false)
	h.checkActivity(c, f, slug, a)
	if !f.ok() {
		p, err := h.activityForm(c, slug, f.values, f.errs)
		if err != nil {
			return err
		}
		return render(c, http.StatusBadRequest, views.ActivityForm(p))
	}
	if reason == "" {
		reason = "reported by " + acct.Role
	}
	saved, _, err := h.db.CreateActivity(c.Request().Context(), acct.Actor(), a, reason)
	if errors.Is(err, store.ErrConflict) {
		return echo.NewHTTPError(http.StatusConflict)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/agreements/"+saved.Agreement)+"#activity-"+saved.ID)
}

// activityOf loads an activity and its agreement and checks the account may edit it.
func (h *handler) activityOf(c echo.Context) (*store.Activity, *store.Agreement, store.Account, error) {
	ctx := c.Request().Context()
	a, err := h.db.ActivityByID(ctx, c.Param("id"))
	if err != nil {
		return nil, nil, store.Account{}, err
	}
	ag, err := h.db.AgreementByID(ctx, a.Agreement)
	if err != nil {
		return nil, nil, store.Account{}, err
	}
	acct, err := h.mustGovernAgreement(c, ag)
	return a, ag, acct, err
}

// reportingSide is the party the account reports for: its own government when it is
// a party, otherwise the party it governs.
func (h *handler) reportingSide(c echo.Context, acct store.Account, ag *store.Agreement) (string, error) {
	governs, err := h.db.Governs(c.Request().Context(), acct, ag.GovernmentA)
	if err != nil {
		return "", err
	}
	if governs {
		return ag.GovernmentA, nil
	}
	return ag.GovernmentB, nil
}

func (h *handler) editActivity(c echo.Context) error {
	a, ag, acct, err := h.activityOf(c)
	if err != nil {
		return err
	}
	values := activityValues(*a)
	side, err := h.reportingSide(c, acct, ag)
	if err != nil {
		return err
	}
	return h.renderActivityEdit(c, a.ID, side, values, nil, http.StatusOK)
}

func (h *handler) renderActivityEdit(c echo.Context, id, slug string, values map[string]string, errs views.FormErrors, status int) error {
	p, err := h.activityForm(c, slug, values, errs)
	if err != nil {
		return err
	}
	l := loc(c)
	p.Title = l.T("form.edit_activity_title")
	p.Action = l.URL("/activities/" + id)
	p.Editing = true
	p.WithdrawAction = l.URL("/activities/" + id + "/withdraw")
	return render(c, status, views.ActivityForm(p))
}

func (h *handler) updateActivity(c echo.Context) error {
	old, ag, acct, err := h.activityOf(c)
	if err != nil {
		return err
	}
	slug, err := h.reportingSide(c, acct, ag)
	if err != nil {
		return err
	}
	f := newFormReader(c)
	a := readActivity(f)
	reason := f.text("reason", 1000, false)
	if a.Agreement != old.Agreement {
		f.fail("agreement", "form.err_move")
	}
	h.checkActivity(c, f, slug, a)
	if !f.ok() {
		return h.renderActivityEdit(c, old.ID, slug, f.values, f.errs, http.StatusBadRequest)
	}
	a.ID = old.ID
	if reason == "" {
		reason = "corrected by " + acct.Role
	}
	if _, err := h.db.SaveActivity(c.Request().Context(), acct.Actor(), a, reason); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/agreements/"+a.Agreement)+"#activity-"+a.ID)
}

func (h *handler) withdrawActivity(c echo.Context) error {
	old, ag, acct, err := h.activityOf(c)
	if err != nil {
		return err
	}
	f := newFormReader(c)
	reason := f.text("withdraw_reason", 1000, true)
	if !f.ok() {
		values := activityValues(*old)
		side, err := h.reportingSide(c, acct, ag)
		if err != nil {
			return err
		}
		return h.renderActivityEdit(c, old.ID, side, values, f.errs, http.StatusBadRequest)
	}
	if _, err := h.db.WithdrawActivity(c.Request().Context(), acct.Actor(), old.ID, reason); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, loc(c).URL("/agreements/"+old.Agreement))
}

// activityValues fills the form's fields (import-format names) with a recorded activity.
func activityValues(a store.Activity) map[string]string {
	return map[string]string{"agreement": a.Agreement, "date": a.Date, "date_end": a.DateEnd, "category": a.Category,
		"from": a.From, "title": a.Title, "description": a.Description, "participants": a.Participants,
		"cost_amount": a.CostAmount, "cost_currency": a.CostCurrency, "paid_by": a.PaidBy, "outputs": a.Outputs,
		"source_url": strings.Join(a.Sources, " | ")}
}
