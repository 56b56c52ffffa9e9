// Command gostatic serves the files of one folder from memory through net/http and
// nothing else: no router, no middleware, no logging. scripts/load/run.sh serves the
// portal's own pages with it, to show what Go's HTTP server alone costs on the
// machine, between nginx and the portal.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// parseHeaders reads curl -D output, leaving out what net/http sets itself.
func parseHeaders(b []byte) http.Header {
	hd := http.Header{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if !ok {
			continue // the status line, the blank line
		}
		switch k = http.CanonicalHeaderKey(strings.TrimSpace(k)); k {
		case "Date", "Content-Length", "Transfer-Encoding", "Connection":
		default:
			hd.Add(k, strings.TrimSpace(v))
		}
	}
	return hd
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "address to listen on")
	dir := flag.String("dir", ".", "folder whose files to serve")
	same := flag.Bool("same-headers", false, "send each page with the headers the portal sent (NAME.headers)")
	flag.Parse()
	files := map[string][]byte{}
	entries, err := os.ReadDir(*dir)
	if err != nil {
		log.Fatal(err)
	}
	// NAME.headers, if there is one (curl -D output), holds the headers the portal
	// sent with NAME.html: with -same-headers they are sent too, so that the ceiling
	// serves the same response, headers included, not only the same body.
	headers := map[string]http.Header{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(*dir, e.Name()))
		if err != nil {
			log.Fatal(err)
		}
		if name, ok := strings.CutSuffix(e.Name(), ".headers"); ok {
			headers["/"+name+".html"] = parseHeaders(b)
			continue
		}
		files["/"+e.Name()] = b
	}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if hd, ok := headers[r.URL.Path]; ok && *same {
			for k, v := range hd {
				w.Header()[k] = v
			}
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		_, _ = w.Write(b)
	})))
}
