package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// deskSignIns is how many of the account's latest sign-in attempts the desk lists.
const deskSignIns = 10

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
		Agreements: agreementItems(g.Agreements), SecondFactor: acct.SecondFactor}
	if p.Report, err = h.deskReportForm(c, acct.Government); err != nil {
		return err
	}
	if p.Pending, err = h.deskPendingCorrections(ctx, acct); err != nil {
		return err
	}
	signIns, err := h.db.RecentSignIns(ctx, acct.ID, deskSignIns)
	if err != nil {
		return err
	}
	for _, s := range signIns {
		p.SignIns = append(p.SignIns, views.SignInItem{At: s.At.UTC().Format(time.RFC3339), Address: s.Address,
			Result: s.Result, KnownDevice: s.KnownDevice})
	}
	return render(c, http.StatusOK, views.Desk(p))
}
