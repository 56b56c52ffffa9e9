package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

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
	log, flushLog := newServerLog(stderr)
	defer flushLog()
	db, err := openSeeded(ctx, o.db, stdout)
	if err != nil {
		return err
	}
	defer db.Close()

	baseURL := o.baseURL
	if baseURL == "" {
		baseURL = "http://" + o.addr
	}
	cfg := web.Config{DB: db, BaseURL: baseURL, Logger: log, MaxLag: web.DefaultMaxLag}
	var metricsSrv *http.Server
	if o.metricsAddr != "" {
		reg := prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		cfg.Metrics = reg
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError)}))
		metricsSrv = web.HTTPServer(o.metricsAddr, mux)
	}
	srv := web.HTTPServer(o.addr, web.New(cfg))
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	fmt.Fprintf(stdout, "Twinning Tracker serving on http://%s (database %s)\n", ln.Addr(), db.Path())
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
