package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// twinning release cuts a release whose SHA256SUMS checks its files, numbers a
// second release of the day, and deletes one only with a reason.
func TestReleaseCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "twinning.db")
	if err := run(ctx, []string{"release", "-db", dbPath}, noEnv, nil, io.Discard, io.Discard); err == nil {
		t.Fatal("a release of a database that does not exist was cut")
	}
	gov := filepath.Join(dir, "governments.csv")
	os.WriteFile(gov, []byte("slug,name,country,region\ntestville-ca,Testville,CA,Ontario\n"), 0o644)
	if err := run(ctx, []string{"import", "-db", dbPath, gov}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"release", "-db", dbPath, "-note", "first"}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().Format(time.DateOnly)
	if !strings.HasPrefix(out.String(), "Release "+day+" ") {
		t.Errorf("output: %s", out.String())
	}
	rel := filepath.Join(dbPath+".releases", day)
	sums, err := os.ReadFile(filepath.Join(rel, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	if len(lines) != 2 {
		t.Fatalf("SHA256SUMS: %q", sums)
	}
	for _, line := range lines { // what sha256sum -c does
		sum, name, _ := strings.Cut(line, "  ")
		b, err := os.ReadFile(filepath.Join(rel, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := sha256.Sum256(b); hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s does not match SHA256SUMS", name)
		}
	}
	out.Reset()
	if err := run(ctx, []string{"release", "-db", dbPath}, noEnv, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "Release "+day+".2 ") {
		t.Errorf("second release of the day: %v %s", err, out.String())
	}
	if err := run(ctx, []string{"release", "-db", dbPath, "-delete", day}, noEnv, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "-reason") {
		t.Errorf("deletion without a reason: %v", err)
	}
	if err := run(ctx, []string{"release", "-db", dbPath, "-delete", "1999-01-01", "-reason", "x"}, noEnv, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no release") {
		t.Errorf("deleting a release that never was: %v", err)
	}
	if err := run(ctx, []string{"release", "-db", dbPath, "-delete", day, "-reason", "test"}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(rel); !os.IsNotExist(err) {
		t.Error("the deleted release's folder remains")
	}
	if err := run(ctx, []string{"check", "-db", dbPath}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Errorf("check after releases: %v", err)
	}
}
