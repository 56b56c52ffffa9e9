// Command crawl reads every government page of a running portal once, as a search
// engine's crawler would after a deploy (every page cold: nothing cached yet), and
// prints how long it took. The slugs come from the portal's database (read-only).
//
//	go run ./scripts/load/crawl -db /tmp/crawl.db -base http://127.0.0.1:18392 -conns 4
//
// scripts/load/crawl.sh starts a fresh portal and runs it; docs/benchmarks.md has the
// figures.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	db := flag.String("db", "", "the portal's database (read for the list of governments)")
	base := flag.String("base", "http://127.0.0.1:18392", "the portal's address")
	conns := flag.Int("conns", 4, "requests in flight")
	limit := flag.Int("n", 0, "read only the first n governments (0: all)")
	prefix := flag.String("prefix", "", "language prefix: /fr or /ko")
	flag.Parse()
	if err := run(*db, *base, *prefix, *conns, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "crawl:", err)
		os.Exit(1)
	}
}

func run(dbPath, base, prefix string, conns, limit int) error {
	slugs, err := governments(dbPath, limit)
	if err != nil {
		return err
	}
	if len(slugs) == 0 {
		return fmt.Errorf("no governments in %s", dbPath)
	}
	client := &http.Client{Timeout: 60 * time.Second}
	var next, bytes, failed atomic.Int64
	lat := make([]time.Duration, len(slugs)) // failed requests keep no latency (see below)
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(slugs) {
					return
				}
				t := time.Now()
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, base+prefix+"/governments/"+slugs[i], nil)
				req.Header.Set("Accept-Encoding", "gzip")
				res, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					lat[i] = -1
					continue
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat[i] = time.Since(t)
				bytes.Add(n)
				if res.StatusCode != http.StatusOK {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	lat = slices.DeleteFunc(lat, func(d time.Duration) bool { return d < 0 })
	if len(lat) == 0 {
		return fmt.Errorf("every request failed")
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("pages\t%d\nfailed\t%d\nconns\t%d\ntook\t%s\npages_per_s\t%.1f\np50\t%s\np90\t%s\np99\t%s\nmax\t%s\nbytes_gzip\t%d\n",
		len(slugs), failed.Load(), conns, took.Round(time.Millisecond), float64(len(slugs))/took.Seconds(),
		pct(.5).Round(10*time.Microsecond), pct(.9).Round(10*time.Microsecond), pct(.99).Round(10*time.Microsecond),
		lat[len(lat)-1].Round(time.Millisecond), bytes.Load())
	if failed.Load() > 0 {
		return fmt.Errorf("%d pages failed", failed.Load())
	}
	return nil
}

// governments lists every government's slug, in a shuffled but fixed order (by an
// FNV hash of the slug), so that the governments of one country are not read one
// after another (a crawler follows links, not the database's order).
func governments(path string, limit int) ([]string, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT slug FROM government`)
	if err != nil {
		return nil, fmt.Errorf("list governments: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hash := func(s string) uint64 { h := fnv.New64a(); h.Write([]byte(s)); return h.Sum64() }
	slices.SortFunc(out, func(a, b string) int {
		ha, hb := hash(a), hash(b)
		switch {
		case ha < hb:
			return -1
		case ha > hb:
			return 1
		}
		return 0
	})
	if limit > 0 && limit < len(out) {
		out = out[:limit]
	}
	return out, nil
}
