package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
)

// A CDN in front, as docs/operations.md describes it: Varnish (Debian, with the
// xkey module) on scripts/cdn/varnish.vcl.tmpl, in front of a primary and a read
// replica, both purging it (-purge-url). Public pages are kept for the hour the
// portal allows; a report is on the public page through the CDN within the
// replica's stated lag, because the replica purges the pages once it has the
// report; a page the report did not touch stays in the CDN; and the throughput of
// a public page through the CDN is measured beside one server's. Needs varnishd:
// CI installs it (TWINNING_REQUIRE_VARNISH=1 makes its absence a failure).
func TestCDNInFrontIsPurgedByScope(t *testing.T) {
	varnishd, err := exec.LookPath("varnishd")
	if err != nil {
		if _, statErr := os.Stat("/usr/sbin/varnishd"); statErr == nil {
			varnishd, err = "/usr/sbin/varnishd", nil
		}
	}
	if err != nil {
		if os.Getenv("TWINNING_REQUIRE_VARNISH") != "" {
			t.Fatal("varnishd is required here (apt-get install varnish varnish-modules)")
		}
		t.Skip("varnishd is not installed (apt-get install varnish varnish-modules); CI installs it")
	}
	faultSetup(t)
	dir := t.TempDir()
	path := copyDB(t, dir)
	repl := "file://" + filepath.Join(dir, "replica")
	front := &server{addr: freeAddr(t)}
	purgeAddr := freeAddr(t)
	purge := "http://" + purgeAddr + "/_purge"
	primary := startServer(t, path, "-replica", repl, "-behind-proxy", "-purge-url", purge)
	defer primary.kill()
	waitInSync(t, primary)
	replicaMetrics := freeAddr(t)
	replica := startServer(t, filepath.Join(t.TempDir(), "replica.db"), "-read-only", "-replica", repl,
		"-primary", front.url(""), "-behind-proxy", "-purge-url", purge, "-metrics-addr", replicaMetrics)
	defer replica.kill()
	stop := startVarnish(t, varnishd, front.addr, purgeAddr, primary.addr, []string{replica.addr})
	defer stop()

	type answer struct {
		status          int
		cache, upstream string
		body            string
	}
	get := func(path string) answer {
		t.Helper()
		r, err := http.Get(front.url(path))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		return answer{r.StatusCode, r.Header.Get("X-Cache-Status"), r.Header.Get("X-Upstream"), string(b)}
	}
	// waitFor polls path through the front until the body holds want, and says how long it took.
	waitFor := func(path, want string, from time.Time) time.Duration {
		t.Helper()
		for {
			if a := get(path); strings.Contains(a.body, want) {
				return time.Since(from)
			}
			if time.Since(from) > 20*time.Second {
				t.Fatalf("%q not on %s through the CDN 20 s after it was acknowledged", want, path)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	o := signIn(t, front)
	report := func(title string) time.Time {
		t.Helper()
		id, status, body, err := o.report(front, store.NewActivityID(), title)
		if err != nil || id == "" {
			t.Fatalf("report through the CDN: %v %d %.200s", err, status, body)
		}
		return time.Now()
	}
	// The day's first write moves the data's as-of date, on every page; let it
	// and its purges (each sent twice, 2 s apart) pass.
	waitFor("/governments/burnaby-ca", "CDN warm-up", report("CDN warm-up"))
	time.Sleep(3 * time.Second)

	pages := []string{"/governments/burnaby-ca", "/governments/dangjin-kr", "/countries/kr/jp", "/charts/agreements-by-year.svg"}
	for _, p := range pages {
		get(p)
		if a := get(p); a.status != http.StatusOK || a.cache != "HIT" || a.upstream != "reader0" {
			t.Fatalf("%s asked for again: %d, cache %q from %q; want a HIT, fetched from the replica", p, a.status, a.cache, a.upstream)
		}
	}
	// The public address takes no purge, whatever it asks.
	if r, err := http.DefaultClient.Do(purgeRequest(t, front.url("/_purge"))); err == nil {
		r.Body.Close()
	}
	if r, err := http.DefaultClient.Do(purgeRequest(t, "http://"+purgeAddr+"/governments/burnaby-ca")); err == nil {
		r.Body.Close()
	}
	for _, p := range pages {
		if a := get(p); a.cache != "HIT" {
			t.Errorf("a purge sent to the public address or another path emptied %s (cache %q)", p, a.cache)
		}
	}
	var worst time.Duration
	for i := range 5 {
		title := fmt.Sprintf("Through the CDN %d", i)
		worst = max(worst, waitFor("/governments/burnaby-ca", title, report(title)))
		for _, p := range pages[1:] {
			if a := get(p); a.cache != "HIT" {
				t.Errorf("report %d by Burnaby: %s was purged (cache %q), though the report does not change it", i, p, a.cache)
			}
		}
	}
	if worst > replicaLag {
		t.Errorf("a report reached the public page through the CDN in %v, above the replica's stated lag %v", worst, replicaLag)
	}
	// The replica purged too (the primary's purges come before the replica has
	// the report; the replica's are what make the page right).
	if sent := metricValue(t, "http://"+replicaMetrics+"/metrics", `twinning_cdn_purges_total{outcome="sent"}`); sent < 5 {
		t.Errorf("the replica sent %v purges for 5 reports", sent)
	}
	// Once the replica has purged it too, the new page is kept again.
	time.Sleep(time.Second)
	get("/governments/burnaby-ca")
	if a := get("/governments/burnaby-ca"); a.cache != "HIT" || !strings.Contains(a.body, "Through the CDN 4") {
		t.Errorf("Burnaby's page after the last purge: cache %q, newest report shown %v", a.cache, strings.Contains(a.body, "Through the CDN 4"))
	}

	// A spike on one public page: through the CDN, then one server alone, 8
	// clients for 3 s each, in the same run; then through the CDN again while an
	// official reports on that page's country pair five times a second.
	viaCDN, _ := publicRate(front.url(""), "/countries/ca/kr")
	alone, _ := publicRate(primary.url(""), "/countries/ca/kr")
	stopWrites := make(chan struct{})
	var writes atomic.Int64
	go func() {
		for {
			select {
			case <-stopWrites:
				return
			case <-time.After(200 * time.Millisecond):
			}
			if id, _, _, err := o.report(front, store.NewActivityID(), "During the spike"); err == nil && id != "" {
				writes.Add(1)
			}
		}
	}()
	duringWrites, hitShare := publicRate(front.url(""), "/countries/ca/kr")
	close(stopWrites)
	t.Logf("CDN in front (Varnish, xkey): a report on the public page through the CDN within %v (5 reports, worst; the replica's stated lag %v); pages it did not touch stayed HITs; /countries/ca/kr, 8 clients: %.0f req/s through Varnish, %.0f req/s from one server alone (ratio %.2f); through Varnish while %d reports purged that page: %.0f req/s, %.1f%% answered by Varnish",
		worst.Round(time.Millisecond), replicaLag, viaCDN, alone, viaCDN/alone, writes.Load(), duringWrites, 100*hitShare)
}

// startVarnish runs varnishd on the template with these addresses until stop.
func startVarnish(t *testing.T, varnishd, listen, purgeListen, primary string, readers []string) (stop func()) {
	t.Helper()
	dir := frontDir(t, "twinning-varnish-")
	type hostPort struct{ Host, Port string }
	split := func(addr string) hostPort {
		h, p, err := net.SplitHostPort(addr)
		if err != nil {
			t.Fatal(err)
		}
		return hostPort{h, p}
	}
	var rs []hostPort
	for _, r := range readers {
		rs = append(rs, split(r))
	}
	vcl := renderConf(t, "cdn/varnish.vcl.tmpl", dir, "twinning.vcl", map[string]any{"Primary": split(primary), "Readers": rs})
	cmd := exec.Command(varnishd, "-F", "-a", "public="+listen, "-a", "purge="+purgeListen, "-f", vcl, "-n", filepath.Join(dir, "work"), "-s", "malloc,64m")
	return runFront(t, cmd, listen, func() string { return "" })
}

// purgeRequest is a purge of every page, as a portal sends it.
func purgeRequest(t *testing.T, url string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Surrogate-Key", "all")
	return req
}

// metricValue reads one sample from a Prometheus text page.
func metricValue(t *testing.T, url, sample string) float64 {
	t.Helper()
	for _, line := range strings.Split(getBody(t, url), "\n") {
		if v, ok := strings.CutPrefix(line, sample+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("%s has no %s", url, sample)
	return 0
}
