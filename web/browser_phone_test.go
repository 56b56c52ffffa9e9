package web_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/twinningtracker/twinning/store"
)

// offScreen opens every <details> (chart tables are in one) and lists the table cells
// of the main content a phone reader cannot see without scrolling sideways (cells of
// stacked tables hidden on a phone too), the stacked tables, and whether the page
// itself is wider than the screen.
const offScreen = `(function () {
	document.querySelectorAll("details").forEach(function (d) { d.open = true; });
	var w = window.innerWidth, out = [];
	document.querySelectorAll("main table td, main table th").forEach(function (td) {
		var r = td.getBoundingClientRect(), stacked = td.closest("table.stack") !== null;
		var hidden = getComputedStyle(td).display === "none" || r.width === 0;
		if ((stacked && hidden && td.tagName === "TD") || (!hidden && (r.right > w + 1 || r.left < -1))) out.push((td.dataset.label || td.tagName) + ": " + td.textContent.trim().slice(0, 40));
	});
	return {cells: out, tables: document.querySelectorAll("table.stack").length,
		wide: document.documentElement.scrollWidth > w + 1};
})()`

type phoneView struct {
	Cells  []string `json:"cells"`
	Tables int      `json:"tables"`
	Wide   bool     `json:"wide"`
}

// At 412 px, the relationship and government tables keep every column readable:
// each row is a block with its cells labelled, nothing off-screen. Screenshots go
// to $TWINNING_SHOTS when set (docs/quality.md).
func TestBrowserTablesFitAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t, chromedp.WindowSize(412, 900))
	srv := httptest.NewServer(app)
	defer srv.Close()
	checkPhone(t, b, srv.URL, 412, "/governments/dangjin-kr", "/countries/ca/kr", "/ko/countries/ca/kr", "/fr/governments/burnaby-ca",
		"/agreements?country=kr", "/governments?country=ca")
	// At 360 px, every page with a table: chart tables (wide ones stack), region
	// tallies, a country's governments, histories, the reporting overview.
	checkPhone(t, b, srv.URL, 360, "/countries/kr", "/fr/countries/ca/kr", "/ko/governments/dangjin-kr", "/charts/activities-by-year?country=kr",
		"/charts/activeness-by-region?country=kr", "/fr/charts/partners-map?government=dangjin-kr", "/agreements/burnaby-ca--hwaseong-kr",
		"/agreements/burnaby-ca--hwaseong-kr/history", "/governments/dangjin-kr/history", "/reporting", "/corrections", "/countries")
}

// checkPhone opens each path in b and fails when a stacked table's cell is off-screen
// or the page is wider than the screen.
func checkPhone(t *testing.T, b *browser, base string, width int64, paths ...string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(width, 800)); err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[phoneView](offScreen))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Cells) > 0 || got.Wide {
			t.Errorf("%s at %d px: cells off-screen %v, page wider than the screen %v", path, width, got.Cells, got.Wide)
		}
		if dir := os.Getenv("TWINNING_SHOTS"); dir != "" {
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err == nil {
				os.WriteFile(filepath.Join(dir, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.Trim(path, "/"))+fmt.Sprintf("-%d.png", width)), png, 0o644)
			}
		}
	}
}

// At 360 px, the narrowest phone in common use, the cost tables of an agreement, a
// government and a country pair keep every payer's column readable.
func TestBrowserCostTablesFitAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	costs, db := ledgerApp(t)
	for i, a := range []store.Activity{
		{Agreement: "burnaby-ca--hwaseong-kr", Date: "2025-05-01", Title: "Students", CostAmount: "123456789.50", CostCurrency: "CAD", PaidBy: "burnaby-ca"},
		{Agreement: "burnaby-ca--hwaseong-kr", Date: "2025-09-10", Title: "Artists", CostAmount: "987654321000", CostCurrency: "KRW", PaidBy: "hwaseong-kr"},
		{Agreement: "burnaby-ca--paju-kr", Date: "2026-03-02", Title: "Meeting", CostAmount: "1000.50", CostCurrency: "CAD", PaidBy: "shared"},
	} {
		a.ID = fmt.Sprintf("phone-%d", i)
		if _, err := db.SaveActivity(t.Context(), "test", a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	// A declared year, so that the reporting grid has a row (checked at the end).
	if _, _, err := db.DeclareReport(t.Context(), "official:burnaby-ca", "burnaby-ca", 2025, "Every exchange of 2025 is reported."); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t, chromedp.WindowSize(360, 800))
	srv := httptest.NewServer(costs)
	defer srv.Close()
	for _, path := range []string{"/agreements/burnaby-ca--hwaseong-kr#costs", "/fr/governments/burnaby-ca#costs", "/ko/countries/ca/kr#costs"} {
		checkPhone(t, b, srv.URL, 360, path)
		// Every cost table is one that stacks, so the check above covered it.
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[[2]int](`[document.querySelectorAll("#costs table").length, document.querySelectorAll("#costs table.stack").length]`))
		if err != nil || n[0] == 0 || n[0] != n[1] {
			t.Errorf("%s: %d cost tables, %d of them stacked on a phone (%v)", path, n[0], n[1], err)
		}
	}
	checkPhone(t, b, srv.URL, 360, "/reporting", "/ko/reporting")
}
