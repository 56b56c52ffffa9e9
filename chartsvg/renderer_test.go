package chartsvg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func option(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newRenderer(t testing.TB, size int, timeout time.Duration) *Renderer {
	t.Helper()
	r, err := New(size, timeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

var barPattern = regexp.MustCompile(`<path [^>]*data-i="\d+"`)

// The portal's own options, drawn: one SVG with a bar per non-zero value, labelled
// for screen readers, with nothing a strict CSP would refuse.
func TestDrawsThePortalsChartsAsCSPSafeSVG(t *testing.T) {
	r := newRenderer(t, 1, 0)
	for _, name := range []string{"activities-per-year-kr.json", "agreements-per-year-kr-fr.json", "partner-countries-kr.json"} {
		svg, err := r.Draw(context.Background(), Picture{ID: "c1", Option: option(t, name), Width: 720, Height: 360, Label: "Agreements <by> year & kind"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasPrefix(svg, `<svg xmlns="http://www.w3.org/2000/svg"`) || !strings.HasSuffix(svg, "</svg>") {
			t.Errorf("%s: not one svg element: %.120s … %.40s", name, svg, svg[len(svg)-40:])
		}
		for _, want := range []string{`role="img"`, `aria-label="Agreements &lt;by&gt; year &amp; kind"`, `<title>Agreements &lt;by&gt; year &amp; kind</title>`, `font-size="12px"`} {
			if !strings.Contains(svg, want) {
				t.Errorf("%s: no %s", name, want)
			}
		}
		for _, banned := range []string{"style=", "<style", "ecmeta", "xlink"} {
			if strings.Contains(svg, banned) {
				t.Errorf("%s: %q left in the SVG", name, banned)
			}
		}
		if zrName.MatchString(svg) {
			t.Errorf("%s: a runtime-numbered class name or id is left: %s", name, zrName.FindString(svg))
		}
		if n := len(barPattern.FindAllString(svg, -1)); n < 10 {
			t.Errorf("%s: %d bars drawn, want at least 10", name, n)
		}
	}
}

// Many readers drawing at once share a pool of two runtimes and all get the same
// picture.
func TestConcurrentDrawingsShareThePool(t *testing.T) {
	r := newRenderer(t, 2, 0)
	p := Picture{ID: "c", Option: option(t, "partner-countries-kr.json"), Width: 400, Height: 300, Label: "x"}
	want, err := r.Draw(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := r.Draw(context.Background(), p)
			if err == nil && got != want {
				err = errors.New("a concurrent drawing differs")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// A drawing that runs past the timeout is stopped, and the renderer goes on drawing
// with a fresh runtime.
func TestARunawayDrawingIsStoppedAndTheRendererRecovers(t *testing.T) {
	r := newRenderer(t, 1, 50*time.Millisecond)
	var series []string
	for s := 0; s < 60; s++ {
		vals := make([]string, 400)
		for i := range vals {
			vals[i] = fmt.Sprint(i%7 + 1)
		}
		series = append(series, `{"type":"bar","stack":"a","data":[`+strings.Join(vals, ",")+`]}`)
	}
	cats := make([]string, 400)
	for i := range cats {
		cats[i] = fmt.Sprintf(`"%d"`, i)
	}
	huge := `{"xAxis":[{"data":[` + strings.Join(cats, ",") + `]}],"yAxis":[{}],"series":[` + strings.Join(series, ",") + `]}`
	_, err := r.Draw(context.Background(), Picture{ID: "huge", Option: []byte(huge), Width: 720, Height: 360})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("a drawing of 24,000 bars in 50 ms: %v, want ErrTimeout", err)
	}
	if _, err := r.Draw(context.Background(), Picture{ID: "c", Option: option(t, "partner-countries-kr.json"), Width: 400, Height: 300}); err != nil {
		t.Fatalf("after a timeout: %v", err)
	}
}

// A drawing whose reader left gives up waiting for a runtime.
func TestDrawHonoursItsContext(t *testing.T) {
	r := newRenderer(t, 1, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	vm := <-r.pool // every runtime busy
	defer func() { r.pool <- vm }()
	if _, err := r.Draw(ctx, Picture{ID: "c", Option: []byte(`{}`), Width: 10, Height: 10}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// BenchmarkDraw is the cost of drawing each chart on a warm runtime:
//
//	go test ./chartsvg -run '^$' -bench Draw -benchtime 20x
func BenchmarkDraw(b *testing.B) {
	r := newRenderer(b, 1, 0)
	// partners-map-bethlehem: the largest map of the seed (72 partners, 60 routes).
	for _, name := range []string{"activities-per-year-kr.json", "agreements-per-year-kr-fr.json", "partner-countries-kr.json",
		"partners-map-bethlehem.json"} {
		p := Picture{ID: "c", Option: option(b, name), Width: 720, Height: 360, Label: "x"}
		b.Run(strings.TrimSuffix(name, ".json"), func(b *testing.B) {
			for b.Loop() {
				if _, err := r.Draw(context.Background(), p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRuntimeMemory reports what one runtime costs in resident memory: the
// bundle loaded and the largest map and bar chart drawn on it.
//
//	go test ./chartsvg -run '^$' -bench RuntimeMemory -benchtime 1x
func BenchmarkRuntimeMemory(b *testing.B) {
	const runtimes = 4
	for b.Loop() {
		before := residentBytes(b)
		r := newRenderer(b, runtimes, 0)
		var wg sync.WaitGroup
		for range runtimes { // all at once, so each drawing makes its own runtime
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, name := range []string{"partners-map-bethlehem.json", "activities-per-year-kr.json"} {
					if _, err := r.Draw(context.Background(), Picture{ID: "c", Option: option(b, name), Width: 720, Height: 320, Label: "x"}); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		b.ReportMetric(float64(residentBytes(b)-before)/runtimes/(1<<20), "MiB/runtime")
		r.Close()
	}
}

// residentBytes is the process's resident set (Linux).
func residentBytes(b *testing.B) int64 {
	s, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status")
	}
	for _, line := range strings.Split(string(s), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb << 10
		}
	}
	b.Skip("no VmRSS")
	return 0
}
