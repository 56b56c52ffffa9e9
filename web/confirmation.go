package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Both sides confirm: a record one party's official entered shows the other party's
// word on it (store/confirmation.go); that party's officials confirm or dispute it
// from the record itself or from their desk.

// decideConfirmation records the awaited party's confirmation or dispute.
func (h *handler) decideConfirmation(c echo.Context) error {
	l := loc(c)
	recordType, id := c.Param("type"), c.Param("id")
	if recordType != "activity" && recordType != "agreement" {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	cf, err := h.db.ConfirmationOf(c.Request().Context(), recordType, id)
	if err != nil {
		return err
	}
	acct, err := h.mustGovern(c, cf.Awaiting)
	if err != nil {
		return err
	}
	decision := map[string]string{"confirm": store.Confirm, "dispute": store.Dispute}[c.FormValue("decision")]
	if decision == "" {
		return badRequest(l.F("browse.error.value", "param", "decision", "value", c.FormValue("decision"), "allowed", "confirm, dispute"))
	}
	err = h.db.DecideConfirmation(c.Request().Context(), acct, recordType, id, decision, c.FormValue("reason"))
	switch {
	case errors.Is(err, store.ErrForbidden):
		return echo.NewHTTPError(http.StatusForbidden)
	case errors.Is(err, store.ErrInvalid):
		return badRequest(l.T("confirm.err_reason"))
	case err != nil:
		return err
	}
	back := localTarget(c.FormValue("back"))
	if back == "" {
		back = l.URL("/desk")
	}
	return c.Redirect(http.StatusSeeOther, back)
}

// confirmationNote is the note of a record's confirmation in conf, or nil when it
// has none; a and b are the agreement's parties.
func confirmationNote(conf map[string]store.Confirmation, recordType, id string, a, b views.Gov) *views.ConfirmationNote {
	cf, ok := conf[store.ConfirmationKey(recordType, id)]
	if !ok {
		return nil
	}
	return noteOf(cf, a, b)
}

// noteOf names a confirmation's two sides, which are the agreement's parties a and b.
func noteOf(cf store.Confirmation, a, b views.Gov) *views.ConfirmationNote {
	side := func(slug string) views.Gov {
		if slug == b.Slug {
			return b
		}
		return a
	}
	return &views.ConfirmationNote{RecordType: cf.RecordType, RecordID: cf.RecordID, State: cf.State,
		ReportedBy: side(cf.ReportedBy), Awaiting: side(cf.Awaiting), DecidedAt: cf.DecidedAt, Reason: cf.Reason}
}

// noteActivities adds the confirmation notes of a list of activities.
func noteActivities(items []views.ActivityItem, conf map[string]store.Confirmation) {
	for i := range items {
		items[i].Confirmation = confirmationNote(conf, "activity", items[i].ID, items[i].A, items[i].B)
	}
}
