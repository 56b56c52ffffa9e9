package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// emptyDB makes a migrated database with no records (fast: no seeding).
func emptyDB(t *testing.T, path string) {
	t.Helper()
	db, _, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// refuses runs serve on path and checks it fails with one line containing want,
// leaving the file's bytes as they were and creating nothing beside it.
func refuses(t *testing.T, path, want string) time.Duration {
	t.Helper()
	var before [32]byte
	_, statErr := os.Stat(path)
	if statErr == nil {
		before = fileSum(t, path)
	}
	entries := func() int { e, _ := os.ReadDir(filepath.Dir(path)); return len(e) }
	n := entries()
	start := time.Now()
	err := run(context.Background(), []string{"-addr", freeAddr(t), "-db", path}, noEnv, nil, io.Discard, io.Discard)
	took := time.Since(start)
	t.Logf("%s: %v (after %v)", filepath.Base(path), err, took.Round(10*time.Millisecond))
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Errorf("-db %s: err = %v, want one line containing %q", path, err, want)
	}
	if statErr == nil && fileSum(t, path) != before {
		t.Errorf("-db %s: the file was modified", path)
	}
	if statErr == nil && entries() != n {
		t.Errorf("-db %s: files were created beside it", path)
	}
	return took
}

// A corrupt, locked or read-only database, or a path in a missing folder, stops the
// portal with one clear line and a non-zero exit, and leaves the file as it was.
func TestStartupRefusesBadDatabases(t *testing.T) {
	dir := t.TempDir()

	random := filepath.Join(dir, "random.db")
	junk := make([]byte, 64<<10)
	rand.Read(junk)
	os.WriteFile(random, junk, 0o644)
	refuses(t, random, "not a usable SQLite database")

	// A valid SQLite header followed by garbage: the first page's schema is unreadable.
	good := filepath.Join(t.TempDir(), "good.db")
	emptyDB(t, good)
	b, _ := os.ReadFile(good)
	rand.Read(b[100:])
	headerGarbage := filepath.Join(dir, "header-garbage.db")
	os.WriteFile(headerGarbage, b, 0o644)
	refuses(t, headerGarbage, "not a usable SQLite database")

	// A truncated database: a real file cut in half.
	b, _ = os.ReadFile(good)
	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, b[:len(b)/2], 0o644)
	refuses(t, truncated, "not a usable SQLite database")

	refuses(t, filepath.Join(dir, "missing", "x.db"), "does not exist")
}

// Another process holding the write lock: startup waits the busy timeout (5 s), then
// fails with one line; the file is not modified and not seeded again.
func TestStartupRefusesLockedDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("waits the 5 s busy timeout")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "locked.db")
	emptyDB(t, path)
	holder, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	holder.SetMaxOpenConns(1)
	if _, err := holder.Exec(`BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	took := refuses(t, path, "locked")
	if took < 4*time.Second || took > 15*time.Second {
		t.Errorf("gave up after %v, want about the 5 s busy timeout", took)
	}
	holder.Exec(`ROLLBACK`)
}

// A read-only database file. Root ignores permission bits, so as root the file sits
// in a read-only bind mount instead; where that cannot be made, the test skips.
func TestStartupRefusesReadOnlyDatabase(t *testing.T) {
	src := filepath.Join(t.TempDir(), "ro.db")
	emptyDB(t, src)
	path := src
	if os.Geteuid() != 0 {
		os.Chmod(src, 0o444)
	} else {
		ro := t.TempDir()
		if out, err := exec.Command("mount", "--bind", filepath.Dir(src), ro).CombinedOutput(); err != nil {
			t.Skipf("running as root and cannot bind-mount (%v: %s): permission bits do not stop root", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", ro).Run() })
		if out, err := exec.Command("mount", "-o", "remount,ro,bind", ro).CombinedOutput(); err != nil {
			t.Skipf("running as root and cannot remount read-only (%v: %s)", err, out)
		}
		path = filepath.Join(ro, "ro.db")
	}
	refuses(t, path, "read-only")
}

// user add never creates a database: an empty one would never be seeded by serve.
func TestUserAddRefusesMissingDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	err := run(context.Background(), []string{"user", "add", "-db", path, "-email", "x@y.example", "-government", "burnaby-ca"},
		noEnv, strings.NewReader("a long enough password\n"), io.Discard, io.Discard)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("user add created a database")
	}
}
