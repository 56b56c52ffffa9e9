package main

// Fault tests against the built binary: kill -9 during a burst of official writes,
// SIGTERM drain, a full disk, and an online backup served by a second portal. They
// build ./cmd/twinning once into a temporary folder and seed one database that every
// test copies. Skipped in -short. TWINNING_FAULT_RUNS sets the number of kill -9 runs
// (default 5 for CI; 20 were run for docs/reliability.md).

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
)

const (
	faultEmail    = "clerk@burnaby.example"
	faultPassword = "correct horse battery staple"
	faultActor    = "official:burnaby-ca" // store.Account.Actor
)

var (
	faultOnce   sync.Once
	faultDir    string // holds the binary and the seeded template database
	faultErr    error
	faultBinary string
	faultSeeded string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if faultDir != "" {
		os.RemoveAll(faultDir)
	}
	os.Exit(code)
}

// faultSetup builds the binary and a seeded database with an official account.
func faultSetup(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and seeds a database")
	}
	faultOnce.Do(func() {
		if faultDir, faultErr = os.MkdirTemp("", "twinning-faults-"); faultErr != nil {
			return
		}
		faultBinary = filepath.Join(faultDir, "twinning")
		out, err := exec.Command("go", "build", "-o", faultBinary, ".").CombinedOutput()
		if err != nil {
			faultErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		faultSeeded = filepath.Join(faultDir, "seeded.db")
		db, err := openSeeded(context.Background(), faultSeeded, io.Discard)
		if err != nil {
			faultErr = err
			return
		}
		db.Close()
		cmd := exec.Command(faultBinary, "user", "add", "-db", faultSeeded, "-email", faultEmail, "-government", "burnaby-ca")
		cmd.Stdin = strings.NewReader(faultPassword + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			faultErr = fmt.Errorf("user add: %v\n%s", err, out)
		}
	})
	if faultErr != nil {
		t.Fatal(faultErr)
	}
}

// copyDB copies the seeded template (a closed database: one file, no WAL) to dir.
func copyDB(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(faultSeeded)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "twinning.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type server struct {
	cmd    *exec.Cmd
	addr   string
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan error
	killed sync.Once
}

// startServer runs `twinning serve` on db (with any further flags) and waits until
// /healthz answers.
func startServer(t *testing.T, db string, flags ...string) *server {
	t.Helper()
	s := &server{addr: freeAddr(t), done: make(chan error, 1)}
	s.cmd = exec.Command(faultBinary, append([]string{"serve", "-addr", s.addr, "-db", db}, flags...)...)
	// One base URL for every server, so two portals render the same canonical links.
	s.cmd.Env = append(os.Environ(), "TWINNING_BASE_URL=http://twinning.test")
	s.cmd.Stdout, s.cmd.Stderr = &s.stdout, &s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get(s.url("/healthz")); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("server exited: %v\n%s", err, s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	s.cmd.Process.Kill()
	t.Fatalf("server did not answer\n%s", s.stderr.String())
	return nil
}

func (s *server) url(p string) string { return "http://" + s.addr + p }

// kill is kill -9, and waits for the process to end; once, however often called.
func (s *server) kill() {
	s.killed.Do(func() {
		s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.done
	})
}

// official is a signed-in HTTP client.
type official struct {
	c    *http.Client
	csrf string
}

func signIn(t *testing.T, s *server) *official {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := c.Get(s.url("/login"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	o := &official{c: c, csrf: csrfCookie(t, jar, s)}
	r, err = c.PostForm(s.url("/login"), url.Values{"_csrf": {o.csrf}, "email": {faultEmail}, "password": {faultPassword}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /login: %d", r.StatusCode)
	}
	o.csrf = csrfCookie(t, jar, s) // signing in gives a new token
	return o
}

// csrfCookie is the CSRF token the browser holds, which its forms send back.
func csrfCookie(t *testing.T, jar http.CookieJar, s *server) string {
	t.Helper()
	u, _ := url.Parse(s.url("/"))
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "_csrf" {
			return ck.Value
		}
	}
	t.Fatal("no _csrf cookie")
	return ""
}

// report posts one activity under the id its form was shown with; it returns the
// acknowledged id (303 with #activity-ID), or the status and body of any other answer.
func (o *official) report(s *server, formID, title string) (id string, status int, body string, err error) {
	r, err := o.c.PostForm(s.url("/governments/burnaby-ca/activities"), url.Values{
		"_csrf": {o.csrf}, "id": {formID}, "agreement": {"burnaby-ca--hwaseong-kr"}, "date": {"2026-03-01"},
		"category": {"people_exchange"}, "title": {title}, "reason": {"fault test"}})
	if err != nil {
		return "", 0, "", err
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode == http.StatusSeeOther {
		if _, frag, ok := strings.Cut(r.Header.Get("Location"), "#activity-"); ok {
			return frag, r.StatusCode, "", nil
		}
	}
	return "", r.StatusCode, string(b), nil
}

// audit opens the database file as a fresh process would after a crash and returns
// the official's activities, how many lack their change row, and integrity_check.
func audit(t *testing.T, path string) (ids map[string]bool, orphans int, integrity string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.Query(`SELECT id FROM activity WHERE reported_by = ?`, faultActor)
	if err != nil {
		t.Fatal(err)
	}
	ids = map[string]bool{}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids[id] = true
	}
	rows.Close()
	if err := db.QueryRow(`SELECT count(*) FROM activity a WHERE a.reported_by = ?
		AND NOT EXISTS (SELECT 1 FROM change c WHERE c.record_type = 'activity' AND c.record_id = a.id AND c.action = 'create')`,
		faultActor).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil {
		t.Fatal(err)
	}
	return ids, orphans, integrity
}

// pending is a report sent without an answer: the official sends it again.
type pending struct{ id, title string }

// resend sends every report that got no answer again, as the official would after
// the portal came back: each is acknowledged now under its own id.
func resend(t *testing.T, s *server, o *official, unanswered []pending) []string {
	t.Helper()
	var ids []string
	for _, p := range unanswered {
		id, status, body, err := o.report(s, p.id, p.title)
		if err != nil || id != p.id {
			t.Fatalf("resending %s: %v, status %d → %q: %.300s", p.id, err, status, id, body)
		}
		ids = append(ids, id)
	}
	return ids
}

// kill -9 at a random moment of a burst of official writes, then restart: every
// acknowledged write is there with its change row, and the database is intact. The
// reports that got no answer are sent again after the restart, as an official would:
// at the end each report is there exactly once.
func TestKill9KeepsAcknowledgedWrites(t *testing.T) {
	faultSetup(t)
	runs := 5
	if v, err := strconv.Atoi(os.Getenv("TWINNING_FAULT_RUNS")); err == nil && v > 0 {
		runs = v
	}
	path := copyDB(t, t.TempDir())
	acked := map[string]bool{}
	totalAcked, totalExtra, totalResent := 0, 0, 0
	var unanswered []pending
	start := time.Now()
	for run := 0; run < runs; run++ {
		s := startServer(t, path)
		o := signIn(t, s)
		for _, id := range resend(t, s, o, unanswered) {
			acked[id] = true
		}
		totalResent += len(unanswered)
		unanswered = nil
		var mu sync.Mutex
		var runAcked []string
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					fid, title := store.NewActivityID(), fmt.Sprintf("Kill test run %d writer %d #%d", run, w, i)
					id, status, body, err := o.report(s, fid, title)
					if err != nil {
						// The server died mid-request: not acknowledged; sent again later.
						mu.Lock()
						unanswered = append(unanswered, pending{fid, title})
						mu.Unlock()
						return
					}
					if id == "" {
						t.Errorf("run %d: status %d: %.300s", run, status, body)
						return
					}
					mu.Lock()
					runAcked = append(runAcked, id)
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(200+rand.IntN(800)) * time.Millisecond)
		s.kill()
		close(stop)
		wg.Wait()
		for _, id := range runAcked {
			acked[id] = true
		}
		totalAcked += len(runAcked)

		present, orphans, integrity := audit(t, path)
		lost := 0
		for id := range acked {
			if !present[id] {
				lost++
			}
		}
		extra := len(present) - (len(acked) - lost)
		totalExtra += extra // each is acknowledged when sent again next run
		if lost > 0 || orphans > 0 || integrity != "ok" {
			t.Fatalf("run %d: %d acknowledged writes lost, %d writes without change row, integrity %q", run, lost, orphans, integrity)
		}
		t.Logf("run %d: %d acknowledged this run; %d present in all, %d committed but never acknowledged", run, len(runAcked), len(present), extra)
	}
	// The portal restarts on the crashed file and serves the writes; the last
	// unanswered reports are sent again, and then every report is there exactly once.
	s := startServer(t, path)
	defer s.kill()
	for _, id := range resend(t, s, signIn(t, s), unanswered) {
		acked[id] = true
	}
	totalResent += len(unanswered)
	r, err := http.Get(s.url("/agreements/burnaby-ca--hwaseong-kr"))
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("after the last crash: %v %v", err, r)
	}
	r.Body.Close()
	present, _, _ := audit(t, path)
	if len(present) != len(acked) {
		t.Errorf("after resending: %d reports in the database, %d acknowledged: duplicates or strays", len(present), len(acked))
	}
	t.Logf("kill -9: %d runs, %d acknowledged writes, 0 lost, 0 without change row, integrity ok; %d committed before their answer; %d unanswered sent again after restart; in the end %d reports = %d acknowledged, no duplicate (%.1fs)",
		runs, totalAcked, totalExtra, totalResent, len(present), len(acked), time.Since(start).Seconds())
}

// SIGTERM while downloads are in flight: each finishes whole with 200, new
// connections are refused, and the process exits 0.
func TestSIGTERMDrainsInFlightRequests(t *testing.T) {
	faultSetup(t)
	s := startServer(t, copyDB(t, t.TempDir()))
	const n = 8
	type result struct {
		status int
		size   int
		err    error
	}
	results := make(chan result, n)
	started := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		go func() {
			c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			r, err := c.Get(s.url("/data/twinning-csv.zip"))
			if err != nil {
				started <- struct{}{}
				results <- result{err: err}
				return
			}
			defer r.Body.Close()
			started <- struct{}{}
			// Read slowly, so the response is still in flight at SIGTERM.
			var buf bytes.Buffer
			chunk := make([]byte, 32<<10)
			for {
				k, err := r.Body.Read(chunk)
				buf.Write(chunk[:k])
				if err == io.EOF {
					break
				}
				if err != nil {
					results <- result{status: r.StatusCode, err: err}
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
			if _, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
				results <- result{status: r.StatusCode, err: fmt.Errorf("incomplete zip: %w", err)}
				return
			}
			results <- result{status: r.StatusCode, size: buf.Len()}
		}()
	}
	for i := 0; i < n; i++ {
		<-started
	}
	sent := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	// New connections are refused while the old ones drain.
	refused := false
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", s.addr, 200*time.Millisecond); err != nil {
			refused = true
			break
		} else {
			c.Close()
		}
	}
	if !refused {
		t.Error("new connections were still accepted 2 s after SIGTERM")
	}
	size := 0
	for i := 0; i < n; i++ {
		r := <-results
		if r.err != nil || r.status != 200 {
			t.Errorf("in-flight download: status %d, err %v", r.status, r.err)
		}
		size = r.size
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, s.stderr.String())
		}
	case <-time.After(20 * time.Second):
		s.kill()
		t.Fatal("no exit after SIGTERM")
	}
	if !strings.Contains(s.stdout.String(), "stopped") {
		t.Errorf("stdout: %s", s.stdout.String())
	}
	t.Logf("SIGTERM: %d in-flight downloads of %d bytes all completed with 200; drained and exited 0 in %.2fs", n, size, time.Since(sent).Seconds())
}

// A full disk (a small tmpfs, root only): writes answer a clear 503 "the database
// is full" page, nothing partial is saved, reads go on, and once space is freed
// writes succeed again without a restart.
func TestFullDiskIsClearAndRecovers(t *testing.T) {
	faultSetup(t)
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	st, err := os.Stat(faultSeeded)
	if err != nil {
		t.Fatal(err)
	}
	mnt := t.TempDir()
	size := st.Size() + 2<<20
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	path := copyDB(t, mnt)
	s := startServer(t, path)
	defer s.kill()
	o := signIn(t, s)
	if id, status, body, err := o.report(s, store.NewActivityID(), "Before the disk filled"); id == "" {
		t.Fatalf("first write: %d %v %.200s", status, err, body)
	}

	// Fill the file system.
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			break
		}
	}
	f.Close()

	acked, full := 1, 0
	for i := 0; i < 500 && full == 0; i++ {
		id, status, body, err := o.report(s, store.NewActivityID(), fmt.Sprintf("While full #%d", i))
		switch {
		case err != nil:
			t.Fatal(err)
		case id != "":
			acked++ // the write fit in pages the WAL already had
		case status == http.StatusServiceUnavailable && strings.Contains(body, "The database is full"):
			full++
		default:
			t.Fatalf("write on a full disk: status %d: %.300s", status, body)
		}
	}
	if full == 0 {
		t.Fatal("500 writes on a full disk all succeeded")
	}
	if r, err := http.Get(s.url("/governments/burnaby-ca")); err != nil || r.StatusCode != 200 {
		t.Errorf("reads on a full disk: %v %v", err, r)
	} else {
		r.Body.Close()
	}

	// Free the space: writes work again, same process.
	os.Remove(filler)
	if id, status, body, err := o.report(s, store.NewActivityID(), "After space was freed"); id == "" {
		t.Fatalf("write after freeing space: %d %v %.300s", status, err, body)
	}
	acked++
	present, orphans, integrity := audit(t, path)
	if len(present) != acked || orphans != 0 || integrity != "ok" {
		t.Errorf("after the full disk: %d acknowledged, %d present, %d without change row, integrity %q", acked, len(present), orphans, integrity)
	}
	select {
	case err := <-s.done:
		t.Fatalf("the server stopped: %v", err)
	default:
	}
	t.Logf("full disk (tmpfs of %d bytes): %d writes acknowledged, then 503 \"the database is full\"; %d present after freeing space, 0 partial, integrity ok", size, acked-1, len(present))
}

// twinning backup while an official writes: the copy passes check, and a second
// portal on it serves the same pages, byte for byte.
func TestBackupServesIdentically(t *testing.T) {
	faultSetup(t)
	dir := t.TempDir()
	path := copyDB(t, dir)
	s := startServer(t, path)
	defer s.kill()
	o := signIn(t, s)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	writes := 0
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if id, _, _, _ := o.report(s, store.NewActivityID(), "During the backup"); id != "" {
				writes++
			}
		}
	}()
	time.Sleep(300 * time.Millisecond)
	out := filepath.Join(dir, "backup.db")
	start := time.Now()
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"backup", "-db", path, "-out", out}, noEnv, nil, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if err := run(context.Background(), []string{"backup", "-db", path, "-out", out}, noEnv, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second backup to the same file: %v", err)
	}
	if err := run(context.Background(), []string{"backup", "-db", filepath.Join(dir, "none.db"), "-out", filepath.Join(dir, "b2.db")}, noEnv, nil, io.Discard, io.Discard); err == nil {
		t.Error("backup of a missing database succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("backup created a database")
	}
	var checkOut bytes.Buffer
	if err := run(context.Background(), []string{"check", "-db", out}, noEnv, nil, &checkOut, io.Discard); err != nil {
		t.Fatalf("check of the backup: %v %s", err, checkOut.String())
	}

	// The live portal has writes made after that backup, so for the byte-for-byte
	// comparison take a second backup now that writes have stopped (still online).
	out2 := filepath.Join(dir, "backup2.db")
	if err := run(context.Background(), []string{"backup", "-db", path, "-out", out2}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	s2 := startServer(t, out2)
	defer s2.kill()
	for _, p := range []string{"/governments/burnaby-ca", "/agreements/burnaby-ca--hwaseong-kr"} {
		a, b := getBody(t, s.url(p)), getBody(t, s2.url(p))
		if a != b {
			t.Errorf("%s differs between the live portal and the portal on the backup (%d vs %d bytes)", p, len(a), len(b))
		}
	}
	// The backup taken during writes is a consistent state too.
	_, orphans, integrity := audit(t, out)
	if orphans != 0 || integrity != "ok" {
		t.Errorf("backup during writes: %d writes without change row, integrity %q", orphans, integrity)
	}
	t.Logf("backup during %d writes: %s in %.2fs; check ok; second portal serves identical pages", writes, strings.TrimSpace(stdout.String()), took.Seconds())
}

func getBody(t *testing.T, u string) string {
	t.Helper()
	r, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, r.StatusCode)
	}
	return string(b)
}
