package web_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// offScreen lists, for each stacked table, the labelled cells a phone reader
// cannot see without scrolling sideways, and says whether the page itself is wider
// than the screen.
const offScreen = `(function () {
	var w = window.innerWidth, out = [];
	document.querySelectorAll("table.stack td").forEach(function (td) {
		var r = td.getBoundingClientRect();
		if (getComputedStyle(td).display === "none" || r.width === 0 || r.right > w + 1 || r.left < -1) out.push((td.dataset.label || "name") + ": " + td.textContent.trim().slice(0, 40));
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
	for _, path := range []string{"/governments/dangjin-kr", "/countries/ca/kr", "/ko/countries/ca/kr", "/fr/governments/burnaby-ca",
		"/agreements?country=kr", "/governments?country=ca"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("table.stack"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[phoneView](offScreen))
		if err != nil {
			t.Fatal(err)
		}
		if got.Tables == 0 || len(got.Cells) > 0 || got.Wide {
			t.Errorf("%s at 412 px: %d stacked tables, cells off-screen %v, page wider than the screen %v", path, got.Tables, got.Cells, got.Wide)
		}
		if dir := os.Getenv("TWINNING_SHOTS"); dir != "" {
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err == nil {
				os.WriteFile(filepath.Join(dir, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.Trim(path, "/"))+"-412.png"), png, 0o644)
			}
		}
	}
}
