// Command twinning runs the Twinning Tracker portal and its maintenance tasks.
//
//	twinning [serve] [-addr 127.0.0.1:8080] [-db twinning.db] [-base-url URL]
//	twinning import [-db twinning.db] FILE.csv…
//	twinning check [-db twinning.db]
//	twinning backup [-db twinning.db] -out FILE
//	twinning restore -replica URL -db NEW-FILE [-timestamp T]
//	twinning release [-db twinning.db] [-note TEXT] | -delete ID -reason TEXT
//	twinning user add [-db twinning.db] -email EMAIL -government SLUG [-role official|admin] < password
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "twinning:", err)
		os.Exit(1)
	}
}

// run dispatches a subcommand; serve is the default. Everything it needs comes in as
// arguments, so tests can run the whole program.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "import":
		return importFiles(ctx, args, getenv, stdout, stderr)
	case "import-wikidata":
		return importWikidata(ctx, args, getenv, stdout, stderr)
	case "check":
		return check(ctx, args, getenv, stdout, stderr)
	case "backup":
		return backup(ctx, args, getenv, stdout, stderr)
	case "release":
		return release(ctx, args, getenv, stdout, stderr)
	case "restore":
		return restore(ctx, args, getenv, stdout, stderr)
	case "follow":
		return follow(ctx, args, getenv, stdout, stderr)
	case "gen":
		return gen(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q (commands: serve, import, import-wikidata, check, backup, restore, follow, release, gen, user, help)", cmd)
}

const usage = `Twinning Tracker — the public record of twinning.

  twinning [serve] [-addr 127.0.0.1:8080] [-db ./twinning.db] [-base-url URL]
        [-replica URL] [-metrics-addr 127.0.0.1:9464]
      Serve the portal. A database path where no file exists gets a new database
      filled with the embedded default data. -replica ships every write, within
      about a second, to file:///folder or s3://bucket/path (Litestream);
      -metrics-addr serves /metrics (Prometheus) on an address of its own.
  twinning restore -replica URL -db NEW-FILE [-timestamp 2026-12-07T14:00:00Z]
      Restore the database from its replica (the latest state, or as of a time)
      to a new file, and check it.
  twinning serve -read-only -replica URL -db FILE -primary https://primary.example
      Serve a read replica: FILE is restored from the primary's replica and kept
      current (by a "twinning follow" process); public pages only, forms lead to
      the primary.
  twinning follow -replica URL -db FILE
      Keep FILE current from a replica (what serve -read-only runs).
  twinning import [-db ./twinning.db] FILE.csv…
      Import files in the import format (docs/import-format.md): all or nothing.
  twinning import-wikidata [-db ./twinning.db] FILE.json
      Merge the result of the Wikidata query in docs/wikidata.md (dated twinning
      pairs): by Wikidata id, then by name, country and region; fills what the
      records lack and never overwrites a value they hold. All or nothing.
  twinning check [-db ./twinning.db]
      Check the database's integrity.
  twinning backup [-db ./twinning.db] -out NEW-FILE
      Write a consistent copy of the whole database while the portal runs.
  twinning release [-db ./twinning.db] [-note TEXT]
      Cut a release: an immutable, dated copy of the public record that the portal
      serves read-only at /releases/ID/… (the database, the CSV zip, SHA256SUMS),
      in the folder ./twinning.db.releases/ID. Run it from a schedule for yearly or
      monthly releases.
  twinning release [-db ./twinning.db] -delete ID -reason TEXT
      Delete a release's files; /releases keeps it listed with who, when and why.
  twinning gen [-profile replica] -scale N -out DIR [-seed 1]
      Write synthetic import files that make a seeded database N× the default data
      (for benchmarks: docs/benchmarks.md).
  twinning gen -profile world [-world-scale 1] -out DIR [-seed 1]
      Write a synthetic world that reports like Korea: 100,000 governments, 150,000
      agreements, 3,000,000 activities (1997–2026), times -world-scale; import it
      into a seeded database.
  twinning user add [-db ./twinning.db] -email EMAIL -government SLUG [-role official|admin]
      Add an official's account; the password is read from standard input.

Flags fall back to TWINNING_ADDR, TWINNING_DB, TWINNING_BASE_URL, TWINNING_REPLICA and
TWINNING_METRICS_ADDR.`
