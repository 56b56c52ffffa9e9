package web

import (
	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// activityCharts builds a record page's two activity charts for the activities f
// selects: activities per year, and who travelled or gave (self, then the others),
// each linked to its chart page with link's filters. Only pages draw them, so the
// queries run only for pages, not for their twins and feeds.
func (h *handler) activityCharts(c echo.Context, f store.ActivityFilter, self string, sides [2]string, scope, asOf string, link chartParams) (perYear, flows views.Chart, err error) {
	ctx := c.Request().Context()
	years, err := h.db.ActivitiesPerYear(ctx, f)
	if err != nil {
		return perYear, flows, err
	}
	fc, err := h.db.ActivityFlows(ctx, f)
	if err != nil {
		return perYear, flows, err
	}
	l := loc(c)
	perYear = views.ActivitiesPerYear(l, "activities_per_year", yearCategories(years), scope, asOf)
	flows = views.Flows(l, "activity_flows", flowsBy(fc, func(f store.FlowCount) bool { return f.From == self }), sides, scope, asOf)
	linkChart(&perYear, l, "activities-by-year", link)
	linkChart(&flows, l, "activity-flows", link)
	h.draw(ctx, &perYear, &flows)
	return perYear, flows, nil
}
