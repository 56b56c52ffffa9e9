package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	replication "github.com/twinningtracker/twinning/replica"
	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// shutdownGrace is how long in-flight requests get to finish after SIGTERM.
const shutdownGrace = 15 * time.Second

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, _, err := parseFlags("serve", args, getenv, stderr, true)
	if err != nil {
		return err
	}
	cdn, err := cdnOf(o) // before anything starts
	if err != nil {
		return err
	}
	log, flushLog := newServerLog(stderr)
	defer flushLog()
	if o.readOnly {
		return serveReplica(ctx, o, cdn, log, stdout)
	}
	db, err := openSeeded(ctx, o.db, stdout)
	if err != nil {
		return err
	}
	var rep *replication.Replicator
	defer func() {
		// The portal's connections first: Litestream holds the file too, and closing
		// its handles drops the process's locks. Then the last writes are shipped.
		db.Close()
		if rep != nil {
			closeCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
			defer cancel()
			if err := rep.Close(closeCtx); err != nil {
				log.Error("replication: last sync", "err", err)
			} else {
				log.Info("replication stopped", "status", rep.Status().String())
			}
		}
	}()
	if o.replica != "" {
		// Not ctx: replication runs until the database is closed, after SIGTERM.
		if rep, err = replication.Start(context.Background(), db.Path(), o.replica, log); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Replicating %s continuously to %s\n", db.Path(), rep.Status().URL)
		go logReplication(ctx, rep, log)
		files, err := replication.FilesFor(ctx, o.replica)
		if err != nil {
			return err
		}
		go keepReleasesShipped(ctx, db, files, log)
	}

	cfg := web.Config{DB: db, BaseURL: baseURLOf(o), Logger: log, MaxLag: web.DefaultMaxLag, BehindProxy: o.behindProxy, CDN: cdn}
	var lag func() float64
	if rep != nil {
		cfg.Replication = func() string {
			// The newest change: in sync, the replica holds it, or will within the
			// replication's quarter-second window.
			return fmt.Sprintf("%s; newest change %d", rep.Status(), db.NewestChange())
		}
		lag = func() float64 { return rep.Status().Lag(time.Now()).Seconds() }
	}
	return listenAndServe(ctx, o, cfg, lag, log, stdout)
}

// cdnOf is the CDN the flags describe, nil for none.
func cdnOf(o options) (*web.CDN, error) {
	if o.purgeURL == "" {
		if o.purgeHeader != "" {
			return nil, errors.New("serve: TWINNING_PURGE_HEADER is set without -purge-url")
		}
		return nil, nil
	}
	u, err := url.Parse(o.purgeURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("serve: -purge-url %q: want an http:// or https:// address", replication.Redact(o.purgeURL))
	}
	if o.cdnMaxAge < time.Second {
		return nil, fmt.Errorf("serve: -cdn-max-age %v: want a second or more", o.cdnMaxAge)
	}
	cdn := &web.CDN{PurgeURL: o.purgeURL, MaxAge: o.cdnMaxAge}
	if o.purgeHeader != "" {
		name, value, ok := strings.Cut(o.purgeHeader, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" || value == "" || strings.ContainsAny(name, " \t") {
			return nil, errors.New("serve: TWINNING_PURGE_HEADER: want 'Name: value', e.g. 'Fastly-Key: TOKEN'")
		}
		cdn.PurgeHeader = map[string]string{name: value}
	}
	return cdn, nil
}

func baseURLOf(o options) string {
	if o.baseURL != "" {
		return o.baseURL
	}
	return "http://" + o.addr
}

// listenAndServe serves the portal (and /metrics on its own address) until ctx
// ends, then drains in-flight requests. lag, when not nil, is the replication lag
// in seconds for the metrics.
func listenAndServe(ctx context.Context, o options, cfg web.Config, lag func() float64, log *slog.Logger, stdout io.Writer) error {
	if cdn := cfg.CDN; cdn != nil {
		fmt.Fprintf(stdout, "Public pages may be kept %v by the CDN; purges go to %s\n", cdn.MaxAge, replication.Redact(cdn.PurgeURL))
	}
	var metricsSrv *http.Server
	if o.metricsAddr != "" {
		reg := prometheus.NewRegistry()
		cfg.Metrics = reg
		if lag != nil {
			reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "twinning_replication_lag_seconds",
				Help: "How long the replica has been behind: 0 in sync, else the time since the last successful sync."}, lag))
		}
		// Go and process figures and Litestream's own metrics are in the default
		// registry (Litestream registers there).
		gather := prometheus.Gatherers{reg, prometheus.DefaultGatherer}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", promhttp.HandlerFor(gather, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError)}))
		metricsSrv = web.HTTPServer(o.metricsAddr, mux)
	}
	srv := web.HTTPServer(o.addr, web.New(cfg))
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	fmt.Fprintf(stdout, "Twinning Tracker serving on http://%s (database %s)\n", ln.Addr(), cfg.DB.Path())
	errc := make(chan error, 2)
	if metricsSrv != nil {
		mln, err := net.Listen("tcp", o.metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s for metrics: %w", o.metricsAddr, err)
		}
		fmt.Fprintf(stdout, "Metrics on http://%s/metrics\n", mln.Addr())
		go func() { errc <- metricsSrv.Serve(mln) }()
		defer metricsSrv.Close()
	}
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop accepting, let in-flight requests finish, then close the database.
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Twinning Tracker stopped")
	return nil
}

// openSeeded opens the database, filling it with the embedded data when this call
// created the file. An existing file is never re-seeded or replaced.
func openSeeded(ctx context.Context, path string, stdout io.Writer) (*store.DB, error) {
	db, created, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if created {
		start := time.Now()
		sum, err := seed.Load(ctx, db)
		if err != nil {
			db.Close()
			return nil, err
		}
		fmt.Fprintf(stdout, "Created %s with the default data: %d governments, %d agreements, %d activities (%.1fs)\n",
			db.Path(), sum.Governments, sum.Agreements, sum.Activities, time.Since(start).Seconds())
	}
	return db, nil
}

// replicationLogEvery is how often the log says how far the replica is.
const replicationLogEvery = time.Minute

// logReplication writes the replication's state to the log every minute, and at
// once when the replica falls behind by more than a few seconds or catches up.
func logReplication(ctx context.Context, rep *replication.Replicator, log *slog.Logger) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	lastLog, late := time.Now(), false
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			st := rep.Status()
			nowLate := st.Lag(now) > 5*time.Second
			switch {
			case nowLate && !late:
				log.Warn("replication behind", "status", st.String())
			case !nowLate && late:
				log.Info("replication caught up", "status", st.String())
			case now.Sub(lastLog) >= replicationLogEvery:
				log.Info("replication", "status", st.String())
			default:
				continue
			}
			late, lastLog = nowLate, now
		}
	}
}
