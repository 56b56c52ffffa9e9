package web

import "github.com/labstack/echo/v4"

// History and admin import: to be built (helper). Stubs keep the routes compiling.

func (h *handler) showGovernmentHistory(c echo.Context) error { return notFound() }
func (h *handler) showAgreementHistory(c echo.Context) error  { return notFound() }
func (h *handler) showImport(c echo.Context) error            { return notFound() }
func (h *handler) runImport(c echo.Context) error             { return notFound() }

// importBodyLimit bounds admin uploads (replaced by the helper).
func importBodyLimit(next echo.HandlerFunc) echo.HandlerFunc { return next }
