package redact

import (
	"bytes"
	"strings"
	"testing"
)

func TestMatchUserinfo(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://user:pass@db:5432/app", "user:pass"},
		{"redis://:s3cret@cache.internal:6379", ":s3cret"},
		{"https://jane.doe@example.com/x", "jane.doe"},
		// Near-misses.
		{"https://example.com/a@b", ""},
		{"https://example.com?x=a@b.c", ""},
		{"ftp://@host", ""},
	}
	for _, tt := range tests {
		src := []byte(tt.in)
		at := -1
		for i := range src {
			if src[i] == ':' && i+2 < len(src) && src[i+1] == '/' {
				at = i
				break
			}
		}
		got := ""
		if s, e := matchUserinfo(src, at); s >= 0 {
			got = tt.in[s:e]
		}
		if got != tt.want {
			t.Errorf("matchUserinfo(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatchAuthScheme(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc"},
		{"Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
		{"Token ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"},
		// Near-misses: prose.
		{"Bearer authentication failed", ""},
		{"Basic setup", ""},
		{"Token expired", ""},
	}
	for _, tt := range tests {
		got := ""
		if s, e := matchAuthScheme([]byte(tt.in), 0); s >= 0 {
			got = tt.in[s:e]
		}
		if got != tt.want {
			t.Errorf("matchAuthScheme(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatchPEM(t *testing.T) {
	key := "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
	src := []byte(key + " after")
	if e, closed := matchPEM(src, 0); e != len(key) || !closed {
		t.Fatalf("got %d %v", e, closed)
	}
	open := []byte("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg")
	if e, closed := matchPEM(open, 0); e != len(open) || closed {
		t.Fatalf("unterminated: got %d %v", e, closed)
	}
	cert := []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
	if e, _ := matchPEM(cert, 0); e != -1 {
		t.Fatalf("certificate taken for a key")
	}
}

func TestMatchAccessKeyID(t *testing.T) {
	if e := matchAccessKeyID([]byte("AKIAIOSFODNN7EXAMPLE"), 0); e != 20 {
		t.Errorf("got %d", e)
	}
	for _, s := range []string{"AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLEX", "AKIAiosfodnn7example"} {
		if e := matchAccessKeyID([]byte(s), 0); e != -1 {
			t.Errorf("%q: got %d", s, e)
		}
	}
}

func TestMatchToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{"api key sk_live_PSSg3L0e4OSOrZdqRLRCwOPp used", "sk_live_PSSg3L0e4OSOrZdqRLRCwOPp"},
		{"token ghp_16C7e42F292c6912E7710c838347Ae178B4a.", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"},
		{"slack xoxb-2634791234-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx ok", "xoxb-2634791234-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"},
		{"jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk end", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"},
		{"key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"},
		// Near-misses.
		{"sk_live_ only", ""},
		{"risk_live_2024_report", ""},
		{"eyJhbGciOiJIUzI1NiJ9 alone", ""},
		{"the ghost_house_1", ""},
	}
	for _, tt := range tests {
		src := []byte(tt.in)
		got := ""
		for i := range src {
			if isDigit(src[i]) || isUpper(src[i]) {
				if s, e := matchToken(src, i, 0); s >= 0 {
					got = tt.in[s:e]
					break
				}
			}
		}
		if got != tt.want {
			t.Errorf("matchToken(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	s := newTestScrubber(t, nil)
	for _, tt := range tests[:5] {
		if out := string(s.AppendText(nil, []byte(tt.in))); strings.Contains(out, tt.want) {
			t.Errorf("token survived: %s", out)
		}
	}
}

func TestMatchCuedSecret(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, in := range []string{
		"api key 33aRhvfmrGShmTXmB4H1TC4Lmrrasvqv used from x",
		"WARN c.e.shop.db : api key qlyibgqTWc9pwcERFLxouKHEFu3OXryP used",
		"rotated token: Zx9kPq2LmN4vB7cR ok",
	} {
		out := string(s.AppendText(nil, []byte(in)))
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("cued secret kept: %s", out)
		}
	}
	for _, in := range []string{
		"the key Management console",
		"primary key 12345678901234 violated",
		"api key rotated yesterday",
		"cache key abcdefabcdefabcdef",
		"cache key 3f786850e387550fdab836ed7e6dc881de23001b",
	} {
		if out := string(s.AppendText(nil, []byte(in))); strings.Contains(out, "[redacted]") {
			t.Errorf("prose taken for a secret: %s", out)
		}
	}
}

func TestMoreCredentialShapes(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, in := range []string{
		"curl -u admin:s3cr3tP4ss https://example.com/api",
		"  db_password: hunter2",
		"sendgrid 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",
		"google oauth ya29.a0AfH6SMBx3EXAMPLEtokenABCDEFGHIJ0123456789",
		"shopify shpat_abcdef0123456789abcdef0123456789",
		"https://acct.blob.core.windows.net/c/b.txt?sv=2021-06-08&sig=abcDEF123%2Bxyz%3D",
	} {
		if out := string(s.AppendText(nil, []byte(in))); !strings.Contains(out, "[redacted]") {
			t.Errorf("credential kept: %s", out)
		}
	}
	for _, in := range []string{"Send Grid SG. nothing", "curl -X POST localhost:8080/x"} {
		if out := string(s.AppendText(nil, []byte(in))); strings.Contains(out, "[redacted]") {
			t.Errorf("prose redacted: %s", out)
		}
	}
}

// No token prefix starts another, so tokenPrefixAt's answer does not
// depend on the order it tries them in.
func TestTokenPrefixAt(t *testing.T) {
	for _, p := range tokenPrefixes {
		for _, q := range tokenPrefixes {
			if string(p) != string(q) && bytes.HasPrefix(q, p) {
				t.Errorf("prefix %q starts %q", p, q)
			}
		}
		if got := tokenPrefixAt(append(append([]byte(nil), p...), "abc123"...)); string(got) != string(p) {
			t.Errorf("tokenPrefixAt(%qabc123) = %q", p, got)
		}
		if got := tokenPrefixAt(p[:len(p)-1]); got != nil {
			t.Errorf("tokenPrefixAt(%q) = %q, want none", p[:len(p)-1], got)
		}
	}
}
