package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

func (h *handler) showAbout(c echo.Context) error {
	stats, err := h.db.Stats(c.Request().Context())
	if err != nil {
		return err
	}
	p := views.AboutPage{Page: h.page(c, loc(c).T("about.title")),
		Governments: stats.Governments, Agreements: stats.Agreements, Activities: stats.Activities}
	return render(c, http.StatusOK, views.About(p))
}

// showHealth answers 200 when the database answers a read, 503 otherwise.
func (h *handler) showHealth(c echo.Context) error {
	if err := h.db.Ping(c.Request().Context()); err != nil {
		h.log.Error("health check", "err", err)
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	c.Response().Header().Set("Cache-Control", "no-store") // a health check is never an old answer
	body := "ok\n"
	if h.replication != nil {
		// A replica behind is not a reason to take this server out of service: it
		// serves and takes writes; the line (and the metrics) tell the operator.
		body += h.replication() + "\n"
	}
	return c.String(http.StatusOK, body)
}
