package redact

import "testing"

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
	}
}
