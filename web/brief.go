package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
	qr "github.com/piglig/go-qr"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// showAgreementBrief is the one printed page a council gets about a relationship:
// the parties and dates, the activeness judgement with its rule and coverage, the
// window's activities by field and direction, what is known of costs, the sources
// as URLs, the as-of date and the address of the live record.
func (h *handler) showAgreementBrief(c echo.Context) error {
	p, err := h.buildAgreementPage(c, c.Param("id"), false)
	if err != nil {
		return err
	}
	l := loc(c)
	b := views.AgreementBrief{AgreementPage: p, LiveURL: p.AbsURL(l.URL("/agreements/" + p.ID))}
	// The QR code of the live record, for a reader of the paper with a phone.
	code, err := qr.EncodeText(b.LiveURL, qr.Medium)
	if err != nil {
		return fmt.Errorf("brief: QR code of %s: %w", b.LiveURL, err)
	}
	b.QR = make([][]bool, code.Size())
	for y := range b.QR {
		b.QR[y] = make([]bool, code.Size())
		for x := range b.QR[y] {
			b.QR[y][x] = code.Module(x, y)
		}
	}
	if b.Costs, err = h.costLedger(c.Request().Context(), store.ActivityFilter{Agreement: p.ID}, partiesLedger(l, p.AgreementItem)); err != nil {
		return err
	}
	b.Title = l.F("brief.title", "a", l.GovName(p.Self), "b", l.GovName(p.Partner))
	for y := p.Window.From; y <= p.Window.To; y++ {
		b.Years = append(b.Years, y)
	}
	fields := map[string]*views.BriefField{}
	for _, a := range p.Activities {
		y := store.Year(a.Date)
		if y < p.Window.From || y > p.Window.To {
			continue
		}
		f, ok := fields[a.Category]
		if !ok {
			f = &views.BriefField{Category: a.Category, ByYear: map[int]int{}}
			fields[a.Category] = f
		}
		f.ByYear[y]++
		switch a.From {
		case p.Self.Slug:
			f.FromSelf++
		case p.Partner.Slug:
			f.FromPartner++
		case "joint":
			f.Joint++
		default:
			f.Unknown++
		}
		b.InWindow++
	}
	for _, cat := range append(slices.Clone(store.Categories), "") {
		if f, ok := fields[cat]; ok {
			b.Fields = append(b.Fields, *f)
		}
	}
	return render(c, http.StatusOK, views.Brief(b))
}
