package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// deskReviewItems bounds the desk's review list.
const deskReviewItems = 200

// deskReview fills the desk's review list: the activities of the newest year not
// yet declared complete (the newest year if all are), and those with no date.
func (h *handler) deskReview(ctx context.Context, p *views.DeskPage, government string) error {
	if len(p.Report.Years) == 0 {
		return nil
	}
	p.ReviewYear = p.Report.Years[0].Year
	for _, y := range p.Report.Years {
		if !y.Reported {
			p.ReviewYear = y.Year
			break
		}
	}
	items, err := h.db.ActivitiesToReview(ctx, government, p.ReviewYear, deskReviewItems)
	if err != nil {
		return err
	}
	for _, r := range items {
		item := views.ReviewItem{ActivityItem: activityItem(r.Activity, gov(r.A), gov(r.B))}
		for _, m := range []struct {
			missing bool
			key     string
		}{{r.NoDate, "review.no_date"}, {r.NoDirection, "review.no_direction"}, {r.NoCategory, "review.no_category"},
			{r.NoSource, "review.no_source"}} {
			if m.missing {
				item.Missing = append(item.Missing, m.key)
			}
		}
		p.Review = append(p.Review, item)
	}
	return nil
}

// deskAwaiting fills the records awaiting the account's confirmation: those of its
// governments (for an admin, every one: an admin may decide for any party).
func (h *handler) deskAwaiting(ctx context.Context, p *views.DeskPage, acct store.Account) error {
	governs := p.Session.Governs // nil for an admin: every record awaiting anyone
	if acct.Role != "admin" && governs == nil {
		governs = []string{acct.Government}
	}
	list, err := h.db.AwaitingConfirmation(ctx, governs, deskReviewItems)
	if err != nil {
		return err
	}
	for _, w := range list {
		a, b := gov(w.A), gov(w.B)
		p.Awaiting = append(p.Awaiting, views.AwaitingItem{ConfirmationNote: *noteOf(w.Confirmation, a, b), Agreement: w.Agreement,
			Label: w.Label, A: a, B: b})
	}
	return nil
}

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
	if err := h.deskReview(ctx, &p, acct.Government); err != nil {
		return err
	}
	if err := h.deskAwaiting(ctx, &p, acct); err != nil {
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
