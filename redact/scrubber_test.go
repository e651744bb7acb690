package redact

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func newTestScrubber(t testing.TB, mod func(*Config)) *Scrubber {
	t.Helper()
	cfg := DefaultConfig(testKey)
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewRejectsShortKey(t *testing.T) {
	if _, err := New(DefaultConfig([]byte("short"))); err != ErrShortKey {
		t.Fatalf("got %v, want ErrShortKey", err)
	}
}

// Each case plants values that must not survive and near-misses that must.
var lineCases = []struct {
	name  string
	line  string
	gone  []string
	kept  []string
	kinds []Kind
}{
	// Access logs.
	{
		name: "nginx combined",
		line: `203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] "GET /login?email=jane.doe%40example.com&password=hunter2 HTTP/1.1" 302 0 "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36"`,
		gone: []string{"203.0.113.9", "jane.doe", "hunter2"},
		kept: []string{"10/Oct/2000:13:55:36 -0700", "Chrome/120.0.6099.109", "Safari/537.36", "302 0", "AppleWebKit/537.36"},
	},
	{
		name: "ipv6 client",
		line: `2001:db8:85a3::8a2e:370:7334 - - [10/Oct/2000:13:55:36 +0000] "POST /api/v1/orders/1234567890123456 HTTP/2.0" 201 512`,
		gone: []string{"2001:db8:85a3::8a2e:370:7334"},
		kept: []string{"/api/v1/orders/1234567890123456", "HTTP/2.0", "201 512"},
	},
	// Application logs.
	{
		name: "login failure",
		line: `2024-01-15T10:22:33.123Z ERROR auth: Failed login for Jane.Doe@Example.COM from 198.51.100.23 (attempt 3)`,
		gone: []string{"Jane.Doe@Example.COM", "198.51.100.23"},
		kept: []string{"2024-01-15T10:22:33.123Z", "attempt 3"},
	},
	{
		name: "dsn with password",
		line: `connecting to postgres://app:s3cr3t-pw@db.internal:5432/orders`,
		gone: []string{"s3cr3t-pw"},
		kept: []string{"db.internal:5432/orders"},
	},
	{
		name: "bearer header",
		line: `request headers: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig123 accept=json`,
		gone: []string{"eyJhbGciOiJIUzI1NiJ9"},
		kept: []string{"accept=json"},
	},
	{
		name: "near misses only",
		line: `loaded lodash@4.17.21 and logo@2x.png, java.lang.Object@4b1c1ea0, version 1.2.3.4.5, oid 1.3.6.1.4.1.311, sha 3f786850e387550fdab836ed7e6dc881de23001b at 12:30:45 on 2024-01-15`,
		kept: []string{"lodash@4.17.21", "logo@2x.png", "java.lang.Object@4b1c1ea0", "1.2.3.4.5", "1.3.6.1.4.1.311", "3f786850e387550fdab836ed7e6dc881de23001b", "12:30:45", "2024-01-15"},
	},
	{
		name: "loopback kept",
		line: `listening on 127.0.0.1:8080 and [::1]:8080`,
		kept: []string{"127.0.0.1:8080", "[::1]:8080"},
	},
	// JSON lines.
	{
		name: "json log",
		line: `{"level":"info","msg":"signup","user":{"email":"jane@example.com","ip_address":"192.0.2.44","name":"Jane Roe"},"password":"hunter2","headers":[["Cookie","session=abc123"],["Accept","text/html"]],"note":"call +49 170 1234567"}`,
		gone: []string{"jane@example.com", "192.0.2.44", "Jane Roe", "hunter2", "abc123"},
		kept: []string{`"level":"info"`, `"msg":"signup"`, `["Accept","text/html"]`},
	},
	{
		name: "json unicode escapes",
		line: `{"message":"contact jane\u0040example.com"}`,
		gone: []string{`jane\u0040example.com`, "jane@example.com"},
	},
	{
		name: "invalid json scrubbed as text",
		line: `{"email": "jane@example.com", broken`,
		gone: []string{"jane@example.com"},
	},
}

func TestScrubLines(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tc := range lineCases {
		t.Run(tc.name, func(t *testing.T) {
			out := string(s.AppendLine(nil, []byte(tc.line)))
			for _, g := range tc.gone {
				if strings.Contains(out, g) {
					t.Errorf("%q survived:\n%s", g, out)
				}
			}
			for _, k := range tc.kept {
				if !strings.Contains(out, k) {
					t.Errorf("near-miss %q was changed:\n%s", k, out)
				}
			}
			if json.Valid([]byte(tc.line)) && !json.Valid([]byte(out)) {
				t.Errorf("valid JSON became invalid:\n%s", out)
			}
		})
	}
}

// Stand-ins of emails, names, secrets and SSNs are recognizable (.invalid
// domains, "Name-…", "[redacted]"), so a second pass leaves them alone.
// Card, IBAN, phone and IP stand-ins are valid numbers and addresses by
// design (format-preserving bijections, so no two identities ever merge),
// so a second pass maps them again; with the mask method every kind is
// idempotent.
func TestScrubIdempotent(t *testing.T) {
	def := newTestScrubber(t, nil)
	masked := newTestScrubber(t, func(c *Config) {
		for _, k := range []Kind{KindCard, KindIBAN, KindPhone, KindIP} {
			c.Kinds[k].Method = MethodMask
		}
	})
	for _, tc := range lineCases {
		w := def.NewSession()
		once := w.AppendLine(nil, []byte(tc.line))
		w.ResetStats()
		w.AppendLine(nil, once)
		st := w.Stats()
		for _, k := range []Kind{KindEmail, KindName, KindSecret, KindSSN} {
			if st.Found[k] != 0 {
				t.Errorf("%s: second pass found %d %s in %s", tc.name, st.Found[k], k, once)
			}
		}
		m1 := masked.AppendLine(nil, []byte(tc.line))
		if m2 := masked.AppendLine(nil, m1); !bytes.Equal(m1, m2) {
			t.Errorf("%s: masked output changed on a second pass:\n%s\n%s", tc.name, m1, m2)
		}
	}
}

func TestScrubDeterministicAcrossSessions(t *testing.T) {
	a := newTestScrubber(t, nil)
	b := newTestScrubber(t, nil)
	line := []byte("user jane@example.com from 203.0.113.9")
	x, y := a.AppendText(nil, line), b.NewSession().AppendText(nil, line)
	if !bytes.Equal(x, y) {
		t.Fatalf("same key, different output:\n%s\n%s", x, y)
	}
}

func TestMethods(t *testing.T) {
	line := []byte("mail jane@example.com from 203.0.113.9")
	tests := []struct {
		name   string
		method Method
		want   string
	}{
		{"keep", MethodKeep, "mail jane@example.com from 203.0.113.9"},
		{"redact", MethodRedact, "mail [email] from [ip]"},
		{"mask", MethodMask, "mail ****@example.com from 203.0.113.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestScrubber(t, func(c *Config) {
				c.Kinds[KindEmail].Method = tt.method
				c.Kinds[KindIP].Method = tt.method
			})
			w := s.NewSession()
			if got := string(w.AppendText(nil, line)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if st := w.Stats(); st.Found[KindEmail] != 1 || st.Found[KindIP] != 1 {
				t.Errorf("stats %v", st.Found)
			}
		})
	}
}

func TestDisabledKind(t *testing.T) {
	s := newTestScrubber(t, func(c *Config) { c.Kinds[KindIP].Enabled = false })
	if got := string(s.AppendText(nil, []byte("from 203.0.113.9"))); got != "from 203.0.113.9" {
		t.Errorf("disabled kind replaced: %q", got)
	}
}

func TestAllowList(t *testing.T) {
	s := newTestScrubber(t, func(c *Config) { c.Allow = []string{"Support@Example.com"} })
	got := string(s.AppendText(nil, []byte("write to support@example.com or jane@example.com")))
	if !strings.Contains(got, "support@example.com") || strings.Contains(got, "jane@") {
		t.Errorf("allow-list not honoured: %q", got)
	}
}

func TestFieldRulesPaths(t *testing.T) {
	s := newTestScrubber(t, func(c *Config) {
		c.Fields.Paths = append(c.Fields.Paths, PathRule{Selector: "order.ref", Kind: KindSecret})
		c.Fields.Safe = []string{"**.server_name", "release"}
	})
	in := `{"order":{"ref":"R-1"},"release":"jane@example.com","server_name":"a@b.com","user":{"name":"Jane Roe"},"hostname":"web-1"}`
	out := string(s.AppendLine(nil, []byte(in)))
	for _, want := range []string{`"ref":"[redacted]"`, `"release":"jane@example.com"`, `"server_name":"a@b.com"`, `"hostname":"web-1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in %s", want, out)
		}
	}
	if strings.Contains(out, "Jane Roe") {
		t.Errorf("user.name survived: %s", out)
	}
}

func TestJSONSecretSubtree(t *testing.T) {
	s := newTestScrubber(t, nil)
	out := string(s.AppendLine(nil, []byte(`{"cookies":{"sid":"abc","theme":"dark"},"pin":1234,"n":5}`)))
	want := `{"cookies":{"sid":"[redacted]","theme":"[redacted]"},"pin":"[redacted]","n":5}`
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestJSONInvalid(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, in := range []string{`{"a":}`, `{"a":"b"`, `["a",]`, `{"a":"b"} x`, `{"a":tru}`, "{\"a\":\"\x01\"}", `{"a":"\x"}`, `{"a":01}`} {
		dst := []byte("keep")
		out, err := s.AppendJSON(dst, []byte(in))
		if err == nil {
			t.Errorf("%q: no error", in)
		}
		if string(out) != "keep" {
			t.Errorf("%q: dst changed on error: %q", in, out)
		}
	}
}

func TestJSONLayoutKept(t *testing.T) {
	s := newTestScrubber(t, nil)
	in := "{\n  \"a\" : [ 1 , 2.5e3 , true , null ],\n  \"b\" : { }\n}"
	out, err := s.AppendJSON(nil, []byte(in))
	if err != nil || string(out) != in {
		t.Fatalf("got %q, %v", out, err)
	}
}

func TestCleanLineDoesNotAllocate(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	line := []byte(`10.1.2.3 - - [10/Oct/2000:13:55:36 -0700] "GET /static/app.js?v=3 HTTP/1.1" 200 2326 "-" "curl/8.5.0"`)
	clean := []byte(`2024-01-15T10:22:33Z INFO worker: processed batch 42 in 12ms (queue=orders, retries=0)`)
	buf := make([]byte, 0, 4096)
	w.AppendText(buf, line) // warm the stand-in cache
	if n := testing.AllocsPerRun(200, func() { buf = w.AppendText(buf[:0], clean) }); n != 0 {
		t.Errorf("clean line: %v allocs", n)
	}
	if n := testing.AllocsPerRun(200, func() { buf = w.AppendText(buf[:0], line) }); n != 0 {
		t.Errorf("cached IP line: %v allocs", n)
	}
}

func TestReport(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	var got []Finding
	w.SetReport(func(f Finding) { got = append(got, f) })
	src := []byte("to jane@example.com")
	w.AppendText(nil, src)
	if len(got) != 1 || got[0].Kind != KindEmail || string(src[got[0].Start:got[0].End]) != "jane@example.com" {
		t.Fatalf("findings %+v", got)
	}
}

func TestAccessLogUser(t *testing.T) {
	tests := []struct{ in, want string }{
		{`203.0.113.9 - jdoe [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1`, "jdoe"},
		{`2001:db8::1 - frank.miller [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1`, "frank.miller"},
		{`203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1`, ""},
		{`2024-01-15 INFO user jdoe [worker] started`, ""},
		{`2024-01-01 00:00:00,123 ERROR [http-nio-8080-exec-1] c.e.Foo - boom`, ""},
		{`2024-01-01 00:00:00.123 UTC [1234] LOG: checkpoint starting`, ""},
		{`web-1.example.com - jdoe [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1`, ""},
	}
	for _, tt := range tests {
		got := ""
		if _, _, s, e := accessLogFields([]byte(tt.in)); s >= 0 && tt.in[s:e] != "-" {
			got = tt.in[s:e]
		}
		if got != tt.want {
			t.Errorf("accessLogFields(%q) user = %q, want %q", tt.in, got, tt.want)
		}
	}
	s := newTestScrubber(t, nil)
	out := string(s.AppendText(nil, []byte(tests[0].in)))
	if strings.Contains(out, "jdoe") || !strings.Contains(out, `"GET / HTTP/1.1" 200 1`) {
		t.Errorf("remote user not replaced: %s", out)
	}
}

func TestQuiet8(t *testing.T) {
	quiet := func(c byte) bool {
		return c >= 0x5B && c < 0x80 || c == ' ' || c == '/' || c == '.' || c == ',' || c == '"' || c == '-'
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			x := uint64(0)
			for k := 7; k >= 0; k-- {
				x = x<<8 | uint64(b[k])
			}
			if got := quiet8(x); got != quiet(byte(c)) {
				t.Fatalf("quiet8 with %#x at %d = %v", c, pos, got)
			}
			if quiet(byte(c)) && trig[c] != tNone && trig[c] != tWord {
				t.Fatalf("%#x is quiet but triggers", c)
			}
		}
	}
}

// upperRule is a custom rule that reports runs of "EMP-" and six digits.
type upperRule struct{}

func (upperRule) Name() string   { return "employee-id" }
func (upperRule) Kind() Kind     { return KindCustom }
func (upperRule) Method() Method { return MethodRedact }
func (upperRule) FindAll(src []byte, fn func(s, e int)) error {
	for i := 0; i+10 <= len(src); i++ {
		if string(src[i:i+4]) == "EMP-" && allDigits(src[i+4:i+10]) {
			fn(i, i+10)
			i += 9
		}
	}
	return nil
}

func TestCustomRules(t *testing.T) {
	s := newTestScrubber(t, func(c *Config) { c.Custom = []CustomRule{upperRule{}} })
	for in, want := range map[string]string{
		`id EMP-123456 mail jane@example.com`:                  `id [custom] mail `,
		`{"ref":"EMP-123456","q":"a=EMP-654321&b=EMP-111111"}`: `{"ref":"[custom]","q":"a=[custom]&b=[custom]"}`,
		`q=EMP-123456%20x&name=EMP-222222`:                     `q=[custom]&name=[custom]`,
	} {
		got := string(s.AppendLine(nil, []byte(in)))
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s\n got %s\nwant %s…", in, got, want)
		}
	}
}

func TestQueryValues(t *testing.T) {
	s := newTestScrubber(t, nil)
	tests := []struct {
		in        string
		gone      []string
		keepShape string
	}{
		{"GET /c?tel=%2B49%20170%201234567&x=1", []string{"1234567"}, "tel=%2B49%20"},
		{"GET /c?q=jane.doe%40example.com", []string{"jane.doe"}, "%40"},
		{"GET /c?card=4111%201111%201111%201111", []string{"4111%201111%201111%201111"}, "card=4"},
		{`{"username":"jane@example.com"}`, []string{"jane@"}, ".invalid"},
	}
	for _, tt := range tests {
		out := string(s.AppendLine(nil, []byte(tt.in)))
		for _, g := range tt.gone {
			if strings.Contains(out, g) {
				t.Errorf("%q survived in %s", g, out)
			}
		}
		if !strings.Contains(out, tt.keepShape) {
			t.Errorf("%s: shape %q lost: %s", tt.in, tt.keepShape, out)
		}
	}
}

// TestLinearTime guards against quadratic scans (a hostile line of
// repeated triggers): eight times the input may not cost thirty times the
// time. Both inputs are past the caches (20,000 repetitions and more), and
// each is timed at its fastest of three runs, so a busy machine does not
// pass for a quadratic scan; a quadratic one costs sixty-four times.
func TestLinearTime(t *testing.T) {
	s := newTestScrubber(t, nil)
	fastest := func(in []byte) time.Duration {
		best := time.Duration(1 << 62)
		for range 3 {
			t0 := time.Now()
			s.AppendText(nil, in)
			best = min(best, time.Since(t0))
		}
		return best
	}
	for _, unit := range []string{"a=", "password=", "a:", "x@", "%40", "1.", "::", "A ", "Bearer ", "\"a\":\"", "+1 ", "ey", "-----BEGIN ", "Digest \"", "Authorization: a\"", "\"NTLM abcdefgh1234 "} {
		d1 := fastest([]byte(strings.Repeat(unit, 20000)))
		d2 := fastest([]byte(strings.Repeat(unit, 160000)))
		if d2 > 30*d1+100*time.Millisecond {
			t.Errorf("%q: %v for 20,000 repetitions, %v for 160,000", unit, d1, d2)
		}
	}
}

// Cases from probing real formats: each plants values that must go and
// text that must stay.
func TestRealFormats(t *testing.T) {
	s := newTestScrubber(t, nil)
	tests := []struct {
		name string
		in   string
		gone []string
		kept []string
	}{
		{"logback line", `2024-01-01 00:00:00,123 ERROR [http-nio-8080-exec-1] c.e.Foo - boom`, nil, []string{"ERROR [http-nio-8080-exec-1]"}},
		{"postgres prefix", `2024-01-01 00:00:00.123 UTC [1234] LOG: checkpoint starting`, nil, []string{"UTC [1234] LOG"}},
		{"env secret", `DB_PASSWORD=abc12345 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG`, []string{"abc12345", "wJalrXUtnFEMI"}, []string{"DB_PASSWORD="}},
		{"curly quotes", "mail “jane@example.com” now", []string{"jane@example.com"}, []string{"“", "”"}},
		{"no-break space", "IP\u00a0203.0.113.7 tel\u00a0+33\u00a06\u00a012\u00a034\u00a056\u00a078", []string{"203.0.113.7"}, nil},
		{"token colon in prose", `auth failed token: abc123xyz lang=en status=401`, []string{"abc123xyz"}, []string{"lang=en status=401"}},
		{"go map", `map[email:jane@example.com password:hunter2 lang:en]`, []string{"hunter2", "jane@"}, []string{" lang:en]"}},
		{"literal CRLF", `GET / HTTP/1.1\r\nCookie: sid=abc123\r\nHost: x`, []string{"abc123"}, []string{`\r\nHost: x`}},
		{"escaped newline emails", `jane.doe@example.com\njane2@example.com`, []string{"jane.doe", "jane2"}, []string{`\n`}},
		{"quoted percent", `GET /r?u=%22jane%40example.com%22`, []string{"jane"}, []string{"u=%22", "%22"}},
		{"cli flag", `run --password=hunter2 --level=x`, []string{"hunter2"}, []string{"--level=x"}},
		{"spaced equals", `password = hunter2`, []string{"hunter2"}, nil},
		{"ruby hash", `Parameters: {"user"=>{"email"=>"jane@example.com", "password"=>"hunter2"}}`, []string{"hunter2", "jane@"}, nil},
		{"php array", `'password' => 'hunter2',`, []string{"hunter2"}, nil},
		{"json spaced", `{"password" : "hunter2"}`, []string{"hunter2"}, nil},
	}
	for _, tt := range tests {
		checkGoneKept(t, s, tt.name, tt.in, tt.gone, tt.kept)
	}
}

func TestJSONShapes(t *testing.T) {
	s := newTestScrubber(t, nil)
	tests := []struct{ in, want string }{
		{`{"attributes":[{"key":"password","value":{"stringValue":"hunter2"}},{"key":"http.method","value":{"stringValue":"GET"}}]}`,
			`{"attributes":[{"key":"password","value":{"stringValue":"[redacted]"}},{"key":"http.method","value":{"stringValue":"GET"}}]}`},
		{`[{"name":"DB_PASSWORD","value":"hunter2"},{"name":"LOG_LEVEL","value":"debug"}]`,
			`[{"name":"DB_PASSWORD","value":"[redacted]"},{"name":"LOG_LEVEL","value":"debug"}]`},
		{`{"env":{"HTTP_COOKIE":"sid=abc","PHP_AUTH_PW":"pw1","HTTP_HOST":"x"}}`,
			`{"env":{"HTTP_COOKIE":"[redacted]","PHP_AUTH_PW":"[redacted]","HTTP_HOST":"x"}}`},
		{`{"v2":1,"a1":{"b":2}}`, `{"v2":1,"a1":{"b":2}}`},
	}
	for _, tt := range tests {
		if got := string(s.AppendLine(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("\n got %s\nwant %s", got, tt.want)
		}
	}
	out := string(s.AppendLine(nil, []byte(`{"users":{"jane@example.com":{"n":1},"203.0.113.7":{"n":2}},"shipping":{"name":"Priya Sharma"}}`)))
	for _, g := range []string{"jane@", "203.0.113.7", "Priya"} {
		if strings.Contains(out, g) {
			t.Errorf("%s survived: %s", g, out)
		}
	}
	if !json.Valid([]byte(out)) {
		t.Errorf("invalid JSON: %s", out)
	}
}

func TestSpacedFieldValues(t *testing.T) {
	s := newTestScrubber(t, nil)
	tests := []struct {
		in   string
		gone []string
		kept string
	}{
		{"IBAN: DE89 3704 0044 0532 0130 00 ok", []string{"3704 0044", "0532"}, " ok"},
		{"card_number: 4111 1111 1111 1111 ok", []string{"1111 1111 1111"}, " ok"},
		{"Phone: 06 12 34 56 78 ok", []string{"12 34 56 78"}, " ok"},
		{"phone: (415) 555-2671 ok", []string{"555-2671"}, " ok"},
		{"last_name: van der Berg, status: active", []string{"Berg"}, ", status: active"},
		{"first_name: Jane status: active", []string{"Jane"}, " status: active"},
	}
	for _, tt := range tests {
		out := string(s.AppendText(nil, []byte(tt.in)))
		for _, g := range tt.gone {
			if strings.Contains(out, g) {
				t.Errorf("%q survived: %s", g, out)
			}
		}
		if !strings.HasSuffix(out, tt.kept) {
			t.Errorf("%q lost: %s", tt.kept, out)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	s := newTestScrubber(t, nil)
	for in, want := range map[string]string{
		`{"user":{"ip_address":"{{auto}}"}}`: `{"user":{"ip_address":"{{auto}}"}}`,
		`{"email":"{{ user.email }}"}`:       `{"email":"{{ user.email }}"}`,
	} {
		if got := string(s.AppendLine(nil, []byte(in))); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	out := string(s.AppendLine(nil, []byte(`{"message":"{{a}} jane.doe@example.com 4111 1111 1111 1111 {{b}}"}`)))
	if strings.Contains(out, "jane.doe") || strings.Contains(out, "4111 1111") {
		t.Errorf("values between templates survived: %s", out)
	}
}

func TestPEMAcrossLines(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	lines := []string{
		"loading key",
		"-----BEGIN RSA PRIVATE KEY-----",
		"MIIEowIBAAKCAQEAxyz0123456789abcdef",
		"Zm9vYmFyYmF6cXV4",
		"-----END RSA PRIVATE KEY----- loaded for jane@example.com",
		"next line stays",
	}
	var out []string
	for _, l := range lines {
		out = append(out, string(w.AppendLine(nil, []byte(l))))
	}
	all := strings.Join(out, "\n")
	for _, g := range []string{"MIIEow", "Zm9vYmFy", "jane@"} {
		if strings.Contains(all, g) {
			t.Errorf("%q survived:\n%s", g, all)
		}
	}
	if out[0] != "loading key" || out[5] != "next line stays" || !strings.HasSuffix(out[4], " loaded for "+out[4][strings.LastIndex(out[4], " ")+1:]) {
		t.Errorf("lines around the key changed:\n%s", all)
	}
}

func TestTypedSecretAttributes(t *testing.T) {
	s := newTestScrubber(t, nil)
	in := `{"attributes":{"password":{"value":"hunter2","type":"string"}}}`
	want := `{"attributes":{"password":{"value":"[redacted]","type":"string"}}}`
	if got := string(s.AppendLine(nil, []byte(in))); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// A name attribute of a Sentry log item: the value is a name, the type
	// stays a type.
	in = `{"attributes":{"user.name":{"value":"jdoe","type":"string"}}}`
	got := string(s.AppendLine(nil, []byte(in)))
	if strings.Contains(got, "jdoe") || !strings.Contains(got, `"type":"string"`) {
		t.Errorf("got %s", got)
	}
}

func TestLoginBeforeAddress(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, in := range []string{
		"sshd[4321]: Accepted password for alice from 192.0.2.10 port 52144 ssh2",
		"sshd[4322]: Failed password for invalid user alice from 2001:db8::beef port 22 ssh2",
		"sshd[4323]: Invalid user alice from 192.0.2.11 port 4444",
	} {
		out := string(s.AppendText(nil, []byte(in)))
		if strings.Contains(out, "alice") || !strings.Contains(out, " from ") || !strings.Contains(out, " port ") {
			t.Errorf("%s\n -> %s", in, out)
		}
	}
	out := string(s.AppendText(nil, []byte("request for data from 192.0.2.10 done")))
	if !strings.Contains(out, "request for data from ") {
		t.Errorf("a plain word before 'from' was replaced: %s", out)
	}
}

func TestMoreRealFormats(t *testing.T) {
	s := newTestScrubber(t, nil)
	tests := []struct {
		name string
		in   string
		gone []string
		kept []string
	}{
		{"dict after secret key", `{"event":"login","duration":NaN,"session":{"id":"abc123","csrf":"XyZ987"}}`, []string{"abc123", "XyZ987"}, []string{`"duration":NaN`}},
		{"python dict", `request.COOKIES={'sessionid': 'abc123'} session={'_auth_user_id': '42'} ok`, []string{"abc123", "'42'"}, []string{" ok"}},
		{"ipv6 after key", `src_ip:2a02:1810:1d05:3100:a9e4:d1a5:4b7e:2c9f client:2001:db8::1 connected`, []string{"2a02:1810", "2001:db8::1"}, []string{" connected"}},
		{"code in frames", `user = authenticate(email=email, password=password)`, nil, []string{"email=email", "password=password"}},
		{"no digits under phone keys", `{"mobile":"iPhone","pan":"left","tel":"yes"}`, nil, []string{`"iPhone"`, `"left"`, `"yes"`}},
		{"token in prose", `Token Expired, please log in`, nil, []string{"Token Expired"}},
		{"session telemetry", `{"session":{"id":"abc","duration_ms":1234,"ok":true}}`, []string{`"abc"`}, []string{`"duration_ms":1234`, `"ok":true`}},
	}
	for _, tt := range tests {
		checkGoneKept(t, s, tt.name, tt.in, tt.gone, tt.kept)
	}
}

func TestCompoundIdentityKeys(t *testing.T) {
	s := newTestScrubber(t, nil)
	in := `{"contactPhone":"512 345 678","shipping_phone":"(11) 91234-5678","vorname":"Priya","nachname":"Sharma","account_holder":"Priya Sharma","bank_iban":"XX00 1234","customerFullName":"Wei Zhang","hostname":"web-1","filename":"a.txt","phone_verified":true}`
	out := string(s.AppendLine(nil, []byte(in)))
	for _, g := range []string{"512 345", "91234", "Priya", "Sharma", "Wei Zhang", "1234"} {
		if strings.Contains(out, g) {
			t.Errorf("%q survived: %s", g, out)
		}
	}
	for _, k := range []string{`"hostname":"web-1"`, `"filename":"a.txt"`, `"phone_verified":true`} {
		if !strings.Contains(out, k) {
			t.Errorf("%s changed: %s", k, out)
		}
	}
}

func TestHomeDirectories(t *testing.T) {
	s := newTestScrubber(t, nil)
	tests := []struct{ in, gone, kept string }{
		{`File "/home/jdoe/app/views.py", line 42, in checkout`, "jdoe", `/app/views.py", line 42`},
		{`{"abs_path":"/Users/jane/src/app.js","lineno":3}`, "jane", `/src/app.js"`},
		{`{"filename":"C:\\Users\\pmiller\\AppData\\x.dll"}`, "pmiller", `\\AppData\\x.dll"}`},
		{`cp /home/shared/a /Users/Shared/b`, "", "/home/shared/a /Users/Shared/b"},
		// URL paths are not file paths; a file: URL is one.
		{`fetch https://shop.example/home/dashboard failed`, "", "https://shop.example/home/dashboard"},
		{`GET /home/dashboard HTTP/1.1 200`, "", "GET /home/dashboard HTTP/1.1"},
		{`203.0.113.9 - - [23/Nov/2026:06:25:06 +0000] "GET /home/garden HTTP/1.1" 200 5 "https://x.example/home/" "curl/8.5.0"`, "", `"GET /home/garden HTTP/1.1"`},
		{`open file:///home/jdoe/notes.txt`, "jdoe", "file:///home/"},
		{`path=/home/jdoe/.ssh/id_rsa`, "jdoe", "path=/home/"},
	}
	for _, tt := range tests {
		out := string(s.AppendLine(nil, []byte(tt.in)))
		if tt.gone != "" && strings.Contains(out, tt.gone) || !strings.Contains(out, tt.kept) {
			t.Errorf("%s\n -> %s", tt.in, out)
		}
		if json.Valid([]byte(tt.in)) && !json.Valid([]byte(out)) {
			t.Errorf("invalid JSON: %s", out)
		}
	}
}

// checkGoneKept scrubs in as a line and checks that none of gone and all of
// kept are in the output.
func checkGoneKept(t *testing.T, s *Scrubber, name, in string, gone, kept []string) {
	t.Helper()
	out := string(s.AppendLine(nil, []byte(in)))
	for _, g := range gone {
		if strings.Contains(out, g) {
			t.Errorf("%s: %q survived: %s", name, g, out)
		}
	}
	for _, k := range kept {
		if !strings.Contains(out, k) {
			t.Errorf("%s: %q changed: %s", name, k, out)
		}
	}
}

func TestReviewCases(t *testing.T) {
	acme := func(c *Config) { c.Custom = []CustomRule{fixedRule{"acme.io", KindCustom, MethodRedact}} }
	s := newTestScrubber(t, acme)
	checkGoneKept(t, s, "custom inside address", "mail jane.doe@acme.io now", []string{"jane.doe"}, []string{"mail ", " now"})
	for _, method := range []Method{MethodMask, MethodPseudonymize} {
		e := newTestScrubber(t, func(c *Config) {
			c.Custom = []CustomRule{fixedRule{"jane@example.com", KindEmail, method}}
			c.Kinds[KindEmail].KeepDomain = true
		})
		checkGoneKept(t, e, "custom email rule "+method.String(), "to jane@example.com", []string{"jane"}, []string{"to "})
	}
	d := newTestScrubber(t, nil)
	checkGoneKept(t, d, "accented local parts", "contact müller@example.de or josé.garcia@example.com", []string{"müller", "josé", "garcia"}, []string{"contact ", " or "})
	checkGoneKept(t, d, "escaped JSON in text", `msg={\"user\":\"jdoe\",\"password\":\"hunter2hunter2\"}`, []string{"hunter2hunter2"}, nil)
	checkGoneKept(t, d, "escaped quote in a secret", `password="pa\"ssw0rdSecret99" ok`, []string{"ssw0rdSecret99"}, []string{" ok"})
	checkGoneKept(t, d, "double-encoded query", "q=x%3Da%253D1%26e%3Dbob%2540example.org", []string{"bob"}, []string{"q=x%3D"})
	checkGoneKept(t, d, "Java InetAddress", "connected to db.example.com/203.0.113.5", []string{"203.0.113.5"}, []string{"db.example.com/"})
	checkGoneKept(t, d, "short numeric password", "db_password=123456 max_tokens=100", []string{"123456"}, []string{"max_tokens=100"})
	checkGoneKept(t, d, "hex-only IPv6", "client dead:beef::cafe connected", []string{"dead:beef::cafe"}, []string{" connected"})
	checkGoneKept(t, d, "home at the end", "ls /home/jdoe", []string{"jdoe"}, []string{"ls /home/"})
	checkGoneKept(t, d, "long local part", strings.Repeat("a", 69)+"@example.com", []string{"aaaaaaaaaa@example.com"}, nil)
}

// fixedRule is a custom rule matching one literal.
type fixedRule struct {
	lit    string
	kind   Kind
	method Method
}

func (r fixedRule) Name() string   { return "fixed" }
func (r fixedRule) Kind() Kind     { return r.kind }
func (r fixedRule) Method() Method { return r.method }
func (r fixedRule) FindAll(src []byte, fn func(s, e int)) error {
	for i := 0; i+len(r.lit) <= len(src); i++ {
		if string(src[i:i+len(r.lit)]) == r.lit {
			fn(i, i+len(r.lit))
			i += len(r.lit) - 1
		}
	}
	return nil
}

// A percent-encoded address in a query value gets the stand-in of the
// address itself, so it joins with the same user's other fields.
func TestEncodedQueryValueJoins(t *testing.T) {
	s := newTestScrubber(t, nil)
	plain := string(s.AppendLine(nil, []byte(`user j.smith+news@mail.example.co.uk`)))
	tok := strings.TrimPrefix(plain, "user ")
	tok = tok[:strings.IndexByte(tok, '@')]
	for _, in := range []string{
		`GET /account?email=j.smith%2Bnews%40mail.example.co.uk HTTP/1.1`,
		`GET /account?next=%2Fx&email=J.Smith%2Bnews%40Mail.Example.co.uk HTTP/1.1`,
	} {
		out := string(s.AppendLine(nil, []byte(in)))
		if !strings.Contains(out, "email="+tok+"%40") {
			t.Errorf("%s\n -> %s\nwant the stand-in %s of the plain address", in, out, tok)
		}
	}
}

// A query value with a '%' that starts no escape is kept, not dropped
// (fuzz seed FuzzJSONPlanted/5f5253e0c434d7a8: " %A0=0% " lost its "0%").
func TestQueryValueStrayPercent(t *testing.T) {
	runScrubCases(t, newTestScrubber(t, nil), []scrubCase{
		{name: "fuzz seed", in: " %A0=0% "},
		{name: "percent sign", in: "GET /x?q=50%off&discount=10% HTTP/1.1"},
		{name: "bad escape", in: "a=%zz b=%4"},
		// Still scanned.
		{name: "email before a stray percent", in: "GET /x?email=jane.doe@example.com%zz HTTP/1.1", gone: []string{"jane.doe"}, keep: []string{".invalid%zz"}},
		{name: "valid escape", in: "q=jane.doe%40example.com%", gone: []string{"jane.doe"}},
	})
}
