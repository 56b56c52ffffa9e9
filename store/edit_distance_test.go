package store

import (
	"math/rand/v2"
	"testing"
)

// The banded, bounded distance agrees with the whole Levenshtein table on every
// pair of short random words over a small alphabet (many near misses), for every
// limit the loose search uses, reusing its rows between calls as the search does.
func TestEditDistanceMatchesTheFullTable(t *testing.T) {
	full := func(a, b []rune) int {
		d := make([][]int, len(a)+1)
		for i := range d {
			d[i] = make([]int, len(b)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(a); i++ {
			for j := 1; j <= len(b); j++ {
				cost := 1
				if a[i-1] == b[j-1] {
					cost = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			}
		}
		return d[len(a)][len(b)]
	}
	r := rand.New(rand.NewPCG(3, 4))
	word := func() []rune {
		w := make([]rune, r.IntN(12))
		for i := range w {
			w[i] = rune('a' + r.IntN(3))
		}
		return w
	}
	var rows distanceRows
	for n := 0; n < 20000; n++ {
		a, b := word(), word()
		for _, limit := range []int{1, 2, 3} {
			want := min(full(a, b), limit+1)
			if got := rows.within(a, b, limit); got != want {
				t.Fatalf("within(%q, %q, %d) = %d, want %d", string(a), string(b), limit, got, want)
			}
		}
	}
	if rows.within([]rune("hwasong"), []rune("hwaseong"), 1) != 1 {
		t.Error("Hwasong is one edit from Hwaseong")
	}
}
