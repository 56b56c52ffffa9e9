package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"syscall"
	"time"

	replication "github.com/twinningtracker/twinning/replica"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// firstRestoreWait bounds the wait for a new replica's first restore (the whole
// database comes down once: minutes for a world-scale file over a network).
const firstRestoreWait = 30 * time.Minute

// serveReplica serves a read replica: with -replica, a follower process keeps the
// database current from the primary's replica (the first restore waited for);
// without, the file is served as another process keeps it. Public pages only:
// forms lead to the primary, writes are refused (web.Config.ReadOnly).
func serveReplica(ctx context.Context, o options, cdn *web.CDN, log *slog.Logger, stdout io.Writer) error {
	if o.replica != "" {
		// A replica whose follower stopped would serve older and older pages without
		// a word: the server stops with it, for the supervisor to restart both.
		fctx, stopServing := context.WithCancelCause(ctx)
		defer stopServing(nil)
		stop, err := startFollower(o, log, func(err error) { stopServing(fmt.Errorf("read replica: the follower stopped: %w", err)) })
		if err != nil {
			return err
		}
		defer stop()
		ctx = fctx
		if err := waitForFile(ctx, o.db, firstRestoreWait, stdout); err != nil {
			if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
				return cause
			}
			return err
		}
	}
	db, err := store.OpenReplica(ctx, o.db, replication.AppliedPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	cfg := web.Config{DB: db, BaseURL: baseURLOf(o), Logger: log, MaxLag: web.DefaultMaxLag, BehindProxy: o.behindProxy, ReadOnly: true, PrimaryURL: o.primary, CDN: cdn}
	if o.replica != "" {
		cfg.Replication = func() string {
			applied := "never"
			if st, err := os.Stat(replication.AppliedPath(o.db)); err == nil {
				applied = fmt.Sprintf("%.1fs ago", time.Since(st.ModTime()).Seconds())
			}
			return fmt.Sprintf("read replica: newest change %d; last change applied %s", db.NewestChange(), applied)
		}
	}
	err = listenAndServe(ctx, o, cfg, nil, log, stdout)
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return err
}

// startFollower runs `twinning follow` in a process of its own (its locks then
// keep this process's readers from a change half applied), ended with the server.
func startFollower(o options, log *slog.Logger, stopped func(error)) (stop func(), err error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("read replica: %w", err)
	}
	// The URL by the environment, not the command line, which any local user can
	// read (it may carry keys).
	cmd := exec.Command(self, "follow", "-db", o.db)
	cmd.Env = append(os.Environ(), "TWINNING_REPLICA="+o.replica)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = followerAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("read replica: starting the follower: %w", err)
	}
	done := make(chan struct{})
	stopping := make(chan struct{})
	go func() {
		err := cmd.Wait()
		select {
		case <-stopping:
		default:
			if err == nil {
				err = errors.New("it exited")
			}
			log.Error("read replica: the follower stopped", "err", err)
			stopped(err)
		}
		close(done)
	}()
	return func() {
		close(stopping)
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}, nil
}

// waitForFile waits for the follower's first restore: the file appears whole (the
// restore writes a temporary file and renames it).
func waitForFile(ctx context.Context, path string, limit time.Duration, stdout io.Writer) error {
	deadline := time.Now().Add(limit)
	said := false
	for {
		if _, err := os.Stat(path); err == nil {
			return nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("read replica: %w", err)
		}
		if !said {
			fmt.Fprintf(stdout, "Waiting for the first restore into %s\n", path)
			said = true
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("read replica: no database at %s after %v", path, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
