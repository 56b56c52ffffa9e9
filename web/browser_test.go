package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
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

// TestBrowserDrawsChartsWithoutErrors opens the main pages in each language in
// a real Chromium and checks that every chart's canvas has pixels on it and that
// the console shows no error and no Content-Security-Policy violation.
func TestBrowserDrawsChartsWithoutErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	srv := httptest.NewServer(app)
	defer srv.Close()

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
	actx, cancel := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()

	// Collect every console message, exception and browser-log entry (CSP
	// violations arrive as "security" log entries) while the pages load.
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(bctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() ||
				m.Source == "security" || strings.Contains(m.Text, "Content Security Policy") {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()

	pages := []struct {
		path   string
		charts int
	}{
		{"/", 2}, {"/governments/burnaby-ca", 2}, {"/countries/ca/kr", 4}, {"/countries/kr", 5}, {"/agreements/burnaby-ca--hwaseong-kr", 2},
		{"/fr", 2}, {"/fr/governments/hwaseong-kr", 2}, {"/fr/countries/ca/kr", 4},
		{"/ko", 2}, {"/ko/governments/dangjin-kr", 2}, {"/ko/countries/ca/kr", 4},
	}
	for _, pg := range pages {
		mu.Lock()
		problems = nil
		mu.Unlock()
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+pg.path), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Errorf("%s: %v", pg.path, err)
			continue
		}
		if pg.charts > 0 {
			if _, err := chromedp.Run(bctx, chromedp.Poll[bool](
				fmt.Sprintf(`document.querySelectorAll("[data-drawn=true] canvas").length >= %d`, pg.charts),
				chromedp.WithPollingTimeout(20*time.Second))); err != nil {
				t.Errorf("%s: charts not drawn: %v", pg.path, err)
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
		if drawn != pg.charts || inked != pg.charts {
			t.Errorf("%s: %d charts drawn, %d with pixels, want %d", pg.path, drawn, inked, pg.charts)
		}
		if want := langOf(pg.path); lang != want {
			t.Errorf("%s: lang %q, want %q", pg.path, lang, want)
		}
		// Give late console messages a moment to arrive before judging the page.
		time.Sleep(300 * time.Millisecond)
		mu.Lock()
		for _, p := range problems {
			t.Errorf("%s: %s", pg.path, p)
		}
		mu.Unlock()
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
