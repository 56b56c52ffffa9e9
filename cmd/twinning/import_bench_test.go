package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/twinningtracker/twinning/seed"
)

// BenchmarkImportWorld times `twinning import` of a generated world into a database
// that already holds the default data (the way docs/benchmarks.md times the whole
// world): reading and checking the files, the records, their citations, the change
// trail and the count rebuild. TWINNING_BENCH_WORLD_SCALE sets the world's size
// (default 0.02: 2,000 governments, 3,000 agreements, 60,000 activities).
//
//	go test ./cmd/twinning -run '^$' -bench ImportWorld -benchtime 3x -cpuprofile /tmp/import.prof
func BenchmarkImportWorld(b *testing.B) {
	ctx := context.Background()
	scale := "0.02"
	if s := os.Getenv("TWINNING_BENCH_WORLD_SCALE"); s != "" {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			b.Fatalf("TWINNING_BENCH_WORLD_SCALE: %v", err)
		}
		scale = s
	}
	dir := b.TempDir()
	if err := run(ctx, []string{"gen", "-profile", "world", "-world-scale", scale, "-out", filepath.Join(dir, "world")}, noEnv, nil, io.Discard, io.Discard); err != nil {
		b.Fatal(err)
	}
	// One seeded database, copied for each round so every round imports into the same state.
	template := filepath.Join(dir, "seeded.db")
	db, err := openSeeded(ctx, template, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	seeded, err := os.ReadFile(template)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		path := filepath.Join(dir, "round"+strconv.Itoa(i)+".db")
		if err := os.WriteFile(path, seeded, 0o600); err != nil {
			b.Fatal(err)
		}
		args := []string{"import", "-db", path}
		for _, name := range seed.FileNames {
			args = append(args, filepath.Join(dir, "world", name))
		}
		b.StartTimer()
		if err := run(ctx, args, noEnv, nil, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		b.StartTimer()
	}
}
