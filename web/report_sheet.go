package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Spreadsheet reporting: officials keep their exchanges in spreadsheets. The report
// can be downloaded as an .xlsx template with the government's agreements filled in
// and a fresh activity id on every row, filled in, and uploaded back; the upload is
// checked whole by the report form's own rules, with sheet:row:column errors, and
// saved all or nothing. The ids make a sheet sent twice report once.

const (
	sheetActivities = "Activities"
	sheetAgreements = "Agreements"
	sheetRows       = 200     // rows with an id in a template
	sheetMaxRows    = 1000    // rows one upload may hold (a template's and more)
	sheetMaxBytes   = 1 << 20 // an upload (the body limit would refuse more anyway)
)

// sheetColumns are the Activities sheet's columns, in order: the report form's fields.
var sheetColumns = []string{"id", "agreement", "date", "date_end", "category", "from", "title", "description", "participants",
	"cost_amount", "cost_currency", "paid_by", "outputs", "source_url"}

// sheetColumnsBeforeCosts are the columns of templates downloaded before activities
// had costs; such a sheet, filled in since, is still taken.
var sheetColumnsBeforeCosts = []string{"id", "agreement", "date", "date_end", "category", "from", "title", "description", "participants", "source_url"}

// showReportSheet is the page to download the template and upload it back.
func (h *handler) showReportSheet(c echo.Context) error {
	slug := c.Param("slug")
	if _, err := h.mustGovern(c, slug); err != nil {
		return err
	}
	p, err := h.reportSheetPage(c, slug)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ReportSheet(p))
}

func (h *handler) reportSheetPage(c echo.Context, slug string) (views.ReportSheetPage, error) {
	ref, err := h.db.LookupGovRef(c.Request().Context(), slug)
	if err != nil {
		return views.ReportSheetPage{}, err
	}
	l := loc(c)
	g := gov(ref)
	return views.ReportSheetPage{Page: h.page(c, l.F("sheet.title", "government", l.GovName(g))), CSRF: csrfToken(c), Government: g,
		Template: l.URL("/governments/" + slug + "/activities/sheet.xlsx"), Action: l.URL("/governments/" + slug + "/activities/sheet")}, nil
}

// downloadReportSheet writes the template for a government.
func (h *handler) downloadReportSheet(c echo.Context) error {
	slug := c.Param("slug")
	if _, err := h.mustGovern(c, slug); err != nil {
		return err
	}
	g, err := h.db.Government(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	body, err := reportTemplate(loc(c), g)
	if err != nil {
		return fmt.Errorf("report template of %s: %w", slug, err)
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="twinning-report-`+slug+`.xlsx"`)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body)
}

// reportTemplate builds the workbook: Activities (a header row, then rows with an id
// each), Agreements (the government's, with the values "from" may take).
func reportTemplate(l *views.Loc, g *store.GovernmentPage) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetActivities); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(sheetAgreements); err != nil {
		return nil, err
	}
	header := make([]any, len(sheetColumns))
	for i, col := range sheetColumns {
		header[i] = col
	}
	if err := f.SetSheetRow(sheetActivities, "A1", &header); err != nil {
		return nil, err
	}
	for r := 2; r <= sheetRows+1; r++ {
		if err := f.SetCellStr(sheetActivities, "A"+strconv.Itoa(r), store.NewActivityID()); err != nil {
			return nil, err
		}
	}
	// Text, so that a typed 2026-10-02 stays a date of the import format rather than
	// becoming a spreadsheet date (those are read back too: readSheetDate).
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	if err := f.SetColStyle(sheetActivities, "C:D", text); err != nil {
		return nil, err
	}
	// The amount as typed (12500.50), not a number a spreadsheet may show as 12,500.5.
	if err := f.SetColStyle(sheetActivities, "J", text); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	f.SetRowStyle(sheetActivities, 1, 1, bold)
	f.SetColWidth(sheetActivities, "A", "B", 30)
	f.SetColWidth(sheetActivities, "G", "H", 40)
	f.SetPanes(sheetActivities, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})

	agreements := [][]any{{"agreement", "partner", "country", "from (who travelled or gave)", "paid_by (who paid)"}}
	for _, a := range g.Agreements {
		agreements = append(agreements, []any{a.ID, l.GovName(gov(a.B)), a.B.Country,
			strings.Join([]string{g.Slug, a.B.Slug, "joint"}, " | "), strings.Join([]string{g.Slug, a.B.Slug, store.PaidShared}, " | ")})
	}
	for i, row := range agreements {
		if err := f.SetSheetRow(sheetAgreements, "A"+strconv.Itoa(i+1), &row); err != nil {
			return nil, err
		}
	}
	f.SetRowStyle(sheetAgreements, 1, 1, bold)
	f.SetColWidth(sheetAgreements, "A", "E", 36)
	last := strconv.Itoa(sheetRows + 1)
	if len(g.Agreements) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref("B2:B" + last)
		dv.SetSqrefDropList(fmt.Sprintf("%s!$A$2:$A$%d", sheetAgreements, len(g.Agreements)+1))
		if err := f.AddDataValidation(sheetActivities, dv); err != nil {
			return nil, err
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref("E2:E" + last)
	if err := dv.SetDropList(store.Categories); err != nil {
		return nil, err
	}
	if err := f.AddDataValidation(sheetActivities, dv); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// uploadReportSheet checks an uploaded sheet whole and saves its activities, all or
// nothing.
func (h *handler) uploadReportSheet(c echo.Context) error {
	slug := c.Param("slug")
	acct, err := h.mustGovern(c, slug)
	if err != nil {
		return err
	}
	l := loc(c)
	p, err := h.reportSheetPage(c, slug)
	if err != nil {
		return err
	}
	refuse := func(errs ...string) error {
		p.Errors = errs
		return render(c, http.StatusUnprocessableEntity, views.ReportSheet(p))
	}
	fh, err := c.FormFile("sheet")
	if err != nil {
		return refuse(l.T("sheet.err_no_file"))
	}
	file, err := fh.Open()
	if err != nil {
		return refuse(l.T("sheet.err_no_file"))
	}
	defer file.Close()
	wb, err := excelize.OpenReader(io.LimitReader(file, sheetMaxBytes),
		excelize.Options{UnzipSizeLimit: 16 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return refuse(l.T("sheet.err_not_xlsx"))
	}
	defer wb.Close()
	acts, rowOf, errs := h.readReportSheet(c, wb, slug)
	if len(errs) > 0 {
		return refuse(errs...)
	}
	if len(acts) == 0 {
		return refuse(l.T("sheet.err_empty"))
	}
	created, err := h.db.ReportActivities(c.Request().Context(), acct.Actor(), acts, "reported by spreadsheet")
	var rowErr *store.RowError
	if errors.As(err, &rowErr) && (errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrInvalid)) {
		return refuse(fmt.Sprintf("%s:%d:A: %s", sheetActivities, rowOf[rowErr.Index], l.T("sheet.err_conflict")))
	}
	if err != nil {
		return err
	}
	p.Created, p.Skipped = created, len(acts)-created
	for _, a := range acts {
		p.Reported = append(p.Reported, views.Option{Value: l.URL("/agreements/"+a.Agreement) + "#activity-" + a.ID, Label: a.Title})
	}
	return render(c, http.StatusOK, views.ReportSheet(p))
}

// readReportSheet reads the Activities sheet's filled rows by the report form's
// rules: every problem is one message "Activities:ROW:COLUMN: what is wrong";
// rowOf holds each activity's row number.
func (h *handler) readReportSheet(c echo.Context, wb *excelize.File, slug string) (acts []store.Activity, rowOf []int, errs []string) {
	l := loc(c)
	rows, err := sheetRowsUpTo(wb, sheetActivities, sheetMaxRows+1)
	if errors.Is(err, errTooManyRows) {
		return nil, nil, []string{fmt.Sprintf("%s:%d:A: %s", sheetActivities, sheetMaxRows+2, l.F("sheet.err_too_many", "max", itoa(sheetMaxRows)))}
	}
	if err != nil {
		return nil, nil, []string{l.F("sheet.err_no_sheet", "sheet", sheetActivities)}
	}
	var columns []string
	if len(rows) > 0 {
		columns = headerColumns(rows[0])
	}
	if columns == nil {
		return nil, nil, []string{fmt.Sprintf("%s:1:A: %s", sheetActivities, l.F("sheet.err_header", "columns", strings.Join(sheetColumns, ", ")))}
	}
	seen := map[string]int{}
	for i, row := range rows[1:] {
		n := i + 2
		values := map[string]string{}
		filled := false
		for j, col := range columns {
			if j < len(row) {
				values[col] = strings.TrimSpace(row[j])
				filled = filled || (col != "id" && values[col] != "")
			}
		}
		if !filled {
			continue // an unused row of the template
		}
		values["date"], values["date_end"] = readSheetDate(values["date"]), readSheetDate(values["date_end"])
		f := newValuesReader(l, values)
		a := readActivity(f)
		a.ID = values["id"]
		if !store.IsNewActivityID(a.ID) {
			f.fail("id", "sheet.err_id")
		} else if first, dup := seen[a.ID]; dup {
			f.fail("id", "sheet.err_id_twice", "row", itoa(first))
		}
		seen[a.ID] = n
		if f.ok() || f.errs["agreement"] == "" {
			h.checkActivity(c, f, slug, a)
		}
		for j, col := range columns {
			if msg, bad := f.errs[col]; bad {
				cell, _ := excelize.ColumnNumberToName(j + 1)
				errs = append(errs, fmt.Sprintf("%s:%d:%s: %s", sheetActivities, n, cell, msg))
			}
		}
		acts, rowOf = append(acts, a), append(rowOf, n)
	}
	return acts, rowOf, errs
}

// errTooManyRows: the sheet has more rows than one upload takes.
var errTooManyRows = errors.New("too many rows")

// sheetRowsUpTo reads a sheet's rows (raw values), at most max of them, without
// loading the rest: a small file can unpack to a very long sheet.
func sheetRowsUpTo(wb *excelize.File, sheet string, max int) ([][]string, error) {
	it, err := wb.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		if len(rows) == max {
			return nil, errTooManyRows
		}
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		rows = append(rows, cols)
	}
	return rows, it.Error()
}

// headerColumns are the columns a sheet's header row names: today's, or those of a
// template from before costs; nil for any other header.
func headerColumns(row []string) []string {
	for _, cols := range [][]string{sheetColumns, sheetColumnsBeforeCosts} {
		if sameHeader(row, cols) {
			return cols
		}
	}
	return nil
}

func sameHeader(row, columns []string) bool {
	if len(row) < len(columns) {
		return false
	}
	for i, col := range columns {
		if strings.TrimSpace(strings.ToLower(row[i])) != col {
			return false
		}
	}
	return true
}

// readSheetDate turns a spreadsheet date (a serial number, when the cell was
// formatted as a date after all) into YYYY-MM-DD; a date of the import format
// (YYYY included) and anything else are kept as typed.
func readSheetDate(v string) string {
	if seed.ValidDate(v) {
		return v
	}
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || serial < 1 || serial > 2958465 { // 1900-01-01 to 9999-12-31
		return v
	}
	t, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return v
	}
	return t.Format(time.DateOnly)
}
