package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/twinningtracker/twinning/cache"
)

// OpenRelease opens a release's database for reading only. The file is never
// written: SQLite opens it immutable (no locks, no journal), so serving a release
// cannot change a byte of what its checksums cover.
//
// A release cut by an older version of the portal lacks the newer migrations; the
// code of this version reads a migrated copy then (made once, beside the file, and
// kept: .migrated-<newest migration>.sqlite), so old releases stay readable after
// upgrades while the published file stays as it was.
func OpenRelease(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("release database %q: %w", path, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("release database: %w", err)
	}
	db, err := openReadOnly(ctx, abs, true)
	if err != nil {
		return nil, err
	}
	missing, err := db.missingMigrations(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("release database %q: %w", abs, err)
	}
	if len(missing) == 0 {
		return db, nil
	}
	db.Close()
	migrated, err := migratedCopy(ctx, abs)
	if err != nil {
		return nil, fmt.Errorf("release database %q: %w", abs, err)
	}
	return openReadOnly(ctx, migrated, true)
}

// OpenReplica opens a read replica's database for reading only: a file another
// process keeps current (twinning follow applies the primary's changes to it). It
// is never written from here and no migration runs: a file whose schema is older
// than this portal's is refused, so a replica runs the primary's version. Like
// every handle, it follows the changes others make (Watch). applied is the file
// the follower rewrites after each change it applies (replica.AppliedPath).
func OpenReplica(ctx context.Context, path, applied string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("replica database %q: %w", path, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("replica database: %w", err)
	}
	// The first restore leaves the file marked as a WAL database, as the primary's
	// is; but the follower writes the changes into the file itself, under SQLite's
	// locks, which readers of a WAL database never look at. Marked as a rollback
	// journal database, readers notice each change by its change counter.
	if err := toRollbackJournal(ctx, abs); err != nil {
		return nil, fmt.Errorf("replica database %q: %w", abs, err)
	}
	db, err := openReadOnly(ctx, abs, false)
	if err != nil {
		return nil, err
	}
	missing, err := db.missingMigrations(ctx)
	if err == nil && len(missing) > 0 {
		err = fmt.Errorf("it lacks migrations %v: the primary runs an older version than this replica; run the same version on both", missing)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("replica database %q: %w", abs, err)
	}
	// One connection that may write, for the change counter alone (watchReplica),
	// its journal in memory: a crash mid-bump leaves no hot journal that the next
	// start would roll back over pages the follower wrote since.
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(MEMORY)")
	bump, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("replica database %q: %w", abs, err)
	}
	bump.SetMaxOpenConns(1)
	wctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); db.watchReplica(wctx, bump, applied) }()
	db.stopWatch = func() { cancel(); <-done; bump.Close() }
	return db, nil
}

// watchReplica publishes the changes the follower applies. The follower writes the
// primary's changed pages into the file, under SQLite's locks; but a WAL primary
// does not bump the file's change counter, by which readers of a rollback-journal
// file know to drop the pages they cache, so this process's connections would go on
// reading what they read before. The follower records each change it applies in
// the file's -txid companion: when that moves, one write here bumps the counter
// (the user_version, which the portal does not use, as the write), then the
// change rows are published as on the primary.
//
// Until the bump, a read that starts may mix pages this process cached with pages
// the follower wrote, so the -txid file is looked at every replicaTxidPoll (a read
// of a few bytes), not at the watcher's quarter second.
func (db *DB) watchReplica(ctx context.Context, bump *sql.DB, applied string) {
	t := time.NewTicker(replicaTxidPoll)
	defer t.Stop()
	mark := ""
	var published time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		moved := false
		if m, err := os.ReadFile(applied); err == nil && string(m) != mark {
			if _, err := bump.ExecContext(ctx, `PRAGMA user_version = `+strconv.Itoa(int(time.Now().UnixNano()%1e9))); err != nil {
				continue // the follower holds the file: next tick
			}
			mark, moved = string(m), true
		}
		if moved || time.Since(published) >= PollInterval {
			_ = db.publish(ctx)
			published = time.Now()
		}
	}
}

// replicaTxidPoll is how often a read replica looks for a change the follower
// applied.
const replicaTxidPoll = 25 * time.Millisecond

// openReadOnly opens path read-only, with the pools and caches of a DB but no
// writer: any write fails. immutable: nothing changes the file either (a release),
// so SQLite takes no locks; otherwise readers lock as usual, against the process
// that applies a replica's changes.
func openReadOnly(ctx context.Context, abs string, immutable bool) (*DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", "foreign_keys(1)")
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
	pool := func(n int) (*sql.DB, error) {
		p, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		p.SetMaxOpenConns(n)
		p.SetMaxIdleConns(n)
		p.SetConnMaxLifetime(0)
		return p, nil
	}
	db := &DB{path: abs}
	var err error
	if db.write, err = pool(1); err != nil { // never writes: any attempt fails as read-only
		return nil, fmt.Errorf("open release database %q: %w", abs, err)
	}
	if db.read, err = pool(4); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open release database %q: %w", abs, err)
	}
	if db.views, err = pool(maxReadViews); err != nil {
		db.write.Close()
		db.read.Close()
		return nil, fmt.Errorf("open release database %q: %w", abs, err)
	}
	db.gens = cache.NewGenerations()
	db.agg = newAggregateCache(db.gens)
	if err := db.initPublisher(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("release database %q: %w", abs, err)
	}
	return db, nil
}

// missingMigrations lists the embedded migrations the database has not applied.
func (db *DB) missingMigrations(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT version FROM schema_migration`)
	if err != nil {
		return nil, fmt.Errorf("not a portal database: %w", err)
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		have[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var missing []string
	for _, v := range migrationVersions() {
		if !have[v] {
			missing = append(missing, v)
		}
	}
	return missing, nil
}

// migratedCopy returns the path of a copy of the release database with every
// migration applied, making it if it is not there yet.
func migratedCopy(ctx context.Context, abs string) (string, error) {
	versions := migrationVersions()
	dst := filepath.Join(filepath.Dir(abs), ".migrated-"+versions[len(versions)-1]+".sqlite")
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	// A name of its own: two processes opening the release at once each make one,
	// and the second rename replaces the first with an equal file.
	f, err := os.CreateTemp(filepath.Dir(abs), ".migrating-*.sqlite")
	if err != nil {
		return "", fmt.Errorf("copying for migration: %w", err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp)
	if err := copyFile(abs, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("copying for migration: %w", err)
	}
	db, _, err := Open(ctx, tmp)
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("migrating a copy: %w", err)
	}
	if err := db.Close(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("migrating a copy: %w", err)
	}
	// Back to one file, with no other connection open: the copy is then opened
	// immutable, which would not see a WAL.
	if err := toRollbackJournal(ctx, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("migrating a copy: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return dst, nil
}

func toRollbackJournal(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", snapshotSourceDSN(path))
	if err != nil {
		return err
	}
	defer c.Close()
	var mode string
	if err := c.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
		return err
	}
	if mode != "delete" {
		return fmt.Errorf("journal mode stayed %s", mode)
	}
	return c.Close()
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}
