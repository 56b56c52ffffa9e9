package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

func (h *handler) showAgreement(c echo.Context) error {
	id, ext := format(c.Param("id"))
	a, err := h.db.Agreement(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	l := loc(c)
	item := agreementItem(a.AgreementRow)
	p := views.AgreementPage{
		Page:          h.page(c, l.F("agreement.title", "a", l.GovName(item.Self), "b", l.GovName(item.Partner))),
		AgreementItem: item, Ended: a.Ended, Note: a.Note,
	}
	p.Feed = l.URL("/agreements/"+a.ID) + ".atom"
	for _, e := range a.Events {
		p.Events = append(p.Events, views.EventItem{Date: e.Date, Event: e.Event, Note: e.Note, Sources: e.Sources})
	}
	for _, act := range a.Activities {
		p.Activities = append(p.Activities, views.ActivityItem{ID: act.ID, Agreement: act.Agreement, Date: act.Date,
			DateEnd: act.DateEnd, Category: act.Category, Title: act.Title, From: act.From, Description: act.Description,
			Participants: act.Participants, A: item.Self, B: item.Partner, Sources: act.Sources})
	}
	w, vw := window(p.AsOf)
	p.Window = vw
	var years []int
	for _, act := range a.Activities {
		if y := store.Year(act.Date); y != 0 {
			years = append(years, y)
		}
	}
	p.Activeness = activeness(store.Assess(a.Status, years, w))
	for _, act := range p.Activities {
		if w.Contains(store.Year(act.Date)) {
			p.Qualifying = append(p.Qualifying, act)
		}
	}
	switch ext {
	case "atom":
		return h.serveFeed(c, p.Title, store.ActivityFilter{Agreement: a.ID})
	case "csv", "json":
		return h.serveTwin(c, ext, timelineTable(p.Title, p.Events, p.Activities), p.AsOf)
	}
	if len(a.Activities) > 0 {
		p.HasCharts = true
		title := l.F("agreement.title", "a", l.GovName(item.Self), "b", l.GovName(item.Partner))
		if p.ActivityChart, p.FlowChart, err = h.activityCharts(c, store.ActivityFilter{Agreement: a.ID}, item.Self.Slug,
			[2]string{l.GovName(item.Self), l.GovName(item.Partner)}, title, p.AsOf, chartParams{Agreement: a.ID}); err != nil {
			return err
		}
	}
	p.Sources = sources(a.Sources)
	return render(c, http.StatusOK, views.Agreement(p))
}
