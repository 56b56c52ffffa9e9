package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The whole program: a new database path is created and seeded, the portal answers,
// and cancelling the context (SIGTERM) shuts it down cleanly.
func TestServeSeedsAndShutsDown(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	dbPath := filepath.Join(t.TempDir(), "twinning.db")
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", addr, "-db", dbPath, "-metrics-addr", metricsAddr}, noEnv, nil, &stdout, &stderr)
	}()

	var resp *http.Response
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		r, err := http.Get("http://" + addr + "/governments/burnaby-ca")
		if err == nil {
			resp = r
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if resp == nil {
		cancel()
		t.Fatalf("portal did not answer; stderr:\n%s", stderr.String())
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Hwaseong") {
		t.Errorf("GET /governments/burnaby-ca: %d", resp.StatusCode)
	}
	// Metrics on their own address only.
	if r, err := http.Get("http://" + metricsAddr + "/metrics"); err != nil {
		t.Error(err)
	} else {
		m, _ := io.ReadAll(r.Body)
		r.Body.Close()
		for _, want := range []string{`twinning_http_requests_total{method="GET",route="/governments/:slug",status="200"} 1`, "go_goroutines", "twinning_cache_loads_total"} {
			if !strings.Contains(string(m), want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	}
	if r, err := http.Get("http://" + addr + "/metrics"); err == nil {
		r.Body.Close()
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("/metrics on the public address: %d", r.StatusCode)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no shutdown after cancel")
	}
	if !strings.Contains(stdout.String(), "Created") || !strings.Contains(stdout.String(), "stopped") {
		t.Errorf("stdout:\n%s", stdout.String())
	}

	// A second start opens the same file without seeding it again.
	stdout.Reset()
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { done <- run(ctx2, []string{"-addr", freeAddr(t), "-db", dbPath}, noEnv, nil, &stdout, &stderr) }()
	time.Sleep(500 * time.Millisecond)
	cancel2()
	if err := <-done; err != nil {
		t.Errorf("restart: %v", err)
	}
	if strings.Contains(stdout.String(), "Created") {
		t.Error("an existing database was seeded again")
	}
}

func TestBadDatabasePathsFailClearly(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o644)
	cases := map[string]string{
		filepath.Join(dir, "missing", "x.db"): "does not exist",
		junk:                                  "not a usable SQLite database",
		dir:                                   "is a folder",
	}
	for path, want := range cases {
		err := run(context.Background(), []string{"-addr", freeAddr(t), "-db", path}, noEnv, nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("-db %s: err = %v, want one line containing %q", path, err, want)
		}
	}
	if got, _ := os.ReadFile(junk); string(got) != "not a database" {
		t.Error("the junk file was modified")
	}
}

func TestEnvironmentFallback(t *testing.T) {
	env := func(k string) string {
		return map[string]string{"TWINNING_DB": "/nonexistent-folder/x.db"}[k]
	}
	err := run(context.Background(), []string{"serve"}, env, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "/nonexistent-folder") {
		t.Errorf("TWINNING_DB ignored: %v", err)
	}
	if err := run(context.Background(), []string{"frobnicate"}, noEnv, nil, io.Discard, io.Discard); err == nil {
		t.Error("unknown command accepted")
	}
}

// A bad import file is refused whole, with file:line:column, and writes nothing.
func TestImportIsAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "twinning.db")
	gov := filepath.Join(dir, "governments.csv")
	agr := filepath.Join(dir, "agreements.csv")
	os.WriteFile(gov, []byte("slug,name,country,region\ntestville-ca,Testville,CA,Ontario\n"), 0o644)
	os.WriteFile(agr, []byte("id,government_a,government_b,kind,signed\ntestville-ca--hwaseong-kr,testville-ca,hwaseong-kr,sister,2031-02-30\n"), 0o644)
	err := run(context.Background(), []string{"import", "-db", dbPath, gov, agr}, noEnv, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "agreements.csv:2:") || !strings.Contains(err.Error(), "nothing written") {
		t.Fatalf("err = %v", err)
	}
	os.WriteFile(agr, []byte("id,government_a,government_b,kind,signed\ntestville-ca--hwaseong-kr,testville-ca,hwaseong-kr,sister,2021-02\n"), 0o644)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "-db", dbPath, gov, agr}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Imported 1 governments, 1 agreements") {
		t.Errorf("output: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"check", "-db", dbPath}, noEnv, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "ok") {
		t.Errorf("check: %v %s", err, out.String())
	}
}

// import-wikidata merges the query's JSON result, then leaves a database that
// passes check; a file with a bad row writes nothing and says where.
func TestImportWikidata(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "twinning.db")
	sample := filepath.Join("..", "..", "seed", "wikidata", "testdata", "pairs.json")
	body, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, bytes.Replace(body, []byte(`"value": "TW"`), []byte(`"value": "Taiwan"`), 1), 0o644)
	err = run(context.Background(), []string{"import-wikidata", "-db", dbPath, bad}, noEnv, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "bad.json:") || !strings.Contains(err.Error(), "nothing written") {
		t.Fatalf("a bad file: %v", err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import-wikidata", "-db", dbPath, sample}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Read 5 pairs", "2 new;", "1 new.", "kept: burnaby-ca--hwaseong-kr: signed 2010 kept"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"check", "-db", dbPath}, noEnv, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "ok") {
		t.Errorf("check: %v %s", err, out.String())
	}
}

func TestUserAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	dbPath := filepath.Join(t.TempDir(), "twinning.db")
	// Create and seed the database first (serve would; import with no valid files fails before writing).
	if _, err := openSeeded(context.Background(), dbPath, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	args := []string{"user", "add", "-db", dbPath, "-email", "clerk@burnaby.example", "-government", "burnaby-ca"}
	if err := run(context.Background(), args, noEnv, strings.NewReader("correct horse battery staple\n"), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "official of burnaby-ca") {
		t.Errorf("output: %s", out.String())
	}
	for _, c := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{args, "another long password\n", "exists already"},
		{[]string{"user", "add", "-db", dbPath, "-email", "x@y.example", "-government", "nowhere-zz"}, "a long enough password\n", "no government"},
		{[]string{"user", "add", "-db", dbPath, "-email", "x@y.example", "-government", "burnaby-ca"}, "short\n", "at least 12"},
		{[]string{"user", "add", "-db", dbPath, "-email", "x@y.example", "-government", "burnaby-ca"}, "", "standard input"},
		{[]string{"user", "add", "-db", dbPath, "-email", "x@y.example", "-government", "burnaby-ca", "-role", "king"}, "a long enough password\n", "role"},
	} {
		err := run(context.Background(), c.args, noEnv, strings.NewReader(c.stdin), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want %q", c.args, err, c.want)
		}
	}
}
