package web

import "github.com/labstack/echo/v4"

// Corrections: to be built (helper). Stubs keep the routes compiling.

func (h *handler) showCorrectionForm(c echo.Context) error { return notFound() }
func (h *handler) createCorrection(c echo.Context) error   { return notFound() }
func (h *handler) showCorrections(c echo.Context) error    { return notFound() }
func (h *handler) decideCorrection(c echo.Context) error   { return notFound() }
func (h *handler) showReporting(c echo.Context) error      { return notFound() }
func (h *handler) declareReport(c echo.Context) error      { return notFound() }
