package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/static"
)

// serveStatic serves the embedded assets. The file system is embedded, so the path
// cannot leave it; "." and ".." segments are refused outright anyway.
func (h *handler) serveStatic(c echo.Context) error {
	name := c.Param("*")
	if name == "" || strings.Contains(name, "..") || strings.HasPrefix(name, "/") || path.Clean(name) != name {
		return notFound()
	}
	body, err := fs.ReadFile(static.FS, name)
	if err != nil {
		return notFound()
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, ctype, body)
}

// serveFavicon answers the /favicon.ico that browsers and crawlers ask for with the
// site's SVG icon.
func (h *handler) serveFavicon(c echo.Context) error {
	body, err := fs.ReadFile(static.FS, "favicon.svg")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "image/svg+xml", body)
}
