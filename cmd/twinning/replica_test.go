package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
)

// The whole program: serve -replica ships the writes another process makes to the
// database; after the portal stops, restore rebuilds a database that holds them
// and passes check, and a restore to a time before the last write lacks it.
// /healthz says how far the replica is.
func TestServeReplicatesAndRestoreRebuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	dir := t.TempDir()
	dbPath, url := filepath.Join(dir, "twinning.db"), "file://"+filepath.Join(dir, "replica")
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", addr, "-db", dbPath, "-replica", url}, noEnv, nil, &stdout, &stderr)
	}()
	var health string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r, err := http.Get("http://" + addr + "/healthz"); err == nil {
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			health = string(b)
			break
		}
	}
	if !strings.HasPrefix(health, "ok\nreplica file://") {
		cancel()
		t.Fatalf("/healthz: %q; stderr:\n%s", health, stderr.String())
	}
	// An official's writes, as another process would make them.
	w, _, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	write := func(title string) {
		if _, _, err := w.CreateActivity(context.Background(), "official:burnaby-ca", store.Activity{ID: store.NewActivityID(),
			Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-05-01", Title: title}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	write("Reported before the bad import")
	time.Sleep(2500 * time.Millisecond) // more than the replication's window
	before := time.Now()
	time.Sleep(100 * time.Millisecond)
	write("The bad import")
	w.Close()
	time.Sleep(2500 * time.Millisecond)
	if r, err := http.Get("http://" + addr + "/healthz"); err == nil {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if !strings.Contains(string(b), "in sync") {
			t.Errorf("/healthz after the writes: %q", b)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}

	titles := func(path string) string {
		db, _, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		acts, err := db.AgreementActivities(context.Background(), "burnaby-ca--hwaseong-kr")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range acts {
			out = append(out, a.Title)
		}
		return strings.Join(out, "|")
	}
	var out bytes.Buffer
	restored := filepath.Join(dir, "restored.db")
	if err := run(context.Background(), []string{"restore", "-replica", url, "-db", restored}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "check ok") || !strings.Contains(titles(restored), "The bad import") {
		t.Errorf("latest restore: %s; activities %s", out.String(), titles(restored))
	}
	pit := filepath.Join(dir, "before.db")
	if err := run(context.Background(), []string{"restore", "-replica", url, "-db", pit, "-timestamp", before.UTC().Format(time.RFC3339Nano)}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := titles(pit); strings.Contains(got, "The bad import") || !strings.Contains(got, "Reported before the bad import") {
		t.Errorf("restore to before the bad import: %s", got)
	}
	if err := run(context.Background(), []string{"restore", "-replica", url, "-db", pit}, noEnv, nil, io.Discard, io.Discard); err == nil {
		t.Error("a restore over an existing file succeeded")
	}
	if err := run(context.Background(), []string{"restore", "-replica", url, "-db", filepath.Join(dir, "x.db"), "-timestamp", "yesterday"}, noEnv, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "RFC 3339") {
		t.Errorf("a bad timestamp: %v", err)
	}
}
