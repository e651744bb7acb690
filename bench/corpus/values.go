package corpus

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// gen holds the random source and the running clock of a Generator. It is
// not safe for concurrent use.
type gen struct {
	r   *rand.Rand
	now time.Time
}

const (
	alnum    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b64url   = alnum + "-_"
	b64std   = alnum + "+/"
	hexLower = "0123456789abcdef"
)

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

func (g *gen) chars(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *gen) hex(n int) string { return g.chars(n, hexLower) }

func (g *gen) uuid() string {
	h := g.hex(32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string("89ab"[g.r.IntN(4)]) + h[17:20] + "-" + h[20:]
}

// tick advances the clock by up to max and returns the new time.
func (g *gen) tick(max time.Duration) time.Time {
	g.now = g.now.Add(time.Duration(g.r.Int64N(int64(max))))
	return g.now
}

// --- emails

var emailDomains = []string{
	"gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.fr", "orange.fr", "free.fr", "web.de", "gmx.de",
	"t-online.de", "gmx.at", "bluewin.ch", "hotmail.es", "telefonica.net", "libero.it", "virgilio.it",
	"ziggo.nl", "kpnmail.nl", "telenet.be", "skynet.be", "wp.pl", "onet.pl", "sapo.pt", "live.com.pt",
	"telia.com", "online.no", "gmail.dk", "icloud.com", "proton.me", "mail.example.co.uk", "acme-corp.com",
	"shop.example.com.au", "uni-heidelberg.de", "ac.uk.example.org", "example.gouv.fr", "example.com.br",
}

// email returns an address derived from p: dots, hyphens, underscores,
// plus-tags, digits, mixed case and multi-label domains all occur.
func (g *gen) email(p person) string {
	f, l := asciiFold(p.first), asciiFold(p.last)
	if f == "" {
		f = "user"
	}
	if l == "" {
		l = "x"
	}
	var local string
	switch g.r.IntN(9) {
	case 0:
		local = f + "." + l
	case 1:
		local = f[:1] + "." + l
	case 2:
		local = f + l + strconv.Itoa(g.r.IntN(100))
	case 3:
		local = f + "_" + l
	case 4:
		local = f + "-" + l
	case 5:
		local = f + "." + l + "+" + g.pick([]string{"newsletter", "shop", "work", "2026", "spam"})
	case 6:
		local = strings.ToUpper(f[:1]) + f[1:] + "." + strings.ToUpper(l[:1]) + l[1:]
	case 7:
		local = l + "." + f[:1] + strconv.Itoa(1950+g.r.IntN(60))
	default:
		local = f + "." + l
	}
	d := g.pick(emailDomains)
	if g.chance(0.05) {
		d = strings.ToUpper(d[:1]) + d[1:]
	}
	return local + "@" + d
}

// --- IP addresses

// ipv4 returns a unicast IPv4 address: mostly public, sometimes private.
func (g *gen) ipv4() string {
	switch g.r.IntN(10) {
	case 0:
		return fmt.Sprintf("10.%d.%d.%d", g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
	case 1:
		return fmt.Sprintf("192.168.%d.%d", g.r.IntN(256), 1+g.r.IntN(254))
	case 2:
		return fmt.Sprintf("172.%d.%d.%d", 16+g.r.IntN(16), g.r.IntN(256), 1+g.r.IntN(254))
	}
	for {
		a := 1 + g.r.IntN(223)
		if a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192 {
			continue
		}
		return fmt.Sprintf("%d.%d.%d.%d", a, g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
	}
}

// ipv6 returns an IPv6 address in canonical (compressed) form: global
// unicast, link-local or IPv4-mapped.
func (g *gen) ipv6() string {
	var b [16]byte
	switch g.r.IntN(10) {
	case 0:
		return "::ffff:" + g.ipv4()
	case 1:
		b[0], b[1] = 0xfe, 0x80
		for i := 8; i < 16; i++ {
			b[i] = byte(g.r.IntN(256))
		}
	default:
		prefixes := [][]byte{{0x20, 0x01, 0x0d, 0xb8}, {0x2a, 0x01, 0x0e, 0x0a}, {0x2a, 0x02, 0x81, 0x08}, {0x26, 0x00, 0x1f, 0x18}, {0x24, 0x0e, 0x03, 0x4a}}
		copy(b[:], prefixes[g.r.IntN(len(prefixes))])
		b[4], b[5] = byte(g.r.IntN(256)), byte(g.r.IntN(256))
		if g.chance(0.5) {
			// A host part with zero runs, so the address compresses.
			b[15] = byte(1 + g.r.IntN(255))
			if g.chance(0.5) {
				b[14] = byte(g.r.IntN(256))
			}
		} else {
			for i := 8; i < 16; i++ {
				b[i] = byte(g.r.IntN(256))
			}
		}
	}
	return netip.AddrFrom16(b).String()
}

func (g *gen) ip() string {
	if g.chance(0.3) {
		return g.ipv6()
	}
	return g.ipv4()
}

// --- secrets

// jwt returns a JSON Web Token shape: base64url header, payload and
// signature.
func (g *gen) jwt() string {
	return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "eyJ" + g.chars(40+g.r.IntN(60), b64url) + "." + g.chars(43, b64url)
}

// apiKey returns a provider-style API key.
func (g *gen) apiKey() string {
	switch g.r.IntN(6) {
	case 0:
		return "sk_live_" + g.chars(24, alnum)
	case 1:
		return "ghp_" + g.chars(36, alnum)
	case 2:
		return "xoxb-" + g.digits(12) + "-" + g.digits(13) + "-" + g.chars(24, alnum)
	case 3:
		return "AKIA" + g.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
	case 4:
		return "glpat-" + g.chars(20, b64url)
	}
	return g.chars(32, alnum)
}

// password returns a password a person might type.
func (g *gen) password() string {
	switch g.r.IntN(4) {
	case 0:
		return g.pick([]string{"Summer", "Winter", "Bonjour", "Passwort", "Qwerty", "Dragon", "Sunshine"}) + g.digits(2+g.r.IntN(3)) + g.pick([]string{"!", "#", "", "?"})
	case 1:
		return g.chars(12, alnum+"!#$%")
	}
	return g.chars(8+g.r.IntN(8), alnum)
}

// --- SSN

// ssn returns a US social security number in the valid ranges (area not
// 000, 666 or 9xx; group not 00; serial not 0000).
func (g *gen) ssn() string {
	area := 1 + g.r.IntN(899)
	for area == 666 {
		area = 1 + g.r.IntN(899)
	}
	return fmt.Sprintf("%03d-%02d-%04d", area, 1+g.r.IntN(99), 1+g.r.IntN(9999))
}

// --- near-misses

func (g *gen) chromeVersion() string {
	return fmt.Sprintf("Chrome/%d.0.%d.%d", 110+g.r.IntN(22), 5000+g.r.IntN(2000), 10+g.r.IntN(240))
}

func (g *gen) dottedVersion() string {
	switch g.r.IntN(4) {
	case 0:
		return "1.2.3.4.5"
	case 1:
		return fmt.Sprintf("%d.%d.%d.%d.%d", 1+g.r.IntN(9), g.r.IntN(20), g.r.IntN(20), g.r.IntN(50), g.r.IntN(300))
	case 2:
		return fmt.Sprintf("10.0.%d.%d", 19041+g.r.IntN(4000), 1000+g.r.IntN(3000))
	}
	return fmt.Sprintf("%d.%d.%d", g.r.IntN(30), g.r.IntN(40), g.r.IntN(200))
}

func (g *gen) oid() string {
	return g.pick([]string{"1.3.6.1.2.1.1.3.0", "1.3.6.1.4.1.2021.10.1.3.1", "1.3.6.1.2.1.2.2.1.10", "2.16.840.1.113730.3.1.241", "1.2.840.113549.1.1.11"}) + "." + strconv.Itoa(1+g.r.IntN(48))
}

func (g *gen) asset() string {
	return g.pick([]string{"logo@2x.png", "logo@3x.png", "icon@2x.webp", "hero-banner@2x.jpg", "avatar-placeholder@3x.png", "sprite@2x.svg"})
}

func (g *gen) npmPackage() string {
	return g.pick([]string{"lodash@4.17.21", "react@18.2.0", "react-dom@18.3.1", "express@4.18.2", "@babel/core@7.23.6", "axios@1.6.2", "vue@3.4.15", "typescript@5.3.3", "@angular/core@17.0.8", "webpack@5.89.0"})
}

func (g *gen) javaObject() string {
	return g.pick([]string{"java.lang.Object", "com.example.billing.Invoice", "org.hibernate.Session", "java.util.HashMap", "com.zaxxer.hikari.pool.HikariProxyConnection"}) + "@" + strings.TrimLeft(g.hex(8), "0")
}

func (g *gen) gitRemote() string {
	return "git@github:" + g.pick([]string{"acme/webshop", "acme/billing-service", "platform/infra", "example/mobile-app"}) + ".git"
}

func (g *gen) mac() string {
	h := g.hex(12)
	return h[0:2] + ":" + h[2:4] + ":" + h[4:6] + ":" + h[6:8] + ":" + h[8:10] + ":" + h[10:12]
}

func (g *gen) fileName() string {
	switch g.r.IntN(5) {
	case 0:
		return fmt.Sprintf("IMG_%s_%02d%02d%02d.jpg", g.now.Format("20060102"), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60))
	case 1:
		return fmt.Sprintf("invoice-%d-%s.pdf", g.now.Year(), g.digits(6))
	case 2:
		return fmt.Sprintf("export_%s.csv.gz", g.now.Format("2006-01-02"))
	case 3:
		return fmt.Sprintf("backup-%s.tar.zst", g.now.Format("20060102T150405"))
	}
	return fmt.Sprintf("report_Q%d_%d.xlsx", 1+g.r.IntN(4), g.now.Year())
}

// unixTime returns the clock as Unix seconds or milliseconds: ten or
// thirteen digits starting with "17", which no phone plan or card brand
// uses. Milliseconds that happen to pass Luhn are written as seconds.
func (g *gen) unixTime() string {
	if ms := strconv.FormatInt(g.now.UnixMilli(), 10); g.chance(0.5) && !LuhnValid(ms) {
		return ms
	}
	return strconv.FormatInt(g.now.Unix(), 10)
}

// isbn returns an ISBN-13 with hyphens and a correct check digit.
func (g *gen) isbn() string {
	group := g.pick([]string{"3", "2", "84", "88", "90", "83", "972", "91"})
	pub := g.digits(2 + g.r.IntN(3))
	title := g.digits(9 - len(group) - len(pub))
	d := "978" + group + pub + title
	sum := 0
	for i := 0; i < 12; i++ {
		v := int(d[i] - '0')
		if i%2 == 1 {
			v *= 3
		}
		sum += v
	}
	return "978-" + group + "-" + pub + "-" + title + "-" + strconv.Itoa((10-sum%10)%10)
}

// vatID returns an EU VAT identification number (country prefix and 8-11
// digits): a business id, too short for an IBAN of its country.
func (g *gen) vatID() string {
	switch g.r.IntN(4) {
	case 0:
		return "DE" + g.digits(9)
	case 1:
		return "FR" + g.digits(11)
	case 2:
		return "NL" + g.digits(9) + "B01"
	}
	return "GB" + g.digits(9)
}

// imageDigest returns a container image reference pinned by digest.
func (g *gen) imageDigest() string {
	return g.pick([]string{"nginx", "postgres", "redis", "ghcr.io/acme/api", "registry.example.com/shop/web"}) + "@sha256:" + g.hex(64)
}

// localDate returns the clock as a German or slash-separated date, or a
// bare time of day.
func (g *gen) localDate() string {
	switch g.r.IntN(3) {
	case 0:
		return g.now.Format("02.01.2006")
	case 1:
		return g.now.Format("2006/01/02")
	}
	return g.now.Format("15:04:05.000")
}

// coordinates returns a latitude and longitude pair.
func (g *gen) coordinates() string {
	return fmt.Sprintf("%.6f,%.6f", 36+g.r.Float64()*24, -9+g.r.Float64()*33)
}

// semver returns a pre-release semantic version with build metadata.
func (g *gen) semver() string {
	return fmt.Sprintf("v%d.%d.%d-rc.%d+build.%d", g.r.IntN(5), g.r.IntN(30), g.r.IntN(20), 1+g.r.IntN(5), 1+g.r.IntN(900))
}

// capitalized returns a phrase of capitalized words that are not names:
// product names, log words, months and weekdays.
func (g *gen) capitalized() string {
	return g.pick([]string{"Server Warning", "Chrome Update", "May Release", "Monday Maintenance", "Payment Service", "Order Confirmation",
		"Kubernetes Cluster", "Redis Sentinel", "PostgreSQL Primary", "Invoice Reminder", "Customer Portal", "Black Friday", "Stripe Webhook",
		"Safari Mobile", "Firefox Nightly", "Apple Pay", "Google Cloud", "Amazon S3", "Warning Threshold", "Service Unavailable",
		"Spring Boot", "Internal Server Error", "West Europe", "Too Many Requests", "Visual Studio Code", "Sunday Backup", "Easter Campaign"})
}

// pct percent-encodes s as a browser encodes a query value: unreserved
// characters stay, a space becomes %20 (or + when plus is set), everything
// else becomes %XX of its UTF-8 bytes.
func pct(s string, plus bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		case c == ' ' && plus:
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
