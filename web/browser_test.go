package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium. Without it the browser test skips, unless
// TWINNING_REQUIRE_BROWSER=1 (set by .ci/run), where its absence is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("TWINNING_REQUIRE_BROWSER") == "1" {
		t.Fatal("Chromium is required (TWINNING_REQUIRE_BROWSER=1) but not installed: apt-get install chromium")
	}
	t.Skip("Chromium not installed (apt-get install chromium); skipping browser tests")
	return ""
}

// browser starts Debian's Chromium for one test and collects the console's errors,
// warnings, exceptions and security (CSP) messages.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string
}

func startBrowser(t *testing.T, flags ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	exe := chromium(t)
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	allocOpts = append(allocOpts, flags...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	bctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &browser{ctx: bctx}
	messages := chromedp.Console(bctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() ||
				m.Source == "security" || strings.Contains(m.Text, "Content Security Policy") {
				b.mu.Lock()
				b.problems = append(b.problems, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// take returns the problems seen since the last call and forgets them.
func (b *browser) take() []string {
	time.Sleep(300 * time.Millisecond) // late console messages
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// TestBrowserDrawsChartsWithoutErrors opens the main pages in each language in
// a real Chromium and checks that every chart's canvas has pixels on it and that
// the console shows no error and no Content-Security-Policy violation.
func TestBrowserDrawsChartsWithoutErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t)
	bctx := b.ctx
	srv := httptest.NewServer(app)
	defer srv.Close()

	pages := []struct {
		path   string
		charts int
	}{
		{"/", 2}, {"/governments/burnaby-ca", 2}, {"/countries/ca/kr", 4}, {"/countries/kr", 5}, {"/agreements/burnaby-ca--hwaseong-kr", 2},
		{"/fr", 2}, {"/fr/governments/hwaseong-kr", 2}, {"/fr/countries/ca/kr", 4},
		{"/ko", 2}, {"/ko/governments/dangjin-kr", 2}, {"/ko/countries/ca/kr", 4},
		{"/charts/activity-flows?country=ca&partner=kr", 1}, {"/embed/charts/agreements-by-year?country=kr", 1},
		{"/ko/embed/charts/activeness-by-region?country=ca&partner=kr", 1},
	}
	for _, pg := range pages {
		b.take()
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+pg.path), chromedp.WaitReady(chromedp.CSS("footer, .embed-back"))); err != nil {
			t.Errorf("%s: %v", pg.path, err)
			continue
		}
		// Charts are drawn as they come near the screen: scroll to each in turn, as a
		// reader would.
		for i := 0; i < pg.charts; i++ {
			el := fmt.Sprintf(`document.querySelectorAll("[data-chart]")[%d]`, i)
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](el+` && (`+el+`.scrollIntoView(), true)`)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(bctx, chromedp.Poll[bool](el+` && `+el+`.getAttribute("data-drawn") === "true"`,
				chromedp.WithPollingTimeout(20*time.Second))); err != nil {
				t.Errorf("%s: chart %d not drawn: %v", pg.path, i+1, err)
			}
		}
		drawn, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-drawn=true]").length`))
		if err != nil {
			t.Fatal(err)
		}
		// A drawn canvas has opaque pixels; a blank one is all transparent.
		inked, err := chromedp.Run(bctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll("[data-drawn=true] canvas")).filter(function (c) {
			var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
			for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) return true; }
			return false;
		}).length`))
		if err != nil {
			t.Fatal(err)
		}
		lang, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		if err != nil {
			t.Fatal(err)
		}
		// A screen reader hears the page's own summary in the page's language, not
		// ECharts' generated English ("This is a chart…", "the data for 1974 is … NaN").
		labels, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("[data-drawn=true]")).map(function (el) { return el.getAttribute("aria-label") || ""; })`))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range labels {
			if l == "" || strings.Contains(l, "NaN") || strings.Contains(l, "This is a chart") || strings.Contains(l, "the data for") {
				t.Errorf("%s: chart aria-label %q", pg.path, l)
			}
		}
		if drawn != pg.charts || inked != pg.charts {
			t.Errorf("%s: %d charts drawn, %d with pixels, want %d", pg.path, drawn, inked, pg.charts)
		}
		if want := langOf(pg.path); lang != want {
			t.Errorf("%s: lang %q, want %q", pg.path, lang, want)
		}
		for _, p := range b.take() {
			t.Errorf("%s: %s", pg.path, p)
		}
	}
}

// TestBrowserFraming frames an embed and a government page from another origin:
// Chromium shows the embed and refuses the government page.
func TestBrowserFraming(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t)
	portal := httptest.NewServer(app)
	defer portal.Close()
	// A page on another origin (another port) that frames one portal URL.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><body><iframe id="f" src="%s%s" width="800" height="500"></iframe></body></html>`,
			portal.URL, html.EscapeString(r.URL.Query().Get("src")))
	}))
	defer other.Close()
	refused := func(path string) bool {
		b.take()
		if err := chromedp.Do(b.ctx, chromedp.Navigate(other.URL+"/?src="+url.QueryEscape(path)), chromedp.WaitReady(chromedp.CSS("#f"))); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond) // let the frame load, or be refused
		for _, p := range b.take() {
			if strings.Contains(p, "frame-ancestors") {
				return true
			}
		}
		return false
	}
	if refused("/embed/charts/agreements-by-year?country=kr") {
		t.Error("the embed was refused in another site's frame")
	}
	if !refused("/governments/burnaby-ca") {
		t.Error("a government page was framed by another site")
	}
}

func langOf(path string) string {
	for _, l := range []string{"fr", "ko"} {
		if strings.HasPrefix(path, "/"+l+"/") || path == "/"+l {
			return l
		}
	}
	return "en"
}

// With JavaScript off a chart page shows its table of numbers right under the
// caption, with no empty box where the chart would have been drawn.
func TestBrowserChartsWithoutJavaScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t, chromedp.Flag("blink-settings", "scriptEnabled=false"))
	srv := httptest.NewServer(app)
	defer srv.Close()
	for _, path := range []string{"/ko/embed/charts/activeness-by-region?country=ca&partner=kr", "/governments/burnaby-ca"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("figure.chart"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("figure.chart")).map(function (f) {
			var c = f.querySelector(".chart-canvas"), d = f.querySelector("details.chart-table");
			return getComputedStyle(c).display + " " + c.getBoundingClientRect().height + " " + (d && d.open);
		})`))
		if err != nil {
			t.Fatal(err)
		}
		for i, g := range got {
			if g != "none 0 true" {
				t.Errorf("%s: chart %d without JavaScript: display, height, table open = %q, want \"none 0 true\"", path, i+1, g)
			}
		}
	}
}
