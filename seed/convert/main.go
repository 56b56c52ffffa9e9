// Command convert turns the shared source data into the portal's import
// format (docs/import-format.md): the seed embedded in the binary.
//
//	go run ./seed/convert -src ../shared/data -out seed/data
//
// It is deterministic: re-running it on the same inputs gives byte-identical
// files, and a test compares its output with the committed seed/data.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	src := flag.String("src", "../shared/data", "folder with raw/ and derived/ (shared/data)")
	out := flag.String("out", "seed/data", "folder to write the CSV files and REPORT.md to")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "convert:", err)
		os.Exit(1)
	}
}

func run(src, dst string) error {
	fs, err := convert(src)
	if err != nil {
		return err
	}
	return writeFiles(dst, fs)
}

// convert reads every input and returns the output files by name.
func convert(src string) (map[string][]byte, error) {
	b := &builder{countries: buildCountries(), krAliases: map[string]string{},
		djTitles: map[string]string{}, rep: newReport()}
	for _, read := range []func(string) error{b.readWikipedia, b.readKoreaCanada, b.readDangjin, b.readDated} {
		if err := read(src); err != nil {
			return nil, err
		}
	}
	b.fixHomonymCoords()
	slugOf, govs := b.resolve()
	ags, agreementOf, err := b.buildAgreements(slugOf)
	if err != nil {
		return nil, err
	}
	if err := b.attach(slugOf, agreementOf); err != nil {
		return nil, err
	}
	b.events = dedupeEvents(b.events)
	out := &output{govs: govs, ags: ags, events: b.events, acts: b.activities}
	b.dropUnused(out)
	sortOutput(out)
	if err := validate(out); err != nil {
		return nil, err
	}
	out.sources = buildSources(out, b.djTitles)
	return files(out, b.rep.markdown(out))
}
