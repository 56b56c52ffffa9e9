package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
)

// gen writes synthetic import files for benchmarks and load tests, in one of two
// profiles. Both write governments.csv, agreements.csv, events.csv, activities.csv and
// sources.csv with seed.Write, to be imported into a database that holds the seed
// (their slugs and ids never collide with the seed's), and their output depends only
// on the flags -profile, -scale or -world-scale, and -seed.
//
// -profile replica (the default) makes a seeded database scale× the size of the
// embedded default data:
//
//	twinning gen -scale 10 -out DIR && twinning import -db big.db DIR/*.csv
//
// The data is made of replicas of the seed: replica r copies every government
// (same country, level and region; name suffixed "r"; slug suffixed "-sR"; position
// jittered) and every agreement, but rewires an agreement's side to another
// government of the same country in the replica with probability rewire, so
// countries, partner countries, kinds, known dates and statuses keep the seed's
// frequencies while who partners whom varies. Each seed activity and event is copied
// to its agreement's replica, dates shifted by up to ±3 years (precision kept), so
// activities per agreement stay as skewed as in the seed. A fractional scale makes
// the last replica partial (a random sample of the seed's agreements, their
// governments and activities).
//
// -profile world makes a synthetic world that reports like Korea does: 100,000
// governments, 150,000 agreements and 3,000,000 activities dated 1997–2026, times
// -world-scale (0.01 for a world of 1,000 governments in tests), spread over the
// seed's countries with the seed's weights (see NewWorld):
//
//	twinning gen -profile world -out DIR && twinning import -db world.db DIR/*.csv
//
// Activities are generated and written a chunk at a time, so memory holds the
// governments and agreements but never all the activities.
func gen(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := fs.String("profile", "replica", "replica: copies of the default data (-scale, -rewire); world: a synthetic world of 100,000 governments, 150,000 agreements and 3,000,000 activities (-world-scale)")
	scale := fs.Float64("scale", 10, "replica: size of the result relative to the default data (the seed counts once)")
	worldScale := fs.Float64("world-scale", 1, "world: fraction of the world's counts, from 0.001 to 10 (0.01: 1,000 governments, 1,500 agreements, 30,000 activities)")
	out := fs.String("out", "", "directory to write governments.csv, agreements.csv, events.csv, activities.csv and sources.csv into")
	rngSeed := fs.Uint64("seed", 1, "random seed (same seed, same files)")
	rewire := fs.Float64("rewire", 0.3, "replica: probability that an agreement's side is rewired to another government of its country")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("gen: unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *out == "" {
		return fmt.Errorf("gen: give -out DIR")
	}
	switch *profile {
	case "replica":
		if set["world-scale"] {
			return fmt.Errorf("gen: -world-scale is for -profile world")
		}
		if *scale < 1 || *scale > 1000 || math.IsNaN(*scale) {
			return fmt.Errorf("gen: give -out DIR and a -scale between 1 and 1000")
		}
	case "world":
		if set["scale"] || set["rewire"] {
			return fmt.Errorf("gen: -scale and -rewire are for -profile replica; -profile world takes -world-scale")
		}
		if !(*worldScale >= 0.001 && *worldScale <= 10) {
			return fmt.Errorf("gen: give a -world-scale between 0.001 and 10")
		}
	default:
		return fmt.Errorf("gen: -profile is replica or world, not %q", *profile)
	}
	base, err := seed.Read(seed.Data(), nil)
	if err != nil {
		return fmt.Errorf("gen: reading the default data: %w", err)
	}
	if *profile == "replica" {
		ds := Generate(base, *scale, *rngSeed, *rewire)
		if _, err := writeGenerated(*out, ds, nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote %d governments, %d agreements, %d events, %d activities to %s (import them into a seeded database for %g× the default data)\n",
			len(ds.Governments), len(ds.Agreements), len(ds.Events), len(ds.Activities), *out, *scale)
		return nil
	}
	w := NewWorld(base, *worldScale, *rngSeed)
	n, err := writeGenerated(*out, w.Dataset, w.Activities())
	if err != nil {
		return err
	}
	ds := w.Dataset
	fmt.Fprintf(stdout, "Wrote %d governments, %d agreements, %d events, %d activities to %s (a synthetic world at %g× its full size; import them into a seeded database)\n",
		len(ds.Governments), len(ds.Agreements), len(ds.Events), n, *out, *worldScale)
	return nil
}

// writeGenerated writes ds into the folder dir with seed.Write, then appends the
// activities yielded by more (if any) to activities.csv, one seed.Write of each chunk
// without its header row, so the rows are exactly those seed.Write of the whole
// dataset would write. It returns how many activities it wrote.
func writeGenerated(dir string, ds store.Dataset, more iter.Seq[[]store.Activity]) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("gen: %w", err)
	}
	type file struct {
		f *os.File
		w *bufio.Writer
	}
	var files []file
	defer func() {
		for _, f := range files {
			f.f.Close()
		}
	}()
	var activities io.Writer
	err := seed.Write(func(name string) (io.Writer, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		files = append(files, file{f, bw})
		if name == "activities.csv" {
			activities = bw
		}
		return bw, nil
	}, ds)
	if err != nil {
		return 0, fmt.Errorf("gen: %w", err)
	}
	n := len(ds.Activities)
	if more != nil {
		for chunk := range more {
			err = seed.Write(func(name string) (io.Writer, error) {
				if name == "activities.csv" {
					return &skipLine{w: activities}, nil
				}
				return io.Discard, nil
			}, store.Dataset{Activities: chunk})
			if err != nil {
				return 0, fmt.Errorf("gen: %w", err)
			}
			n += len(chunk)
		}
	}
	for _, f := range files {
		if err := f.w.Flush(); err != nil {
			return 0, fmt.Errorf("gen: %w", err)
		}
		if err := f.f.Close(); err != nil {
			return 0, fmt.Errorf("gen: %w", err)
		}
	}
	files = nil
	return n, nil
}

// skipLine passes on what is written to it except the first line (a header row).
type skipLine struct {
	w       io.Writer
	skipped bool
}

func (s *skipLine) Write(p []byte) (int, error) {
	n := len(p)
	if !s.skipped {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			return n, nil
		}
		s.skipped, p = true, p[i+1:]
	}
	if _, err := s.w.Write(p); err != nil {
		return 0, err
	}
	return n, nil
}

// Generate builds the synthetic records described at gen from the seed dataset.
func Generate(base store.Dataset, scale float64, rngSeed uint64, rewire float64) store.Dataset {
	rng := rand.New(rand.NewPCG(rngSeed, 0x7477696e))
	var ds store.Dataset
	extra := scale - 1
	for r := 1; float64(r-1) < extra; r++ {
		frac := math.Min(1, extra-float64(r-1))
		n := int(math.Round(frac * float64(len(base.Agreements))))
		if n == 0 {
			break
		}
		sample := base.Agreements
		if n < len(sample) {
			// a random sample, in seed order
			idx := rng.Perm(len(sample))[:n]
			slices.Sort(idx)
			sample = make([]store.Agreement, n)
			for i, j := range idx {
				sample[i] = base.Agreements[j]
			}
		}
		replica(&ds, base, r, sample, frac < 1, rng, rewire)
	}
	return ds
}

// replica adds replica r of the given seed agreements (all of them unless partial)
// and of the governments, events and activities that go with them.
func replica(ds *store.Dataset, base store.Dataset, r int, agreements []store.Agreement, partial bool, rng *rand.Rand, rewire float64) {
	suffix := "-s" + strconv.Itoa(r)
	copySlug := func(slug string) string { return slug + suffix }
	include := map[string]bool{}
	if partial {
		for _, a := range agreements {
			include[a.GovernmentA], include[a.GovernmentB] = true, true
		}
	}
	byCountry := map[string][]string{}
	country := map[string]string{}
	for _, g := range base.Governments {
		if partial && !include[g.Slug] {
			continue
		}
		c := g
		c.Slug = copySlug(g.Slug)
		c.Name = g.Name + " " + strconv.Itoa(r+1)
		if g.NameLocal != "" {
			c.NameLocal = g.NameLocal + " " + strconv.Itoa(r+1)
		}
		if g.NameFR != "" {
			c.NameFR = g.NameFR + " " + strconv.Itoa(r+1)
		}
		if g.Parent != "" && (!partial || include[g.Parent]) {
			c.Parent = copySlug(g.Parent)
		} else {
			c.Parent = ""
		}
		if g.Lat != nil && g.Lon != nil {
			lat := math.Max(-90, math.Min(90, *g.Lat+(rng.Float64()-0.5)*0.2))
			lon := math.Max(-180, math.Min(180, *g.Lon+(rng.Float64()-0.5)*0.2))
			c.Lat, c.Lon = &lat, &lon
		}
		c.Wikidata = "" // a QID names one real place
		ds.Governments = append(ds.Governments, c)
		byCountry[c.Country] = append(byCountry[c.Country], c.Slug)
		country[g.Slug] = c.Country
	}
	pick := func(slug string) string {
		if rng.Float64() < rewire {
			if list := byCountry[country[slug]]; len(list) > 0 {
				return list[rng.IntN(len(list))]
			}
		}
		return copySlug(slug)
	}
	seen := map[[2]string]bool{}
	ids := map[string]string{} // seed agreement id → replica id
	sides := map[string][2]string{}
	seedSides := map[string][2]string{}
	for _, a := range agreements {
		ga, gb := pick(a.GovernmentA), pick(a.GovernmentB)
		if ga == gb || seen[[2]string{ga, gb}] || seen[[2]string{gb, ga}] {
			ga, gb = copySlug(a.GovernmentA), copySlug(a.GovernmentB) // the exact copy is unique
		}
		if seen[[2]string{ga, gb}] || seen[[2]string{gb, ga}] {
			continue
		}
		seen[[2]string{ga, gb}] = true
		c := a
		c.ID = a.ID + suffix
		c.GovernmentA, c.GovernmentB = ga, gb
		c.Signed = shiftDate(a.Signed, rng)
		if a.Ended != "" {
			c.Ended = shiftDate(a.Ended, rng)
			if c.Signed != "" && c.Ended < c.Signed {
				c.Ended = c.Signed
			}
		}
		ds.Agreements = append(ds.Agreements, c)
		ids[a.ID] = c.ID
		sides[a.ID] = [2]string{ga, gb}
		seedSides[a.ID] = [2]string{a.GovernmentA, a.GovernmentB}
	}
	for _, e := range base.Events {
		id, ok := ids[e.Agreement]
		if !ok {
			continue
		}
		c := e
		c.ID = 0
		c.Agreement = id
		ds.Events = append(ds.Events, c)
	}
	for _, act := range base.Activities {
		id, ok := ids[act.Agreement]
		if !ok {
			continue
		}
		c := act
		c.ID = "s" + strconv.Itoa(r) + "-" + act.ID
		c.Agreement = id
		switch orig := seedSides[act.Agreement]; act.From {
		case orig[0]:
			c.From = sides[act.Agreement][0]
		case orig[1]:
			c.From = sides[act.Agreement][1]
		}
		shift := rng.IntN(7) - 3
		c.Date = shiftYears(act.Date, shift)
		c.DateEnd = shiftYears(act.DateEnd, shift)
		ds.Activities = append(ds.Activities, c)
	}
}

// shiftDate moves a known date by up to ±3 years, keeping its precision; unknown
// stays unknown.
func shiftDate(d string, rng *rand.Rand) string {
	if d == "" {
		return ""
	}
	return shiftYears(d, rng.IntN(7)-3)
}

func shiftYears(d string, years int) string {
	if len(d) < 4 {
		return d
	}
	y, err := strconv.Atoi(d[:4])
	if err != nil {
		return d
	}
	y += years
	if y > 2025 {
		y = 2025 // never in the future of the data
	}
	rest := d[4:]
	if rest == "-02-29" {
		rest = "-02-28"
	}
	return fmt.Sprintf("%04d%s", y, rest)
}
