package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
)

// The loopback topology of docs/operations.md: one primary replicating to a
// folder, two read replicas following it, nginx (Debian) in front with
// scripts/replicas/nginx.conf.tmpl. Public reads are balanced over the replicas;
// sign-in, forms, writes, releases and a signed-in official's reads go to the
// primary; a write made through the front is on the public page within the stated
// lag; and the throughput of a public page through the front is measured beside
// one server's in the same run. Needs nginx: CI installs it (TWINNING_REQUIRE_NGINX=1
// makes its absence a failure).
func TestLoopbackTopologyBehindNginx(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if os.Getenv("TWINNING_REQUIRE_NGINX") != "" {
			t.Fatal("nginx is required here (apt-get install nginx)")
		}
		t.Skip("nginx is not installed (apt-get install nginx); CI installs it")
	}
	faultSetup(t)
	dir := t.TempDir()
	path := copyDB(t, dir)
	repl := "file://" + filepath.Join(dir, "replica")
	primary := startServer(t, path, "-replica", repl, "-behind-proxy")
	defer primary.kill()
	waitInSync(t, primary)
	front := &server{addr: freeAddr(t)}
	var replicas []*server
	for i := range 2 {
		r := startServer(t, filepath.Join(t.TempDir(), fmt.Sprintf("replica%d.db", i)), "-read-only", "-replica", repl,
			"-primary", "http://"+front.addr, "-behind-proxy")
		defer r.kill()
		replicas = append(replicas, r)
	}
	stopNginx := startNginx(t, nginx, front.addr, primary.addr, []string{replicas[0].addr, replicas[1].addr})
	defer stopNginx()

	// ask reads path through the front: its headers and status.
	ask := func(c *http.Client, path string) (http.Header, int) {
		r, err := c.Get(front.url(path))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		return r.Header, r.StatusCode
	}
	upstream := func(c *http.Client, path string) (string, int) {
		h, code := ask(c, path)
		return h.Get("X-Upstream"), code
	}
	// Eight different public pages, so nginx's one-second cache answers none of
	// them and the balancing shows.
	seen := map[string]int{}
	for _, p := range []string{"/countries/ca/kr", "/countries/kr", "/countries/ca", "/governments/burnaby-ca", "/governments/hwaseong-kr",
		"/agreements", "/charts", "/about"} {
		u, code := upstream(http.DefaultClient, p)
		if code != http.StatusOK {
			t.Fatalf("%s through the front: %d", p, code)
		}
		seen[u]++
	}
	if seen[replicas[0].addr] == 0 || seen[replicas[1].addr] == 0 || seen[primary.addr] > 0 {
		t.Errorf("public reads went to %v, want both replicas and not the primary", seen)
	}
	// A public page asked for twice at once: nginx answers the second (s-maxage=1).
	cacheStatus := func(c *http.Client, path string) string {
		h, _ := ask(c, path)
		return h.Get("X-Cache-Status")
	}
	cacheStatus(http.DefaultClient, "/countries/kr/ca")
	if st := cacheStatus(http.DefaultClient, "/countries/kr/ca"); st != "HIT" {
		t.Errorf("a public page asked for again at once: nginx cache %q, want HIT", st)
	}
	if u, code := upstream(http.DefaultClient, "/fr/login"); u != primary.addr || code != http.StatusOK {
		t.Errorf("sign-in through the front: %s %d, want the primary", u, code)
	}
	for _, p := range []string{"/releases", "/data/twinning-csv.zip"} {
		if u, _ := upstream(http.DefaultClient, p); u != primary.addr {
			t.Errorf("%s through the front went to %s, want the primary", p, u)
		}
	}

	// An official signs in and reports through the front; the public sees it.
	o := signIn(t, front)
	if u, _ := upstream(o.c, "/governments/burnaby-ca"); u != primary.addr {
		t.Errorf("a signed-in official's read went to %s, want the primary (their own writes, their edit links)", u)
	}
	if st := cacheStatus(o.c, "/countries/ca/kr"); st == "HIT" {
		t.Error("a signed-in official was answered from nginx's cache of the public's page")
	}
	var worst time.Duration
	for i := range 5 {
		title := fmt.Sprintf("Through the front %d", i)
		id, status, body, err := o.report(front, store.NewActivityID(), title)
		if err != nil || id == "" {
			t.Fatalf("report through the front: %v %d %.200s", err, status, body)
		}
		acked := time.Now()
		for {
			r, err := http.Get(front.url("/agreements/burnaby-ca--hwaseong-kr"))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if strings.Contains(string(b), title) {
				break
			}
			if time.Since(acked) > 20*time.Second {
				t.Fatalf("report %d not on the public page 20 s after it was acknowledged", i)
			}
			time.Sleep(20 * time.Millisecond)
		}
		worst = max(worst, time.Since(acked))
	}
	// The replica's lag, and the second a shared cache may keep a page.
	if worst > replicaLag+time.Second {
		t.Errorf("a write reached the public page through the front in %v, above the stated %v and the cache's second", worst, replicaLag)
	}

	// Throughput of one public page: through the front (two replicas), then one
	// server alone (the primary), 8 clients for 3 s each, in the same run.
	viaFront, _ := publicRate("http://"+front.addr, "/countries/ca/kr")
	alone, _ := publicRate("http://"+primary.addr, "/countries/ca/kr")
	t.Logf("loopback topology: public reads balanced %v; a write through the front on the public page within %v (5 writes, worst); /countries/ca/kr, 8 clients: %.0f req/s through nginx (caching a second) and two replicas, %.0f req/s from one server alone (ratio %.2f)",
		seen, worst.Round(time.Millisecond), viaFront, alone, viaFront/alone)
}

// startNginx runs nginx on the template with these addresses until stop.
func startNginx(t *testing.T, nginx, listen, primary string, replicas []string) (stop func()) {
	t.Helper()
	dir := frontDir(t, "twinning-nginx-") // nginx's workers reach the cache there
	conf := renderConf(t, "replicas/nginx.conf.tmpl", dir, "nginx.conf",
		map[string]any{"Dir": dir, "Listen": listen, "Primary": primary, "Replicas": replicas})
	cmd := exec.Command(nginx, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
	return runFront(t, cmd, listen, func() string {
		log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return string(log)
	})
}
