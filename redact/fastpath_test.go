package redact

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Tests of the fast paths of the text scanner: dates, times and product
// names skipped whole (stamp.go), the fields of access-log lines
// (accessRest) and the memo of clean user agents (memo.go). A fast path may
// save work; it must never let a value through that the scanner finds.

// clf wraps the fields of a combined access-log line after the user field.
func clf(user, rest string) string {
	return `203.0.113.9 - ` + user + ` [23/Nov/2026:06:25:06 +0000] ` + rest
}

var fastPathCases = []struct {
	name string
	line string
	gone []string // must not be in the output
	kept []string // must be in the output as they are
	// whole must be in the output as each is scrubbed on its own: replaced
	// whole, not with a fast path's prefix left in front of it.
	whole []string
}{
	// Dates and times, and what follows them.
	{
		name: "ip after iso timestamp",
		line: `2026-11-23T06:25:01.928Z 203.0.113.7 GET /`,
		gone: []string{"203.0.113.7"},
		kept: []string{"2026-11-23T06:25:01.928Z"},
	},
	{
		name: "ip after clf timestamp",
		line: `[23/Nov/2026:06:25:06 +0000] 198.51.100.23 connected`,
		gone: []string{"198.51.100.23"},
		kept: []string{"[23/Nov/2026:06:25:06 +0000]"},
	},
	{
		name: "time zone then email",
		line: `06:25:01+01:00 jane.doe@example.com logged in`,
		gone: []string{"jane.doe@example.com"},
		kept: []string{"06:25:01+01:00"},
	},
	{
		name: "zulu then email after a comma",
		line: `2026-11-23T06:25:01Z,jane.doe@example.com`,
		gone: []string{"jane.doe@example.com"},
		kept: []string{"2026-11-23T06:25:01Z"},
	},
	{
		name: "card after a date",
		line: `2026-11-23 4111111111111111`,
		gone: []string{"4111111111111111"},
		kept: []string{"2026-11-23"},
	},
	{
		name:  "phone whose calling code looks like a zone",
		line:  `at 10:00:00 +1415 555 2671`,
		gone:  []string{"+1415 555 2671"},
		kept:  []string{"10:00:00"},
		whole: []string{"+1415 555 2671"},
	},
	{
		name:  "phone after a clf time, glued calling code",
		line:  `12/Nov/2026:10:00:00 +1234 567 8901`,
		gone:  []string{"567 8901"},
		whole: []string{"+1234 567 8901"},
	},
	{
		name:  "phone after a logback fraction in a csv row",
		line:  `2026-11-23 06:25:01,202 555 0173,jane`,
		gone:  []string{"202 555 0173"},
		whole: []string{"202 555 0173"},
	},
	{
		name: "ipv6 that starts like a time",
		line: `peer 10:20:30::1 closed`,
		gone: []string{"10:20:30::1"},
	},
	{
		name: "ipv6 with time-like groups",
		line: `peer 2001:db8:12:34:56:78:9a:bc closed`,
		gone: []string{"2001:db8:12:34:56:78:9a:bc"},
	},
	{
		name: "ipv6 whose first groups are a time",
		line: `from 12:34:56:78:9a:bc:de:f0 at 06:25:01`,
		gone: []string{"12:34:56:78:9a:bc:de:f0"},
		kept: []string{"06:25:01"},
	},
	{
		name: "token with a date after its prefix",
		line: `slack xoxb-2026-11-23-abcdefghijkl sent`,
		gone: []string{"xoxb-2026-11-23-abcdefghijkl"},
	},
	{
		name: "cued secret that starts like a date",
		line: `api key 2026-11-23-Xk9fQ2mLp8RzW4vB used`,
		gone: []string{"Xk9fQ2mLp8RzW4vB"},
	},
	{
		name: "dates and times kept",
		line: `2026/11/23 06:25:01 23:59:60 2026-11-23T06:25:01+0530 06:25:01,123 06:25:01.928 done`,
		kept: []string{"2026/11/23 06:25:01", "23:59:60", "2026-11-23T06:25:01+0530", "06:25:01,123", "06:25:01.928"},
	},

	// Product tokens.
	{
		name: "card after a product name",
		line: `GET /Card/4111111111111111 failed`,
		gone: []string{"4111111111111111"},
	},
	{
		name:  "spaced card after a product name",
		line:  `Card/4111 1111 1111 1111`,
		gone:  []string{"1111 1111 1111"},
		whole: []string{"4111 1111 1111 1111"},
	},
	{
		name:  "phone after a product name",
		line:  `Tel/030 12345678`,
		gone:  []string{"12345678"},
		whole: []string{"030 12345678"},
	},
	{
		name: "dotted phone after a product name",
		line: `Phone/202.555.0173`,
		gone: []string{"202.555.0173"},
	},
	{
		name: "dotted french phone after a product name",
		line: `Tel/06.12.34.56.78`,
		gone: []string{"06.12.34.56.78"},
	},
	{
		name: "phone after a product token",
		line: `Mozilla/5.0 +49 170 1234567`,
		gone: []string{"170 1234567"},
		kept: []string{"Mozilla/5.0"},
	},
	{
		name: "access key in capitals before a slash",
		line: `key AKIAABCDEFGHIJKLMNOP/1 used`,
		gone: []string{"AKIAABCDEFGHIJKLMNOP"},
	},
	{
		name: "access key after a version",
		line: `Chrome/120.0.6099.109.AKIAABCDEFGHIJKLMNOP`,
		gone: []string{"AKIAABCDEFGHIJKLMNOP"},
	},
	{
		name: "jwt after a version",
		line: `Edg/120.0.0.0.eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig123`,
		gone: []string{"eyJhbGciOiJIUzI1NiJ9"},
	},
	{
		name: "token word after its prefix's dash",
		line: `xoxb-Abcdefghijklmnop/1`,
		gone: []string{"Abcdefghijklmnop"},
	},
	{
		name: "product tokens kept",
		line: `Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1 Gecko/20100101 Firefox/121.0 Chrome/120.0.6099.109`,
		kept: []string{"Mozilla/5.0", "AppleWebKit/605.1.15", "Version/17.0", "Mobile/15E148", "Safari/604.1", "Gecko/20100101", "Firefox/121.0", "Chrome/120.0.6099.109"},
	},

	// Access-log lines: every field that may hold personal data is scanned.
	{
		name: "email in user agent",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "-" "Mozilla/5.0 (compatible; jane.doe@example.com)"`),
		gone: []string{"jane.doe@example.com", "203.0.113.9"},
		kept: []string{`[23/Nov/2026:06:25:06 +0000] "GET / HTTP/1.1" 200 2326 "-" "Mozilla/5.0 (compatible; `},
	},
	{
		name: "iban in user agent",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "-" "MyApp/1.0 (DE89370400440532013000)"`),
		gone: []string{"DE89370400440532013000"},
		kept: []string{"MyApp/1.0"},
	},
	{
		name: "bearer token in user agent",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "-" "curl/8.4.0 Bearer abcdefghijklmnopqrstuvwxyz012345"`),
		gone: []string{"abcdefghijklmnopqrstuvwxyz012345"},
	},
	{
		name: "referer holding an email",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "https://shop.example.com/?email=jane.doe%40example.com" "curl/8.4.0"`),
		gone: []string{"jane.doe"},
		kept: []string{"https://shop.example.com/?email="},
	},
	{
		name: "escaped quotes in the request",
		line: clf("-", `"GET /search?q=\"jane.doe@example.com\" HTTP/1.1" 200 2326 "-" "-"`),
		gone: []string{"jane.doe@example.com"},
	},
	{
		name: "escaped quotes in referer and user agent",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "https://x/\"203.0.113.5\"" "Mozilla/5.0 \"jane.doe@example.com\" x"`),
		gone: []string{"203.0.113.5", "jane.doe@example.com"},
	},
	{
		name: "escaped backslash before a closing quote",
		line: clf("-", `"GET /x\\" 200 2326 "jane.doe@example.com" "-"`),
		gone: []string{"jane.doe@example.com"},
	},
	{
		name: "unescaped quotes around a value in the request",
		line: clf("-", `"GET /login?password="hunter2" HTTP/1.1" 200 2326 "-" "-"`),
		gone: []string{"hunter2"},
	},
	{
		name: "unescaped quotes around a value in the referer",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "https://x/?password="hunter2"" "-"`),
		gone: []string{"hunter2"},
	},
	{
		name: "unescaped quotes around a value in the user agent",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "-" "MyApp/1.0 password="hunter2" x"`),
		gone: []string{"hunter2"},
	},
	{
		name: "malformed request line",
		line: clf("-", `"\x16\x03\x01 jane.doe@example.com 198.51.100.23" 400 0 "-" "-"`),
		gone: []string{"jane.doe@example.com", "198.51.100.23"},
	},
	{
		name: "request without protocol",
		line: clf("-", `"GET /users/jane.doe@example.com" 400 0 "-" "-"`),
		gone: []string{"jane.doe@example.com"},
	},
	{
		name: "nginx dash request",
		line: clf("-", `"-" 400 0 "-" "-"`),
		gone: []string{"203.0.113.9"},
		kept: []string{`"-" 400 0 "-" "-"`},
	},
	{
		name: "auth scheme where the method is",
		line: clf("-", `"BEARER abcdefghijklmnopqrstuvwxyz012345 HTTP/1.1" 400 0 "-" "-"`),
		gone: []string{"abcdefghijklmnopqrstuvwxyz012345"},
	},
	{
		name: "forwarded-for after the user agent",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "-" "Mozilla/5.0" "198.51.100.23, 203.0.113.5"`),
		gone: []string{"198.51.100.23", "203.0.113.5"},
	},
	{
		name: "unquoted fields after the user agent",
		line: clf("-", `"GET / HTTP/1.1" 200 2326 "-" "-" 0.123 upstream=198.51.100.23:8080 jane.doe@example.com`),
		gone: []string{"198.51.100.23", "jane.doe@example.com"},
		kept: []string{"0.123"},
	},
	{
		name: "ipv6 host",
		line: `2001:db8::7 - - [23/Nov/2026:06:25:06 +0000] "POST /api HTTP/2.0" 201 512`,
		gone: []string{"2001:db8::7"},
		kept: []string{`"POST /api HTTP/2.0" 201 512`},
	},
	{
		name: "user field holding an email",
		line: clf("jane.doe@example.com", `"GET / HTTP/1.1" 200 2326`),
		gone: []string{"jane.doe@example.com"},
	},
	{
		name: "user field holding a login",
		line: clf("jdoe", `"GET / HTTP/1.1" 200 2326`),
		gone: []string{" jdoe "},
	},
	{
		name: "address where the status is",
		line: clf("-", `"GET / HTTP/1.1" 203.0.113.5 - "-" "-"`),
		gone: []string{"203.0.113.5"},
	},
	{
		name: "card where the status is",
		line: clf("-", `"-" 4111111111111111 0`),
		gone: []string{"4111111111111111"},
	},
	{
		name:  "ipv6 where the status is",
		line:  clf("-", `"GET / HTTP/1.1" 2001:db8::1 512`),
		whole: []string{"2001:db8::1"},
	},
	{
		name:  "phone in the shape of status and size",
		line:  clf("-", `"-" 017 5550173 "-" "-"`),
		whole: []string{"017 5550173"},
	},
	{
		name:  "phone in the shape of status, size and a field",
		line:  clf("-", `"GET / HTTP/1.1" 201 555 0173`),
		whole: []string{"201 555 0173"},
	},
	{
		name: "combined line kept",
		line: clf("-", `"GET /index.html HTTP/1.1" 304 - "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36"`),
		kept: []string{`- - [23/Nov/2026:06:25:06 +0000] "GET /index.html HTTP/1.1" 304 - "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36"`},
	},
	{
		name: "webdav method and http/2 kept",
		line: clf("-", `"PROPFIND /dav/ HTTP/2" 207 -`),
		kept: []string{`"PROPFIND /dav/ HTTP/2" 207 -`},
	},
}

func TestFastPathNearMisses(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tc := range fastPathCases {
		t.Run(tc.name, func(t *testing.T) {
			out := string(s.NewSession().AppendText(nil, []byte(tc.line)))
			for _, g := range tc.gone {
				if strings.Contains(out, g) {
					t.Errorf("%q survived:\n in: %s\nout: %s", g, tc.line, out)
				}
			}
			for _, k := range tc.kept {
				if !strings.Contains(out, k) {
					t.Errorf("%q not kept:\n in: %s\nout: %s", k, tc.line, out)
				}
			}
			for _, v := range tc.whole {
				alone := string(s.NewSession().AppendText(nil, []byte(v)))
				if alone == v {
					t.Fatalf("%q is not found on its own", v)
				}
				if !strings.Contains(out, alone) {
					t.Errorf("%q not replaced whole by %q:\n in: %s\nout: %s", v, alone, tc.line, out)
				}
			}
		})
	}
}

// appendTextPlain scrubs src as AppendText does, but scans an access-log
// line as plain text but for its user field, without accessLine's host,
// accessRest and the memo: the reference the fast paths must agree with.
func (w *Session) appendTextPlain(dst, src []byte) []byte {
	w.stats.Records++
	start := len(dst)
	_, _, us, ue := accessLogFields(src)
	if us < 0 {
		us, ue = accessLogUser(src)
	}
	if us < 0 {
		return w.homeDirs(w.scanPart(dst, src), start)
	}
	// An access-log line holds URLs, not file paths: home directories
	// only when the scanner saw a Windows or macOS one.
	w.sawUsers = false
	dst = w.scanPart(dst, src[:us])
	dst = w.accessUser(dst, src[us:ue])
	dst = w.scanPart(dst, src[ue:])
	if !w.sawUsers {
		return dst
	}
	return w.homeDirs(dst, start)
}

// Personal values planted in the fields of generated access-log lines.
var accessPII = []string{
	"jane.doe@example.com", "jane.doe%40example.com", "203.0.113.5", "198.51.100.23",
	"2001:db8:12:34:56:78:9a:bc", "10:20:30::1", "2001:db8::1", "4111111111111111",
	"4111 1111 1111 1111", "4111-1111-1111-1111", "DE89370400440532013000",
	"DE89 3704 0044 0532 0130 00", "+49 170 1234567", "+1 202 555 0173", "+1415 555 2671",
	"0170 1234567", "030 12345678", "202 555 0173", "(030) 12345678", "06.12.34.56.78",
	"123-45-6789", "Bearer abcdefghijklmnopqrstuvwxyz012345", "AKIAIOSFODNN7EXAMPLE",
	"AKIAABCDEFGHIJKLMNOP", "John Smith", "Maria Garcia", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
	"password=hunter2", "token: abcdef123456", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig123",
	"/home/jdoe/x", "/Users/jdoe/x", "333 1234567", "201 555 0173", "012 345 6789",
	"2026-11-23 06:25:01,202 555 0173", "api key AbCdEfGhIjKlMnOpQrStUv0123",
	"jdoe:hunter2@db.example.com",
}

// accessLine generates a realistic access-log line, or a near one, with
// personal values planted in any of its fields.
func accessLine(r *rand.Rand) string {
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	fill := func(t string) string {
		for strings.Contains(t, "{}") {
			t = strings.Replace(t, "{}", pick(accessPII), 1)
		}
		return t
	}
	orPII := func(p float64, l ...string) string {
		if r.Float64() < p {
			return pick(accessPII)
		}
		return pick(l)
	}
	var b strings.Builder
	if r.IntN(5) == 0 {
		// A syslog or container runtime prefix, a vhost_combined server name,
		// a host that is a name.
		b.WriteString(pick([]string{"<190>Nov 23 06:25:02 web01 nginx: ", "2026-11-23T06:25:02.123456789Z stdout F ",
			"www.example.com:443 ", "c-73-158-64-12.hsd1.ca.comcast.net ", "nginx_1  | ", "x ", "- - [ ", "{} "}))
	}
	b.WriteString(orPII(0.1, "203.0.113.9", "192.0.2.1", "::1", "2001:db8::7", "10.0.0.1", "127.0.0.1", "fe80::1", "198.51.100.23"))
	b.WriteString(" " + orPII(0.1, "-", "-", "-", "x") + " ")
	b.WriteString(orPII(0.15, "-", "-", "-", "jdoe", "jane.doe@example.com", "John", "alice_42"))
	b.WriteString(" " + pick([]string{"[23/Nov/2026:06:25:06 +0000]", "[10/Oct/2000:13:55:36 -0700]", "[01/Jan/2026:00:00:00 +0530]",
		"[23/Nov/2026:06:25:06]", "[2026-11-23T06:25:06Z]", "[23/Xyz/2026:06:25:06 +0000]", "[23/Nov/2026:06:25:06 +1415]"}))
	b.WriteString(` "`)
	switch x := r.IntN(20); {
	case x < 15:
		b.WriteString(pick([]string{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND", "CONNECT", "PRI", "get", "G3T", "JOHN", "BEARER"}))
		b.WriteString(" " + fill(pick([]string{"/", "/index.html", "/api/v1/users/{}", "/login?email={}&x=1", "/search?q={}", "/a b/{}", `/x\"{}\"`, "/Card/{}", "/Tel/{}", "/p/{}/q", "*", `/?password="{}"`})))
		b.WriteString(pick([]string{" HTTP/1.1", " HTTP/1.0", " HTTP/2", " HTTP/2.0", " HTTP/3", " HTTP/11.1", " HTTPS/1.1", ""}))
	case x < 17:
		b.WriteString("-")
	case x < 18:
	default:
		b.WriteString(fill(pick([]string{`\x16\x03\x01\x00`, "GET", "GET /", "Mozilla/5.0 {}", "{}", `GET / HTTP/1.1\" {}`})))
	}
	b.WriteString(`" `)
	b.WriteString(orPII(0.1, "200", "304", "404", "500", "301", "499", "444", "201", "207", "017", "333", "20", "2000", "-"))
	if r.IntN(10) < 9 {
		b.WriteString(" " + orPII(0.1, "2326", "-", "0", "1234567", "5550173", "555 0173", "0170", "012345678901", "1234567890123", "12"))
	}
	if r.IntN(4) < 3 {
		b.WriteString(` "` + fill(pick([]string{"-", "https://shop.example.com/", "https://example.com/?email={}", "mailto:{}", "{}", `https://x/\"{}\"`, `http://x/\\`, `https://x/?password="{}"`})) + `"`)
		if r.IntN(10) < 9 {
			b.WriteString(` "` + fill(pick([]string{
				"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36",
				"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
				"Dalvik/2.1.0 (Linux; U; Android 11; Pixel 5 Build/RQ3A.210805.001.A1)",
				"curl/8.4.0", "Go-http-client/1.1", "Mozilla/5.0 ({})", "MyApp/1.0 (contact {})", "{}",
				`Mozilla/5.0 \"{}\" x`, "Card/{}", "Tel/{}", "-", `MyApp/1.0 secret="{}"`,
			})) + `"`)
		}
	}
	b.WriteString(fill(pick([]string{"", "", ` "{}"`, " {}", ` "-"`, " 0.123 0.120", ` "203.0.113.5, 198.51.100.23"`,
		` "{"email":"{}"}"`, ` ""{}" MÃ¼ller"`, ` " {}" 0.001`,
		` rt=0.001 uct="0.000"`, ` "{}" "{}"`, " 1234"})))
	return b.String()
}

// checkAccessLine scrubs line with the fast path (fast, whose memo may hold
// fields of earlier lines) and as plain text (ref), and fails when the
// findings per kind differ or a planted value that plain scanning replaces
// survives.
func checkAccessLine(t *testing.T, fast, ref *Session, line string) {
	t.Helper()
	checkAccessLineAt(t, fast, ref, line, true)
}

// checkAccessLineAt is checkAccessLine; with strict false the fast path
// may find more of a kind than plain text, never fewer (fuzzed lines: a
// host field "a::" is an address by position, where plain text does not
// take a short IPv6 address without a decimal digit).
func checkAccessLineAt(t *testing.T, fast, ref *Session, line string, strict bool) {
	t.Helper()
	fast.ResetStats()
	ref.ResetStats()
	got := fast.AppendText(nil, []byte(line))
	want := ref.appendTextPlain(nil, []byte(line))
	fs, rs := fast.Stats(), ref.Stats()
	differ := fs.Found != rs.Found
	if !strict {
		differ = false
		for k := range fs.Found {
			differ = differ || fs.Found[k] < rs.Found[k]
		}
	}
	if differ {
		t.Errorf("findings differ:\n  in: %q\nfast: %v %q\n ref: %v %q", line, fs.Found, got, rs.Found, want)
		return
	}
	for _, v := range accessPII {
		if strings.Contains(line, v) && !bytes.Contains(want, []byte(v)) && bytes.Contains(got, []byte(v)) {
			t.Errorf("%q survived the fast path:\n  in: %q\nfast: %q\n ref: %q", v, line, got, want)
		}
	}
}

func TestAccessLogDifferential(t *testing.T) {
	s := newTestScrubber(t, nil)
	fast, ref := s.NewSession(), s.NewSession()
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		checkAccessLine(t, fast, ref, accessLine(r))
		if t.Failed() {
			break
		}
	}
}

func FuzzAccessLogDifferential(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 64 {
		f.Add(accessLine(r))
	}
	for _, tc := range fastPathCases {
		f.Add(tc.line)
	}
	s := newTestScrubber(f, nil)
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, "-----BEGIN") || containsFold(line, "authoriz") || containsFold(line, "cookie") || containsFold(line, "authenticate") {
			// A private key or a header whose value runs to the end of the
			// line: plain text replaces the fields after it as well, the
			// field-wise scan only the field, as it should.
			return
		}
		fast, ref := s.NewSession(), s.NewSession()
		checkAccessLineAt(t, fast, ref, line, false)
		// Again, now that a clean user agent is in the memo.
		checkAccessLineAt(t, fast, ref, line, false)
	})
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), sub)
}

// The memo of clean user agents.

func TestMemoOneByteOff(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	clean := clf("-", `"GET / HTTP/1.1" 200 2326 "-" "Mozilla/5.0 (compatible; contact jane.doe#example.com)"`)
	dirty := strings.Replace(clean, "#", "@", 1)
	for range 2 {
		if out := w.AppendText(nil, []byte(clean)); !bytes.Contains(out, []byte("jane.doe#example.com")) {
			t.Fatalf("clean user agent changed: %s", out)
		}
	}
	ua := []byte("Mozilla/5.0 (compatible; contact jane.doe#example.com)")
	if !w.memo.has(w.memo.hash(ua), ua) {
		t.Fatal("clean user agent not remembered")
	}
	w.ResetStats()
	out := w.AppendText(nil, []byte(dirty))
	if bytes.Contains(out, []byte("jane.doe@example.com")) || w.Stats().Found[KindEmail] != 1 {
		t.Fatalf("email in a user agent one byte off a remembered one survived: %s", out)
	}
}

func TestMemoHitStillCountsOtherFields(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36"
	w.AppendText(nil, []byte(clf("-", `"GET / HTTP/1.1" 200 2326 "-" "`+ua+`"`)))
	if !w.memo.has(w.memo.hash([]byte(ua)), []byte(ua)) {
		t.Fatal("clean user agent not remembered")
	}
	w.ResetStats()
	line := clf("jdoe", `"GET /u/jane.doe@example.com HTTP/1.1" 200 2326 "https://x/?card=4111111111111111" "`+ua+`" "198.51.100.23"`)
	out := w.AppendText(nil, []byte(line))
	want := [NumKinds]uint64{KindEmail: 1, KindIP: 2, KindCard: 1, KindName: 1}
	if got := w.Stats().Found; got != want {
		t.Errorf("findings %v, want %v\nout: %s", got, want, out)
	}
	if !bytes.Contains(out, []byte(`"`+ua+`"`)) {
		t.Errorf("user agent changed: %s", out)
	}
}

// TestMemoEviction fills the ring past its size with distinct clean user
// agents: entries whose bytes were overwritten must not be found, and every
// user agent, remembered or not, is scrubbed as it would be without a memo.
func TestMemoEviction(t *testing.T) {
	s := newTestScrubber(t, nil)
	w, ref := s.NewSession(), s.NewSession()
	var uas []string
	for i := 0; len(uas)*100 < 3*memoRing; i++ {
		uas = append(uas, fmt.Sprintf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.%d.%d", i, i*7))
	}
	for _, ua := range uas {
		line := clf("-", `"GET / HTTP/1.1" 200 2326 "-" "`+ua+`"`)
		checkAccessLine(t, w, ref, line)
		if out := w.AppendText(nil, []byte(line)); !bytes.Contains(out, []byte(`"`+ua+`"`)) {
			t.Fatalf("user agent not clean: %s", out)
		}
	}
	if w.memo.w <= memoRing {
		t.Fatalf("ring not filled: %d bytes written", w.memo.w)
	}
	// Every user agent was added once, in order: one followed by more than
	// the ring's size in bytes has been overwritten.
	hits, after := 0, 0
	for i := len(uas) - 1; i >= 0; i-- {
		b := []byte(uas[i])
		after += len(b)
		if w.memo.has(w.memo.hash(b), b) {
			hits++
			if after > memoRing {
				t.Fatalf("entry %q matched %d bytes after it was written", b, after)
			}
		}
	}
	if hits == 0 || hits == len(uas) {
		t.Errorf("%d of %d user agents remembered; want the recent ones only", hits, len(uas))
	}
	for _, ua := range uas {
		// Planted a few bytes apart, at every age.
		dirty := strings.Replace(ua, "Gecko)", "j@x.io)", 1)
		checkAccessLine(t, w, ref, clf("-", `"GET / HTTP/1.1" 200 2326 "-" "`+dirty+`"`))
		checkAccessLine(t, w, ref, clf("-", `"GET / HTTP/1.1" 200 2326 "-" "`+ua+`"`))
	}

	// An entry whose ring bytes were overwritten by another must not match
	// a field equal to the new bytes, even under the old entry's hash.
	var m cleanMemo
	m.init()
	a := bytes.Repeat([]byte("a"), 100)
	m.add(1, a)
	dirty := []byte(strings.Repeat("x", 80) + "jane@example.com1234")
	for i := uint64(2); m.w <= memoRing; i++ {
		if m.w%memoRing+100 > memoRing {
			m.add(i, dirty) // wraps to offset 0, over a
			continue
		}
		m.add(i, bytes.Repeat([]byte{'b'}, 100))
	}
	if !bytes.Equal(m.ring[:100], dirty) {
		t.Fatal("test setup: the ring's start was not overwritten")
	}
	if m.has(1, dirty) {
		t.Error("an overwritten entry matched the bytes that replaced it")
	}
	if m.has(1, a) {
		t.Error("an overwritten entry matched its old bytes")
	}
}

// Fuzzing the skipped dates, times and product tokens: a value planted
// before or after stamp-like text, at a token boundary, never survives.

var plantedValues = []string{"jane.doe@example.com", "203.0.113.5", "4111111111111111", "198.51.100.23",
	"DE89370400440532013000", "4111 1111 1111 1111", "+1415 555 2671", "202 555 0173"}

func FuzzStampPlanted(f *testing.F) {
	for _, p := range []string{
		"2026-11-23", "2026/11/23", "2026-11-23T06:25:01.928Z", "2026-11-23 06:25:01,123",
		"23/Nov/2026:06:25:06 +0000", "[23/Nov/2026:06:25:06 +0000]", "06:25:01", "06:25:01.928",
		"06:25:01+01:00", "06:25:01 +0100", "10:20:30::", "12:34:56:78", "Mozilla/5.0", "Chrome/120.0.6099.109",
		"Card/", "Tel/030", "Host/203.0.113.5:443", "Mobile/15E148", "Foo/1.2.3-rc1", "x 06:25:01,", "Build/",
	} {
		f.Add(p, "", uint8(0), uint8(0), uint8(0))
		f.Add("", p, uint8(1), uint8(2), uint8(1))
		f.Add(p, p, uint8(3), uint8(4), uint8(2))
	}
	// Past bugs: a phone's first group taken for a zone or a fraction, a
	// spaced card's first group for a version.
	f.Add("at 10:00:00", "", uint8(0), uint8(0), uint8(6))
	f.Add("2026-11-23 06:25:01", "", uint8(14), uint8(1), uint8(7))
	f.Add("GET", "", uint8(10), uint8(0), uint8(5))
	s := newTestScrubber(f, nil)
	seps := []string{" ", "/", ", ", "(", "[", `"`, "; ", "=", " (", "\t", "/Card/", " +0000 ", "Z ", ".928 ", ","}
	ends := []string{" ", ", ", ")", "]", `"`, "; ", " 06:25:01", " 2026-11-23", " Mozilla/5.0", " [23/Nov/2026:06:25:06 +0000]"}
	f.Fuzz(func(t *testing.T, before, after string, sep, end, val uint8) {
		v := plantedValues[int(val)%len(plantedValues)]
		sp := seps[int(sep)%len(seps)]
		if strings.HasSuffix(sp, "/") && strings.Count(v, ".") == 3 {
			// Chrome/120.0.0.0: a dotted quad after "Word/" is a version
			// to the IPv4 detector, with or without the fast paths.
			return
		}
		line := before + sp + v + ends[int(end)%len(ends)] + after
		if strings.Count(line, v) != 1 || nextToDigits(line, v) {
			return
		}
		if _, _, us, ue := accessLogFields([]byte(line)); us >= 0 && strings.Contains(line[us:ue], v) {
			// An access log's user field is a name by position, and all
			// digits there is an id (field).
			return
		}
		if inEncodedValue(line, strings.Index(line, v)) {
			// key=%2F4111…, key=+49…: a form-encoded value is decoded
			// ('+' is a space) and scanned apart from the rest of the line.
			return
		}
		out := s.NewSession().AppendText(nil, []byte(line))
		if bytes.Contains(out, []byte(v)) {
			t.Fatalf("planted %q survived:\n in: %q\nout: %q", v, line, out)
		}
	})
}

// nextToDigits reports whether the value v in line is one separator away
// from more digits ("0 4111 1111 1111 1111", "0/4111111111111111"): the
// detectors then take it for part of a longer number, a path or a fraction,
// with or without the fast paths.
func nextToDigits(line, v string) bool {
	i := strings.Index(line, v)
	j := i + len(v)
	isSep := func(c byte) bool { return c == ' ' || c == '-' || c == '.' || c == '/' }
	return isDigit(v[0]) && i >= 2 && isSep(line[i-1]) && isDigit(line[i-2]) ||
		j+1 < len(line) && isSep(line[j]) && isDigit(line[j+1])
}

// inEncodedValue reports whether line[i] is inside the value of a
// key=value pair as encodedValueAfter delimits it, and that value is
// percent- or form-encoded.
func inEncodedValue(line string, i int) bool {
	isDelim := func(c byte) bool { return strings.IndexByte("&;, \t\n\r\"'<>)]}=\\", c) >= 0 }
	eq := i - 1
	for eq >= 0 && !isDelim(line[eq]) {
		eq--
	}
	if eq < 0 || line[eq] != '=' {
		return false
	}
	e := eq + 1
	for e < len(line) && !isDelim(line[e]) {
		e++
	}
	return strings.ContainsAny(line[eq+1:e], "%+")
}
