package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/twinningtracker/twinning/cache"
)

// A read view is one read transaction that a page's several reads share, so that a
// page shows one version of the data: never the count from before a report next to
// the list from after it. ReadView opens it; the store's reads made with the
// context it returns use it (reader). Cached aggregates computed inside it read it
// too, and are recorded with the generations of the moment it was opened
// (cache.Freeze), so a write published while the view was open leaves what it
// computed stale rather than wrongly fresh.
//
// A cached computation can outlive the page that started it (cache loads are
// detached); it then holds the view open until it ends, so the page closing it
// never pulls the transaction out from under a computation others wait for.

type readView struct {
	tx   *sql.Tx
	conn *sql.Conn // back to the pool when the last reference goes
	mu   sync.Mutex
	refs int
}

type readViewKey struct{}

// ReadView opens a read view for the reads made with the returned context; call
// done when they are over. Inside a view already, it returns the same one.
func (db *DB) ReadView(ctx context.Context) (context.Context, func(), error) {
	if viewOf(ctx) != nil {
		return ctx, func() {}, nil
	}
	// Waiting for one of the pool's connections follows ctx (a client that goes away
	// stops waiting); the transaction itself does not: it must not be rolled back
	// under a cached computation still reading it; done and the last one end it.
	conn, err := db.views.Conn(ctx)
	if err != nil {
		return ctx, nil, fmt.Errorf("store: opening a read view: %w", err)
	}
	frozen := db.gens.Freeze() // before the snapshot begins (at the first read below): see cache.Frozen
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		conn.Close()
		return ctx, nil, fmt.Errorf("store: opening a read view: %w", err)
	}
	// SQLite takes the snapshot at the first read, not at BEGIN.
	var newest int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM change`).Scan(&newest); err != nil {
		tx.Rollback()
		conn.Close()
		return ctx, nil, fmt.Errorf("store: opening a read view: %w", err)
	}
	v := &readView{tx: tx, conn: conn, refs: 1}
	ctx = cache.WithFrozen(context.WithValue(ctx, readViewKey{}, v), frozen)
	var once sync.Once
	return ctx, func() { once.Do(v.release) }, nil
}

func viewOf(ctx context.Context) *readView {
	v, _ := ctx.Value(readViewKey{}).(*readView)
	return v
}

func (v *readView) acquire() {
	v.mu.Lock()
	v.refs++
	v.mu.Unlock()
}

func (v *readView) release() {
	v.mu.Lock()
	v.refs--
	last := v.refs == 0
	v.mu.Unlock()
	if last {
		v.tx.Rollback() // read only: nothing to commit
		v.conn.Close()
	}
}

// queryer is what reads need of a pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// reader is the read view of ctx, or the read pool outside one (or once the view
// has been let go: a computation started by a page that has finished).
func (db *DB) reader(ctx context.Context) queryer {
	if v := viewOf(ctx); v != nil && v.open() {
		return v.tx
	}
	return db.read
}

func (v *readView) open() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.refs > 0
}

// withoutView is ctx with no read view: for a computation that starts after the
// page that asked for it has let its view go.
func withoutView(ctx context.Context) context.Context {
	if viewOf(ctx) == nil {
		return ctx
	}
	return context.WithValue(ctx, readViewKey{}, (*readView)(nil))
}

// shareView lends ctx's read view to a cached computation that may run after the
// caller returns: run wraps the computation, and settle must be called when the
// cache call returns. The computation keeps the view open while it runs; if it
// starts only after the caller gave up waiting, it reads without the view.
func shareView(ctx context.Context) (run func(context.Context, func(context.Context) (any, error)) (any, error), settle func()) {
	v := viewOf(ctx)
	if v == nil {
		return func(ctx context.Context, f func(context.Context) (any, error)) (any, error) { return f(ctx) }, func() {}
	}
	v.acquire()
	var claim atomic.Int32 // 0: open; 1: the computation holds the lent reference; 2: settled without it
	run = func(ctx context.Context, f func(context.Context) (any, error)) (any, error) {
		if !claim.CompareAndSwap(0, 1) {
			return f(withoutView(ctx))
		}
		defer v.release()
		return f(ctx)
	}
	settle = func() {
		if claim.CompareAndSwap(0, 2) {
			v.release()
		}
	}
	return run, settle
}

// readTx runs fn in one read transaction: ctx's read view, or a transaction of its
// own outside one (never a second connection while the view holds one).
func (db *DB) readTx(ctx context.Context, fn func(tx queryer) error) error {
	if v := viewOf(ctx); v != nil && v.open() {
		return fn(v.tx)
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}
