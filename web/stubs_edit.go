package web

import "github.com/labstack/echo/v4"

// Editing: being built. Stubs keep the routes compiling.

func (h *handler) showDesk(c echo.Context) error         { return notFound() }
func (h *handler) newActivity(c echo.Context) error      { return notFound() }
func (h *handler) createActivity(c echo.Context) error   { return notFound() }
func (h *handler) editActivity(c echo.Context) error     { return notFound() }
func (h *handler) updateActivity(c echo.Context) error   { return notFound() }
func (h *handler) withdrawActivity(c echo.Context) error { return notFound() }
func (h *handler) newAgreement(c echo.Context) error     { return notFound() }
func (h *handler) createAgreement(c echo.Context) error  { return notFound() }
func (h *handler) editAgreement(c echo.Context) error    { return notFound() }
func (h *handler) updateAgreement(c echo.Context) error  { return notFound() }
func (h *handler) addEvent(c echo.Context) error         { return notFound() }
