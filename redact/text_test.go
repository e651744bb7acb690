package redact

import (
	"math/rand/v2"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// The scanner reads a run of digits or letters once and skips what no
// detector takes from its end; a cue word's credential is looked for only
// after a space and a cue's last letter. Each skip has near-misses on both
// sides: a value right next to what is skipped is still found, and what
// looks like a value but is skipped stays.
func TestScannerSkips(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		name       string
		in         string
		gone, kept []string
	}{
		// Numbers and the dotted runs after them.
		{"version then address", "Chrome/120.0.6099.109 203.0.113.5", []string{"203.0.113.5"}, []string{"Chrome/120.0.6099.109"}},
		{"count then card", "42 4111111111111111", []string{"4111111111111111"}, []string{"42 "}},
		{"number word then card", "12ab 4111 1111 1111 1111", []string{"4111 1111 1111 1111"}, []string{"12ab "}},
		{"dotted run then phone", "v 1.2.3.4.5 +49 170 1234567", []string{"170 1234567"}, []string{"1.2.3.4.5"}},
		{"address after a dot", "at 1.5.203.0.113.5", nil, []string{"1.5.203.0.113.5"}},
		{"long run kept", "order 36014476154746581234 shipped", nil, []string{"36014476154746581234"}},
		{"card inside a word is kept", "ref x4111111111111111", nil, []string{"x4111111111111111"}},
		// Dates, times and ids next to values.
		{"stamp then phone", "2026-11-23T06:25:01Z 202 555 0173", []string{"202 555 0173"}, []string{"2026-11-23T06:25:01Z"}},
		{"stamp then card", "2026-11-23T06:25:01.928Z 4111 1111 1111 1111", []string{"4111 1111 1111 1111"}, []string{"2026-11-23T06:25:01.928Z"}},
		{"stamp then area code", "2026-11-23 06:25:01 (415) 555-2671", []string{"555-2671"}, []string{"2026-11-23 06:25:01"}},
		{"stamp comma phone", "2026-11-23 06:25:01,202 555 0173", []string{"555 0173"}, nil},
		{"clf date then address", "23/Nov/2026:06:25:06 +0000 203.0.113.5", []string{"203.0.113.5"}, []string{"23/Nov/2026:06:25:06 +0000"}},
		{"bad month is a number", "2026-13-23 4111111111111111", []string{"4111111111111111"}, []string{"2026-13-23"}},
		{"time then card", "06:25:01 4111-1111-1111-1111", []string{"4111-1111-1111-1111"}, []string{"06:25:01"}},
		{"uuid then email", "613b0f41-219c-4823-aaa7-22f9dfb90f1e jane.doe@example.com", []string{"jane.doe@example.com"}, []string{"613b0f41-219c-4823-aaa7-22f9dfb90f1e"}},
		{"uuid of 7 digits", "1234567a-1234-1234-1234-123456789abc 203.0.113.5", []string{"203.0.113.5"}, []string{"1234567a-1234-1234-1234-123456789abc"}},
		{"hex id then ssn", "0af7651916cd43dd8448eb211c80319c 123-45-6789", []string{"123-45-6789"}, []string{"0af7651916cd43dd8448eb211c80319c"}},
		{"ssn shape", "ssn 123-45-6789.", []string{"123-45-6789"}, nil},
		// Product names: a capital, letters with a lower-case one, '/'
		// and a digit.
		{"product then email", "Mozilla/5.0 jane.doe@example.com", []string{"jane.doe@example.com"}, []string{"Mozilla/5.0"}},
		{"product name then card", "Card/4111111111111111", []string{"4111111111111111"}, []string{"Card/"}},
		{"capitals are no product", "CARD/4111111111111111", []string{"4111111111111111"}, nil},
		{"product then phone", "Tel/030 12345678", []string{"030 12345678"}, nil},
		{"long product name", "Abcdefghijklmnopqrstuvwxyzabcdefg/4111111111111111", []string{"4111111111111111"}, nil},
		{"iban after product", "Bank/1 DE89370400440532013000", []string{"DE89370400440532013000"}, []string{"Bank/1"}},
		{"users is no product", `C:\Users/1jdoe\x`, nil, []string{`\Users/`}},
		// Words in capitals and capitalized words, then values.
		{"level then name", "INFO Customer John Smith", []string{"John Smith"}, []string{"INFO Customer"}},
		{"access key after capitals", "ERROR AKIAIOSFODNN7EXAMPLE", []string{"AKIAIOSFODNN7EXAMPLE"}, []string{"ERROR"}},
		{"iban after capitals", "WARN DE89370400440532013000", []string{"DE89370400440532013000"}, []string{"WARN"}},
		{"bearer after capitals", "DEBUG Bearer abcdefghijklmnopqrstuvwxyz012345", []string{"abcdefghijklmnopqrstuvwxyz012345"}, []string{"DEBUG"}},
		// Credentials after a cue word.
		{"cue key", "api key AbCdEfGhIjKlMnOpQrStUv0123 ok", []string{"AbCdEfGhIjKlMnOpQrStUv0123"}, []string{"api key"}},
		{"cue key colon", "api key: AbCdEfGhIjKlMnOpQrStUv0123", []string{"AbCdEfGhIjKlMnOpQrStUv0123"}, nil},
		{"cue upper", "API KEY Zb9dEfGhIjKlMnOpQrStUv", []string{"Zb9dEfGhIjKlMnOpQrStUv"}, nil},
		{"cue password digits", "password 9f8e7d6c5b4aXyZ", []string{"9f8e7d6c5b4aXyZ"}, nil},
		{"cue secret", "client secret Q1w2E3r4T5y6U7i8", []string{"Q1w2E3r4T5y6U7i8"}, nil},
		{"cue credentials", "credentials QWERTYuiop12345678", []string{"QWERTYuiop12345678"}, nil},
		{"cue passphrase", "passphrase 0Ab1Cd2Ef3Gh4Ij5", []string{"0Ab1Cd2Ef3Gh4Ij5"}, nil},
		{"no cue word", "api kex AbCdEfGhIjKlMnOpQrStUv0123", nil, []string{"AbCdEfGhIjKlMnOpQrStUv0123"}},
		{"cue then two spaces", "api key  AbCdEfGhIjKlMnOpQrStUv0123", nil, []string{"AbCdEfGhIjKlMnOpQrStUv0123"}},
		{"cue then bracket", "api key [AbCdEfGhIjKlMnOpQrStUv0123", nil, []string{"AbCdEfGhIjKlMnOpQrStUv0123"}},
		{"cue then short word", "api key AbCdEfGh12", nil, []string{"AbCdEfGh12"}},
		{"cue then hex", "api key 0af7651916cd43dd", nil, []string{"0af7651916cd43dd"}},
	} {
		out := string(s.NewSession().AppendText(nil, []byte(tt.in)))
		for _, g := range tt.gone {
			if strings.Contains(out, g) {
				t.Errorf("%s: %q survived:\n in: %s\nout: %s", tt.name, g, tt.in, out)
			}
		}
		for _, k := range tt.kept {
			if !strings.Contains(out, k) {
				t.Errorf("%s: %q not kept:\n in: %s\nout: %s", tt.name, k, tt.in, out)
			}
		}
	}
}

// cueTail holds the last byte of every cue word of matchCuedSecret.
func TestCueTail(t *testing.T) {
	for _, c := range secretCues {
		for _, w := range []string{c, strings.ToUpper(c)} {
			if !cueTail[w[len(w)-1]] {
				t.Errorf("cueTail misses the end of %q", w)
			}
		}
	}
	if !cueTail[':'] {
		t.Error("cueTail misses ':'")
	}
}

// Every address, in any of its textual forms, is an access-log host: the
// test of the first field's length and separator keeps none out.
func TestAccessLogFieldsHosts(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	hosts := []string{"::1", "::", "::ffff:203.0.113.9", "2001:db8::7", "fe80::1", "1.2.3.4", "255.255.255.255", "abcd::", "0:0:0:0:0:0:0:1"}
	for range 20000 {
		var b [16]byte
		for k := range b {
			if r.IntN(3) > 0 {
				b[k] = byte(r.IntN(256))
			}
		}
		a := netip.AddrFrom16(b)
		hosts = append(hosts, a.String(), a.StringExpanded())
		if r.IntN(2) == 0 {
			hosts = append(hosts, netip.AddrFrom4([4]byte(b[:4])).String())
		}
	}
	for _, h := range hosts {
		line := h + ` - jdoe [23/Nov/2026:06:25:06 +0000] "GET / HTTP/1.1" 200 5`
		he, host, us, _ := accessLogFields([]byte(line))
		if us < 0 || he != len(h) || host.String() != netip.MustParseAddr(h).String() {
			t.Errorf("accessLogFields(%q): host end %d, host %v, user at %d", line, he, host, us)
		}
	}
	// Near-misses: a first field that is no address.
	for _, h := range []string{"abcde::1", "12345.1.2.3", "2026-11-23", "deadbeef", "1234", "a.b.c.d", "2001:db8::g"} {
		line := h + ` - jdoe [23/Nov/2026:06:25:06 +0000] "GET / HTTP/1.1" 200 5`
		if _, _, us, _ := accessLogFields([]byte(line)); us >= 0 {
			t.Errorf("accessLogFields(%q) took the line", line)
		}
	}
}

// mayBeTokenOrCued answers as mayBeToken and mayBeCued together, on token
// prefixes, words after spaces and random words.
func TestMayBeTokenOrCued(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	const alpha = "abcxyzABCJXZ0129_-_- :.=eyghpskxoAIzSG"
	srcs := []string{"api key AbCdEfGhIjKlMnOpQrStUv0123", "x ghp_16C7e42F292c6912E7710c838347Ae178B4a", "eyJhbGciOi",
		"pre-sk_live_abcDEF123", "a: b9Z", "key:aB9c", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_ghp_ABC1"}
	for range 100000 {
		b := make([]byte, 1+r.IntN(80))
		for k := range b {
			b[k] = alpha[r.IntN(len(alpha))]
		}
		srcs = append(srcs, string(b))
	}
	for _, s := range srcs {
		src := []byte(s)
		for i := range src {
			if got, want := mayBeTokenOrCued(src, i), mayBeToken(src, i) || mayBeCued(src, i); got != want {
				t.Fatalf("mayBeTokenOrCued(%q, %d) = %v, want %v", s, i, got, want)
			}
		}
	}
}

// Where capsMayBeName rules a word of capitals out, the name matcher
// takes nothing there: on upper-case names after cues, their near-misses
// and random words.
func TestCapsMayBeName(t *testing.T) {
	s := newTestScrubber(t, nil)
	r := rand.New(rand.NewPCG(21, 22))
	srcs := []string{"cardholder: JOHN SMITH", "cardholder: JOHN  SMITH", "customer JEAN-LUC MOREAU", "name=JÜRGEN MÜLLER",
		"cardholder WOLFGANG GROß, card", "cardholder ANJA VON BÜLOW", "Mr SMITH", "Dhr. J. de Vries", "cardholder: JOHN ÖZDEMİR",
		"cardholder: BJÖRN ANDERSSON", "cardholder: GRÉGOIRE DUPONT", "cardholder: ANDERS ÅBERG",
		"name: JOHN", "name: JOHN2", "name: JOHN_X", "customer O'BRIEN KELLY", "INFO  [x]", "name: AB CD", "name: AB"}
	const alpha = "ABJOHNSMITabc ':-_,.2ÄÖß"
	cues := []string{"cardholder: ", "customer ", "name=", "Mr ", "", "x "}
	for range 50000 {
		var b strings.Builder
		b.WriteString(cues[r.IntN(len(cues))])
		for n := 2 + r.IntN(14); n > 0; n-- {
			b.WriteByte(alpha[r.IntN(len(alpha))])
		}
		srcs = append(srcs, b.String())
	}
	for _, str := range srcs {
		src := []byte(str)
		for i := range src {
			if !isUpper(src[i]) || !boundaryBefore(src, i) {
				continue
			}
			j := i + 1
			lower := false
			for j < len(src) && isAlpha(src[j]) {
				lower = lower || isLower(src[j])
				j++
			}
			if lower || capsMayBeName(src, i, j) {
				continue
			}
			if ns, ne := s.names.match(src, i); ns >= 0 || ne >= 0 {
				t.Fatalf("capsMayBeName(%q, %d, %d) = false, but the matcher takes %q", str, i, j, src[ns:ne])
			}
		}
	}
}

// accessLogFields is accessLogShape with the host parsed: start is -1 when
// src is not an access-log line.
func accessLogFields(src []byte) (hostEnd int, host netip.Addr, start, end int) {
	he, us, ue := accessLogShape(src)
	if us < 0 {
		return 0, host, -1, -1
	}
	host, ok := accessHost(src[:he])
	if !ok {
		return 0, host, -1, -1
	}
	return he, host, us, ue
}

// An access-log host seen before is replaced from the stand-in cache: the
// line comes out as from a fresh session, the address is counted on every
// line, and a session that reports findings reports it on every line.
func TestAccessHostRemembered(t *testing.T) {
	s := newTestScrubber(t, nil)
	lines := []string{
		`81.2.69.160 - - [23/Nov/2026:06:25:06 +0000] "GET / HTTP/1.1" 200 5`,
		`2001:db8:7::1 - jdoe [23/Nov/2026:06:25:07 +0000] "GET /a HTTP/1.1" 200 5`,
		`fe80::1%eth0 alice - [23/Nov/2026:06:25:07 +0000] "GET /b HTTP/1.1" 200 5`,
		`127.0.0.1 - - [23/Nov/2026:06:25:08 +0000] "GET /healthz HTTP/1.1" 200 2`,
	}
	w := s.NewSession()
	var reported int
	for pass := range 3 {
		if pass == 2 {
			w.SetReport(func(f Finding) {
				if f.Kind == KindIP {
					reported++
				}
			})
		}
		for _, l := range lines {
			got := string(w.AppendText(nil, []byte(l)))
			want := string(s.NewSession().AppendText(nil, []byte(l)))
			if got != want {
				t.Errorf("pass %d: %q\n got %q\nwant %q", pass, l, got, want)
			}
		}
	}
	if n := w.Stats().Found[KindIP]; n != 9 {
		t.Errorf("addresses counted %d times, want 9 (three hosts, three passes)", n)
	}
	if reported != 3 {
		t.Errorf("addresses reported %d times in the reporting pass, want 3", reported)
	}
}

// The user field of an access-log line is a person wherever the line
// starts: after a syslog or container runtime prefix, after the server
// name of vhost_combined, with a host that is a name, inside the "log" of a
// container runtime's JSON line.
func TestAccessLogUserAfterPrefix(t *testing.T) {
	s := newTestScrubber(t, nil)
	const core = ` - hmueller [23/Nov/2026:06:25:02 +0000] "GET /a?email=jane.doe@example.com HTTP/1.1" 200 612 "-" "Mozilla/5.0"`
	for _, line := range []string{
		`<190>Nov 23 06:25:02 web01 nginx: 81.2.69.160` + core,
		`<190>1 2026-11-23T06:25:02.003Z web01 nginx 1234 - - 81.2.69.160` + core,
		`2026-11-23T06:25:02.123456789Z stdout F 81.2.69.160` + core,
		`www.example.com:443 81.2.69.160` + core,
		`c-73-158-64-12.hsd1.ca.comcast.net` + core,
		`nginx_1  | 2001:db8::7` + core,
		`{"log":"81.2.69.160` + strings.ReplaceAll(core, `"`, `\"`) + `\n","stream":"stdout"}`,
	} {
		out := string(s.NewSession().AppendLine(nil, []byte(line)))
		for _, v := range []string{"hmueller", "jane.doe", "81.2.69.160", "2001:db8::7"} {
			if strings.Contains(out, v) {
				t.Errorf("%q kept:\n in: %s\nout: %s", v, line, out)
			}
		}
		for _, v := range []string{"[23/Nov/2026:06:25:02 +0000]", "200 612", "Mozilla/5.0"} {
			if !strings.Contains(out, v) {
				t.Errorf("%q lost:\n in: %s\nout: %s", v, line, out)
			}
		}
	}
	// Near-misses: no request and status after the time, an ident that is
	// not "-", no time of the format.
	for _, line := range []string{
		`2026-11-23 06:25:02 ERROR worker - retry [23/Nov/2026:06:25:02 +0000] "job" failed`,
		`worker x retry [23/Nov/2026:06:25:02 +0000] "GET / HTTP/1.1" 200 5`,
		`worker - retry [2026-11-23 06:25:02] "GET / HTTP/1.1" 200 5`,
	} {
		if out := string(s.NewSession().AppendText(nil, []byte(line))); !strings.Contains(out, "retry") {
			t.Errorf("word before the time replaced:\n in: %s\nout: %s", line, out)
		}
	}
}

// The value of a number field in text goes on past a parenthesis or a
// space, a name field's over the words of the name: the whole number or
// name is replaced, what follows it is kept.
func TestNumberFieldsWhole(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		in         string
		gone, kept []string
	}{
		{`iban=DE89 3704 0044 0532 0130 00 next`, []string{"3704", "0130 00"}, []string{"iban=DE", " next"}},
		{`ssn=123 45 6789 y`, []string{"45 6789"}, []string{" y"}},
		{`phone=+49 170 1234567 z`, []string{"1234567"}, []string{"phone=+49 ", " z"}},
		{`phone=(0170) 1234567 tel=030/12345678`, []string{"1234567", "12345678"}, []string{"tel="}},
		{`mobile=0170-123 4567.`, []string{"123", "4567"}, []string{"mobile=0", "."}},
		{`GET /contact?q=(415)%20555-2671&phone=(0170)%201234567 HTTP/1.1`, []string{"555-2671", "1234567"}, []string{"q=(", "&phone=(", " HTTP/1.1"}},
		{`user=John Smith action=login`, []string{"John", "Smith"}, []string{" action=login"}},
		{`{name=María García López, phone=+1 415 555 2671}`, []string{"María", "García", "López", "555 2671"}, []string{"{name=", ", phone=+1 "}},
		{`user=jdoe Logged in`, []string{"jdoe"}, []string{" Logged in"}},
		{`phone=4155552671 203.0.113.7`, []string{"4155552671", "203.0.113.7"}, []string{"phone="}},
		{`phone=0170 1234567 203.0.113.7`, []string{"1234567", "203.0.113.7"}, []string{"phone=0"}},
		{`phone=(415)5552671 1.2.3.4`, []string{"5552671", "1.2.3.4"}, []string{"phone="}},
		{`phone=4155552671 4111111111111111`, []string{"4155552671", "4111111111111111"}, []string{"phone="}},
		{`password[new]=hunter2xyz&user[password][confirmation]=hunter2abc&pass[pass1]=secret99&phone[number]=4155552671`,
			[]string{"hunter2", "secret99", "4155552671"}, []string{"password[new]=[redacted]&user[password][confirmation]=[redacted]&pass[pass1]=[redacted]&phone[number]="}},
		// Near-misses: what follows is not a group of the number.
		{`phone=4155552671 2026-11-23T06:25:06Z level=info`, []string{"4155552671"}, []string{" 2026-11-23T06:25:06Z level=info"}},
		{`phone=4155552671 200 1234`, []string{"4155552671"}, []string{" 200 1234"}},
		{`phone=+49 170 1234567 Berlin`, []string{"1234567"}, []string{" Berlin"}},
		{`f(a=1) and g(x=(1+2)) count=3 (ok)`, nil, []string{`f(a=1) and g(x=(1+2)) count=3 (ok)`}},
	} {
		checkGoneKept(t, s, "number fields", tt.in, tt.gone, tt.kept)
	}
}

// nginx writes a quote, a backslash, control bytes and UTF-8 in log
// variables as \xHH: values between escaped quotes and names with letters
// outside ASCII are found, and the field stays escaped the same way.
func TestNginxXEscapes(t *testing.T) {
	s := newTestScrubber(t, nil)
	const pre = `81.2.69.160 - - [23/Nov/2026:06:25:02 +0000] `
	for _, tt := range []struct {
		in         string
		gone, kept []string
	}{
		{pre + `"POST /api/login HTTP/1.1" 401 52 "-" "Mozilla/5.0" "{\x22email\x22:\x22jane.doe@example.com\x22,\x22password\x22:\x22hunter2\x22,\x22card\x22:\x224111 1111 1111 1111\x22,\x22iban\x22:\x22DE89370400440532013000\x22,\x22phone\x22:\x22+49 170 1234567\x22}" 0.003`,
			[]string{"jane.doe", "hunter2", "4111 1111", "DE8937", "1234567"},
			[]string{`"{\x22email\x22:\x22`, `\x22,\x22password\x22:\x22[redacted]\x22,`, `\x22}" 0.003`}},
		{pre + `"GET /search?q=\x22Hans M\xC3\xBCller\x22 HTTP/1.1" 200 1024 "https://x.example/?n=Hans%20M%C3%BCller" "Mozilla/5.0 \x22x\x22"`,
			[]string{"Hans", `M\xC3\xBCller`, "M%C3%BCller"},
			[]string{`"GET /search?q=\x22Name-`, `\x22 HTTP/1.1" 200 1024`, `"Mozilla/5.0 \x22x\x22"`}},
		// The line of a container runtime's JSON: a newline after the field.
		{`{"log":"203.0.113.9 - - [23/Nov/2026:06:25:06 +0000] \"POST /login HTTP/1.1\" 200 1 \"-\" \"curl\" \"{\\x22card\\x22:\\x224111 1111 1111 1111\\x22}\"\n"}`,
			[]string{"4111 1111"}, []string{`\\x22card\\x22:\\x22`}},
		{`x \x22jane.doe@example.com\x22 y`, []string{"jane.doe"}, []string{`x \x22`, `.invalid\x22 y`}},
		// Near-misses: escapes with nothing personal stay byte for byte.
		{pre + `"GET /a?x=\x22caf\xC3\xA9\x22 HTTP/1.1" 200 5 "-" "curl/8.4.0" "\x5Cx \x16\x03"`,
			nil, []string{`"GET /a?x=\x22caf\xC3\xA9\x22 HTTP/1.1" 200 5 "-" "curl/8.4.0" "\x5Cx \x16\x03"`}},
	} {
		checkGoneKept(t, s, "nginx escapes", tt.in, tt.gone, tt.kept)
		out := string(s.NewSession().AppendLine(nil, []byte(tt.in)))
		if strings.Count(out, `"`) != strings.Count(tt.in, `"`) {
			t.Errorf("quotes changed:\n in: %s\nout: %s", tt.in, out)
		}
	}
}

// A query value with a stand-in keeps the encoding it was written with
// around the stand-in, and the stand-in is encoded the same way.
func TestQueryValuesKeepTheirEncoding(t *testing.T) {
	s := newTestScrubber(t, nil)
	checkGoneKept(t, s, "encoding",
		`GET /a?remember_me=jane.doe%40example.com%7C1700000000&iban=DE89+3704+0044+0532+0130+00&next=%2Fu%3Femail%3Djane.doe%40example.com&q=Hans+M%C3%BCller+%7C+x&tel=%28415%29%20555-0123 HTTP/1.1`,
		[]string{"jane.doe", "3704", "M%C3%BCller", "555-0123"},
		[]string{"remember_me=", ".invalid%7C1700000000&iban=DE", "&next=%2Fu%3Femail%3D", "&q=Name-", "+%7C+x&tel=%28", "%29%20", " HTTP/1.1"})
	out := string(s.NewSession().AppendText(nil, []byte(`GET /a?iban=DE89+3704+0044+0532+0130+00 HTTP/1.1`)))
	if strings.Count(out, "+") != 5 || strings.Contains(out, "%20") {
		t.Errorf("spaces written as + are no longer +: %s", out)
	}
	// A literal '%' before the stand-in is escaped, so it makes no escape
	// with it.
	for _, in := range []string{"q=%jane%40example.com", "q=%Ajane%40example.com"} {
		out := string(s.NewSession().AppendText(nil, []byte(in)))
		v, err := url.QueryUnescape(strings.TrimPrefix(out, "q="))
		if err != nil || !strings.HasSuffix(v, ".invalid") || strings.Contains(v, "jane") || !strings.HasPrefix(v, "%") {
			t.Errorf("%s -> %s (decoded %q, %v)", in, out, v, err)
		}
	}
}

// rawOffsets agrees with decoding one byte at a time.
func TestRawOffsets(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	parts := []string{"a", "%40", "%2", "%%", "+", "%C3%BC", "%zz", "b%4", "%41"}
	for range 5000 {
		var b strings.Builder
		for n := r.IntN(8); n > 0; n-- {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		raw := []byte(b.String())
		// Where each count of decoded bytes ends, decoding as unescape does.
		ends := []int{0}
		for i := 0; i < len(raw); {
			if raw[i] == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]) {
				i += 3
			} else {
				i++
			}
			ends = append(ends, i)
		}
		n1 := r.IntN(len(ends))
		n2 := n1 + r.IntN(len(ends)-n1)
		if r1, r2 := rawOffsets(raw, n1, n2); r1 != ends[n1] || r2 != ends[n2] {
			t.Fatalf("rawOffsets(%q, %d, %d) = %d, %d, want %d, %d", raw, n1, n2, r1, r2, ends[n1], ends[n2])
		}
	}
}

// Application-log shapes: lists after secret keys, grouped IBANs with
// bank letters, whole names under name keys, scopes and module paths
// that end with a key word, bind placeholders, timestamps under secret
// keys, IAM user ARNs.
func TestAppLogShapes(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		in         string
		gone, kept []string
	}{
		{`{'api_token': ['Zx9yW8vU7tS6rR5qQ4pP3oO2nN1mM0lL']}`, []string{"Zx9yW8vU"}, []string{`{'api_token': `}},
		{`<QueryDict: {'csrfmiddlewaretoken': ['Zx9yW8vU7tS6rR5qQ4pP3oO2nN1mM0lL'], 'x': ['1']}>`, []string{"Zx9yW8vU"}, []string{`'x': ['1']}>`}},
		{`Customer[id=42, iban=NL91 ABNA 0417 1643 00, bic=ABNANL2A]`, []string{"0417 1643"}, []string{"Customer[id=42, iban=NL", ", bic=ABNANL2A]"}},
		{`full_name=Priya Sharma status=active`, []string{"Priya", "Sharma"}, []string{" status=active"}},
		{`PaymentRequest(cardHolder=PRIYA SHARMA, cvv=123)`, []string{"PRIYA", "SHARMA"}, []string{"PaymentRequest(cardHolder=Name-", ", cvv="}},
		{`{"userIdentity":{"arn":"arn:aws:iam::123456789012:user/jane.doe","userName":"jane.doe"}}`, []string{"jane.doe"}, []string{"arn:aws:iam::123456789012:user/Name-"}},
		{`<soapenv:Body><ns2:login><username>pwilliams</username><password>hunter2</password></ns2:login></soapenv:Body>`,
			[]string{"pwilliams", "hunter2"}, []string{"<username>Name-", "</username><password>[redacted]</password></ns2:login>"}},
		{`<Cdtr><Nm>MUELLER HANS</Nm></Cdtr><customer><firstName>Zxqwv</firstName></customer>`, []string{"MUELLER", "Zxqwv"}, []string{"<Nm>Name-", "</Nm></Cdtr>"}},
		{`LOG:  statement: ALTER ROLE app PASSWORD 'S3cr3tP4ss!'; CREATE USER 'u'@'%' IDENTIFIED BY "hunter2xyz";`,
			[]string{"S3cr3tP4ss", "hunter2xyz"}, []string{`PASSWORD '[redacted]'`, `IDENTIFIED BY "[redacted]"`}},
		{`postfix/qmgr[124]: 4F2A1: from=<jane.doe@example.com>, size=1234`, []string{"jane.doe"}, []string{"from=<", ".invalid>, size=1234"}},
		// Near-misses.
		{`postfix/cleanup[123]: 4F2A1: message-id=<20260314102233.1234@mail.example.com>; Message-ID: <CAF1234abcd@mail.gmail.com>`, nil,
			[]string{`message-id=<20260314102233.1234@mail.example.com>; Message-ID: <CAF1234abcd@mail.gmail.com>`}},
		{`ALTER ROLE app PASSWORD NULL; -- PASSWORD '' is empty`, nil, []string{`ALTER ROLE app PASSWORD NULL; -- PASSWORD '' is empty`}},
		{`<a href="x">Click</a> <name>widget</name> <br/> <password/> </password>x`, nil, []string{`<a href="x">Click</a> <name>widget</name> <br/> <password/> </password>x`}},
		{`PHP Fatal error:  Uncaught TypeError: App\Models\User::setPhone(): Argument #1`, nil, []string{`User::setPhone(): Argument #1`}},
		{`DEBUG myapp::auth::password: hashing took 120ms`, nil, []string{`password: hashing took 120ms`}},
		{`2026-03-14 10:22:31 INFO user: not found`, nil, []string{`user: not found`}},
		{`UPDATE users SET password = $1 WHERE id = $2 AND token = ?`, nil, []string{`password = $1 WHERE id = $2 AND token = ?`}},
		{`{"tokenExpiry":"2026-03-14T11:22:31Z","password":"hunter2"}`, []string{"hunter2"}, []string{`"tokenExpiry":"2026-03-14T11:22:31Z"`}},
		{`arn:aws:iam::123456789012:role/admin`, nil, []string{`arn:aws:iam::123456789012:role/admin`}},
	} {
		checkGoneKept(t, s, "app log", tt.in, tt.gone, tt.kept)
	}
}

// The login after "for user" or "of user" in PAM, systemd-logind,
// PostgreSQL and MySQL messages is a person; words after them are not.
func TestLoginAfterUser(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		in         string
		gone, kept []string
	}{
		{`sshd[12345]: pam_unix(sshd:session): session opened for user jdoe(uid=1001) by (uid=0)`, []string{"jdoe"}, []string{"for user Name-", "(uid=1001) by (uid=0)"}},
		{`systemd-logind[789]: New session 42 of user jdoe.`, []string{"jdoe"}, []string{"New session 42 of user Name-", "."}},
		{`FATAL:  password authentication failed for user "pwilliams"`, []string{"pwilliams"}, []string{`for user "Name-`}},
		{`Access denied for user 'bob'@'localhost' (using password: YES)`, []string{"'bob'"}, []string{`for user 'Name-`, `'@'localhost' (using password: YES)`}},
		{`LoginService - Failed login for username 'pwilliams' from 203.0.113.80`, []string{"pwilliams", "203.0.113.80"}, []string{`for username 'Name-`}},
		// Near-misses.
		{`checking quota for user accounts in batch 4; prompt for user input`, nil, []string{`checking quota for user accounts in batch 4; prompt for user input`}},
	} {
		checkGoneKept(t, s, "login", tt.in, tt.gone, tt.kept)
	}
}
