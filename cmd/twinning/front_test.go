package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"text/template"
	"time"
)

// frontDir is a folder for a proxy's configuration and files. Not t.TempDir: its
// parent folder is private, and a proxy started by root runs its workers as
// another user, who must reach it.
func frontDir(t *testing.T, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// renderConf fills in the template scripts/tmpl (the file an operator fills in)
// with data, into dir/name, and returns that path.
func renderConf(t *testing.T, tmpl, dir, name string, data any) string {
	t.Helper()
	tp, err := template.ParseFiles(filepath.Join("..", "..", "scripts", filepath.FromSlash(tmpl)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tp.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runFront starts a proxy in front of the portals (nginx, varnishd), in the
// foreground, and waits until it answers /healthz on listen; stop ends it. logs
// says what it wrote, for a failure.
func runFront(t *testing.T, cmd *exec.Cmd, listen string, logs func() string) (stop func()) {
	t.Helper()
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if r, err := http.Get("http://" + listen + "/healthz"); err == nil {
			r.Body.Close()
			return stop
		}
		select {
		case <-done:
			t.Fatalf("%s exited: %s\n%s", cmd.Path, out.String(), logs())
		default:
		}
	}
	stop()
	t.Fatalf("%s did not answer: %s\n%s", cmd.Path, out.String(), logs())
	return nil
}

// publicRate is how many times a second 8 clients get path from base in 3 s, and
// the share of answers a cache in front gave (X-Cache-Status: HIT).
func publicRate(base, path string) (perSecond, hitShare float64) {
	var n, hits atomic.Int64
	var wg sync.WaitGroup
	end := time.Now().Add(3 * time.Second)
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				r, err := c.Get(base + path)
				if err != nil {
					return
				}
				io.Copy(io.Discard, r.Body)
				r.Body.Close()
				if r.StatusCode == http.StatusOK {
					n.Add(1)
				}
				if r.Header.Get("X-Cache-Status") == "HIT" {
					hits.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n.Load() == 0 {
		return 0, 0
	}
	return float64(n.Load()) / 3, float64(hits.Load()) / float64(n.Load())
}
