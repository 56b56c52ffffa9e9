package web_test

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// pdfPages counts the pages of a PDF Chromium printed (its page objects).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// printMedia switches the page to print styles, as when it is printed.
func printMedia(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	return chromedp.Void{}, err
}

// printed is what a printed page shows: whether the site's header, navigation and
// forms are gone, and the sources' addresses as printed.
type printed struct {
	Header  bool     `json:"header"`
	Forms   int      `json:"forms"`
	URLs    []string `json:"urls"`
	Verdict string   `json:"verdict"`
}

const printedPage = `(function () {
	var shown = function (el) { return el && getComputedStyle(el).display !== "none"; };
	return {header: shown(document.querySelector("header.site")),
		forms: Array.from(document.querySelectorAll("form")).filter(shown).length,
		urls: Array.from(document.querySelectorAll(".brief-sources .url, .brief-live .url")).filter(shown).map(function (u) { return u.textContent; }),
		verdict: (document.querySelector(".brief .verdict") || {}).textContent || ""};
})()`

// A council brief prints on one A4 and one Letter page, without the site's
// navigation or forms, with its sources and the live record as addresses.
func TestBrowserBriefPrintsOnOnePage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	for _, path := range []string{"/agreements/burnaby-ca--hwaseong-kr/brief", "/agreements/dangjin-kr--daisen-jp/brief",
		"/fr/agreements/calgary-ca--daejeon-kr/brief", "/ko/agreements/dangjin-kr--rizhao-cn/brief"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("article.brief"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for name, paper := range map[string]chromedp.PaperSize{"A4": chromedp.PaperA4, "Letter": chromedp.PaperLetter} {
			pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(paper)))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
				t.Errorf("%s on %s: %d pages, want one", path, name, n)
			}
		}
		if err := chromedp.Do(b.ctx, chromedp.Action[chromedp.Void](printMedia)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[printed](printedPage))
		if err != nil {
			t.Fatal(err)
		}
		if got.Header || got.Forms != 0 {
			t.Errorf("%s printed with the site header (%v) or %d forms", path, got.Header, got.Forms)
		}
		if len(got.URLs) < 2 || !strings.HasPrefix(got.URLs[len(got.URLs)-1], srv.URL+"/") && !strings.HasPrefix(got.URLs[len(got.URLs)-1], "http://") {
			t.Errorf("%s: printed addresses %v, want the sources and the live record", path, got.URLs)
		}
		for _, u := range got.URLs {
			if !strings.HasPrefix(u, "http") {
				t.Errorf("%s: %q is printed as an address but is not one", path, u)
			}
		}
		if strings.TrimSpace(got.Verdict) == "" {
			t.Errorf("%s: no activeness verdict on the brief", path)
		}
		if err := chromedp.Do(b.ctx, chromedp.Action[chromedp.Void](func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return chromedp.Void{}, err
		})); err != nil {
			t.Fatal(err)
		}
	}
	// The page counter counts: the full record (timeline, charts) takes several pages.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+"/agreements/dangjin-kr--daisen-jp"), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n < 2 {
		t.Errorf("the full record of Dangjin–Daisen printed on %d page(s): the page count is not measured", n)
	}
	if p := b.take(); len(p) > 0 {
		t.Errorf("console: %v", p)
	}
}
