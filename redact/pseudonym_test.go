package redact

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

var (
	testKey  = bytes.Repeat([]byte("k"), MinKeyLen)
	otherKey = bytes.Repeat([]byte("q"), MinKeyLen)
)

func newTestPseudonymizer(t testing.TB, key []byte) *Pseudonymizer {
	t.Helper()
	p, err := NewPseudonymizer(key)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNewPseudonymizerShortKey(t *testing.T) {
	key := []byte("secret-key-material-0123456789") // 30 bytes
	_, err := NewPseudonymizer(key)
	if !errors.Is(err, ErrShortKey) {
		t.Fatalf("err = %v, want ErrShortKey", err)
	}
	if strings.Contains(err.Error(), "secret-key") {
		t.Fatal("error message contains key material")
	}
}

func TestRandomKey(t *testing.T) {
	a, err := RandomKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := RandomKey()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != MinKeyLen || bytes.Equal(a, b) {
		t.Fatalf("RandomKey gave %d bytes, equal twice: %v", len(a), bytes.Equal(a, b))
	}
	if _, err := NewPseudonymizer(a); err != nil {
		t.Fatal(err)
	}
}

var (
	emailStandIn      = regexp.MustCompile(`^[a-z2-7]{12}@[a-z2-7]{8}\.invalid$`)
	emailStandInKept  = regexp.MustCompile(`^[a-z2-7]{12}@example\.COM$`)
	emailStandInPct   = regexp.MustCompile(`^[a-z2-7]{12}%40[a-z2-7]{8}\.invalid$`)
	nameStandIn       = regexp.MustCompile(`^Name-[a-z2-7]{10}$`)
	tokenStandIn      = regexp.MustCompile(`^custom-[a-z2-7]{12}$`)
	ibanGroupedStand  = regexp.MustCompile(`^DE\d\d( \d{4}){4} \d\d$`)
	cardGroupedStand  = regexp.MustCompile(`^4\d{3}( \d{4}){3}$`)
	phoneIntlStandIn  = regexp.MustCompile(`^\+49 \(\d{3}\) \d{3}-\d{4}$`)
	phoneTrunkStandIn = regexp.MustCompile(`^0\d{2}/\d{3}\.\d{2}\.\d{2}$`)
)

func email(p *Pseudonymizer, local, sep, domain string, keep bool) string {
	return string(p.AppendEmail(nil, []byte(local), []byte(sep), []byte(domain), keep))
}

func TestAppendEmail(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	a := email(p, "Jane.Doe", "@", "Example.COM", false)
	if !emailStandIn.MatchString(a) {
		t.Fatalf("stand-in %q is not <12>@<8>.invalid", a)
	}
	// Case-folded identity: every spelling is one person.
	for _, v := range [][2]string{{"jane.doe", "example.com"}, {"JANE.DOE", "EXAMPLE.COM"}, {"jAnE.dOe", "eXample.com"}} {
		if b := email(p, v[0], "@", v[1], false); b != a {
			t.Errorf("%s@%s -> %s, want %s", v[0], v[1], b, a)
		}
	}
	// One domain, one stand-in domain.
	b := email(p, "john", "@", "example.com", false)
	if b[emailTokenLen:] != a[emailTokenLen:] {
		t.Errorf("same domain, different stand-in domains: %s vs %s", a, b)
	}
	if b[:emailTokenLen] == a[:emailTokenLen] {
		t.Errorf("different people, same local token: %s vs %s", a, b)
	}
	// Same local part on another domain is another person.
	c := email(p, "jane.doe", "@", "example.org", false)
	if c[:emailTokenLen] == a[:emailTokenLen] || c[emailTokenLen:] == a[emailTokenLen:] {
		t.Errorf("jane.doe at two domains: %s vs %s", a, c)
	}
	// Near miss: a one-character difference changes the token.
	if d := email(p, "jane.doe1", "@", "example.com", false); d == a {
		t.Error("jane.doe1 maps like jane.doe")
	}
	// keepDomain keeps the real domain as given; the local token is the same.
	k := email(p, "Jane.Doe", "@", "example.COM", true)
	if !emailStandInKept.MatchString(k) || k[:emailTokenLen] != a[:emailTokenLen] {
		t.Errorf("keepDomain stand-in %q (local token of %q)", k, a)
	}
	// Percent-encoded separator is written as given.
	pe := email(p, "jane.doe", "%40", "example.com", false)
	if !emailStandInPct.MatchString(pe) || pe[:emailTokenLen] != a[:emailTokenLen] || pe[emailTokenLen+3:] != a[emailTokenLen+1:] {
		t.Errorf("%%40 stand-in %q vs %q", pe, a)
	}
	// The remembered last domain never leaks into another domain's stand-in.
	long := strings.Repeat("sub.", 20) + "example.net"
	for _, d := range []string{"a.example", "A.EXAMPLE", "b.example", long, long, "a.example", long} {
		want := email(newTestPseudonymizer(t, testKey), "x", "@", d, false)
		if got := email(p, "x", "@", d, false); got != want {
			t.Errorf("domain %s: %s after other domains, %s fresh", d, got, want)
		}
	}
	// Another key, other stand-ins.
	if o := email(newTestPseudonymizer(t, otherKey), "jane.doe", "@", "example.com", false); o[:10] == a[:10] || o[10:] == a[10:] {
		t.Errorf("different keys give %s and %s", a, o)
	}
}

func TestAppendIP(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	q := newTestPseudonymizer(t, otherKey)
	ip := func(p *Pseudonymizer, s string, bits int) netip.Addr {
		t.Helper()
		out := p.AppendIP(nil, netip.MustParseAddr(s), bits)
		a, err := netip.ParseAddr(string(out))
		if err != nil {
			t.Fatalf("stand-in %q for %s does not parse: %v", out, s, err)
		}
		if a.String() != string(out) {
			t.Fatalf("stand-in %q is not canonical (%s)", out, a)
		}
		return a
	}
	tests := []struct {
		name string
		in   string
		bits int
	}{
		{"ipv4", "203.0.113.7", 0},
		{"ipv4 keep /16", "203.0.113.7", 16},
		{"ipv4 keep all", "203.0.113.7", 32},
		{"ipv4 keep beyond", "203.0.113.7", 64},
		{"ipv6", "2001:db8:85a3::8a2e:370:7334", 0},
		{"ipv6 keep /48", "2001:db8:85a3::8a2e:370:7334", 48},
		{"ipv4-mapped", "::ffff:203.0.113.7", 0},
		{"loopback", "127.0.0.1", 0},
		{"ipv6 unspecified", "::", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := netip.MustParseAddr(tc.in)
			a := ip(p, tc.in, tc.bits)
			if a.Is4() != in.Is4() || a.Is4In6() != in.Is4In6() || a.Is6() != in.Is6() {
				t.Fatalf("%s -> %s changed family", in, a)
			}
			if b := ip(p, tc.in, tc.bits); b != a {
				t.Fatalf("not deterministic: %s, %s", a, b)
			}
			keep := min(tc.bits, in.Unmap().BitLen())
			if got := commonPrefix(a.Unmap(), in.Unmap()); got < keep {
				t.Fatalf("%s -> %s keeps %d bits, want at least %d", in, a, got, keep)
			}
			if keep < in.Unmap().BitLen() && ip(q, tc.in, tc.bits) == a {
				t.Fatalf("different keys both give %s", a)
			}
		})
	}
	// An IPv4-mapped address maps its IPv4 part like the plain address.
	if m, v := ip(p, "::ffff:198.51.100.1", 0), ip(p, "198.51.100.1", 0); m.Unmap() != v {
		t.Errorf("::ffff:198.51.100.1 -> %s but 198.51.100.1 -> %s", m, v)
	}
	// Two addresses in one /24 (IPv4) or /48 (IPv6) stay in one.
	if a, b := ip(p, "192.0.2.10", 0), ip(p, "192.0.2.200", 0); commonPrefix(a, b) < 24 {
		t.Errorf("192.0.2.10 -> %s, 192.0.2.200 -> %s: /24 not kept", a, b)
	}
	if a, b := ip(p, "2001:db8:1::1", 0), ip(p, "2001:db8:1:ffff::2", 0); commonPrefix(a, b) != 48 {
		t.Errorf("/48 not kept exactly: %s, %s", a, b)
	}
	if out := p.AppendIP([]byte("x"), netip.Addr{}, 0); string(out) != "x" {
		t.Errorf("invalid Addr appended %q", out)
	}
}

// TestAppendIPPrefixProperty checks over random pairs that the stand-ins
// share exactly as many leading bits as the addresses.
func TestAppendIPPrefixProperty(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	rng := newTestRand(21)
	for _, v6 := range []bool{false, true} {
		for range 2000 {
			a, b := randPair(rng, v6)
			bits := 0
			if rng.IntN(4) == 0 {
				bits = rng.IntN(a.BitLen())
			}
			x := netip.MustParseAddr(string(p.AppendIP(nil, a, bits)))
			y := netip.MustParseAddr(string(p.AppendIP(nil, b, bits)))
			if got, want := commonPrefix(x, y), commonPrefix(a, b); got != want {
				t.Fatalf("%s, %s share %d bits; stand-ins %s, %s share %d", a, b, want, x, y, got)
			}
		}
	}
}

func TestAppendIBAN(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	tests := []struct {
		name string
		in   string
	}{
		{"DE compact", "DE89370400440532013000"},
		{"DE grouped", "DE89 3704 0044 0532 0130 00"},
		{"GB letters in BBAN", "GB29NWBK60161331926819"},
		{"GB grouped", "GB29 NWBK 6016 1331 9268 19"},
		{"FR letter inside", "FR1420041010050500013M02606"},
		{"MT long", "MT84MALT011000012345MTLCAST001S"},
		{"NO short", "NO9386011117947"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := p.AppendIBAN(nil, []byte(tc.in))
			if len(out) != len(tc.in) {
				t.Fatalf("%s -> %s: length changed", tc.in, out)
			}
			if string(out) == tc.in {
				t.Fatalf("%s maps to itself", tc.in)
			}
			for i := range out {
				a, b := tc.in[i], out[i]
				switch {
				case i < 2 && a != b:
					t.Fatalf("%s -> %s: country changed", tc.in, out)
				case i >= 4 && isUpper(a) && a != b:
					t.Fatalf("%s -> %s: BBAN letter changed at %d", tc.in, out, i)
				case a == ' ' && b != ' ', a != ' ' && b == ' ':
					t.Fatalf("%s -> %s: grouping changed", tc.in, out)
				case isDigit(a) != isDigit(b):
					t.Fatalf("%s -> %s: digit/letter layout changed at %d", tc.in, out, i)
				}
			}
			compact := bytes.ReplaceAll(out, []byte(" "), nil)
			if ibanMod97(compact) != 1 {
				t.Fatalf("%s -> %s fails mod 97", tc.in, out)
			}
			// Compact and grouped forms are one identity.
			grouped := p.AppendIBAN(nil, []byte(tc.in))
			if !bytes.Equal(grouped, out) {
				t.Fatal("not deterministic")
			}
			if o := newTestPseudonymizer(t, otherKey).AppendIBAN(nil, []byte(tc.in)); bytes.Equal(o, out) {
				t.Fatalf("different keys both give %s", out)
			}
		})
	}
	a := p.AppendIBAN(nil, []byte("DE89370400440532013000"))
	b := p.AppendIBAN(nil, []byte("DE89 3704 0044 0532 0130 00"))
	if !bytes.Equal(a, bytes.ReplaceAll(b, []byte(" "), nil)) {
		t.Errorf("compact %s and grouped %s differ", a, b)
	}
	if !ibanGroupedStand.Match(b) {
		t.Errorf("grouped stand-in %s lost its shape", b)
	}
	// Malformed input never comes back as itself.
	for _, bad := range []string{"DE8", "12345678901234", strings.Repeat("DE89", 20)} {
		if out := p.AppendIBAN(nil, []byte(bad)); strings.Contains(string(out), bad) || !strings.HasPrefix(string(out), "iban-") {
			t.Errorf("malformed %q -> %q", bad, out)
		}
	}
}

func TestAppendCard(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	tests := []struct {
		name   string
		in     string
		prefix int
	}{
		{"visa", "4111111111111111", 2},
		{"visa spaces", "4111 1111 1111 1111", 2},
		{"visa dashes", "4111-1111-1111-1111", 2},
		{"mastercard 51-55", "5555555555554444", 2},
		{"mastercard 2-series", "2223003122003222", 4},
		{"amex", "3782 822463 10005", 2},
		{"discover 6011", "6011111111111117", 4},
		{"discover 644", "6445644564456445", 4},
		{"diners 14", "30569309025904", 2},
		{"visa 13", "4222222222222", 2},
		{"19 digits", "6011000990139424009", 4},
	}
	for _, tc := range tests {
		for _, keep4 := range []bool{false, true} {
			name := tc.name
			if keep4 {
				name += " keepLast4"
			}
			t.Run(name, func(t *testing.T) {
				in := []byte(tc.in)
				if !luhnValid(digitsOf(in)) {
					t.Fatalf("test input %s is not Luhn-valid", in)
				}
				out := p.AppendCard(nil, in, keep4)
				if len(out) != len(in) {
					t.Fatalf("%s -> %s: length changed", in, out)
				}
				for i := range in {
					if isDigit(in[i]) != isDigit(out[i]) || !isDigit(in[i]) && in[i] != out[i] {
						t.Fatalf("%s -> %s: separators moved", in, out)
					}
				}
				di, do := digitsOf(in), digitsOf(out)
				if !luhnValid(do) {
					t.Fatalf("%s -> %s fails Luhn", in, out)
				}
				if !bytes.Equal(di[:tc.prefix], do[:tc.prefix]) {
					t.Fatalf("%s -> %s: brand prefix %s not kept", in, out, di[:tc.prefix])
				}
				if keep4 && !bytes.Equal(di[len(di)-4:], do[len(do)-4:]) {
					t.Fatalf("%s -> %s: last 4 not kept", in, out)
				}
				if bytes.Equal(di, do) {
					t.Fatalf("%s maps to itself", in)
				}
				if again := p.AppendCard(nil, in, keep4); !bytes.Equal(again, out) {
					t.Fatal("not deterministic")
				}
				if o := newTestPseudonymizer(t, otherKey).AppendCard(nil, in, keep4); bytes.Equal(o, out) {
					t.Fatalf("different keys both give %s", out)
				}
			})
		}
	}
	if out := p.AppendCard(nil, []byte("4111 1111 1111 1111"), false); !cardGroupedStand.Match(out) {
		t.Errorf("grouped stand-in %s lost its shape", out)
	}
	// Plain and grouped forms of one number are one identity.
	a := digitsOf(p.AppendCard(nil, []byte("4111111111111111"), false))
	b := digitsOf(p.AppendCard(nil, []byte("4111-1111-1111-1111"), false))
	if !bytes.Equal(a, b) {
		t.Errorf("plain %s and grouped %s differ", a, b)
	}
	// Too short to keep anything: a token, never the number.
	if out := string(p.AppendCard(nil, []byte("4242"), true)); !strings.HasPrefix(out, "card-") {
		t.Errorf("4242 -> %q", out)
	}
}

// TestAppendCardKeepLast4Injective enumerates every Luhn-valid 12-digit
// number with prefix 40 and last four 1234 (10^5 of them: the five middle
// digits are free, the adjusting digit follows) and checks that their
// stand-ins are distinct, valid and keep prefix and last four.
func TestAppendCardKeepLast4Injective(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	seen := make(map[[12]byte]bool, 100000)
	in := []byte("40xxxxxx1234")
	for v := range 100000 {
		ffDec{lo: uint64(v)}.put(in[2:7])
		luhnFix(in, 7)
		out := p.AppendCard(nil, in, true)
		if !luhnValid(out) || string(out[:2]) != "40" || string(out[8:]) != "1234" {
			t.Fatalf("%s -> %s", in, out)
		}
		k := [12]byte(out)
		if seen[k] {
			t.Fatalf("%s: stand-in %s seen before", in, out)
		}
		seen[k] = true
	}
}

func TestAppendPhone(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	tests := []struct {
		name string
		in   string
		keep int
		re   *regexp.Regexp
	}{
		{"international", "+49 (151) 234-5678", 2, phoneIntlStandIn},
		{"trunk prefix", "030/123.45.67", 1, phoneTrunkStandIn},
		{"E.164 compact", "+14155552671", 1, regexp.MustCompile(`^\+1\d{10}$`)},
		{"dots", "+33.6.12.34.56.78", 2, regexp.MustCompile(`^\+33\.\d\.\d\d\.\d\d\.\d\d\.\d\d$`)},
		{"keep too much", "+1 555 0100", 9, regexp.MustCompile(`^\+1 55\d \d{4}$`)},
		{"negative keep", "555-0100", -3, regexp.MustCompile(`^\d{3}-\d{4}$`)},
		{"short", "112", 2, regexp.MustCompile(`^\d{3}$`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := p.AppendPhone(nil, []byte(tc.in), tc.keep)
			if !tc.re.Match(out) {
				t.Fatalf("%s -> %s does not match %s", tc.in, out, tc.re)
			}
			kept := min(max(tc.keep, 0), max(len(digitsOf([]byte(tc.in)))-phoneMinReplaced, 0))
			if di, do := digitsOf([]byte(tc.in)), digitsOf(out); !bytes.Equal(di[:kept], do[:kept]) {
				t.Fatalf("%s -> %s: first %d digits not kept", tc.in, out, kept)
			}
			if again := p.AppendPhone(nil, []byte(tc.in), tc.keep); !bytes.Equal(again, out) {
				t.Fatal("not deterministic")
			}
			if o := newTestPseudonymizer(t, otherKey).AppendPhone(nil, []byte(tc.in), tc.keep); bytes.Equal(o, out) {
				t.Fatalf("different keys both give %s", out)
			}
		})
	}
	// The same national number formatted two ways is one identity.
	a := digitsOf(p.AppendPhone(nil, []byte("+49 151 2345678"), 2))
	b := digitsOf(p.AppendPhone(nil, []byte("+49-151-234-5678"), 2))
	if !bytes.Equal(a, b) {
		t.Errorf("two spellings give %s and %s", a, b)
	}
}

func TestAppendName(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	name := func(s string) string { return string(p.AppendName(nil, []byte(s))) }
	groups := [][]string{
		{"Müller", "muller", "MÜLLER", "Mu\u0308ller", "müller"},
		{"María García", "maria garcia", "MARÍA  GARCÍA", " Maria\tGarcia\n", "María\u00a0García"},
		{"Jean-Luc Picard", "jean-luc picard", "JEAN-LUC PICARD"},
		{"Øystein Ærø", "oystein aero", "ØYSTEIN ÆRØ"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"Straße", "STRASSE", "strasse", "Straẞe"},
		{"Œdipe", "oedipe"},
		{"Ὀδυσσεύς", "ὈΔΥΣΣΕΎΣ", "ὀδυσσεύσ"},
		{"Ștefan Țiriac", "stefan tiriac", "Ştefan Ţiriac"},
		{"Nguyễn Thị Ánh", "nguyen thi anh", "NGUYỄN THỊ ÁNH", "Nguye\u0302\u0303n Thi\u0323 A\u0301nh"},
		{"Trương Ngọc Ẩn", "truong ngoc an"},
		{"Lǚ Dòng", "lu dong"},
	}
	var prev []string
	for _, g := range groups {
		want := name(g[0])
		if !nameStandIn.MatchString(want) {
			t.Fatalf("%q -> %q lacks the Name-<10> shape", g[0], want)
		}
		for _, v := range g[1:] {
			if got := name(v); got != want {
				t.Errorf("%q -> %s, but %q -> %s", v, got, g[0], want)
			}
		}
		for _, o := range prev {
			if o == want {
				t.Errorf("%q shares a stand-in with another name", g[0])
			}
		}
		prev = append(prev, want)
	}
	// Near misses: these are other people.
	for _, pair := range [][2]string{{"Jan Muller", "Jan Mueller"}, {"Ann", "Anna"}, {"Li Na", "Lina"}, {"Jo\xffe", "Jo\xfee"}} {
		if name(pair[0]) == name(pair[1]) {
			t.Errorf("%q and %q share a stand-in", pair[0], pair[1])
		}
	}
	if name("Müller") == string(newTestPseudonymizer(t, otherKey).AppendName(nil, []byte("Müller"))) {
		t.Error("different keys give the same name stand-in")
	}
}

func TestAppendToken(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	a := string(p.AppendToken(nil, KindCustom, []byte("order-4711")))
	if !tokenStandIn.MatchString(a) {
		t.Fatalf("token %q", a)
	}
	if b := string(p.AppendToken(nil, KindCustom, []byte("order-4712"))); b == a {
		t.Error("near miss gives the same token")
	}
	if b := string(p.AppendToken(nil, KindSSN, []byte("order-4711"))); b[len("ssn-"):] == a[len("custom-"):] {
		t.Error("kind is not part of the token")
	}
	long := bytes.Repeat([]byte("x"), 10000)
	if b := string(p.AppendToken(nil, KindCustom, long)); !tokenStandIn.MatchString(b) {
		t.Errorf("long value token %q", b)
	}
}

// TestAppendKeepsDst checks that every Append method appends after what dst
// holds and leaves it intact.
func TestAppendKeepsDst(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	pre := []byte("prefix:")
	outs := [][]byte{
		p.AppendEmail(bytes.Clone(pre), []byte("a"), []byte("@"), []byte("b.com"), false),
		p.AppendIP(bytes.Clone(pre), netip.MustParseAddr("192.0.2.1"), 0),
		p.AppendIBAN(bytes.Clone(pre), []byte("DE89370400440532013000")),
		p.AppendCard(bytes.Clone(pre), []byte("4111111111111111"), false),
		p.AppendPhone(bytes.Clone(pre), []byte("+49 151 2345678"), 2),
		p.AppendName(bytes.Clone(pre), []byte("Jane Doe")),
		p.AppendToken(bytes.Clone(pre), KindCustom, []byte("x")),
	}
	for i, o := range outs {
		if !bytes.HasPrefix(o, pre) || len(o) == len(pre) {
			t.Errorf("method %d: %q", i, o)
		}
	}
}

// TestCloneConcurrent runs clones on several goroutines (under -race) and
// checks that they agree with the original.
func TestCloneConcurrent(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	want := standInsFor(p)
	var wg sync.WaitGroup
	for range 4 {
		c := p.Clone()
		wg.Go(func() {
			for range 50 {
				if got := standInsFor(c); got != want {
					t.Errorf("clone gives %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func standInsFor(p *Pseudonymizer) string {
	var b []byte
	b = p.AppendEmail(b, []byte("jane"), []byte("@"), []byte("example.com"), false)
	b = p.AppendIP(b, netip.MustParseAddr("2001:db8::1"), 0)
	b = p.AppendIBAN(b, []byte("DE89370400440532013000"))
	b = p.AppendCard(b, []byte("4111111111111111"), true)
	b = p.AppendPhone(b, []byte("+49 151 2345678"), 2)
	b = p.AppendName(b, []byte("Jane Doe"))
	return string(b)
}

// TestPseudonymizerZeroAllocs checks that the hot Append methods do not
// allocate into a buffer with room.
func TestPseudonymizerZeroAllocs(t *testing.T) {
	p := newTestPseudonymizer(t, testKey)
	buf := make([]byte, 0, 256)
	local, at, domain := []byte("jane.doe"), []byte("@"), []byte("Example.com")
	v4, v6 := netip.MustParseAddr("198.51.100.7"), netip.MustParseAddr("2001:db8::7")
	card, iban, phone := []byte("4111 1111 1111 1111"), []byte("DE89 3704 0044 0532 0130 00"), []byte("+49 (151) 234-5678")
	name := []byte("María García")
	cases := map[string]func(){
		"email": func() { buf = p.AppendEmail(buf[:0], local, at, domain, false) },
		"ipv4":  func() { buf = p.AppendIP(buf[:0], v4, 0) },
		"ipv6":  func() { buf = p.AppendIP(buf[:0], v6, 0) },
		"card":  func() { buf = p.AppendCard(buf[:0], card, false) },
		"iban":  func() { buf = p.AppendIBAN(buf[:0], iban) },
		"phone": func() { buf = p.AppendPhone(buf[:0], phone, 2) },
		"name":  func() { buf = p.AppendName(buf[:0], name) },
		"token": func() { buf = p.AppendToken(buf[:0], KindCustom, name) },
	}
	for n, f := range cases {
		if a := testing.AllocsPerRun(100, f); a != 0 {
			t.Errorf("%s: %v allocations per call", n, a)
		}
	}
}

func digitsOf(b []byte) []byte {
	var d []byte
	for _, c := range b {
		if isDigit(c) {
			d = append(d, c)
		}
	}
	return d
}

// Collision test: distinct values of one kind must get distinct stand-ins.
//
// Card, IBAN, phone and IP stand-ins are injective by construction (FF1 and
// Crypto-PAn are permutations, kept parts are kept, check digits are a
// function of the rest), so any collision there is a bug. An email stand-in
// is 50 bits of HMAC for the address and 40 for the domain: n addresses on
// one domain collide with probability about n^2/2^51, 1% for the 5 million
// on the most common domain below, and 4% for 10 million on one domain.

// collisionKey is a stand-in packed into three words (its compact form, up
// to 24 bytes), so that a map of 10 million of them fits in about 500 MB.
type collisionKey [3]uint64

// shard spreads keys over n workers.
func (k collisionKey) shard(n int) int {
	h := (k[0] ^ k[1]*0x9e3779b97f4a7c15 ^ k[2]*0xc2b2ae3d27d4eb4f) * 0x9e3779b97f4a7c15
	return int(h >> 32 % uint64(n))
}

func packStandIn(s []byte) collisionKey {
	var b [24]byte
	copy(b[:], s)
	return collisionKey{
		binary.BigEndian.Uint64(b[0:8]),
		binary.BigEndian.Uint64(b[8:16]),
		binary.BigEndian.Uint64(b[16:24]),
	}
}

// collisionKind generates the i-th value of a kind (distinct for distinct
// i) into in, and returns its stand-in's compact form, built in out.
type collisionKind struct {
	name string
	gen  func(p *Pseudonymizer, i int, in, out []byte) (input, compact []byte)
}

var collisionDomains = []string{
	"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "gmx.de",
	"web.de", "orange.fr", "example.com", "corp.example", "mail.ru", "qq.com",
	"proton.me", "aol.com", "t-online.de", "uni-heidelberg.de",
}

// keepIf appends the bytes of s that pass keep.
func keepIf(dst, s []byte, keep func(byte) bool) []byte {
	for _, c := range s {
		if keep(c) {
			dst = append(dst, c)
		}
	}
	return dst
}

// appendPadded appends v as exactly width decimal digits.
func appendPadded(dst []byte, v, width int) []byte {
	n := len(dst)
	dst = append(dst, make([]byte, width)...)
	ffDec{hi: uint64(v) / ffLimb, lo: uint64(v) % ffLimb}.put(dst[n:])
	return dst
}

var collisionKinds = []collisionKind{
	{"email", func(p *Pseudonymizer, i int, in, out []byte) ([]byte, []byte) {
		// Half of all addresses on one domain, the rest spread.
		domain := collisionDomains[0]
		if i%2 == 1 {
			domain = collisionDomains[1+(i/2)%(len(collisionDomains)-1)]
		}
		switch i % 3 {
		case 0:
			in = append(in, "user"...)
		case 1:
			in = append(in, "First.Last+"...)
		default:
			in = append(in, "j_doe."...)
		}
		in = strconv.AppendInt(in, int64(i), 10)
		local := len(in)
		in = append(in, '@')
		in = append(in, domain...)
		out = p.AppendEmail(out, in[:local], in[local:local+1], in[local+1:], false)
		// Drop "@" and ".invalid": 10 + 8 token characters remain.
		return in, append(out[:10:10], out[11:19]...)
	}},
	{"card", func(p *Pseudonymizer, i int, in, out []byte) ([]byte, []byte) {
		prefixes := [...]string{"4", "51", "2221", "6011", "37"}
		pre := prefixes[i%len(prefixes)]
		length := 16
		if pre == "37" {
			length = 15
		}
		in = append(in, pre...)
		in = appendPadded(in, i, length-len(pre)-1)
		in = append(in, luhnCheckDigit(in))
		out = p.AppendCard(out, in, false)
		return in, out
	}},
	{"iban", func(p *Pseudonymizer, i int, in, out []byte) ([]byte, []byte) {
		var country, bank string
		var width int
		switch i % 3 {
		case 0:
			country, bank, width = "DE", "", 18
		case 1:
			country, bank, width = "AT", "", 16
		default:
			country, bank, width = "GB", "NWBK", 14
		}
		in = append(in, country...)
		in = append(in, "00"...)
		in = append(in, bank...)
		in = appendPadded(in, i*7919+12345, width)
		ck := ibanCheckDigits(in[:2], in[4:])
		in[2], in[3] = ck[0], ck[1]
		out = p.AppendIBAN(out, in)
		return in, out
	}},
	{"phone", func(p *Pseudonymizer, i int, in, out []byte) ([]byte, []byte) {
		var keep int
		switch i % 3 {
		case 0:
			in, keep = append(in, "+49 151 "...), 2
			in = appendPadded(in, i, 8)
		case 1:
			in, keep = append(in, "+1 (415) "...), 1
			in = appendPadded(in, i, 7)
		default:
			in, keep = append(in, "030/"...), 1
			in = appendPadded(in, i, 8)
		}
		out = p.AppendPhone(out, in, keep)
		// The digits alone, written after the stand-in in the same buffer.
		return in, keepIf(out[len(out):], out, isDigit)
	}},
	{"ipv4", func(p *Pseudonymizer, i int, in, out []byte) ([]byte, []byte) {
		// Multiplying by an odd number permutes the 32-bit values.
		v := uint32(i) * 2654435761
		a := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
		in = a.AppendTo(in)
		// The canonical text (at most 15 bytes) is one-to-one with the address.
		return in, p.AppendIP(out, a, 0)
	}},
}

func TestStandInCollisions(t *testing.T) {
	n := 10_000_000
	switch {
	case raceEnabled():
		// The race detector is here for the clones working side by side,
		// which 100,000 values exercise as well as 10 million.
		n = 100_000
	case testing.Short():
		n = 1_000_000
	}
	p := newTestPseudonymizer(t, testKey)
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	for _, kind := range collisionKinds {
		t.Run(kind.name, func(t *testing.T) {
			keys := make([]collisionKey, n)
			var wg sync.WaitGroup
			for w := range workers {
				c := p.Clone()
				wg.Go(func() {
					in, out := make([]byte, 0, 64), make([]byte, 0, 64)
					for i := w; i < n; i += workers {
						_, s := kind.gen(c, i, in[:0], out[:0])
						keys[i] = packStandIn(s)
					}
				})
			}
			wg.Wait()
			// Each worker keeps the keys of its shard in its own map; equal
			// keys fall in one shard.
			dups := make([]int, workers)
			for w := range workers {
				wg.Go(func() {
					dups[w] = -1
					seen := make(map[collisionKey]struct{}, n/workers+n/16)
					for i, k := range keys {
						if k.shard(workers) != w {
							continue
						}
						before := len(seen)
						if seen[k] = struct{}{}; len(seen) == before {
							dups[w] = i
							return
						}
					}
				})
			}
			wg.Wait()
			for _, i := range dups {
				if i < 0 {
					continue
				}
				j := slices.Index(keys, keys[i])
				a, _ := kind.gen(p, j, nil, nil)
				b, _ := kind.gen(p, i, nil, nil)
				t.Fatalf("%s: %q and %q share a stand-in", kind.name, a, b)
			}
		})
	}
}

// Fuzz targets: any input, validated or not, must give a stand-in of the
// documented shape (or the generic token) without panicking.

func FuzzAppendCard(f *testing.F) {
	for _, s := range []string{"4111111111111111", "4111 1111 1111 1111", "3782-822463-10005", "4242", "", "2223003122003222", "60110009901394240090000"} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	p := newTestPseudonymizer(f, testKey)
	f.Fuzz(func(t *testing.T, raw []byte, keep4 bool) {
		out := p.AppendCard(nil, raw, keep4)
		if bytes.HasPrefix(out, []byte("card-")) && !bytes.Equal(out, raw) {
			return // too short or too long to keep a shape
		}
		if len(out) != len(raw) {
			t.Fatalf("%q -> %q: length changed", raw, out)
		}
		for i := range raw {
			if isDigit(raw[i]) != isDigit(out[i]) || !isDigit(raw[i]) && raw[i] != out[i] {
				t.Fatalf("%q -> %q: non-digits moved", raw, out)
			}
		}
		if d := digitsOf(out); len(d) > 0 && !luhnValid(d) {
			t.Fatalf("%q -> %q fails Luhn", raw, out)
		}
	})
}

func FuzzAppendIBAN(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "GB29 NWBK 6016 1331 9268 19", "de89370400440532013000", "DE8", "", "XX00" + strings.Repeat("9", 40)} {
		f.Add([]byte(s))
	}
	p := newTestPseudonymizer(f, testKey)
	f.Fuzz(func(t *testing.T, raw []byte) {
		out := p.AppendIBAN(nil, raw)
		if bytes.HasPrefix(out, []byte("iban-")) {
			return
		}
		if len(out) != len(raw) {
			t.Fatalf("%q -> %q: length changed", raw, out)
		}
		compact := keepIf(nil, out, isAlnum)
		if ibanMod97(compact) != 1 {
			t.Fatalf("%q -> %q fails mod 97", raw, out)
		}
	})
}

func FuzzAppendPhone(f *testing.F) {
	for _, s := range []string{"+49 (151) 234-5678", "030/123.45.67", "+1", "", "++--", strings.Repeat("9", 70)} {
		f.Add([]byte(s), 2)
	}
	p := newTestPseudonymizer(f, testKey)
	f.Fuzz(func(t *testing.T, raw []byte, keep int) {
		out := p.AppendPhone(nil, raw, keep)
		if bytes.HasPrefix(out, []byte("phone-")) && len(digitsOf(raw)) > len(p.dig) {
			return
		}
		if len(out) != len(raw) {
			t.Fatalf("%q -> %q: length changed", raw, out)
		}
		for i := range raw {
			if isDigit(raw[i]) != isDigit(out[i]) || !isDigit(raw[i]) && raw[i] != out[i] {
				t.Fatalf("%q -> %q: non-digits moved", raw, out)
			}
		}
	})
}

func FuzzAppendName(f *testing.F) {
	for _, s := range []string{"Müller", "María  García", "\xff\xfe", "", " ", "Ὀδυσσεύς", "a\u0301"} {
		f.Add([]byte(s))
	}
	p := newTestPseudonymizer(f, testKey)
	f.Fuzz(func(t *testing.T, raw []byte) {
		out := p.AppendName(nil, raw)
		if !nameStandIn.Match(out) {
			t.Fatalf("%q -> %q", raw, out)
		}
		// Case does not matter: upper-casing an ASCII name changes nothing.
		if up := bytes.ToUpper(raw); isASCII(raw) && !bytes.Equal(p.AppendName(nil, up), out) {
			t.Fatalf("%q and %q differ", raw, up)
		}
	})
}

func FuzzAppendEmail(f *testing.F) {
	f.Add([]byte("Jane.Doe"), []byte("Example.COM"), false)
	f.Add([]byte(""), []byte(""), true)
	f.Add([]byte("\xff"), []byte(strings.Repeat("a.", 60)), false)
	p := newTestPseudonymizer(f, testKey)
	f.Fuzz(func(t *testing.T, local, domain []byte, keep bool) {
		out := p.AppendEmail(nil, local, []byte("@"), domain, keep)
		if keep {
			if !bytes.HasSuffix(out, domain) || len(out) != emailTokenLen+1+len(domain) {
				t.Fatalf("%q@%q -> %q", local, domain, out)
			}
			return
		}
		if !emailStandIn.Match(out) {
			t.Fatalf("%q@%q -> %q", local, domain, out)
		}
		if again := p.AppendEmail(nil, bytes.ToUpper(local), []byte("@"), domain, keep); isASCII(local) && !bytes.Equal(again, out) {
			t.Fatalf("%q@%q: case changes the stand-in", local, domain)
		}
	})
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// raceEnabled reports whether the test binary was built with -race, which
// makes the large enumerations here several times slower.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, st := range bi.Settings {
		if st.Key == "-race" {
			return st.Value == "true"
		}
	}
	return false
}
