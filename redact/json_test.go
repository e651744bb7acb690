package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// scanStringRef is scanString and scanValue a byte at a time.
func scanStringRef(src []byte, i int) (end int, esc, quiet bool, ok bool) {
	quiet = true
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '"':
			return j + 1, esc, quiet, true
		case c == '\\':
			esc = true
			j++
		case c < 0x20:
			return 0, false, false, false
		default:
			quiet = quiet && quietByte[c]
		}
	}
	return 0, false, false, false
}

// TestScanStringWords checks the eight-bytes-at-a-time string scanners
// against scanStringRef, with the special bytes at every offset of a word
// and strings that end near the end of the input.
func TestScanStringWords(t *testing.T) {
	alphabet := []byte("ab z-./\"\\\x01\x1f\x7f\xc3\xa9AZ09@:,[{}]~")
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 200000; n++ {
		b := make([]byte, 1+rng.IntN(40))
		b[0] = '"'
		for k := 1; k < len(b); k++ {
			if rng.IntN(4) == 0 {
				b[k] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[k] = "abcdefgh. -/"[rng.IntN(12)]
			}
		}
		wantEnd, wantEsc, wantQuiet, ok := scanStringRef(b, 0)
		end, esc, err := scanString(b, 0)
		if ok != (err == nil) || ok && (end != wantEnd || esc != wantEsc) {
			t.Fatalf("scanString(%q) = %d %v %v, want %d %v ok=%v", b, end, esc, err, wantEnd, wantEsc, ok)
		}
		end, esc, quiet, err := scanValue(b, 0)
		if ok != (err == nil) || ok && (end != wantEnd || esc != wantEsc || quiet != wantQuiet) {
			t.Fatalf("scanValue(%q) = %d %v %v %v, want %d %v %v ok=%v", b, end, esc, quiet, err, wantEnd, wantEsc, wantQuiet, ok)
		}
		if ok && !esc && quiet != allQuiet(b[1:end-1]) {
			t.Fatalf("scanValue(%q): quiet %v, allQuiet says otherwise", b, quiet)
		}
	}
}

// A value remembered as clean in one place is not taken as clean where a
// field rule decides it: the memo serves values that are scanned.
func TestJSONMemoFieldContext(t *testing.T) {
	const v = "Swordfish-2024 rocks" // clean as text, not quiet
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	clean := `{"message":"` + v + `"}`
	for range 2 {
		if got := string(w.AppendLine(nil, []byte(clean))); got != clean {
			t.Fatalf("clean value changed: %s", got)
		}
	}
	for _, in := range []string{
		`{"password":"` + v + `"}`,
		`{"db_password":"` + v + `"}`,
		`{"cookies":{"theme":"` + v + `"}}`,
		`{"user":{"name":"` + v + `"}}`,
		`{"first_name":"` + v + `"}`,
		`{"key":"password","value":"` + v + `"}`,
		`[["Authorization","` + v + `"]]`,
	} {
		got := string(w.AppendLine(nil, []byte(in)))
		if strings.Contains(got, "Swordfish") {
			t.Errorf("%s: remembered clean value kept in a field: %s", in, got)
		}
	}
	mixed := `{"message":"` + v + `","token":"` + v + `"}`
	if got := string(w.AppendLine(nil, []byte(mixed))); got != `{"message":"`+v+`","token":"[redacted]"}` {
		t.Errorf("%s: got %s", mixed, got)
	}
	// The message itself is still clean.
	if got := string(w.AppendLine(nil, []byte(clean))); got != clean {
		t.Fatalf("clean value changed: %s", got)
	}
}

// Values that differ from a remembered clean one by a byte are scanned:
// near-misses of the memo.
func TestJSONMemoNearMiss(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	tests := []struct{ clean, dirty, gone string }{
		{"contact bob_example.com ok", "contact bob@example.com ok", "bob@"},
		{"order 4111111111111112 shipped", "order 4111111111111111 shipped", "4111111111111111"},
		{"from host 10.0.0.300 today", "from host 10.0.0.30 today", "10.0.0.30"},
		{"iban DE89370400440532013001", "iban DE89370400440532013000", "DE89370400440532013000"},
		{"logged in as somebody here", "logged in as somebody here\u00a0jane.doe@example.com", "jane.doe@"},
	}
	for _, tt := range tests {
		in := `{"message":"` + tt.clean + `"}`
		for range 2 {
			if got := string(w.AppendLine(nil, []byte(in))); got != in {
				t.Fatalf("%q: near-miss changed: %s", tt.clean, got)
			}
		}
		got := string(w.AppendLine(nil, []byte(`{"message":"`+tt.dirty+`"}`)))
		if strings.Contains(got, tt.gone) {
			t.Errorf("%q survived after %q was remembered: %s", tt.gone, tt.clean, got)
		}
	}
	// A remembered value followed by an escaped quote is the start of a
	// longer value, which is scanned.
	w.AppendLine(nil, []byte(`{"m":"Swordfish-2024 rocks"}`))
	got := string(w.AppendLine(nil, []byte(`{"m":"Swordfish-2024 rocks\" jane.doe@example.com"}`)))
	if strings.Contains(got, "jane.doe") {
		t.Errorf("address after an escaped quote survived: %s", got)
	}
	// The same bytes escaped differently are a different value to the
	// memo, and scanned.
	w.AppendLine(nil, []byte(`{"m":"mail jane.doe\\u0040example.com ok"}`))
	got = string(w.AppendLine(nil, []byte(`{"m":"mail jane.doe\u0040example.com ok"}`)))
	if strings.Contains(got, "jane.doe") {
		t.Errorf("escaped address survived: %s", got)
	}
}

// A value naming a Windows or macOS home directory is not remembered, so
// the second record gets its user replaced too.
func TestJSONMemoHomeDirectory(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	in := []byte(`{"abs_path":"C:\\Users\\jdoe\\src\\app\\main.py","filename":"/Users/jdoe/src/app/main.py"}`)
	first := string(w.AppendLine(nil, in))
	if strings.Contains(first, "jdoe") {
		t.Fatalf("user survived: %s", first)
	}
	if second := string(w.AppendLine(nil, in)); second != first {
		t.Errorf("second record differs:\n got %s\nwant %s", second, first)
	}
}

// TestJSONSessionMatchesFresh scrubs many records with keys and values
// that repeat, collide and change meaning, and checks each against a
// fresh session, which has nothing cached or remembered.
func TestJSONSessionMatchesFresh(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	rng := rand.New(rand.NewPCG(5, 6))
	keys := []string{"password", "email", "name", "key", "value", "type", "user", "first_name",
		"phone", "ip_address", "message", "msg", "Authorization", "x-api-key", "DB_PASSWORD",
		"contactPhone", "jane@example.com", "203.0.113.7", strings.Repeat("k", 40), "pass\\u0077ord",
		"AWS_SECRET_ACCESS_KEY", "x_forwarded_for_client_address", "customer_full_name"}
	for n := range 3000 {
		// Fresh key names too, to push the key cache through evictions.
		keys = append(keys, fmt.Sprintf("key_%d_%s", n, []string{"token", "id", "mail", "name"}[n%4]))
	}
	vals := []string{"Swordfish-2024 rocks", "contact bob@example.com ok", "contact bob_example.com ok",
		"203.0.113.7", "shop/billing.py in charge", "Jane Doe", "hunter2", "python", "",
		"C:\\\\Users\\\\jdoe\\\\x.py", "password", "email", "line\\nbreak jane@example.com"}
	for n := 0; n < 4000; n++ {
		var b strings.Builder
		b.WriteByte('{')
		for m := range 1 + rng.IntN(6) {
			if m > 0 {
				b.WriteByte(',')
			}
			k := keys[rng.IntN(23)]
			if rng.IntN(2) == 0 {
				k = keys[rng.IntN(len(keys))]
			}
			fmt.Fprintf(&b, `"%s":"%s"`, k, vals[rng.IntN(len(vals))])
		}
		b.WriteByte('}')
		in := []byte(b.String())
		got, err := w.AppendJSON(nil, in)
		want, werr := s.NewSession().AppendJSON(nil, in)
		if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("%s:\n got %s\nwant %s", in, got, want)
		}
	}
}

// TestJSONEventsMatchFresh checks that a warm session scrubs the sample
// events as a fresh one does, record by record.
func TestJSONEventsMatchFresh(t *testing.T) {
	lines := loadLines(t, "../bench/testdata/events.jsonl")
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	for range 2 {
		for _, l := range lines {
			got := w.AppendLine(nil, l)
			want := s.NewSession().AppendLine(nil, l)
			if !bytes.Equal(got, want) {
				t.Fatalf("%s:\n got %s\nwant %s", l, got, want)
			}
			if !json.Valid(got) {
				t.Fatalf("invalid JSON: %s", got)
			}
		}
	}
}

func TestJSONEventsDoNotAllocate(t *testing.T) {
	lines := loadLines(t, "../bench/testdata/events.jsonl")
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	buf := make([]byte, 0, 64<<10)
	for _, l := range lines {
		buf = w.AppendLine(buf[:0], l)
	}
	if n := testing.AllocsPerRun(20, func() {
		for _, l := range lines {
			buf = w.AppendLine(buf[:0], l)
		}
	}); n != 0 {
		t.Errorf("%v allocs per pass over the events", n)
	}
}

// appendJSONEscapedRef is appendJSONEscaped a byte at a time.
func appendJSONEscapedRef(dst, s []byte) []byte {
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c == '\r':
			dst = append(dst, `\r`...)
		case c == '\t':
			dst = append(dst, `\t`...)
		case c < 0x20:
			dst = append(dst, fmt.Sprintf(`\u%04x`, c)...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func TestAppendJSONEscapedWords(t *testing.T) {
	alphabet := []byte("ab z\"\\\n\r\t\x00\x01\x1f\x7f\xc3\xa9")
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 0; n < 100000; n++ {
		b := make([]byte, rng.IntN(40))
		for k := range b {
			if rng.IntN(5) == 0 {
				b[k] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[k] = 'a' + byte(rng.IntN(26))
			}
		}
		got := appendJSONEscaped([]byte("x"), b)
		want := appendJSONEscapedRef([]byte("x"), b)
		if !bytes.Equal(got, want) {
			t.Fatalf("%q: got %q, want %q", b, got, want)
		}
	}
}

// Keys with escapes take part in paths like any other: path rules,
// the parts of a name, and the paths findings report.
func TestJSONEscapedKeysInPaths(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, in := range []string{
		`{"us\u0065r":{"n\u0061me":"Priya Sharma"}}`,
		`{"full\u005fname":{"first":"Priya","last":"Sharma"}}`,
	} {
		if got := string(s.AppendLine(nil, []byte(in))); strings.Contains(got, "Priya") {
			t.Errorf("%s: name survived: %s", in, got)
		}
	}
	checkFindingPaths(t, s, `{"req\u0075est":{"Head-ers":{"jane@example.com":"x","X":"mail jane@example.com"}}}`,
		false, "request.headers", "request.headers.x")
}

// Findings in numbers carry the number's own path.
func TestJSONNumberFindingPath(t *testing.T) {
	checkFindingPaths(t, newTestScrubber(t, nil), `{"note":"mail jane@example.com","user":{"phone":4917012345678}}`,
		false, "note", "user.phone")
}

// A home directory is found in the whole record, after the values are
// scanned: its finding names no path rather than the last value's.
func TestJSONHomeDirectoryFindingPath(t *testing.T) {
	checkFindingPaths(t, newTestScrubber(t, nil), `{"abs_path":"/home/jdoe/app/main.py","note":"mail jane@example.com"}`,
		true, "email:note", "name:")
}

// checkFindingPaths scrubs the JSON document in and checks the paths its
// findings report, in order; with kinds, each as "kind:path".
func checkFindingPaths(t *testing.T, s *Scrubber, in string, kinds bool, want ...string) {
	t.Helper()
	w := s.NewSession()
	var paths []string
	w.SetReport(func(f Finding) {
		if kinds {
			paths = append(paths, f.Kind.String()+":"+f.Path)
		} else {
			paths = append(paths, f.Path)
		}
	})
	if _, err := w.AppendJSON(nil, []byte(in)); err != nil {
		t.Fatal(err)
	}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("%s: finding paths %q, want %q", in, paths, want)
	}
}

// Short values are remembered as clean in the key cache, next to what the
// field rules say of the same bytes as a key name: neither answer leaks
// into the other.
func TestJSONShortValueMemo(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	for _, clean := range []string{
		`{"m":"password"}`, `{"m":"Swordfish-24"}`, `{"m":"x 203.0.113.256"}`, `{"m":"email"}`,
	} {
		for range 2 {
			if got := string(w.AppendLine(nil, []byte(clean))); got != clean {
				t.Fatalf("clean value changed: %s", got)
			}
		}
	}
	tests := []struct{ in, gone string }{
		{`{"password":"Swordfish-24"}`, "Swordfish"},
		{`{"key":"password","value":"Swordfish-24"}`, "Swordfish"},
		{`{"email":"Swordfish-24"}`, "Swordfish"},
		{`["password","Swordfish-24"]`, "Swordfish"},
		{`{"m":"x 203.0.113.25"}`, "203.0.113.25"},
		{`{"user":{"name":"Swordfish-24"}}`, "Swordfish"},
	}
	for _, tt := range tests {
		if got := string(w.AppendLine(nil, []byte(tt.in))); strings.Contains(got, tt.gone) {
			t.Errorf("%s: %q survived: %s", tt.in, tt.gone, got)
		}
	}
}

// A JSON document in a string value is walked as a document, so its keys
// decide its values, down to three levels; what comes out still parses at
// every level.
func TestJSONInStrings(t *testing.T) {
	s := newTestScrubber(t, nil)
	inner := `{"name":"Jane Doe","mail":"jos\u00e9@example.com","user":{"id":1,"username":"jdoe"},"phone":"+49 170 1234567"}`
	for depth := 1; depth <= 3; depth++ {
		doc := inner
		for range depth {
			b, _ := json.Marshal(map[string]string{"body": doc})
			doc = string(b)
		}
		w := s.NewSession()
		out := w.AppendLine(nil, []byte(doc))
		// Unwrap the levels and parse the innermost.
		v := string(out)
		for range depth {
			var m map[string]string
			if err := json.Unmarshal([]byte(v), &m); err != nil {
				t.Fatalf("depth %d: output does not parse: %v\n%s", depth, err, out)
			}
			v = m["body"]
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(v), &got); err != nil {
			t.Fatalf("depth %d: inner document does not parse: %v\n%s", depth, err, v)
		}
		for _, leak := range []string{"Jane", "Doe", "jos", "example.com", "jdoe", "1234567"} {
			if strings.Contains(v, leak) {
				t.Errorf("depth %d: %q kept: %s", depth, leak, v)
			}
		}
		if got["user"].(map[string]any)["id"] != 1.0 {
			t.Errorf("depth %d: user.id lost: %s", depth, v)
		}
		if n := w.Stats().Found; n[KindName] != 2 || n[KindEmail] != 1 || n[KindPhone] != 1 {
			t.Errorf("depth %d: counts %v, want 2 names, 1 email, 1 phone", depth, n)
		}
	}
	// Strings that only look like documents are scanned as text, and
	// counted once.
	for _, in := range []string{
		`{"m":"{not json, mail jane@example.com}"}`,
		`{"m":"[INFO] sent to jane@example.com]"}`,
		`{"m":"{\"a\":1} trailing jane@example.com"}`,
	} {
		w := s.NewSession()
		out := w.AppendLine(nil, []byte(in))
		if strings.Contains(string(out), "jane@example.com") || !json.Valid(out) {
			t.Errorf("%s\n-> %s", in, out)
		}
		if n := w.Stats().Found[KindEmail]; n != 1 {
			t.Errorf("%s: %d emails counted, want 1", in, n)
		}
	}
}

// A phone number written as a JSON number under a phone key stays a
// number of as many digits.
func TestJSONPhoneNumberStaysNumber(t *testing.T) {
	s := newTestScrubber(t, nil)
	out := s.NewSession().AppendLine(nil, []byte(`{"phone":4155552671,"n":1}`))
	var v struct{ Phone any }
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	f, ok := v.Phone.(float64)
	if !ok || f == 4155552671 || f < 1e9 || f >= 1e10 {
		t.Errorf("phone became %v (%T): %s", v.Phone, v.Phone, out)
	}
}
