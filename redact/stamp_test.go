package redact

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

func TestHexIDEnd(t *testing.T) {
	tests := []struct {
		in   string
		want int // bytes skipped from the start; 0 for none
	}{
		{"613b0f41-219c-4823-aaa7-22f9dfb90f1e done", 36},
		{"613b0f41-219c-4823-aaa7-22f9dfb90f1e", 36},
		{"0af7651916cd43dd8448eb211c80319c span", 32},
		{"4bf92f3577b34da6a3ce929d0e0e4736", 32},
		{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,", 64},
		// Near-misses: not ids.
		{"4111111111111111 card", 0},               // digits only: a card
		{"613b0f41-219c-4823-aaa7-22f9dfb90f1", 0}, // one short
		{"613b0f41-219c-4823-aaa7-22f9dfb90f1ex", 0},
		{"0af7651916cd43dd8448eb211c80319cg", 0}, // a token, not hex
		{"0af7651916cd43d", 0},                   // too short
		{"20261123102233 x", 0},
	}
	for _, tt := range tests {
		if got := hexIDEnd([]byte(tt.in), 0); got != tt.want {
			t.Errorf("hexIDEnd(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// Ids are skipped without hiding what follows or what a token detector
// needs.
func TestHexIDsInText(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		in   string
		gone []string
		kept []string
	}{
		{"job 613b0f41-219c-4823-aaa7-22f9dfb90f1e for jane.doe@example.com from 203.0.113.7",
			[]string{"jane.doe@example.com", "203.0.113.7"}, []string{"613b0f41-219c-4823-aaa7-22f9dfb90f1e"}},
		{"trace=0af7651916cd43dd8448eb211c80319c card 4111 1111 1111 1111",
			[]string{"4111 1111 1111 1111"}, []string{"0af7651916cd43dd8448eb211c80319c"}},
		{"token ghp_16C7e42F292c6912E7710c838347Ae178B4a used", []string{"16C7e42F292c6912E7710c838347Ae178B4a"}, nil},
		{"iban DE05081457935191121901 ok", []string{"DE05081457935191121901"}, nil},
	} {
		checkGoneKept(t, s, "ids", tt.in, tt.gone, tt.kept)
	}
}

// Values at the edges of the access-log and key=value paths.
func TestAccessAndFieldEdges(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		in         string
		gone, kept []string
	}{
		// A login that is a phone number is found; a numeric id is kept.
		{`203.0.113.9 - 07700900123 [23/Nov/2026:06:25:06 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.5.0"`,
			[]string{"07700900123"}, []string{`"GET / HTTP/1.1" 200 5`}},
		{`203.0.113.9 - 48213 [23/Nov/2026:06:25:06 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.5.0"`,
			nil, []string{" 48213 ["}},
		// A macOS home directory in a user agent of an access line.
		{`203.0.113.9 - - [23/Nov/2026:06:25:06 +0000] "GET / HTTP/1.1" 200 5 "-" "tool/1.0 (/Users/jdoe/bin)"`,
			[]string{"jdoe"}, []string{"/Users/"}},
		// A phone number after a key in text, with its '+'.
		{`callback ref=+49 170 1234567 queued`, []string{"170 1234567"}, []string{"ref=+49"}},
		{`GET /cb?ref=%2B4917012345&x=1`, []string{"4917012345"}, []string{"ref="}},
	} {
		checkGoneKept(t, s, "edges", tt.in, tt.gone, tt.kept)
	}
}

// stampOrHexEndRef is what the scanner did before stampOrHexEnd read the
// digit run first: every date and time shape tried, then the hex id when
// one of its first bytes allowed it.
func stampOrHexEndRef(src []byte, i int) int {
	e := stampEnd(src, i)
	if e == i && i+16 <= len(src) && (src[i+8] == '-' || hexLetter(src[i+1]) || hexLetter(src[i+2]) || hexLetter(src[i+3])) {
		e = hexIDEnd(src, i)
	}
	return e
}

// randomStampText returns n bytes drawn mostly from the bytes of dates,
// times, zones and hex ids, so that most shapes are near-misses.
func randomStampText(r *rand.Rand, n int) []byte {
	const alpha = "0123456789012345678901234567890123456789-/:.,T Z+abfgAFGNovJan"
	b := make([]byte, n)
	for k := range b {
		b[k] = alpha[r.IntN(len(alpha))]
	}
	return b
}

// The length of the digit run and the byte after it rule out no stamp or
// id that the shapes would take: stampOrHexEnd agrees with trying them all,
// on real stamps, their near-misses and random text.
func TestStampOrHexEndAgrees(t *testing.T) {
	check := func(src []byte, i int) {
		t.Helper()
		if i > 0 && (src[i-1] == '_' || src[i-1] == '-' || isAlnum(src[i-1])) || !isDigit(src[i]) {
			return
		}
		j := i + 1
		for j < len(src) && j-i < 20 && isDigit(src[j]) {
			j++
		}
		if got, want := stampOrHexEnd(src, i, j), stampOrHexEndRef(src, i); got != want {
			t.Errorf("stampOrHexEnd(%q, %d) = %d, want %d", src, i, got, want)
		}
	}
	for _, s := range []string{
		"2026-11-23", "2026/11/23", "2026-11-23T06:25:01.928Z", "2026-11-23 06:25:01,123", "2026-11-23T06:25:01+01:00",
		"23/Nov/2026:06:25:06 +0000", "06:25:01", "06:25:01.928", "06:25:01 +0100",
		"613b0f41-219c-4823-aaa7-22f9dfb90f1e", "0af7651916cd43dd8448eb211c80319c", "1234567a90123456789",
		"1234567890123456abc", "12345678-1234-1234-1234-123456789abc", "1234a678-1234",
		"1a345678-1234-1234-1234-123456789abc", "1234a678-1234-1234-1234-123456789abc", "1234567a-1234-1234-1234-123456789abc",
		"1234567a90123456", "1234567890123456", "12345678901234567a", "123456789012345a",
		// Near-misses: one byte off a shape.
		"2026-13-23", "2026-11-32", "20261-11-23", "202-11-23", "2026-11/23", "2026-11-23T24:00:00", "2026-11-23T06:60:01",
		"2026-11-23X06:25:01", "2026-11-23T06:25", "23/Nov/2026", "23/Nox/2026:06:25:06", "6:25:01", "06:25:1", "06:25:01:07",
		"06:25:01,202 555 0173", "2026-11-23 06:25:01.5.6", "123a", "1234567-1234", "123456789-1234-1234",
	} {
		for _, pre := range []string{"", " ", "x ", "[", ":", ".", "=", "/"} {
			for _, post := range []string{"", " ", "x", ".1", "-2", "/3", ":", ",", " +0000"} {
				src := []byte(pre + s + post)
				check(src, len(pre))
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		src := randomStampText(r, 4+r.IntN(40))
		check(src, r.IntN(len(src)))
	}
}

// isoStampEnd takes only what the field-by-field match takes.
func TestIsoStampEndAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	n := 0
	for k := range 300000 {
		var src []byte
		if k%2 == 0 {
			// A valid stamp with one byte changed.
			src = []byte("2026-11-23T06:25:01.928Z")
			if k%3 == 0 {
				src = []byte("1999/02/31 23:59:60 +0100 x")
			}
			src[r.IntN(len(src))] = "0123456789-/:T Z.+\xca\xcf"[r.IntN(20)]
		} else {
			src = randomStampText(r, 19+r.IntN(12))
		}
		got := isoStampEnd(src, 0)
		if got == 0 {
			continue
		}
		n++
		if want := dateYMDFields(src, 0); got != want {
			t.Errorf("isoStampEnd(%q) = %d, dateYMDFields = %d", src, got, want)
		}
	}
	if n < 10000 {
		t.Errorf("only %d stamps taken by isoStampEnd", n)
	}
}

// digitLanes agrees with a byte-wise test wherever it answers true.
func TestDigitLanes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 100000 {
		var b [8]byte
		for k := range b {
			if r.IntN(3) > 0 {
				b[k] = '0' + byte(r.IntN(10))
			} else {
				b[k] = byte(r.IntN(256))
			}
		}
		mask := uint64(0)
		all := true
		for k := range b {
			if r.IntN(4) > 0 {
				mask |= 0xFF << (8 * k)
				all = all && isDigit(b[k])
			}
		}
		got := digitLanes(binary.LittleEndian.Uint64(b[:]), mask)
		if got && !all {
			t.Fatalf("digitLanes(%q, %#x) = true", b, mask)
		}
		if !got && all {
			// A false answer may only come from a carry out of a lane
			// that is no digit.
			carry := false
			for k := range b {
				if mask>>(8*k)&0xFF == 0 && b[k]^0x30 >= 0xFA {
					carry = true
				}
			}
			if !carry {
				t.Fatalf("digitLanes(%q, %#x) = false", b, mask)
			}
		}
	}
}

// A four-part version with small parts is a version after a version key,
// and an address anywhere else.
func TestVersionsAreNotAddresses(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		in         string
		gone, kept []string
	}{
		{`at Foo.Bar() in System.Runtime, Version=4.2.2.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a`, nil, []string{"Version=4.2.2.0"}},
		{`version: 1.2.3.4 from 203.0.113.9`, []string{"203.0.113.9"}, []string{"version: 1.2.3.4"}},
		{`app_version=10.0.0.1 host=10.0.0.1`, []string{"host=10.0.0.1"}, []string{"app_version=10.0.0.1"}},
		{`"sdkVersion":"1.0.0.1" "server":"1.0.0.1"`, []string{`"server":"1.0.0.1"`}, []string{`"sdkVersion":"1.0.0.1"`}},
		{`conversion=10.0.0.1`, []string{"10.0.0.1"}, nil},
		{`"Mozilla/5.0 (Windows; U; Windows NT 5.1; de; rv:1.9.2.3) Gecko/20100401 Firefox/3.6.3"`, nil, []string{"rv:1.9.2.3)"}},
		{`drv:10.0.0.1 rv 10.0.0.2`, []string{"10.0.0.1", "10.0.0.2"}, nil},
	} {
		checkGoneKept(t, s, "versions", tt.in, tt.gone, tt.kept)
	}
}

func TestVersionTagsAreNotAddresses(t *testing.T) {
	s := newTestScrubber(t, nil)
	checkGoneKept(t, s, "tags", "build 1.2.3.4-beta and 4.0.0.0+exp.sha.5114f85 from 198.51.100.7-",
		[]string{"198.51.100.7"}, []string{"1.2.3.4-beta", "4.0.0.0+exp"})
}

func TestJSONVersionValues(t *testing.T) {
	s := newTestScrubber(t, nil)
	for range 2 { // the second pass meets the memos
		checkGoneKept(t, s, "json versions",
			`{"contexts":{"os":{"version":"1.2.3.4"},"runtime":{"version":"4.0.0.0"}},"release":"app@1.2.3.4","sdkVersion":"10.0.0.1",`+
				`"extra":{"conversion":"1.2.3.5","server":"10.0.0.1","version":{"ip":"10.0.0.2"}},"user":{"ip_address":"1.2.3.6"}}`,
			[]string{`"1.2.3.5"`, `"server":"10.0.0.1"`, `"10.0.0.2"`, `"1.2.3.6"`},
			[]string{`"version":"1.2.3.4"`, `"version":"4.0.0.0"`, `"release":"app@1.2.3.4"`, `"sdkVersion":"10.0.0.1"`})
		// Sentry's dist and modules, build numbers; an address under an
		// address key in modules, or under a key that names none, is one.
		checkGoneKept(t, s, "json build versions",
			`{"dist":"1.0.0.42","modules":{"System.Private.CoreLib":"8.0.0.0","ip":"1.2.3.9"},"build_number":"20.10.4.1",`+
				`"buildNumber":"20.10.4.2","build":"1.2.3.4","rebuild_count":"1.2.3.7","client":{"modules":"1.2.3.8"}}`,
			[]string{`"1.2.3.9"`, `"1.2.3.7"`},
			[]string{`"dist":"1.0.0.42"`, `"8.0.0.0"`, `"20.10.4.1"`, `"20.10.4.2"`, `"build":"1.2.3.4"`, `"modules":"1.2.3.8"`})
	}
}

// A number right after a timestamp is not the tail of a longer number.
func TestNumbersAfterStamps(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, in := range []string{
		"2026-11-23 06:25:01 4111 1111 1111 1111",
		"2026-11-23T06:25:01 4111 1111 1111 1111",
		"06:25:01.123 4111 1111 1111 1111",
		"2026-11-23 4111 1111 1111 1111",
	} {
		checkGoneKept(t, s, "card after stamp", in, []string{"4111 1111 1111 1111"}, nil)
	}
	checkGoneKept(t, s, "phone after stamp", "2026-11-23 06:25:01 0170 1234567 called", []string{"1234567"}, nil)
	checkGoneKept(t, s, "phone after time", "06:25:01 202 555 0173 called", []string{"555 0173"}, nil)
	// Still the tail of a longer grouped number.
	checkGoneKept(t, s, "groups", "ref 1234 4111 1111 1111 1111", nil, []string{"1234 4111 1111 1111 1111"})
}

// A key longer than keyBefore looks back is still decided by its end.
func TestLongTextKeys(t *testing.T) {
	s := newTestScrubber(t, nil)
	checkGoneKept(t, s, "long key", "cfg application_settings_for_the_primary_replicated_database_password=Swordfish-24 ok",
		[]string{"Swordfish-24"}, []string{"_database_password="})
	checkGoneKept(t, s, "long key", "cfg a_very_long_configuration_key_name_for_the_primary_replica_timeout=30 ok",
		nil, []string{"replica_timeout=30 ok"})
}

// A login with an '@' that is not an address is still a person.
func TestAccessLogUserNotAnAddress(t *testing.T) {
	s := newTestScrubber(t, nil)
	checkGoneKept(t, s, "user", `186.4.196.39 - tom.silva7@mail.ex [23/Nov/2026:06:00:42 +0000] "GET / HTTP/1.1" 200 5 "-" "-"`,
		[]string{"tom.silva7"}, []string{`"GET / HTTP/1.1" 200 5`})
	checkGoneKept(t, s, "user", `186.4.196.39 - tom.silva7@mail.example.com [23/Nov/2026:06:00:42 +0000] "GET / HTTP/1.1" 200 5 "-" "-"`,
		[]string{"tom.silva7"}, []string{".invalid ["})
}
