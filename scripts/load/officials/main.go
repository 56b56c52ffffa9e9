// Command officials plays officials reporting through the portal's own forms while a
// load test reads it: each official signs in, then repeatedly opens the report form
// (which carries a CSRF token and a new activity id) and sends a report, at a steady
// rate, until the duration is over. scripts/load/run.sh runs it during the mixed
// read/write run, so the read figures show what reporting season does to the public.
//
//	officials -base http://127.0.0.1:18080 -rate 4 -duration 15s \
//	    -official clerk@burnaby.example:PASSWORD:burnaby-ca:burnaby-ca--hwaseong-kr ...
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type official struct{ email, password, government, agreement string }

type officials []official

func (o *officials) String() string { return fmt.Sprint(len(*o)) }
func (o *officials) Set(v string) error {
	p := strings.SplitN(v, ":", 4)
	if len(p) != 4 {
		return fmt.Errorf("want EMAIL:PASSWORD:GOVERNMENT:AGREEMENT, got %q", v)
	}
	*o = append(*o, official{p[0], p[1], p[2], p[3]})
	return nil
}

var (
	csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)
	idField   = regexp.MustCompile(`name="id" value="([^"]*)"`)
)

func main() {
	base := flag.String("base", "http://127.0.0.1:18080", "portal URL")
	rate := flag.Float64("rate", 4, "reports per second, all officials together")
	duration := flag.Duration("duration", 15*time.Second, "how long to report")
	count := flag.Int("count", 0, "stop after this many reports per official (0: report for the whole duration)")
	var offs officials
	flag.Var(&offs, "official", "EMAIL:PASSWORD:GOVERNMENT:AGREEMENT (repeatable)")
	flag.Parse()
	if len(offs) == 0 {
		log.Fatal("officials: give at least one -official")
	}
	var sent, failed atomic.Int64
	var wg sync.WaitGroup
	end := time.Now().Add(*duration)
	every := time.Duration(float64(time.Second) * float64(len(offs)) / *rate)
	for i, o := range offs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := signIn(*base, o)
			if err != nil {
				log.Fatalf("officials: %s: %v", o.email, err)
			}
			tick := time.NewTicker(every)
			defer tick.Stop()
			for n := 0; time.Now().Before(end) && (*count == 0 || n < *count); n++ {
				if err := report(c, *base, o, fmt.Sprintf("Load test report %d-%d", i, n)); err != nil {
					failed.Add(1)
					log.Printf("officials: %s: %v", o.email, err)
				} else {
					sent.Add(1)
				}
				if *count == 0 || n+1 < *count {
					<-tick.C
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("reports\t%d\nfailed\t%d\nper_second\t%.2f\n", sent.Load(), failed.Load(), float64(sent.Load())/duration.Seconds())
	if failed.Load() > 0 {
		os.Exit(1)
	}
}

func client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// form GETs a form page and returns the values of the fields named by res.
func form(c *http.Client, u string, res ...*regexp.Regexp) ([]string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", u, resp.StatusCode)
	}
	var out []string
	for _, re := range res {
		m := re.FindSubmatch(body)
		if m == nil {
			return nil, fmt.Errorf("GET %s: no field %s", u, re)
		}
		out = append(out, string(m[1]))
	}
	return out, nil
}

func post(c *http.Client, u string, v url.Values) error {
	resp, err := c.PostForm(u, v)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST %s: %d", u, resp.StatusCode)
	}
	return nil
}

func signIn(base string, o official) (*http.Client, error) {
	c := client()
	v, err := form(c, base+"/login", csrfField)
	if err != nil {
		return nil, err
	}
	return c, post(c, base+"/login", url.Values{"_csrf": {v[0]}, "email": {o.email}, "password": {o.password}})
}

func report(c *http.Client, base string, o official, title string) error {
	v, err := form(c, base+"/governments/"+o.government+"/activities/new?agreement="+url.QueryEscape(o.agreement), csrfField, idField)
	if err != nil {
		return err
	}
	return post(c, base+"/governments/"+o.government+"/activities", url.Values{"_csrf": {v[0]}, "id": {v[1]},
		"agreement": {o.agreement}, "date": {time.Now().UTC().Format("2006-01-02")}, "category": {"culture_arts"},
		"from": {o.government}, "title": {title}, "reason": {"load test"}})
}
