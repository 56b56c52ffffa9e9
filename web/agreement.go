package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

func (h *handler) showAgreement(c echo.Context) error {
	a, err := h.db.Agreement(c.Request().Context(), c.Param("id"))
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
	for _, e := range a.Events {
		p.Events = append(p.Events, views.EventItem{Date: e.Date, Event: e.Event, Note: e.Note, Sources: e.Sources})
	}
	for _, act := range a.Activities {
		p.Activities = append(p.Activities, views.ActivityItem{ID: act.ID, Agreement: act.Agreement, Date: act.Date,
			Category: act.Category, Title: act.Title, From: act.From, A: item.Self, B: item.Partner})
	}
	p.Sources = sources(a.Sources)
	return render(c, http.StatusOK, views.Agreement(p))
}
