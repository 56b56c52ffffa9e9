package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	replication "github.com/twinningtracker/twinning/replica"
)

// Releases survive the disk: a primary replicating to a folder keeps a copy of
// each release cut (here by the command, another process) beside the replica and
// deletes the copy of a deleted one; after kill -9 and the loss of the database
// and its release folders, `twinning restore` brings back the database and every
// live release's folder, checked against its SHA-256, and the restored portal
// serves the release's pages byte for byte as before, and the deleted one as gone.
func TestReleasesSurviveTheDisk(t *testing.T) {
	faultSetup(t)
	dir := t.TempDir()
	path := copyDB(t, dir)
	url := "file://" + filepath.Join(dir, "replica")
	s := startServer(t, path, "-replica", url)
	defer s.kill()
	waitInSync(t, s)

	cut := func() string {
		t.Helper()
		out, err := exec.Command(faultBinary, "release", "-db", path, "-note", "drill").CombinedOutput()
		if err != nil {
			t.Fatalf("release: %v\n%s", err, out)
		}
		id := regexp.MustCompile(`\d{4}-\d{2}-\d{2}(\.\d+)?`).FindString(string(out))
		if id == "" {
			t.Fatalf("release printed no id: %s", out)
		}
		return id
	}
	kept, deleted := cut(), cut()
	files, err := replication.FilesFor(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	waitForCopy := func(want []string) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			names, err := files.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(names)
			if slices.Equal(names, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the replica's copy of the releases holds %v, want %v", names, want)
			}
		}
	}
	both := []string{deleted + "/SHA256SUMS", deleted + "/twinning-csv.zip", deleted + "/twinning.sqlite",
		kept + "/SHA256SUMS", kept + "/twinning-csv.zip", kept + "/twinning.sqlite"}
	slices.Sort(both)
	waitForCopy(both)
	if out, err := exec.Command(faultBinary, "release", "-db", path, "-delete", deleted, "-reason", "cut by mistake").CombinedOutput(); err != nil {
		t.Fatalf("release -delete: %v\n%s", err, out)
	}
	waitForCopy([]string{kept + "/SHA256SUMS", kept + "/twinning-csv.zip", kept + "/twinning.sqlite"})

	pages := []string{"/releases/" + kept, "/fr/releases/" + kept + "/countries/ca/kr", "/releases/" + kept + "/charts/agreements-by-year.svg",
		"/releases/" + kept + "/twinning-csv.zip"}
	before := map[string]string{}
	for _, p := range pages {
		before[p] = getBody(t, s.url(p))
	}
	s.kill()
	// The disk died: the database, its WAL, Litestream's state and the releases.
	for _, p := range []string{path, path + "-wal", path + "-shm", filepath.Join(dir, ".twinning.db-litestream"), path + ".releases"} {
		os.Chmod(p, 0o755)
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(faultBinary, "restore", "-replica", url, "-db", path).CombinedOutput()
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Restored 1 release folders") || strings.Contains(string(out), "WARNING") {
		t.Errorf("restore said:\n%s", out)
	}
	sums := exec.Command("sha256sum", "-c", "SHA256SUMS")
	sums.Dir = filepath.Join(path+".releases", kept)
	if out, err := sums.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c in the restored release: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(path+".releases", deleted)); err == nil {
		t.Error("the deleted release came back")
	}
	s = startServer(t, path)
	defer s.kill()
	for _, p := range pages {
		if got := getBody(t, s.url(p)); got != before[p] {
			t.Errorf("%s after the restore differs from before the disk died", p)
		}
	}
	r, err := http.Get(s.url("/releases/" + deleted + "/countries/ca"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	if r.StatusCode != http.StatusGone {
		t.Errorf("the deleted release after the restore: %d, want 410", r.StatusCode)
	}
}
