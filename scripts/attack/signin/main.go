// Command signin attacks a running portal's sign-in the way issue 13 found it weak
// and prints what it measured: memory and public-page latency under bursts of wrong
// sign-ins, how many guesses on one account reached the password check, whether the
// owner still signs in from their usual browser, and where hostile redirects lead.
// It sends from many loopback addresses (127.0.0.0/8 is all loopback on Linux).
// scripts/attack/run.sh starts a portal and runs it; see docs/reliability.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// usual is the owner's usual browser.
var usual *http.Client

var (
	base     = flag.String("url", "http://127.0.0.1:18090", "the portal")
	pid      = flag.Int("pid", 0, "the portal's process, for its memory")
	email    = flag.String("email", "", "an official's account")
	password = flag.String("password", "", "its password")
)

func main() {
	flag.Parse()
	if *pid == 0 || *email == "" || *password == "" {
		fmt.Fprintln(os.Stderr, "usage: signin -url URL -pid PID -email E -password P")
		os.Exit(2)
	}
	// The owner signs in once from their usual browser before any attack.
	usual = client("127.0.30.1")
	if code := signIn(usual, *email, *password, ""); code != http.StatusSeeOther {
		fmt.Printf("the owner's first sign-in: %d\n", code)
		os.Exit(1)
	}
	fmt.Println("baseline: public pages, one client, 5 s")
	baseline := publicLatency(5*time.Second, nil)
	fmt.Printf("  median %.2f ms, p90 %.2f ms, RSS %d MB\n", baseline.median, baseline.p90, rssMB("VmRSS"))

	burst("48 parallel wrong sign-ins from one address", 48, 1, 0, baseline)
	burst("32 clients sending wrong sign-ins for 15 s, one address each", 32, 32, 15*time.Second, baseline)
	oneAccount()
	owner()
	redirects()
}

type latency struct{ median, p90 float64 }

// publicLatency fetches public pages one after another for d (or until stop is
// closed) and returns the median and 90th percentile.
func publicLatency(d time.Duration, stop chan struct{}) latency {
	pages := []string{"/", "/governments/burnaby-ca", "/countries/kr", "/countries/ca/kr", "/agreements?country=kr"}
	c := client("127.0.0.250")
	var ms []float64
	end := time.Now().Add(d)
	for i := 0; ; i++ {
		if stop != nil {
			select {
			case <-stop:
				return summarise(ms)
			default:
			}
		} else if time.Now().After(end) {
			return summarise(ms)
		}
		start := time.Now()
		if r, err := c.Get(*base + pages[i%len(pages)]); err == nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			ms = append(ms, float64(time.Since(start).Microseconds())/1000)
		}
	}
}

func summarise(ms []float64) latency {
	if len(ms) == 0 {
		return latency{}
	}
	slices.Sort(ms)
	return latency{ms[len(ms)/2], ms[len(ms)*9/10]}
}

// burst sends wrong sign-ins from n clients over addrs loopback addresses, once
// each (d = 0) or for d, while one client reads public pages and RSS is sampled.
func burst(title string, n, addrs int, d time.Duration, baseline latency) {
	fmt.Println(title)
	before := rssMB("VmRSS")
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				if v := int64(rssMB("VmRSS")); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	pub := make(chan latency)
	go func() { pub <- publicLatency(0, stop) }()
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client(fmt.Sprintf("127.0.%d.%d", 10+i%addrs/250, i%addrs%250+1))
			for k := 0; ; k++ {
				code := signIn(c, fmt.Sprintf("nobody%d@attack.example", i), "wrong password "+strconv.Itoa(k), "")
				mu.Lock()
				codes[code]++
				mu.Unlock()
				if d == 0 || time.Since(start) > d {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	during := <-pub
	fmt.Printf("  %s answers %v; RSS %d → peak %d MB (+%d); public median %.2f ms (%.2f× baseline), p90 %.2f ms\n",
		time.Since(start).Round(time.Millisecond), codes, before, peak.Load(), peak.Load()-int64(before), during.median,
		during.median/baseline.median, during.p90)
}

// oneAccount sends 30 parallel guesses for the official's account, from 30 addresses.
func oneAccount() {
	fmt.Println("30 parallel guesses for one account, each from its own address")
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := signIn(client(fmt.Sprintf("127.0.20.%d", i+1)), *email, "a wrong guess "+strconv.Itoa(i), "")
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Printf("  answers %v: %d reached the password check (401)\n", codes, codes[401])
}

// owner: 50 wrong passwords for the account come from other addresses, then the
// owner signs in from their usual browser.
func owner() {
	fmt.Println("the owner after 50 more wrong passwords for their account from other addresses")
	c := usual
	codes := map[int]int{}
	for i := 0; i < 50; i++ {
		codes[signIn(client(fmt.Sprintf("127.0.31.%d", i+1)), *email, "guess "+strconv.Itoa(i), "")]++
	}
	start := time.Now()
	code := signIn(c, *email, *password, "")
	fmt.Printf("  the 50 guesses: %v; the owner's usual browser then: %d in %s; a new browser: %d\n",
		codes, code, time.Since(start).Round(time.Millisecond), signIn(client("127.0.30.2"), *email, *password, ""))
}

// redirects signs in with hostile next targets and prints where each leads.
func redirects() {
	fmt.Println("hostile redirect targets after signing in")
	c := usual
	for _, next := range []string{"/\t/evil.example", "/\\evil.example", "//evil.example", "/%2F/evil.example", "/%5Cevil.example",
		"https://evil.example/", "https:evil.example", "/\t\\evil.example", "\x00//evil.example", "/governments/burnaby-ca"} {
		var loc string
		signInTo(c, *email, *password, next, &loc)
		local := strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") && !strings.ContainsAny(loc, "\\\t\r\n")
		fmt.Printf("  next=%q → Location %q (local: %v)\n", next, loc, local)
	}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func signIn(c *http.Client, email, password, next string) int {
	return signInTo(c, email, password, next, nil)
}

// signInTo fetches the sign-in form and sends it, as a browser would.
func signInTo(c *http.Client, email, password, next string, location *string) int {
	r, err := c.Get(*base + "/login")
	if err != nil {
		return 0
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		return r.StatusCode
	}
	r, err = c.PostForm(*base+"/login", url.Values{"_csrf": {string(m[1])}, "email": {email}, "password": {password}, "next": {next}})
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	if location != nil {
		*location = r.Header.Get("Location")
	}
	return r.StatusCode
}

// client is a browser at a loopback address, with its own cookies.
func client(addr string) *http.Client {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(addr)}, Timeout: 5 * time.Second}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		Transport:     &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// rssMB reads a memory figure of the portal's process from /proc, in MB.
func rssMB(field string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", *pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb / 1024
		}
	}
	return 0
}
