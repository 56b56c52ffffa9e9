package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/twinningtracker/twinning/store"
)

// uploadSheet sends a spreadsheet to the report upload, as the page's form does.
func (c *client) uploadSheet(path, token, name string, body []byte) *httptest.ResponseRecorder {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", token)
	part, _ := w.CreateFormFile("sheet", name)
	part.Write(body)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

// The spreadsheet round trip: the official downloads the template (their
// agreements listed, an id on every row), fills it in, and uploads it. A sheet with
// mistakes is refused whole with sheet:row:column errors and saves nothing; fixed,
// it is saved; sent again, it reports nothing twice.
func TestReportSpreadsheetRoundTrip(t *testing.T) {
	app, db := accountApp(t)
	c := signIn(t, app, db, "sheet@burnaby.example", "burnaby-ca", "official")
	rec := c.do(http.MethodGet, "/governments/burnaby-ca/activities/sheet.xlsx", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("template: %d %q", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	wb, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	agreements, _ := wb.GetRows("Agreements")
	rows, _ := wb.GetRows("Activities")
	if len(agreements) < 3 || agreements[1][0] == "" || len(rows) != 201 || !strings.HasPrefix(rows[1][0], "act-") {
		t.Fatalf("template: %d agreement rows, %d activity rows", len(agreements), len(rows))
	}
	listed := strings.Join(func() (ids []string) {
		for _, r := range agreements[1:] {
			ids = append(ids, r[0])
		}
		return
	}(), " ")
	if !strings.Contains(listed, "burnaby-ca--hwaseong-kr") {
		t.Errorf("the Agreements sheet lacks Burnaby–Hwaseong: %s", listed)
	}
	set := func(cell, v string) { wb.SetCellStr("Activities", cell, v) }
	set("B2", "burnaby-ca--hwaseong-kr")
	set("C2", "2026-06-01")
	set("E2", "youth_education")
	set("F2", "burnaby-ca")
	set("G2", "Burnaby students in Hwaseong, by spreadsheet")
	set("N2", "https://www.burnaby.ca/news/sheet-example")
	set("B3", "burnaby-ca--hwaseong-kr")
	set("E3", "picnics")    // not a category
	set("F3", "dangjin-kr") // not a party
	set("J3", "2,500")      // not the import format's amount
	set("K3", "CAD")
	// G3, the title, left empty
	save := func() []byte {
		buf, err := wb.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	before := changeCount(t, db)
	token := c.form("/governments/burnaby-ca/activities/sheet")
	rec = c.uploadSheet("/governments/burnaby-ca/activities/sheet", token, "report.xlsx", save())
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a sheet with mistakes: %d\n%s", rec.Code, truncate(body, 800))
	}
	for _, want := range []string{"Activities:3:E:", "Activities:3:F:", "Activities:3:G:", "Activities:3:J:", "Nothing was saved: 4 problems"} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if strings.Contains(body, "Activities:2:") {
		t.Error("the good row is reported as wrong")
	}
	if after := changeCount(t, db); after != before {
		t.Fatalf("a refused sheet wrote %d changes", after-before)
	}

	set("E3", "sports")
	set("F3", "hwaseong-kr")
	set("G3", "Hwaseong footballers visit Burnaby")
	set("J3", "2500")
	set("L3", "hwaseong-kr")
	set("M3", "A friendly match and a return visit planned")
	wb.SetCellValue("Activities", "C3", 46204.0) // a date the spreadsheet made a date: 2026-07-01
	fixed := save()
	rec = c.uploadSheet("/governments/burnaby-ca/activities/sheet", token, "report.xlsx", fixed)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Saved: 2 new activities; 0 were already reported.") {
		t.Fatalf("the fixed sheet: %d\n%s", rec.Code, truncate(rec.Body.String()[strings.Index(rec.Body.String(), "<main"):], 800))
	}
	page := c.do(http.MethodGet, "/agreements/burnaby-ca--hwaseong-kr", nil).Body.String()
	if !strings.Contains(page, "Cost: CAD 2,500.00, paid by Hwaseong") || !strings.Contains(page, "A friendly match and a return visit planned") {
		t.Error("the sheet's cost, payer and outputs are not on the agreement page")
	}
	if !strings.Contains(page, "Burnaby students in Hwaseong, by spreadsheet") || !strings.Contains(page, `datetime="2026-07-01"`) {
		t.Error("the sheet's activities (and the converted date) are not on the agreement page")
	}
	rec = c.uploadSheet("/governments/burnaby-ca/activities/sheet", token, "report.xlsx", fixed)
	if !strings.Contains(rec.Body.String(), "Saved: 0 new activities; 2 were already reported.") {
		t.Errorf("the same sheet again: %d", rec.Code)
	}
	if rec := c.uploadSheet("/governments/burnaby-ca/activities/sheet", token, "report.xlsx", []byte("not a zip at all")); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "not a spreadsheet") {
		t.Errorf("a file that is not xlsx: %d", rec.Code)
	}
	other := signIn(t, app, db, "sheet@dangjin.example", "dangjin-kr", "official")
	if rec := other.do(http.MethodGet, "/governments/burnaby-ca/activities/sheet.xlsx", nil); rec.Code != http.StatusForbidden {
		t.Errorf("another government's template: %d, want 403", rec.Code)
	}
	if rec := other.uploadSheet("/governments/burnaby-ca/activities/sheet", other.form("/desk"), "x.xlsx", fixed); rec.Code != http.StatusForbidden {
		t.Errorf("another government's upload: %d, want 403", rec.Code)
	}
}

// A template downloaded before activities had costs (ten columns, source_url in J) is
// still taken, its columns read by their header.
func TestReportSpreadsheetFromBeforeCosts(t *testing.T) {
	app, db := ledgerApp(t)
	c := signIn(t, app, db, "old-sheet@burnaby.example", "burnaby-ca", "official")
	wb := excelize.NewFile()
	wb.SetSheetName("Sheet1", "Activities")
	header := []any{"id", "agreement", "date", "date_end", "category", "from", "title", "description", "participants", "source_url"}
	wb.SetSheetRow("Activities", "A1", &header)
	row := []any{store.NewActivityID(), "burnaby-ca--hwaseong-kr", "2026-02-03", "", "sports", "burnaby-ca", "Old sheet, still taken", "", "",
		"https://www.burnaby.ca/news/old-sheet"}
	wb.SetSheetRow("Activities", "A2", &row)
	buf, err := wb.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	token := c.form("/governments/burnaby-ca/activities/sheet")
	rec := c.uploadSheet("/governments/burnaby-ca/activities/sheet", token, "old.xlsx", buf.Bytes())
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Saved: 1 new activities") && !strings.Contains(rec.Body.String(), "Saved: 1 new activity") {
		t.Fatalf("an old template: %d\n%s", rec.Code, truncate(rec.Body.String()[strings.Index(rec.Body.String(), "<main"):], 600))
	}
	page := c.do(http.MethodGet, "/agreements/burnaby-ca--hwaseong-kr", nil).Body.String()
	if !strings.Contains(page, "Old sheet, still taken") || !strings.Contains(page, "https://www.burnaby.ca/news/old-sheet") {
		t.Error("the old sheet's activity (with its source) is not on the agreement page")
	}
}
