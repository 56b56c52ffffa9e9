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

// visibleCharts is a script that describes, per chart figure, the picture a reader
// sees: which drawing is shown (wide, narrow or a map's one), its height on screen,
// how many of its bars (or a map's dots and routes) have an area, and for a map the
// world outline behind it. An empty box or a hidden picture shows as 0.
const visibleCharts = `Array.from(document.querySelectorAll("figure.chart")).map(function (f) {
	var shown = Array.from(f.querySelectorAll(".chart-svg")).filter(function (b) { return getComputedStyle(b).display !== "none"; });
	if (shown.length !== 1) return {shown: shown.length, size: "", height: 0, bars: 0, label: ""};
	var svg = shown[0].querySelector("svg");
	var bars = Array.from(svg.querySelectorAll("[data-i]")).filter(function (p) { var r = p.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
	var cs = getComputedStyle(f), inner = f.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
	var isMap = shown[0].classList.contains("map");
	return {shown: 1, size: isMap ? "map" : shown[0].classList.contains("wide") ? "wide" : "narrow",
		fits: isMap ? "map" : inner >= 560 ? "wide" : "narrow", outline: isMap ? getComputedStyle(svg).backgroundImage : "",
		height: Math.round(svg.getBoundingClientRect().height), bars: bars.length, label: svg.getAttribute("aria-label") || ""};
})`

type shownChart struct {
	Shown   int    `json:"shown"`
	Size    string `json:"size"`
	Fits    string `json:"fits"`    // the drawing the figure's width calls for (560 px and up: wide; a map has one)
	Outline string `json:"outline"` // a map's background: the shared world outline
	Height  int    `json:"height"`
	Bars    int    `json:"bars"`
	Label   string `json:"label"`
}

// checkCharts asserts that a page shows want charts, each one drawing with bars on
// it, the one its figure's width calls for, and a label.
func checkCharts(t *testing.T, b *browser, path string, want int) {
	t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]shownChart](visibleCharts))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != want {
		t.Errorf("%s: %d chart figures, want %d", path, len(got), want)
	}
	for i, c := range got {
		if c.Shown != 1 || c.Size != c.Fits || c.Height < 100 || c.Bars == 0 {
			t.Errorf("%s: chart %d shows %d drawings (%q, %d px high, %d bars), want one %s drawing with bars", path, i+1, c.Shown, c.Size, c.Height, c.Bars, c.Fits)
		}
		if c.Size == "map" && !strings.Contains(c.Outline, "world-land") {
			t.Errorf("%s: chart %d is a map without the world outline behind it (background %q)", path, i+1, c.Outline)
		}
		if c.Label == "" || strings.Contains(c.Label, "NaN") || strings.Contains(c.Label, "This is a chart") {
			t.Errorf("%s: chart %d aria-label %q", path, i+1, c.Label)
		}
	}
}

// TestBrowserShowsDrawnChartsWithoutErrors opens the main pages in each language in
// a real Chromium, wide and at a phone's 412 px: every chart figure shows one
// server-drawn picture with bars (the narrow drawing on a phone and in a
// half-width column), hovering a bar shows its numbers, and the console shows no
// error and no Content-Security-Policy violation.
func TestBrowserShowsDrawnChartsWithoutErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	pages := []struct {
		path   string
		charts int
	}{
		{"/", 2}, {"/governments/burnaby-ca", 3}, {"/countries/ca/kr", 4}, {"/agreements/burnaby-ca--hwaseong-kr", 2},
		{"/fr", 2}, {"/fr/governments/hwaseong-kr", 3}, {"/fr/countries/ca/kr", 4},
		{"/ko", 2}, {"/ko/governments/dangjin-kr", 3}, {"/ko/countries/ca/kr", 4},
		{"/charts/partners-map?government=dangjin-kr", 1}, {"/fr/embed/charts/partners-map?government=burnaby-ca&theme=dark", 1},
		{"/charts/activity-flows?country=ca&partner=kr", 1}, {"/embed/charts/agreements-by-year?country=kr", 1},
		{"/ko/embed/charts/activeness-by-region?country=ca&partner=kr", 1},
	}
	for _, width := range []int{1280, 412} {
		b := startBrowser(t, chromedp.WindowSize(width, 1000))
		for _, pg := range pages {
			b.take()
			if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+pg.path), chromedp.WaitReady(chromedp.CSS("footer, .embed-back"))); err != nil {
				t.Errorf("%s: %v", pg.path, err)
				continue
			}
			checkCharts(t, b, fmt.Sprintf("%s at %d px", pg.path, width), pg.charts)
			// Hover the first bar chart's largest bar: its tooltip names the category.
			type point struct{ X, Y float64 }
			at, err := chromedp.Run(b.ctx, chromedp.Evaluate[point](`(function () {
				var box = Array.from(document.querySelectorAll(".chart-svg:not(.map)")).find(function (b) { return getComputedStyle(b).display !== "none"; });
				if (!box) return {X: -1, Y: -1}; // a map alone: no tooltips (its table lists the partners)
				var area = function (p) { var r = p.getBoundingClientRect(); return r.width * r.height; };
				var bar = Array.from(box.querySelectorAll("[data-i]")).reduce(function (a, p) { return area(p) > area(a) ? p : a; });
				bar.scrollIntoView({block: "center"});
				var r = bar.getBoundingClientRect();
				return {X: r.left + r.width / 2, Y: r.top + r.height / 2};
			})()`))
			if err != nil {
				t.Fatalf("%s: find a bar: %v", pg.path, err)
			}
			if at.X >= 0 {
				if err := chromedp.Do(b.ctx, chromedp.MouseEvent("mouseMoved", at.X, at.Y), chromedp.Sleep(100*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				tip, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(function () { var t = document.querySelector(".chart-tip"); return t && !t.hidden ? t.textContent : ""; })()`))
				if err != nil {
					t.Fatal(err)
				}
				if tip == "" {
					t.Errorf("%s at %d px: hovering a bar shows no tooltip", pg.path, width)
				}
			}
			lang, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
			if err != nil {
				t.Fatal(err)
			}
			if want := langOf(pg.path); lang != want {
				t.Errorf("%s: lang %q, want %q", pg.path, lang, want)
			}
			for _, p := range b.take() {
				t.Errorf("%s at %d px: %s", pg.path, width, p)
			}
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

// With JavaScript off every page type shows each chart as the picture the server
// drew, bars and all, with its table folded under it.
func TestBrowserChartsWithoutJavaScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t, chromedp.Flag("blink-settings", "scriptEnabled=false"))
	srv := httptest.NewServer(app)
	defer srv.Close()
	for _, pg := range []struct {
		path   string
		charts int
	}{
		{"/", 2}, {"/countries/kr", 5}, {"/countries/ca/kr", 4}, {"/governments/burnaby-ca", 3},
		{"/agreements/burnaby-ca--hwaseong-kr", 2}, {"/charts/agreements-by-year?country=kr", 1},
		{"/charts/partners-map?government=dangjin-kr", 1}, {"/embed/charts/partners-map?government=burnaby-ca&plain=1", 1},
		{"/ko/embed/charts/activeness-by-region?country=ca&partner=kr", 1},
	} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+pg.path), chromedp.WaitReady(chromedp.CSS("figure.chart"))); err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		checkCharts(t, b, pg.path, pg.charts)
		open, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure.chart details.chart-table[open]").length`))
		if err != nil {
			t.Fatal(err)
		}
		if open != 0 {
			t.Errorf("%s: %d tables open under drawn charts, want them folded", pg.path, open)
		}
	}
}

// TestBrowserEmbedFitsItsFrame pastes the embed snippet into a story page: with the
// host script the frame takes the chart's exact height, at a desktop and a phone
// width, also when the script arrives after the frame has loaded; without it, the
// snippet's own height never cuts the chart off. (The story
// is served from the portal's origin so the test can measure inside the frame; the
// framing itself across origins is TestBrowserFraming's.)
func TestBrowserEmbedFitsItsFrame(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	var snippet, noScript string
	mux := http.NewServeMux()
	mux.Handle("/", app)
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		s := snippet
		switch r.URL.Query().Get("script") {
		case "0":
			s = noScript
		case "late": // a CMS that adds the host script after the frame has loaded
			s = noScript + `<script>setTimeout(function () { var s = document.createElement("script");
				s.src = "/static/js/embed.js"; document.body.appendChild(s); }, 1000);</script>`
		}
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"></head><body><p>Story</p>%s<p>After</p></body></html>`, s)
	})
	portal := httptest.NewServer(mux)
	defer portal.Close()
	// The snippet as the chart page gives it (its height and markup), pointed at
	// this test's portal.
	page := doc(t, mustGet(t, "/charts/activities-by-year?country=ca&partner=kr", http.StatusOK))
	snippet = strings.ReplaceAll(page.Find("#embed-code").Text(), "http://portal.test", portal.URL)
	if !strings.Contains(snippet, "data-twinning-embed") || !strings.Contains(snippet, "/static/js/embed.js") {
		t.Fatalf("snippet: %s", snippet)
	}
	noScript = snippet[:strings.Index(snippet, "<script")]
	type sizes struct{ Frame, Chart int }
	measure := `(function () { var f = document.querySelector("iframe"), d = f.contentDocument, cs = d.defaultView.getComputedStyle(d.body);
		return {Frame: Math.round(f.getBoundingClientRect().height),
			Chart: Math.ceil(d.body.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom))}; })()`
	for _, width := range []int{1280, 412} {
		b := startBrowser(t, chromedp.WindowSize(width, 1000))
		for _, script := range []string{"0", "1", "late"} {
			if err := chromedp.Do(b.ctx, chromedp.Navigate(portal.URL+"/story?script="+script), chromedp.WaitReady(chromedp.CSS("iframe")),
				chromedp.Sleep(2500*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(b.ctx, chromedp.Evaluate[sizes](measure))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case got.Chart < 300:
				t.Errorf("at %d px the embed is %d px high: not loaded", width, got.Chart)
			case script == "0" && got.Frame < got.Chart:
				t.Errorf("at %d px without the host script the frame is %d px, the chart %d px: cut off", width, got.Frame, got.Chart)
			case script != "0" && (got.Frame < got.Chart-1 || got.Frame > got.Chart+1):
				t.Errorf("at %d px with the host script (%s) the frame is %d px, the chart %d px", width, script, got.Frame, got.Chart)
			}
		}
		for _, p := range b.take() {
			t.Errorf("at %d px: %s", width, p)
		}
	}
}

// TestBrowserPNGDownload presses "Download as PNG" and reads the picture it saves: a
// bar chart with its bars, and a map with its world outline (which the page draws as
// a background, so the PNG must come from the standalone picture).
func TestBrowserPNGDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	b := startBrowser(t, chromedp.WindowSize(1280, 1000))
	// The saved file's data URL is caught at the anchor's click; the check draws it
	// back into a canvas and reads pixels: how many are not white, and the colour at
	// (lon 20°, lat 5°), inside Africa, at twice the 720 × 284 map.
	const catchClick = `HTMLAnchorElement.prototype.click = function () { window.savedPNG = this.href; window.savedName = this.download; };`
	const read = `new Promise(function (done) {
		var img = new Image();
		img.onload = function () {
			var c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
			var ctx = c.getContext("2d"); ctx.drawImage(img, 0, 0);
			var d = ctx.getImageData(0, 0, c.width, c.height).data, ink = 0;
			for (var i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i+1] < 240 || d[i+2] < 240) ink++;
			var x = Math.round((20 + 180) / 360 * c.width), y = Math.round((84 - 5) / 142 * c.height);
			var k = (y * c.width + x) * 4;
			done({Name: window.savedName, Width: c.width, Ink: ink, Africa: [d[k], d[k+1], d[k+2]]});
		};
		img.onerror = function () { done({Name: "unreadable"}); };
		img.src = window.savedPNG;
	})`
	type saved struct {
		Name   string
		Width  int
		Ink    int
		Africa []int
	}
	for _, pg := range []struct {
		path  string
		isMap bool
	}{{"/charts/agreements-by-year?country=kr", false}, {"/charts/partners-map?government=dangjin-kr", true}} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+pg.path), chromedp.WaitVisible(chromedp.CSS("button.png-download"))); err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](catchClick)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS("button.png-download")), chromedp.Sleep(time.Second)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[saved](read, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		if !strings.HasSuffix(got.Name, ".png") || got.Width != 1440 || got.Ink < 2000 {
			t.Errorf("%s: saved %q, %d px wide, %d inked pixels", pg.path, got.Name, got.Width, got.Ink)
		}
		if pg.isMap && (len(got.Africa) != 3 || got.Africa[0] > 235 || got.Africa[0] < 200) {
			t.Errorf("%s: the PNG has no world outline (Africa is %v, want the land's grey)", pg.path, got.Africa)
		}
	}
	for _, p := range b.take() {
		t.Errorf("%s", p)
	}
}
