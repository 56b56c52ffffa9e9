// Package store keeps the portal's records in SQLite: opening the database with the
// right pragmas, embedded migrations, queries and aggregates, and the append-only
// change log. It knows nothing about HTTP or HTML.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"github.com/twinningtracker/twinning/cache"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("store: not found")

// DB holds one writer connection and a pool of read-only connections to the same
// SQLite file. SQLite allows one writer at a time; funnelling writes through a single
// connection turns lock contention into queueing, while readers proceed in parallel
// under WAL.
type DB struct {
	write *sql.DB
	read  *sql.DB
	views *sql.DB // read views' own pool (read_view.go)
	path  string

	gens      *cache.Generations // scope generations this handle publishes (scope.go)
	agg       *cache.Cache[any]  // aggregates (cache.go)
	pubMu     sync.Mutex         // one publisher at a time
	pub       publisher
	summary   activitySummary             // per-agreement activity counts, kept by the publisher (activity_summary.go)
	tallyMem  activityTallyMemory         // activity_tally in memory, kept by the publisher (tally_memory.go)
	lastBase  atomic.Pointer[browseIndex] // the newest browse base, which the next one patches (browse_patch.go)
	lastIndex atomic.Pointer[browseIndex] // the newest full browse index, whose overlay the next one patches
	stopWatch func()
}

// dsn builds the connection string. Pragmas go in the DSN, not in Exec, because an
// sql.DB is a pool and an Exec'd PRAGMA reaches only one connection. busy_timeout comes
// first so the journal_mode switch itself waits for locks. synchronous(FULL) makes a
// committed transaction survive power loss, not only a process crash.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	if !readOnly {
		// WAL is a property of the file, set once by the writer; a reader setting it
		// again would take a lock on every new connection.
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
		// A big import is one transaction of millions of statements. Each statement's
		// undo journal (the sub-journal) is a temporary file by default, written with a
		// syscall per page: in memory it cost a sixth of an import. A 64 MiB page cache
		// (the default is 2 MiB) keeps the B-tree pages an import touches at 100× data.
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
	}
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	return u.String()
}

// Page cache sizes of the writer, in KiB: its usual size, and what an import may use.
const (
	writerCacheKiB = 64 << 10
	importCacheKiB = 1 << 20
)

// Open opens (creating if needed) the database at path and applies migrations.
// It reports whether the file was created by this call, so the caller can seed it.
// The folder must exist: a mistyped path should fail loudly, not create a tree.
func Open(ctx context.Context, path string) (db *DB, created bool, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, false, fmt.Errorf("database path %q: %w", path, err)
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return nil, false, fmt.Errorf("database folder %q does not exist", filepath.Dir(abs))
	}
	switch st, err := os.Stat(abs); {
	case errors.Is(err, os.ErrNotExist):
		created = true
	case err != nil:
		return nil, false, fmt.Errorf("database %q: %w", abs, err)
	case st.IsDir():
		return nil, false, fmt.Errorf("database %q is a folder, not a file", abs)
	default:
		// A read-only file would otherwise fail later as "unable to open database
		// file", which reads like corruption. Opening for writing changes nothing.
		f, err := os.OpenFile(abs, os.O_WRONLY, 0)
		if err != nil {
			return nil, false, fmt.Errorf("database %q is read-only (%v); the portal must be able to write to it", abs, errors.Unwrap(err))
		}
		f.Close()
	}

	w, err := sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		return nil, false, fmt.Errorf("open database %q: %w", abs, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	db = &DB{write: w, path: abs}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		if created {
			os.Remove(abs) // leave no half-made file behind
		}
		return nil, false, fmt.Errorf("database %q: %w", abs, err)
	}
	r, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		w.Close()
		return nil, false, fmt.Errorf("open database %q: %w", abs, err)
	}
	// Keep every reader open: database/sql keeps only 2 idle connections by default,
	// and reopening one (with its pragmas) per request serialised the whole server.
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	r.SetConnMaxLifetime(0)
	db.read = r
	// Read views (read_view.go) hold a connection for a whole page, so they have a
	// pool of their own: a page waiting for one never holds a connection that a
	// computation it waits for (a summary build, the publisher) needs, and the number
	// of pages rendered at once is bounded by it.
	v, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		w.Close()
		r.Close()
		return nil, false, fmt.Errorf("open database %q: %w", abs, err)
	}
	v.SetMaxOpenConns(maxReadViews)
	v.SetMaxIdleConns(maxReadViews)
	v.SetConnMaxLifetime(0)
	db.views = v
	db.gens = cache.NewGenerations()
	db.agg = newAggregateCache(db.gens)
	if err := db.initPublisher(ctx); err != nil {
		db.Close()
		return nil, false, fmt.Errorf("database %q: %w", abs, err)
	}
	// Every handle follows the writes of other processes to the same file.
	wctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); db.Watch(wctx) }()
	db.stopWatch = func() { cancel(); <-done }
	return db, created, nil
}

// maxReadViews is how many pages read at once, each in its own read transaction;
// more wait for one to finish (2 cores render fewer than this at a time anyway).
const maxReadViews = 6

// Close closes the pools.
func (db *DB) Close() error {
	if db.stopWatch != nil {
		db.stopWatch()
	}
	return errors.Join(db.views.Close(), db.read.Close(), db.write.Close())
}

// Path is the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Ping checks that the database answers a read.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// wrap prefixes a failed read with what was being read ("store: agreements of CA:
// …"), so a logged error says what failed; errors.Is still finds ErrNotFound.
func wrap(err *error, what string, args ...any) {
	if *err != nil {
		*err = fmt.Errorf("store: "+what+": %w", append(args, *err)...)
	}
}
