package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/twinningtracker/twinning/web"
)

// options are the flags shared by the subcommands.
type options struct {
	addr, db, baseURL string
	metricsAddr       string // serve: where /metrics listens ("" for nowhere)
	replica           string // serve: the replica URL the database is shipped to, or followed from with readOnly
	readOnly          bool   // serve: a read replica
	primary           string // serve -read-only: the primary's base URL
	behindProxy       bool   // serve: believe X-Real-IP from a proxy on a private address
	purgeURL          string // serve: where the CDN in front takes purges ("" for no CDN)
	purgeHeader       string // serve: "Name: value" added to each purge (the CDN's token), from the environment only
	cdnMaxAge         time.Duration
}

// flagSet is a flag.FlagSet with room for a subcommand's own flags.
type flagSet struct {
	*flag.FlagSet
	email, government, role string
}

// parseFlags reads flags, with TWINNING_* environment variables as defaults; extra
// adds a subcommand's own flags.
func parseFlags(name string, args []string, getenv func(string) string, stderr io.Writer, withServe bool, extra ...func(*flagSet)) (options, *flagSet, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var o options
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	fs.SetOutput(stderr)
	fs.StringVar(&o.db, "db", env("TWINNING_DB", "twinning.db"), "SQLite database file (TWINNING_DB)")
	if withServe {
		fs.StringVar(&o.addr, "addr", env("TWINNING_ADDR", "127.0.0.1:8080"), "listen address (TWINNING_ADDR)")
		fs.StringVar(&o.baseURL, "base-url", env("TWINNING_BASE_URL", ""), "public base URL, e.g. https://twinning.example.org (TWINNING_BASE_URL)")
		fs.StringVar(&o.replica, "replica", env("TWINNING_REPLICA", ""), "replicate the database continuously to file:///folder or s3://bucket/path (TWINNING_REPLICA)")
		fs.BoolVar(&o.readOnly, "read-only", env("TWINNING_READ_ONLY", "") == "1", "serve a read replica: public pages only, kept current from -replica (TWINNING_READ_ONLY=1)")
		fs.StringVar(&o.primary, "primary", env("TWINNING_PRIMARY", ""), "with -read-only: the primary's public base URL, where officials sign in (TWINNING_PRIMARY)")
		fs.BoolVar(&o.behindProxy, "behind-proxy", env("TWINNING_BEHIND_PROXY", "") == "1", "reached through a proxy on a private address that sets X-Real-IP (nginx); the per-address limits then count clients, not the proxy (TWINNING_BEHIND_PROXY=1)")
		fs.StringVar(&o.purgeURL, "purge-url", env("TWINNING_PURGE_URL", ""), "a CDN in front of the portal: public pages carry Surrogate-Key and -cdn-max-age, and each write POSTs the keys it made stale here (Fastly's purge-by-key; scripts/cdn/varnish.vcl); the header TWINNING_PURGE_HEADER, e.g. 'Fastly-Key: TOKEN', is added (TWINNING_PURGE_URL)")
		fs.DurationVar(&o.cdnMaxAge, "cdn-max-age", web.DefaultCDNMaxAge, "with -purge-url: how long the CDN may keep a public page between purges, at most until midnight UTC")
		o.purgeHeader = getenv("TWINNING_PURGE_HEADER") // a secret: never on the command line, where ps shows it
		fs.StringVar(&o.metricsAddr, "metrics-addr", env("TWINNING_METRICS_ADDR", ""), "listen address of /metrics (Prometheus), apart from the public one, e.g. 127.0.0.1:9464; empty: no metrics (TWINNING_METRICS_ADDR)")
	}
	for _, f := range extra {
		f(fs)
	}
	if err := fs.Parse(args); err != nil {
		return o, fs, fmt.Errorf("%s: %w", name, err)
	}
	return o, fs, nil
}
