package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Annual reporting: an official declares "our report for year Y is complete" after
// reviewing that year's activities; /reporting shows who has reported for which year.

const (
	reportingYears  = 6 // years shown on /reporting: the as-of year and the 5 before
	reportFormYears = 5 // years offered on the desk: the as-of year and the 4 before
)

// reportAsOfYear is the year of the data's as-of date (the current year if there is none).
func reportAsOfYear(asOf string) int {
	if len(asOf) >= 4 {
		if y, err := strconv.Atoi(asOf[:4]); err == nil {
			return y
		}
	}
	return time.Now().UTC().Year()
}

func (h *handler) showReporting(c echo.Context) error {
	ctx := c.Request().Context()
	l := loc(c)
	q := c.QueryParams()
	if len(q["country"]) > 1 {
		return badRequest(l.F("reporting.error.repeated", "param", "country"))
	}
	cc := ""
	if v := q.Get("country"); v != "" {
		bad := badRequest(l.F("reporting.error.country", "value", truncateValue(v)))
		if len(v) != 2 || !isASCIILetters(v) {
			return bad
		}
		cc = strings.ToUpper(v)
		if _, err := h.db.Country(ctx, cc); errors.Is(err, store.ErrNotFound) {
			return bad
		} else if err != nil {
			return err
		}
	}
	p := views.ReportingPage{Page: h.page(c, l.T("reporting.title")), Country: cc, Totals: map[int]int{}}
	to := reportAsOfYear(p.AsOf)
	for y := to - reportingYears + 1; y <= to; y++ {
		p.Years = append(p.Years, y)
	}
	p.SummaryYear = to - 1
	rows, err := h.db.Reporting(ctx, cc, p.Years[0], to)
	if err != nil {
		return err
	}
	if p.Countries, err = h.db.ReportingCountries(ctx); err != nil {
		return err
	}
	sort.SliceStable(p.Countries, func(i, j int) bool { return l.Country(p.Countries[i]) < l.Country(p.Countries[j]) })
	if cc != "" && !slices.Contains(p.Countries, cc) {
		p.Countries = append(p.Countries, cc)
	}
	p.Listed = len(rows)
	// Rows come ordered by country, region and name: group them in that order, then
	// put the countries in the order of their names in the page's language.
	for _, r := range rows {
		if n := len(p.Groups); n == 0 || p.Groups[n-1].Code != r.Country {
			p.Groups = append(p.Groups, views.ReportingCountry{Code: r.Country})
		}
		g := &p.Groups[len(p.Groups)-1]
		if n := len(g.Regions); n == 0 || g.Regions[n-1].Region != r.Region {
			g.Regions = append(g.Regions, views.ReportingRegion{Region: r.Region})
		}
		reg := &g.Regions[len(g.Regions)-1]
		row := views.ReportingRow{Gov: gov(r.GovRef)}
		for _, y := range p.Years {
			cell := views.ReportCell{Year: y}
			if rep, ok := r.Reports[y]; ok {
				cell.Reported, cell.Date, cell.Note = true, rfcDay(rep.DeclaredAt), rep.Note
				p.Totals[y]++
			}
			row.Cells = append(row.Cells, cell)
		}
		reg.Rows = append(reg.Rows, row)
	}
	sort.SliceStable(p.Groups, func(i, j int) bool { return l.Country(p.Groups[i].Code) < l.Country(p.Groups[j].Code) })
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, reportingTable(p.Title, p), p.AsOf)
	}
	return render(c, http.StatusOK, views.Reporting(p))
}

// rfcDay is the YYYY-MM-DD part of an RFC 3339 time.
func rfcDay(t string) string {
	if len(t) >= 10 {
		return t[:10]
	}
	return t
}

// reportForm builds a government's annual-report form (for the desk, and shown
// again when a declaration is refused): the as-of year and the 4 before, newest
// first, each with the activities recorded for it and its declaration if any.
func (h *handler) reportForm(ctx context.Context, slug, csrf, asOf string) (views.ReportForm, error) {
	ref, err := h.db.LookupGovRef(ctx, slug)
	if err != nil {
		return views.ReportForm{}, err
	}
	counts, err := h.db.ActivityCountsByYear(ctx, slug)
	if err != nil {
		return views.ReportForm{}, err
	}
	reports, err := h.db.Reports(ctx, slug)
	if err != nil {
		return views.ReportForm{}, err
	}
	declared := map[int]store.Report{}
	for _, r := range reports {
		declared[r.Year] = r
	}
	f := views.ReportForm{Gov: gov(ref), CSRF: csrf, Errors: views.FormErrors{}}
	to := reportAsOfYear(asOf)
	for y := to; y > to-reportFormYears; y-- {
		ry := views.ReportYear{Year: y, Activities: counts[y], Open: y > store.LastDeclarableYear()}
		if r, ok := declared[y]; ok {
			ry.Reported, ry.Date = true, rfcDay(r.DeclaredAt)
		}
		f.Years = append(f.Years, ry)
	}
	return f, nil
}

// deskReportForm is the annual-report form of a government the signed-in account
// governs, for the desk page.
func (h *handler) deskReportForm(c echo.Context, slug string) (views.ReportForm, error) {
	asOf, err := h.db.AsOf(c.Request().Context())
	if err != nil {
		return views.ReportForm{}, err
	}
	return h.reportForm(c.Request().Context(), slug, csrfToken(c), asOf)
}

// declareReport records that a government's report for a year is complete. Only an
// account that governs the government may; declaring a year twice keeps the first
// declaration (its date, declarer and note) and is not an error.
func (h *handler) declareReport(c echo.Context) error {
	slug := c.Param("slug")
	acct, err := h.mustGovern(c, slug)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	l := loc(c)
	asOf, err := h.db.AsOf(ctx)
	if err != nil {
		return err
	}
	last := reportAsOfYear(asOf)
	fr := newFormReader(c)
	note := fr.text("note", store.MaxReportNote, false)
	v := strings.TrimSpace(c.FormValue("year"))
	year, _ := strconv.Atoi(v)
	switch {
	case v == "":
		fr.fail("year", "report.err_year_missing")
	case !isYear(v) || year < store.FirstReportYear || year > last:
		fr.fail("year", "report.err_year", "first", itoa(store.FirstReportYear), "last", itoa(last))
	case year > store.LastDeclarableYear():
		fr.fail("year", "report.err_year_open", "year", itoa(year), "from", itoa(year+1))
	}
	if !fr.ok() {
		f, err := h.reportForm(ctx, slug, csrfToken(c), asOf)
		if err != nil {
			return err
		}
		f.Note, f.Errors = note, fr.errs
		p := views.ReportDeclarePage{Page: h.page(c, l.T("report.page_title")), Form: f}
		p.Path, p.Query = "/desk", "" // the form's home: this address only takes posts
		return render(c, http.StatusBadRequest, views.ReportDeclare(p))
	}
	if _, _, err := h.db.DeclareReport(ctx, acct.Actor(), slug, year, note); err != nil {
		return err
	}
	target := l.URL("/reporting")
	if ref, err := h.db.LookupGovRef(ctx, slug); err == nil {
		target += "?country=" + strings.ToLower(ref.Country)
	}
	return c.Redirect(http.StatusSeeOther, target+"#report-"+slug)
}
