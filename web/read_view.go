package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// readView gives each page's reads one read transaction (store.ReadView), so a page
// shows one version of the data even while officials report: its counts, lists and
// charts agree. It runs inside the page cache, so a hit opens nothing. Static files
// read nothing, the health check must answer even when every view is taken, and the
// downloads make their own consistent copy.
func (h *handler) readView(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet && req.Method != http.MethodHead || req.URL.Path == "/healthz" ||
			req.URL.Path == "/favicon.ico" || strings.HasPrefix(req.URL.Path, "/static/") ||
			strings.HasPrefix(req.URL.Path, "/data/twinning") || isReleaseFilePath(req.URL.Path) {
			return next(c)
		}
		ctx, done, err := h.db.ReadView(req.Context())
		if err != nil {
			return err
		}
		defer done()
		c.SetRequest(req.WithContext(ctx))
		err = next(c)
		c.SetRequest(req)
		return err
	}
}
