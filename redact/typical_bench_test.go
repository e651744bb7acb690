package redact

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// typicalAccessLog returns n combined-format lines shaped like a busy
// site's: a few hundred clients, some far more active than others; static
// assets, API calls and health checks; a dozen browsers and bots; about one
// line in ten with personal data in the request (an address in a query or
// a path, a login) and one in ten with a user. BenchmarkAccessLog's sample
// has personal data on almost every line; this is the other end.
func typicalAccessLog(n int) [][]byte {
	rng := rand.New(rand.NewPCG(7, 11))
	clients := make([]string, 300)
	for i := range clients {
		if i%5 == 4 {
			clients[i] = fmt.Sprintf("2a02:8108:%x:%x::%x", rng.IntN(0xffff), rng.IntN(0xffff), rng.IntN(0xffff))
		} else {
			first := 1 + rng.IntN(222)
			if first == 127 {
				first = 128 // loopback addresses are kept
			}
			clients[i] = fmt.Sprintf("%d.%d.%d.%d", first, rng.IntN(256), rng.IntN(256), 1+rng.IntN(254))
		}
	}
	users := make([]string, 100)
	for i := range users {
		users[i] = fmt.Sprintf("%s.%s%d@%s", []string{"jane", "tom", "ana", "lars", "marie", "piotr"}[i%6],
			[]string{"doe", "smith", "silva", "berg", "martin"}[i%5], i, []string{"example.com", "mail.example.org", "example.de"}[i%3])
	}
	static := []string{"/", "/index.html", "/static/js/main.8d1e0f4a.js", "/static/css/app.3f2a9c1b.css", "/favicon.ico",
		"/static/img/hero@2x.webp", "/robots.txt", "/healthz", "/metrics", "/api/v2/products?page=2&per_page=50",
		"/api/v2/cart", "/api/v2/orders/5689229427824593", "/blog/2026/11/20/release-notes", "/de/produkte/kaffeemaschinen?sort=price_asc",
		"/api/v1/sessions/4bc13d2a-43a6-4da2-a069-1286d33cd690", "/cdn/npm/react-dom@18.2.0/umd/react-dom.production.min.js"}
	agents := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"kube-probe/1.28", "curl/8.5.0", "Go-http-client/1.1", "python-requests/2.31.0", "okhttp/4.12.0", "-",
	}
	referers := []string{"-", "-", "https://www.google.com/", "https://shop.example.com/", "https://shop.example.com/cart",
		"https://shop.example.com/de/produkte/kaffeemaschinen", "https://www.bing.com/search?q=kaffeemaschine+test"}
	lines := make([][]byte, n)
	for i := range lines {
		c := clients[min(rng.IntN(len(clients)), rng.IntN(len(clients)))] // frequent clients first
		user := "-"
		target := static[rng.IntN(len(static))]
		switch k := rng.IntN(20); {
		case k == 0:
			target = "/newsletter/subscribe?email=" + users[rng.IntN(len(users))] + "&source=footer"
		case k == 1:
			target = "/api/v1/users?email=" + percentAt(users[rng.IntN(len(users))])
		case k == 2:
			u := users[rng.IntN(len(users))]
			user = u[:strings.IndexByte(u, '@')]
			target = "/account/settings"
		}
		method := "GET"
		if rng.IntN(8) == 0 {
			method = "POST"
		}
		lines[i] = fmt.Appendf(nil, `%s - %s [23/Nov/2026:06:%02d:%02d +0000] "%s %s HTTP/1.1" %d %d "%s" "%s"`,
			c, user, i/60%60, i%60, method, target, []int{200, 200, 200, 304, 404, 500}[rng.IntN(6)], rng.IntN(300000),
			referers[rng.IntN(len(referers))], agents[rng.IntN(len(agents))])
	}
	return lines
}

func percentAt(s string) string {
	for i := range len(s) {
		if s[i] == '@' {
			return s[:i] + "%40" + s[i+1:]
		}
	}
	return s
}

func BenchmarkAccessLogTypical(b *testing.B) {
	benchLineSet(b, typicalAccessLog(5000), (*Session).AppendText, nil)
}

// The typical log's personal data is all replaced: the benchmark measures
// scrubbing, not a pass-through.
func TestTypicalAccessLogScrubbed(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	lines := typicalAccessLog(2000)
	withPII := 0
	for _, l := range lines {
		out := string(w.AppendText(nil, l))
		host := string(l[:bytes.IndexByte(l, ' ')])
		if strings.HasPrefix(out, host+" ") {
			t.Fatalf("client address kept: %s", out)
		}
		for _, marker := range []string{"@example", "%40example", "jane.", "tom.", "ana."} {
			if strings.Contains(out, marker) {
				t.Fatalf("%q survived: %s", marker, out)
			}
			if bytes.Contains(l, []byte(marker)) {
				withPII++
				break
			}
		}
	}
	if withPII < len(lines)/20 {
		t.Fatalf("only %d of %d lines hold personal data besides the address", withPII, len(lines))
	}
}
