package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	replication "github.com/twinningtracker/twinning/replica"
)

// follow keeps a read replica's database current from the primary's replica: the
// latest state first, then every change as it arrives. twinning serve -read-only
// -replica runs it as a process of its own; an operator may run it alone.
func follow(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var url string
	o, fs, err := parseFlags("follow", args, getenv, stderr, false, func(fs *flagSet) {
		fs.StringVar(&url, "replica", getenv("TWINNING_REPLICA"), "the primary's replica: file:///folder or s3://bucket/path (TWINNING_REPLICA)")
	})
	if err != nil {
		return err
	}
	if url == "" || fs.NArg() > 0 {
		return errors.New("follow: usage: twinning follow -replica URL -db FILE")
	}
	fmt.Fprintf(stdout, "Following %s into %s\n", replication.Redact(url), o.db)
	return replication.Follow(ctx, url, o.db)
}
