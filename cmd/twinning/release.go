package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	"unicode/utf8"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// release cuts a release of the public record (for a schedule: cron runs it), or
// deletes one with a public reason. The portal may keep running meanwhile: it sees
// the new release within a second (store.PollInterval).
func release(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var note, del, reason, baseURL, actor string
	o, fs, err := parseFlags("release", args, getenv, stderr, false, func(fs *flagSet) {
		fs.StringVar(&note, "note", "", "what the release is for, shown on /releases")
		fs.StringVar(&baseURL, "base-url", getenv("TWINNING_BASE_URL"), "public base URL, for the zip's README (TWINNING_BASE_URL)")
		fs.StringVar(&actor, "as", "operator", "who cuts or deletes, as the public list names them")
		fs.StringVar(&del, "delete", "", "delete this release's files (it stays listed, with -reason)")
		fs.StringVar(&reason, "reason", "", "why the release is deleted (public; required with -delete)")
	})
	if err != nil {
		return err
	}
	if fs.NArg() > 0 || reason != "" && del == "" {
		return errors.New("release: usage: twinning release [-db FILE] [-note TEXT] | twinning release [-db FILE] -delete ID -reason TEXT")
	}
	if del != "" && note != "" {
		return errors.New("release: -note is for cutting a release; a deletion takes -reason")
	}
	for _, s := range []string{note, reason, actor} {
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > web.ReleaseNoteMax {
			return fmt.Errorf("release: a note, a reason or a name may be at most %d characters long", web.ReleaseNoteMax)
		}
	}
	if _, err := os.Stat(o.db); err != nil {
		return fmt.Errorf("release: %w", err)
	}
	db, _, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if del != "" {
		switch err := db.DeleteRelease(ctx, del, actor, reason); {
		case errors.Is(err, store.ErrNotFound):
			return fmt.Errorf("release: there is no release %q", del)
		case errors.Is(err, store.ErrReleaseDeleted):
			return fmt.Errorf("release: %s was deleted already", del)
		case errors.Is(err, store.ErrInvalid):
			return errors.New("release: -delete needs -reason: the deletion is on public record")
		case err != nil:
			return err
		}
		fmt.Fprintf(stdout, "Deleted release %s; /releases keeps it listed with the reason.\n", del)
		return nil
	}
	start := time.Now()
	r, err := web.CutRelease(ctx, db, baseURL, actor, note)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Release %s (data as of %s): %d agreements, %d activities; %s (%.1fs)\n",
		r.ID, r.AsOf, r.Counts.Agreements, r.Counts.Activities, db.ReleaseDir(r.ID), time.Since(start).Seconds())
	return nil
}
