// Package replica ships the database's writes to a replica as they happen, and
// restores a database from one, with Litestream (github.com/benbjohnson/litestream)
// embedded as a library: one process to run, its progress readable for /healthz
// and the metrics, and the same modernc.org/sqlite driver the portal uses.
//
// A replica is a URL: file:///var/backups/twinning for a folder, or
// s3://bucket/path for an S3-compatible bucket (credentials from the environment:
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the AWS SDK's usual chain;
// ?endpoint=http://host:9000 for MinIO and the like).
package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/benbjohnson/litestream"
	_ "github.com/benbjohnson/litestream/file" // file:// replicas
	_ "github.com/benbjohnson/litestream/s3"   // s3:// replicas
)

// The WAL is read every quarter second and what it holds shipped at most a quarter
// second later (Litestream's defaults are a second each): a write acknowledged more
// than a second before the disk dies is in the replica; the restore drill measures
// it (docs/operations.md). With no writes, nothing is read or sent.
const (
	MonitorInterval = 250 * time.Millisecond
	SyncInterval    = 250 * time.Millisecond
)

// Replicator replicates one database continuously until Close.
type Replicator struct {
	url     string
	db      *litestream.DB
	store   *litestream.Store
	started time.Time
	unlock  func()
}

// ErrLocked is the answer when another process already replicates the database,
// or follows a replica into it.
var ErrLocked = errors.New("one process at a time may replicate a database or follow a replica into it")

// ClientFor is the replica client of a URL, with what is wrong with it said plainly.
func ClientFor(rawURL string) (litestream.ReplicaClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "file" && u.Scheme != "s3") {
		return nil, fmt.Errorf("replica %q: want file:///folder or s3://bucket/path", Redact(rawURL))
	}
	if u.Scheme == "file" && u.Path == "" {
		return nil, fmt.Errorf("replica %q: a file replica needs an absolute folder, file:///var/backups/twinning", Redact(rawURL))
	}
	if u.Scheme == "s3" && os.Getenv("AWS_CA_BUNDLE") != "" {
		// The AWS SDK cannot add a CA bundle to the HTTP client Litestream gives it
		// (litestream#639): say so instead of failing obscurely.
		return nil, errors.New("replica: AWS_CA_BUNDLE is set, which Litestream's S3 client cannot use; unset it and name extra CAs with SSL_CERT_FILE")
	}
	c, err := litestream.NewReplicaClientFromURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("replica %q: %w", Redact(rawURL), err)
	}
	return c, nil
}

// Start begins replicating the database at path (in WAL mode, as the portal keeps
// it) to the replica at rawURL. The first sync ships a snapshot of the whole file.
func Start(ctx context.Context, path, rawURL string, log *slog.Logger) (*Replicator, error) {
	client, err := ClientFor(rawURL)
	if err != nil {
		return nil, err
	}
	unlock, err := lock(path, "replicating it to "+Redact(rawURL))
	if err != nil {
		return nil, err
	}
	db := litestream.NewDB(path)
	db.MonitorInterval = MonitorInterval
	r := litestream.NewReplicaWithClient(db, client)
	r.SyncInterval = SyncInterval
	db.Replica = r
	store := litestream.NewStore([]*litestream.DB{db}, litestream.DefaultCompactionLevels)
	if log != nil {
		// After NewStore, which gives every database the default logger.
		store.Logger = log.With("system", "replication")
		db.Logger = log.With("replica", Redact(rawURL))
	}
	if err := store.Open(ctx); err != nil {
		unlock()
		return nil, fmt.Errorf("replica %s: %w", Redact(rawURL), err)
	}
	return &Replicator{url: rawURL, db: db, store: store, started: time.Now(), unlock: unlock}, nil
}

// Sync ships what the WAL holds now and waits for the replica to have it.
func (r *Replicator) Sync(ctx context.Context) error { return r.db.SyncAndWait(ctx) }

// Close ships the last writes and stops. Close the portal's own connections first:
// Litestream holds the file open, and closing its handles drops the process's locks.
func (r *Replicator) Close(ctx context.Context) error {
	defer r.unlock()
	return r.store.Close(ctx)
}

// Status is how far the replica is behind.
type Status struct {
	Started  time.Time // when replication started
	URL      string    // the replica, credentials removed
	InSync   bool      // the replica holds every change the WAL has shipped locally
	LastSync time.Time // the last successful sync (zero before the first)
	Behind   uint64    // local changes the replica does not hold yet (Litestream transactions)
}

// Lag is how long the replica has been behind: 0 in sync, else the time since the
// last successful sync (the oldest write it lacks is at most that old), or since
// replication started when no sync has succeeded yet.
func (s Status) Lag(now time.Time) time.Duration {
	if s.InSync {
		return 0
	}
	if s.LastSync.IsZero() {
		return now.Sub(s.Started)
	}
	return now.Sub(s.LastSync)
}

// String is the status in one line, for /healthz and the log.
func (s Status) String() string {
	if s.LastSync.IsZero() {
		return fmt.Sprintf("replica %s: no sync yet (started %s): the first ships the whole database", s.URL, s.Started.UTC().Format(time.RFC3339))
	}
	if s.InSync {
		return fmt.Sprintf("replica %s: in sync, last sync %s", s.URL, s.LastSync.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("replica %s: %d behind, last sync %s (%.1fs ago)", s.URL, s.Behind, s.LastSync.UTC().Format(time.RFC3339),
		time.Since(s.LastSync).Seconds())
}

// Status reads the replication's progress from memory (no request to the replica).
func (r *Replicator) Status() Status {
	st := Status{URL: Redact(r.url), LastSync: r.db.LastSuccessfulSyncAt(), Started: r.started}
	local, err := r.db.Pos()
	remote := r.db.Replica.Pos()
	if err == nil && local.TXID <= remote.TXID && !st.LastSync.IsZero() {
		st.InSync = true
	} else if err == nil {
		st.Behind = uint64(local.TXID - remote.TXID)
	}
	return st
}

// Restore writes the replica's latest state, or its state as of at (when not
// zero), to a new file at dst, and checks the result's integrity. dst must not
// exist: a restore never overwrites a database.
func Restore(ctx context.Context, rawURL, dst string, at time.Time) error {
	// A WAL or journal left beside dst would be replayed onto the restored file.
	for _, p := range []string{dst, dst + "-wal", dst + "-shm", dst + "-journal", dst + ".tmp"} {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %s already exists; restore to a new file, with no -wal, -shm or -journal beside it", p)
		}
	}
	client, err := ClientFor(rawURL)
	if err != nil {
		return err
	}
	unlock, err := lock(dst, "following "+Redact(rawURL)+" into it")
	if err != nil {
		return err
	}
	defer unlock()
	r := litestream.NewReplicaWithClient(nil, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dst
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	if err := r.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrNoSnapshots) || errors.Is(err, litestream.ErrTxNotAvailable) {
			return fmt.Errorf("restore: the replica %s holds nothing to restore (at that time): %w", Redact(rawURL), err)
		}
		return fmt.Errorf("restore from %s: %w", Redact(rawURL), err)
	}
	return nil
}

// Redact is a replica URL without its credentials and query (which may carry
// keys), for logs and pages.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unreadable URL)"
	}
	u.User, u.RawQuery = nil, ""
	return strings.TrimSuffix(u.String(), "?")
}

// AppliedPath is the file beside a follower's database in which the follower
// records the last change it applied (Litestream's -txid file): it moves when the
// database changed.
func AppliedPath(dst string) string { return litestream.TXIDPath(dst) }

// FollowInterval is how often a follower asks the replica for new changes.
const FollowInterval = 250 * time.Millisecond

// Follow restores the replica's latest state to dst (if dst does not exist yet),
// then applies each new change to it as the replica receives it, until ctx ends.
// Run it in a process of its own: it locks the file as SQLite does, which keeps
// readers in other processes from seeing a change half applied, but not readers in
// its own process (POSIX locks are per process).
func Follow(ctx context.Context, rawURL, dst string) error {
	client, err := ClientFor(rawURL)
	if err != nil {
		return err
	}
	unlock, err := lock(dst, "following "+Redact(rawURL)+" into it")
	if err != nil {
		return err
	}
	defer unlock()
	r := litestream.NewReplicaWithClient(nil, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dst
	opt.Follow = true
	opt.FollowInterval = FollowInterval
	for {
		err := r.Restore(ctx, opt)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots):
			// A primary just started has not shipped its first snapshot yet: wait
			// for it rather than give up.
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second):
			}
		case err != nil:
			return fmt.Errorf("following %s: %w", Redact(rawURL), err)
		default:
			return nil
		}
	}
}
