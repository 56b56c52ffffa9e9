package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

func (h *handler) showAgreement(c echo.Context) error {
	id, ext := format(c.Param("id"))
	p, err := h.buildAgreementPage(c, id, ext == "html")
	if err != nil {
		return err
	}
	switch ext {
	case "atom":
		return h.serveFeed(c, p.Title, store.ActivityFilter{Agreement: id},
			chartPicture(loc(c), "activities-by-year", chartParams{Agreement: id}))
	case "csv", "json":
		return h.serveTwin(c, ext, timelineTable(p.Title, p.Events, p.Activities), p.AsOf)
	}
	return render(c, http.StatusOK, views.Agreement(p))
}

// buildAgreementPage builds an agreement's page from its one record read; unless
// full (the .csv, .json and .atom twins), without the charts.
func (h *handler) buildAgreementPage(c echo.Context, id string, full bool) (views.AgreementPage, error) {
	a, err := h.db.Agreement(c.Request().Context(), id)
	if err != nil {
		return views.AgreementPage{}, err
	}
	l := loc(c)
	item := agreementItem(a.AgreementRow)
	title := l.F("agreement.title", "a", l.GovName(item.Self), "b", l.GovName(item.Partner))
	p := views.AgreementPage{Page: h.page(c, title), AgreementItem: item, Ended: a.Ended, Note: a.Note}
	p.Feed = l.URL("/agreements/"+a.ID) + ".atom"
	for _, e := range a.Events {
		p.Events = append(p.Events, views.EventItem{Date: e.Date, Event: e.Event, Note: e.Note, Sources: e.Sources})
	}
	for _, act := range a.Activities {
		it := activityItem(act, item.Self, item.Partner)
		it.Sources = act.Sources
		p.Activities = append(p.Activities, it)
	}
	j, err := h.judge(c.Request().Context(), p.AsOf)
	if err != nil {
		return p, err
	}
	w := j.w
	p.Window = j.vw
	var years []int
	for _, act := range a.Activities {
		if y := store.Year(act.Date); y != 0 {
			years = append(years, y)
		}
	}
	p.Activeness = j.assess(a.AgreementRow, years)
	for _, act := range p.Activities {
		if w.Contains(store.Year(act.Date)) {
			p.Qualifying = append(p.Qualifying, act)
		}
	}
	p.Sources = sources(a.Sources)
	conf, err := h.db.AgreementConfirmations(c.Request().Context(), a.ID)
	if err != nil {
		return p, err
	}
	p.Confirmation = confirmationNote(conf, "agreement", a.ID, item.Self, item.Partner)
	noteActivities(p.Activities, conf)
	if !full {
		return p, nil
	}
	if err := h.citeReleaseIfRecorded(c.Request().Context(), &p.Page, "agreement", a.ID); err != nil {
		return views.AgreementPage{}, err
	}
	if p.Costs, err = h.costLedger(c.Request().Context(), store.ActivityFilter{Agreement: a.ID}, partiesLedger(l, item)); err != nil {
		return p, err
	}
	if len(a.Activities) == 0 {
		return p, nil
	}
	p.HasCharts = true
	p.ActivityChart, p.FlowChart, err = h.activityCharts(c, store.ActivityFilter{Agreement: a.ID}, item.Self.Slug,
		[2]string{l.GovName(item.Self), l.GovName(item.Partner)}, title, p.AsOf, chartParams{Agreement: a.ID})
	return p, err
}
