// Command gostatic serves the files of one folder from memory through net/http and
// nothing else: no router, no middleware, no logging. scripts/load/run.sh serves the
// portal's own pages with it, to show what Go's HTTP server alone costs on the
// machine, between nginx and the portal.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "address to listen on")
	dir := flag.String("dir", ".", "folder whose files to serve")
	flag.Parse()
	files := map[string][]byte{}
	entries, err := os.ReadDir(*dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(*dir, e.Name()))
		if err != nil {
			log.Fatal(err)
		}
		files["/"+e.Name()] = b
	}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(b)
	})))
}
