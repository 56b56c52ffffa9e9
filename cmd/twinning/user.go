package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/twinningtracker/twinning/store"
)

// userCmd handles `twinning user add -db PATH -email EMAIL -government SLUG
// [-role official|admin]`, reading the password from standard input so it never
// appears in a process list or shell history. There is no open sign-up.
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("user: usage: twinning user add -db PATH -email EMAIL -government SLUG [-role official|admin] < password")
	}
	o, fs, err := parseFlags("user add", args[1:], getenv, stderr, false, func(fs *flagSet) {
		fs.StringVar(&fs.email, "email", "", "the official's email (their login; never shown publicly)")
		fs.StringVar(&fs.government, "government", "", "slug of the government they report for")
		fs.StringVar(&fs.role, "role", "official", "official or admin")
	})
	if err != nil {
		return err
	}
	if fs.email == "" || fs.government == "" {
		return fmt.Errorf("user add: -email and -government are required")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("user add: reading the password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if password == "" {
		return fmt.Errorf("user add: give the password on standard input")
	}
	// Never create the database here: an empty one would never be seeded by serve.
	if _, err := os.Stat(o.db); err != nil {
		return fmt.Errorf("user add: %w (start the portal once to create the database)", err)
	}
	db, _, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.AddAccount(ctx, fs.email, password, fs.government, fs.role)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(stdout, "Added %s (%s of %s)\n", a.Email, a.Role, a.Government)
	return nil
}
