package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// showDesk is a signed-in account's starting point: what it may report for, its
// agreements, and (for admins) the import.
func (h *handler) showDesk(c echo.Context) error {
	acct, _ := account(c)
	ctx := c.Request().Context()
	l := loc(c)
	g, err := h.db.Government(ctx, acct.Government)
	if err != nil {
		return err
	}
	self := gov(g.Ref())
	p := views.DeskPage{Page: h.page(c, l.T("desk.title")), CSRF: csrfToken(c), Role: acct.Role, Government: self,
		Governs: append([]views.Gov{self}, govs(g.Children)...), Admin: acct.Role == "admin",
		Agreements: agreementItems(g.Agreements)}
	if p.Report, err = h.deskReportForm(c, acct.Government); err != nil {
		return err
	}
	if p.Pending, err = h.deskPendingCorrections(ctx, acct); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.Desk(p))
}
