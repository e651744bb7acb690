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
	tests := []struct {
		name   string
		in     string
		header bool // in an Authorization header value
		want   string
	}{
		// Token schemes, anywhere in text.
		{"bearer jwt", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", false, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc"},
		{"basic", "Basic dXNlcjpwYXNzd29yZA==", false, "dXNlcjpwYXNzd29yZA=="},
		{"token", "Token ghp_16C7e42F292c6912E7710c838347Ae178B4a", false, "ghp_16C7e42F292c6912E7710c838347Ae178B4a"},
		{"bearer percent-escaped", "Bearer AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F next",
			false, "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F"},
		{"bearer stray percent", "Bearer abcDEF123456%zz", false, "abcDEF123456"},
		// Schemes whose names are words: in a header value.
		{"ntlm", "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==", true, "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw=="},
		{"negotiate", "Negotiate YIIHJwYGKwYBBQUCoIIHGzCCBxegDTALBgkqhkiG9xIBAgKiggcEBIIHAGCC", true, "YIIHJwYGKwYBBQUCoIIHGzCCBxegDTALBgkqhkiG9xIBAgKiggcEBIIHAGCC"},
		{"apikey", "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", true, "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="},
		{"api-key", "Api-Key abcd1234efgh5678ijkl", true, "abcd1234efgh5678ijkl"},
		{"splunk", "Splunk 12345678-1234-1234-1234-1234567890AB", true, "12345678-1234-1234-1234-1234567890AB"},
		{"token header", "Token abc123def456ghi789", true, "abc123def456ghi789"},
		// ... or as a whole quoted field.
		{"ntlm quoted field", `"NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==" 0.003`, false, "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw=="},
		{"splunk quoted field", `"Splunk 12345678-1234-1234-1234-1234567890AB"`, false, "12345678-1234-1234-1234-1234567890AB"},
		// Auth-param lists: the rest of the header value.
		{"digest line", `Digest username="hmueller", realm="x", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", response="6629fae49393a05397450978507c4ef1"`, true,
			`username="hmueller", realm="x", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", response="6629fae49393a05397450978507c4ef1"`},
		{"digest to end of line", "Digest username=\"a\", cnonce=\"0a4f113b\"\nnext line", false, `username="a", cnonce="0a4f113b"`},
		{"digest quoted field", `"Digest username=\"hmueller\", realm=\"x\", response=\"6629fae4\"" 0.003 "203.0.113.7"`, false,
			`username=\"hmueller\", realm=\"x\", response=\"6629fae4\"`},
		{"aws sigv4", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=5d672d79c15b1316", true,
			"Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=5d672d79c15b1316"},
		// Near-misses: prose.
		{"bearer prose", "Bearer authentication failed", false, ""},
		{"basic prose", "Basic setup", false, ""},
		{"token prose", "Token expired", false, ""},
		{"token expired for user", "Token expired for user", true, ""},
		{"negotiate prose", "Negotiate the contract", false, ""},
		{"negotiate prose quoted", `"Negotiate the contract"`, false, ""},
		{"negotiate word in text", "Negotiate YIIHJwYGKwYBBQUCoIIHGzCC", false, ""},
		{"ntlm prose", "ntlm auth failed", false, ""},
		{"ntlm quoted not whole", `"NTLM TlRMTVNTUAABAAAAB4II failed"`, false, ""},
		{"splunk product", `"Splunk Enterprise"`, false, ""},
		{"digest empty", "Digest  ", true, ""},
		{"scheme alone", "Bearer", true, ""},
	}
	for _, tt := range tests {
		src := []byte(tt.in)
		i := 0
		if src[0] == '"' {
			i = 1
		}
		got := ""
		if s, e := matchAuthScheme(src, i, tt.header); s >= 0 {
			got = tt.in[s:e]
		}
		if got != tt.want {
			t.Errorf("%s: matchAuthScheme(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
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

// Authorization header values and quoted access-log fields, scrubbed
// whole: every credential goes, the scheme name and the rest of the line
// stay.
func TestAuthorizationLines(t *testing.T) {
	s := newTestScrubber(t, nil)
	const access = `81.2.69.160 - - [23/Nov/2026:06:25:02 +0000] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0" `
	tests := []struct {
		name string
		line string
		gone []string
		kept []string
	}{
		// Auth-param lists.
		{"digest header", `Authorization: Digest username="hmueller", realm="x", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b"`,
			[]string{"hmueller", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "6629fae49393a05397450978507c4ef1", "0a4f113b"}, []string{"Authorization: "}},
		{"digest access-log field", access + `"Digest username=\"hmueller\", realm=\"x\", response=\"6629fae4\"" 0.003 "203.0.113.7"`,
			[]string{"hmueller", "6629fae4", "203.0.113.7"}, []string{`"Digest [redacted]" 0.003 "`, `"Mozilla/5.0" "Digest`}},
		{"digest header inside a quoted field", access + `"Authorization: Digest username=\"hmueller\", response=\"6629fae4\"" 0.003 "-"`,
			[]string{"hmueller", "6629fae4"}, []string{`" 0.003 "-"`}},
		{"digest header with an empty value", `Authorization: Digest username="", realm="x", response="6629fae49393a053"`,
			[]string{"6629fae49393a053"}, nil},
		{"header in the middle of a logfmt field", `level=info msg="sent Authorization: Digest username=\"hmueller\", response=\"6629fae4\"" ip=203.0.113.7 status=200`,
			[]string{"hmueller", "6629fae4", "203.0.113.7"}, []string{`msg="sent Authorization: [redacted]" ip=`, " status=200"}},
		{"cookie in the middle of a logfmt field", `level=info msg="sent Cookie: _shop_session=BAh7CEkiD3Nlc3; theme=dark" ip=203.0.113.7 status=200`,
			[]string{"BAh7CEkiD3Nlc3", "203.0.113.7"}, []string{`msg="sent Cookie: [redacted]" ip=`, " status=200"}},
		{"aws sigv4 header", "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
			[]string{"AKIDEXAMPLE", "5d672d79c15b1316"}, nil},
		// Tokens.
		{"bearer percent-escaped", "Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F",
			[]string{"AAAAMLhe", "uSeid", "EUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F"}, nil},
		{"bearer percent-escaped in text", "upstream sent Bearer AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F now",
			[]string{"AAAAMLhe", "uSeid", "EUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F"}, []string{"upstream sent Bearer ", " now"}},
		{"ntlm header", "Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==", []string{"TlRMTVNTUAAB"}, nil},
		{"negotiate proxy header", "Proxy-Authorization: Negotiate YIIHJwYGKwYBBQUCoIIHGzCCBxegDTALBgkqhkiG9xIBAgKiggcEBIIHAGCC", []string{"YIIHJwYGKwYB"}, nil},
		{"apikey header", "Authorization: ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", []string{"VnVhQ2ZHY0JD"}, nil},
		{"api-key header", "authorization: Api-Key abcd1234efgh5678ijkl", []string{"abcd1234efgh5678ijkl"}, nil},
		{"splunk header", "Authorization: Splunk 12345678-1234-1234-1234-1234567890AB", []string{"12345678-1234"}, nil},
		{"token header", "Authorization: Token abc123def456ghi789", []string{"abc123def456ghi789"}, nil},
		{"ntlm access-log field", access + `"NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==" 0.003`, []string{"TlRMTVNTUAAB"}, []string{`"NTLM [redacted]" 0.003`}},
		{"splunk access-log field", access + `"Splunk 12345678-1234-1234-1234-1234567890AB" 0.003`, []string{"12345678-1234"}, []string{`"Splunk [redacted]" 0.003`}},
		{"apikey access-log field", access + `"ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAy" 0.003`, []string{"VnVhQ2ZHY0JD"}, []string{`"ApiKey [redacted]" 0.003`}},
	}
	for _, tt := range tests {
		checkGoneKept(t, s, tt.name, tt.line, tt.gone, tt.kept)
		if out := string(s.AppendText(nil, []byte(tt.line))); !strings.Contains(out, "[redacted]") {
			t.Errorf("%s: nothing redacted: %s", tt.name, out)
		}
	}
	// Near-misses: prose and header names alone.
	for _, in := range []string{
		"Token expired for user",
		"Negotiate the contract",
		"ntlm auth failed",
		"NTLM authentication failed for the proxy",
		"Splunk forwarder restarted",
		"ApiKey rotation scheduled",
		"Authorization:",
		"Authorization",
		"missing Authorization header",
		access + `"Negotiate the contract" 0.003`,
		access + `"Splunk Enterprise" 0.003`,
	} {
		if out := string(s.AppendText(nil, []byte(in))); strings.Contains(out, "[redacted]") {
			t.Errorf("prose redacted: %s", out)
		}
	}
}

// code= and key= are credentials only when their values look like tokens.
func TestTokenValueKeys(t *testing.T) {
	tests := []struct {
		name string
		v    string
		want bool
	}{
		// Tokens.
		{"google code", "4%2F0AX4XfWh1234abcdEFGH_ijkLMNop", true},
		{"google code raw slash", "4/0AX4XfWh1234abcdEFGH_ijkLMNop", true},
		{"github code", "e72e16c7e42f292c6912", true},
		{"verification key", "Zx9YwVuTsRqPoNmLkJiHgFeDcBa", true},
		{"azure code", "0.AVYA8mCrWvQ-Hk2b3x4Z9kLmNoPqRsTuVwXyZ01234", true},
		{"uuid", "3f2c1a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", true},
		// Near-misses.
		{"status", "404", false},
		{"country", "DE", false},
		{"word", "value", false},
		{"constant", "E_TIMEOUT", false},
		{"long constant", "ERR_CONNECTION_REFUSED_1234", false},
		{"letters only", "verificationPending", false},
		{"digits only", "12345678901234567890", false},
		{"path", "uploads/2026/11/photo1234", false},
		{"file name", "report-2026-11-23-final.pdf", false},
		{"placeholder", "[redacted]", false},
		{"bad escape", "abcdefgh12345678%zz", false},
	}
	for _, tt := range tests {
		if got := isTokenValue([]byte(tt.v)); got != tt.want {
			t.Errorf("%s: isTokenValue(%q) = %v, want %v", tt.name, tt.v, got, tt.want)
		}
	}
	s := newTestScrubber(t, nil)
	for _, tt := range []struct{ in, want string }{
		{"GET /oauth2/callback?code=4%2F0AX4XfWh1234abcdEFGH_ijkLMNop&state=af0ifjsldkj HTTP/1.1",
			"GET /oauth2/callback?code=[redacted]&state=af0ifjsldkj HTTP/1.1"},
		{"GET /verify?key=Zx9YwVuTsRqPoNmLkJiHgFeDcBa HTTP/1.1", "GET /verify?key=[redacted] HTTP/1.1"},
		{"callback Code=e72e16c7e42f292c6912 done", "callback Code=[redacted] done"},
		// Near-misses.
		{"GET /x?code=404&lang=DE&error_code=E_TIMEOUT&key=value HTTP/1.1", ""},
		{"status code=404 key=name code=DE reason=timeout", ""},
		{"error_code=ERR_CONNECTION_REFUSED_1234 cache key=uploads/2026/11/photo1234", ""},
		{"opcode=Zx9YwVuTsRqPoNmLkJiHgFeDcBa", ""},
	} {
		want := tt.want
		if want == "" {
			want = tt.in
		}
		if got := string(s.AppendText(nil, []byte(tt.in))); got != want {
			t.Errorf("\n got %s\nwant %s", got, want)
		}
	}
}

// Bracketed keys of query strings and forms are decided by their last
// bracket, or by the key before it for the parts of a name and for
// indexes.
func TestBracketedKeys(t *testing.T) {
	s := newTestScrubber(t, nil)
	checkGoneKept(t, s, "brackets",
		`GET /api/users?filter[name]=Hans%20M%C3%BCller&name[first]=Hans&name[last]=Mueller&user[email]=jane%40example.com&users[0][phone]=%2B491701234567&customer[password]=hunter2&items[]=5&sort[created_at]=desc&page[size]=10 HTTP/1.1`,
		[]string{"Hans", "Mueller", "M%C3%BCller", "jane", "1234567", "hunter2"},
		[]string{"filter[name]=Name-", "&name[first]=Name-", "user[email]=", ".invalid&users", "customer[password]=", "&items[]=5&sort[created_at]=desc&page[size]=10 HTTP/1.1"})
}

// Stripe secret and restricted keys are found however short the log keeps
// them; publishable keys stay.
func TestShortStripeKeys(t *testing.T) {
	runScrubCases(t, newTestScrubber(t, nil), []scrubCase{
		{name: "restricted live", in: "stripe rk_live_51AbCdEf failed", want: "stripe [redacted] failed"},
		{name: "restricted test", in: "key=rk_test_AbCdEfGh1 ok", want: "key=[redacted] ok"},
		{name: "secret live", in: "using sk_live_4eC39HqL", want: "using [redacted]"},
		{name: "secret test json", in: `{"message":"stripe.api_key = 'sk_test_4eC39HqL'"}`, want: `{"message":"stripe.api_key = '[redacted]'"}`},
		{name: "restricted json", in: `{"k":"rk_live_51AbCdEfGh"}`, want: `{"k":"[redacted]"}`},
		// Near-misses.
		{name: "publishable", in: "pk_live_51AbCdEfGhIjKlMnOpQrSt pk_test_51AbCdEf"},
		{name: "too short", in: "rk_live_51AbCd sk_test_1"},
		{name: "identifier", in: "def sk_test_helper(): sk_live_mode_enabled"},
		{name: "masked", in: "sk_live_...4242 rk_live_****abcd"},
		{name: "risk", in: "risk_live_2024_report disk_test_12345678"},
	})
}
