package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the whole database — every table, accounts and
// sessions included, unlike the public Snapshot — to a new file at dst, while the
// portal keeps serving and writing.
//
// VACUUM INTO runs inside one read transaction on a connection of its own, so the
// copy is one committed state of the database; under WAL it neither waits for the
// writer nor blocks it. The copy is made in a temporary file in dst's folder, synced
// to disk, then moved to dst in one step, so dst is either absent or complete. An
// existing dst is never overwritten. The copy is a single rollback-journal file:
// opening it with Open turns it back into a WAL database.
func (db *DB) Backup(ctx context.Context, dst string) error {
	return BackupFile(ctx, db.path, dst)
}

// BackupFile is Backup for a database file given by path, without opening it as a
// portal database (no migrations, no seeding). The file must exist.
func BackupFile(ctx context.Context, src, dst string) (err error) {
	absDst, err := filepath.Abs(dst)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if src, err = filepath.Abs(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	st, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("backup: database %q: %w", src, err)
	}
	if st.IsDir() {
		return fmt.Errorf("backup: database %q is a folder, not a file", src)
	}
	dir := filepath.Dir(absDst)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("backup: folder %q does not exist", dir)
	}
	if _, err := os.Lstat(absDst); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %s already exists; choose a new file name", absDst)
	}
	// A temporary name in the same folder, so the final rename stays on one file
	// system. VACUUM INTO wants a path where no file exists: make a private folder.
	tmpDir, err := os.MkdirTemp(dir, ".twinning-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "backup.db")

	conn, err := sql.Open("sqlite", snapshotSourceDSN(src))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := conn.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// os.Link fails if absDst exists, so a file that appeared meanwhile is never
	// replaced; where hard links are not supported, fall back to a checked rename.
	if err := os.Link(tmp, absDst); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("backup: %s already exists; choose a new file name", absDst)
		}
		if _, serr := os.Lstat(absDst); !errors.Is(serr, os.ErrNotExist) {
			return fmt.Errorf("backup: %s already exists; choose a new file name", absDst)
		}
		if err := os.Rename(tmp, absDst); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if err := syncFile(dir); err != nil { // the new directory entry
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// syncFile flushes a file or folder to stable storage.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
