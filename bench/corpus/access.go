package corpus

import (
	"strconv"

	"github.com/piiproxy/piiproxy/redact"
)

var (
	httpMethods   = []string{"GET", "GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"}
	httpProtocols = []string{"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"}
	httpStatuses  = []int{200, 200, 200, 200, 200, 200, 201, 204, 301, 302, 304, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503}
	remoteUsers   = []string{"admin", "deploy", "monitoring", "svc-backup"}
)

// userAgent writes a User-Agent header value; browser versions are
// near-misses.
func (g *gen) userAgent(b *builder) {
	switch g.r.IntN(9) {
	case 0, 1, 2:
		b.s("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ")
		b.k(g.chromeVersion())
		b.s(" Safari/537.36")
	case 3:
		b.s("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) ")
		b.k(g.chromeVersion())
		b.s(" Mobile Safari/537.36")
	case 4:
		b.s("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15")
	case 5:
		b.s("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0")
	case 6:
		b.s("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1")
	default:
		b.s(g.pick([]string{"curl/8.4.0", "Go-http-client/1.1", "python-requests/2.31.0", "okhttp/4.12.0", "kube-probe/1.28", "Prometheus/2.48.1", "Googlebot/2.1 (+http://www.google.com/bot.html)"}))
	}
}

// accessPath writes a request target: a clean path with near-misses, or a
// path or query string carrying personal data, or both.
func (g *gen) accessPath(b *builder) {
	switch g.r.IntN(28) {
	// Clean paths with near-misses.
	case 0:
		b.s("/static/img/")
		b.k(g.asset())
	case 1:
		b.s("/cdn/npm/")
		b.k(g.npmPackage())
		b.s("/dist/index.min.js")
	case 2:
		b.s("/api/v2/orders/")
		b.k(g.luhnInvalid())
		b.s("/status")
	case 3:
		b.s("/api/v2/invoices/")
		b.k(g.digits(20))
	case 4:
		b.s("/docs/release/")
		b.k(g.dottedVersion())
		b.s("/notes.html")
	case 5:
		b.s("/api/v1/builds/")
		b.k(g.hex(40))
	case 6:
		b.s("/api/v1/sessions/")
		b.k(g.uuid())
		b.s("/heartbeat")
	case 7:
		b.s("/snmp/walk?oid=")
		b.k(g.oid())
	case 8:
		b.s("/downloads/")
		b.k(g.fileName())
	case 9:
		b.s(g.pick([]string{"/", "/healthz", "/metrics", "/favicon.ico", "/robots.txt", "/api/v2/products?page=3&per_page=50", "/static/css/app.3f9c1b2e.css"}))
	case 26:
		b.s("/api/v1/books/")
		b.k(g.isbn())
		b.s("?vat=")
		b.k(g.vatID())
	case 27:
		b.s("/api/v1/events?since=")
		b.k(g.unixTime())
		b.s("&near=")
		b.k(g.coordinates())
	// Personal data in paths and query strings.
	case 10:
		b.s("/api/v1/users?email=")
		b.p(redact.KindEmail, pct(g.email(g.person()), false))
	case 11:
		b.s("/newsletter/subscribe?email=")
		b.p(redact.KindEmail, g.email(g.person()))
		b.s("&source=footer")
	case 12:
		b.s("/u/")
		b.p(redact.KindEmail, g.email(g.person()))
		b.s("/settings")
	case 13:
		b.s("/account/lookup?name=")
		b.p(redact.KindName, pct(g.person().full(), false))
		b.s("&country=", g.pick([]string{"FR", "DE", "ES", "IT", "NL", "BE", "PL", "PT", "SE"}))
	case 14:
		b.s("/search?q=")
		b.p(redact.KindName, pct(g.person().full(), true))
	case 15:
		b.s("/api/v1/callback?phone=")
		b.p(redact.KindPhone, pct(g.phone(), false))
	case 16:
		b.s("/contact?tel=")
		b.p(redact.KindPhone, pct(g.phone(), false))
		b.s("&name=")
		b.p(redact.KindName, pct(g.person().full(), false))
	case 17:
		b.s("/api/v1/me?access_token=")
		b.p(redact.KindSecret, g.jwt())
	case 18:
		p := g.person()
		b.s("/login?username=")
		b.p(redact.KindEmail, pct(g.email(p), false))
		b.s("&password=")
		b.p(redact.KindSecret, pct(g.password(), false))
	case 19:
		b.s("/reset-password?email=")
		b.p(redact.KindEmail, pct(g.email(g.person()), false))
		b.s("&token=")
		b.p(redact.KindSecret, g.hex(32))
	case 20:
		b.s("/api/v1/export?api_key=")
		b.p(redact.KindSecret, g.apiKey())
		b.s("&format=csv")
	case 21:
		b.s("/checkout/confirm?card=")
		b.p(redact.KindCard, pct(g.card(), false))
		b.s("&exp=12%2F28")
	case 22:
		b.s("/payouts/new?iban=")
		b.p(redact.KindIBAN, g.iban())
	case 23:
		b.s("/api/v2/orders/")
		b.k(g.luhnInvalid())
		b.s("?notify=")
		b.p(redact.KindEmail, pct(g.email(g.person()), false))
	case 24:
		b.s("/unsubscribe/")
		b.p(redact.KindEmail, pct(g.email(g.person()), false))
	default:
		b.s("/geo/lookup?ip=")
		b.p(redact.KindIP, g.ip())
	}
}

// accessLine writes an nginx "combined" or Apache "common" log line.
func (g *gen) accessLine(b *builder) {
	if g.chance(0.3) {
		b.p(redact.KindIP, g.ipv6())
	} else {
		b.p(redact.KindIP, g.ipv4())
	}
	b.s(" - ")
	switch u := g.r.IntN(100); {
	case u < 7:
		b.p(redact.KindEmail, g.email(g.person()))
	case u < 10:
		b.s(g.pick(remoteUsers))
	default:
		b.s("-")
	}
	b.s(" [")
	b.k(g.now.Format("02/Jan/2006:15:04:05 -0700"))
	b.s(`] "`, g.pick(httpMethods), " ")
	g.accessPath(b)
	b.s(" ", g.pick(httpProtocols), `" `)
	status := httpStatuses[g.r.IntN(len(httpStatuses))]
	b.s(strconv.Itoa(status), " ")
	size := 0
	if status != 204 && status != 304 {
		size = 120 + g.r.IntN(400000)
	}
	common := g.chance(0.3)
	switch {
	case size >= 10000:
		b.k(strconv.Itoa(size))
	case size == 0 && common:
		b.s("-")
	default:
		b.s(strconv.Itoa(size))
	}
	if common {
		return
	}
	b.s(` "`)
	switch g.r.IntN(8) {
	case 0, 1, 2:
		b.s("-")
	case 3:
		b.s("https://app.example.com/profile?email=")
		b.p(redact.KindEmail, pct(g.email(g.person()), false))
	case 4:
		b.s("https://shop.example.com/cart")
	case 5:
		b.s("https://www.google.com/")
	default:
		b.s("https://www.example.com/", g.pick([]string{"", "de/", "fr/", "blog/"}))
	}
	b.s(`" "`)
	g.userAgent(b)
	b.s(`"`)
}
