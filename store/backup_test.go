package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
)

// A backup taken while writes go on is one consistent state of the whole database:
// accounts included, every activity with its change row, integrity ok; and an
// existing file is never overwritten.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	if _, err := db.AddAccount(ctx, "clerk@burnaby.example", "correct horse battery staple", "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}

	var stop atomic.Bool
	var wrote atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				a := store.Activity{Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-01-01", Title: "Backup test visit"}
				if _, err := db.SaveActivity(ctx, "clerk@burnaby.example", a, "test"); err != nil {
					t.Error(err)
					return
				}
				wrote.Add(1)
			}
		}()
	}
	for wrote.Load() < 20 {
		time.Sleep(5 * time.Millisecond)
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	if n := wrote.Load(); n < 20 {
		t.Fatalf("only %d writes", n)
	}

	// No temporary file is left next to the backup.
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("backup folder holds %d entries, want only the backup", len(entries))
	}

	// The raw copy: every activity has its change row, accounts are there.
	raw, err := sql.Open("sqlite", "file:"+dst+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var acts, orphans, accounts int
	raw.QueryRow(`SELECT count(*) FROM activity`).Scan(&acts)
	raw.QueryRow(`SELECT count(*) FROM activity a WHERE a.reported_by = 'clerk@burnaby.example'
		AND NOT EXISTS (SELECT 1 FROM change c WHERE c.record_type = 'activity' AND c.record_id = a.id)`).Scan(&orphans)
	if err := raw.QueryRow(`SELECT count(*) FROM account`).Scan(&accounts); err != nil {
		t.Fatal("backup has no account table:", err)
	}
	raw.Close()
	if acts < 21 || orphans != 0 || accounts != 1 {
		t.Errorf("backup: %d activities, %d without change row, %d accounts", acts, orphans, accounts)
	}

	// It opens as a portal database, as it is, and passes the checks.
	b, created, err := store.Open(ctx, dst)
	if err != nil || created {
		t.Fatalf("open backup: created=%v err=%v", created, err)
	}
	defer b.Close()
	if problems, err := b.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	if _, err := b.Authenticate(ctx, store.SignInAttempt{Email: "clerk@burnaby.example", Password: "correct horse battery staple", Address: "test"}); err != nil {
		t.Errorf("the account did not survive the backup: %v", err)
	}

	// An existing file is refused and left alone.
	keep := filepath.Join(t.TempDir(), "keep.db")
	os.WriteFile(keep, []byte("precious"), 0o644)
	if err := db.Backup(ctx, keep); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("overwrite: err = %v", err)
	}
	if got, _ := os.ReadFile(keep); string(got) != "precious" {
		t.Error("an existing file was overwritten")
	}
	if err := db.Backup(ctx, filepath.Join(t.TempDir(), "missing", "b.db")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: err = %v", err)
	}
}
