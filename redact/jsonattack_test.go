package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// Values that are clean as free text, long (past the key cache) and short
// (within it), and that a field rule must still replace.
const (
	atkLong  = "Swordfish-2024 rocks"
	atkShort = "Swordfish-24"
)

// atkWarm scrubs documents that teach a session's key cache and clean
// memo the attack values as clean text, and the rule names as clean
// values and as keys.
var atkWarm = []string{
	`{"message":"` + atkLong + `","m":"` + atkShort + `"}`,
	`["` + atkLong + `","` + atkShort + `"]`,
	`{"m":"password","n":"email","o":"Cookie","p":"ip_address","q":"version","r":"credz"}`,
	`{"password":"x","email":"y","Cookie":"z","credz":"w","version":"1.0"}`,
	`{"m":"abcdefghijklmnopq\\\\","n":"abcdefghijklmnopqrstuvw"}`,
	`{"m":"ref 203.0.113.256 ok","n":"build 1.2.3.4.5"}`,
}

// atkScrubber has the default rules and a path rule, so keys that may end
// a path take the slow way through pushKey.
func atkScrubber(t testing.TB) *Scrubber {
	return newTestScrubber(t, func(c *Config) {
		c.Fields.Paths = append(c.Fields.Paths, PathRule{Selector: "**.credz", Kind: KindSecret})
	})
}

// atkCheck scrubs in with a warm session and a fresh one: both must
// replace every gone string, and agree byte for byte.
func atkCheck(t *testing.T, s *Scrubber, warm *Session, in string, gone []string) {
	t.Helper()
	got := string(warm.AppendLine(nil, []byte(in)))
	want := string(s.NewSession().AppendLine(nil, []byte(in)))
	for _, g := range gone {
		if strings.Contains(got, g) {
			t.Errorf("%s: %q survived (warm): %s", in, g, got)
		}
		if strings.Contains(want, g) {
			t.Errorf("%s: %q survived (fresh): %s", in, g, want)
		}
	}
	if got != want {
		t.Errorf("%s: warm and fresh sessions differ:\n warm %s\nfresh %s", in, got, want)
	}
}

func atkSession(t testing.TB, s *Scrubber) *Session {
	w := s.NewSession()
	for range 2 {
		for _, d := range atkWarm {
			w.AppendLine(nil, []byte(d))
		}
	}
	return w
}

func TestJSONAttacks(t *testing.T) {
	s := atkScrubber(t)
	tests := []struct {
		name string
		in   string
		gone []string
	}{
		// Remembered clean values under field rules.
		{"long under email", `{"email":"` + atkLong + `"}`, []string{"Swordfish"}},
		{"short under password", `{"password":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"short under weak secret", `{"db_password":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"long under path rule", `{"a":{"credz":"` + atkLong + `"}}`, []string{"Swordfish"}},
		{"short under path rule", `{"credz":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"user name", `{"user":{"name":"` + atkLong + `"}}`, []string{"Swordfish"}},
		{"user name short", `{"user":{"name":"` + atkShort + `"}}`, []string{"Swordfish"}},
		{"ip field", `{"ip_address":"203.0.113.7"}`, []string{"203.0.113.7"}},
		{"rule name as its own value", `{"password":"password"}`, []string{`"password":"password"`}},
		{"rule name as attribute value", `{"key":"password","value":"password"}`, []string{`"value":"password"`}},
		// Key/value attribute lists.
		{"attribute email", `{"key":"email","value":"` + atkLong + `"}`, []string{"Swordfish"}},
		{"attribute password", `{"name":"password","value":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"attribute spaced", `{ "key" : "password" , "value" : "` + atkShort + `" }`, []string{"Swordfish"}},
		{"attribute escaped name", `{"key":"pass\u0077ord","value":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"attribute value first", `{"value":"` + atkShort + `","key":"password"}`, []string{"Swordfish"}},
		{"attribute list", `{"attributes":[{"key":"m","value":"a"},{"key":"token","value":"` + atkLong + `"}]}`, []string{"Swordfish"}},
		{"attribute number", `{"key":"pin","value":4821}`, []string{"4821"}},
		// Header pairs.
		{"header pair", `[["Cookie","` + atkLong + `"]]`, []string{"Swordfish"}},
		{"header pair short", `{"headers":[["Set-Cookie","` + atkShort + `"]]}`, []string{"Swordfish"}},
		{"header pair escaped name", `[["Cooki\u0065","` + atkShort + `"]]`, []string{"Swordfish"}},
		{"header pair spaced", `[ [ "Authorization" , "` + atkShort + `" ] ]`, []string{"Swordfish"}},
		// Inherited secrets.
		{"inherited object", `{"cookies":{"theme":"` + atkShort + `"}}`, []string{"Swordfish"}},
		{"inherited array", `{"password":["` + atkShort + `","` + atkLong + `"]}`, []string{"Swordfish"}},
		{"inherited deep", `{"credentials":{"a":{"b":[{"c":"` + atkLong + `"}]}}}`, []string{"Swordfish"}},
		{"inherited from path rule", `{"credz":{"message":"` + atkLong + `"}}`, []string{"Swordfish"}},
		// Version keys keep versions, not addresses.
		{"version with address", `{"release":"built on 203.0.113.7 by ci"}`, []string{"203.0.113.7"}},
		{"version list", `{"version":["1.0","from 198.51.100.23"]}`, []string{"198.51.100.23"}},
		{"version with email", `{"version":"jane.doe@example.com"}`, []string{"jane.doe@"}},
		{"version member", `{"version":{"ip":"203.0.113.7"}}`, []string{"203.0.113.7"}},
		// Escapes that collide with remembered raw strings.
		{"escaped at", `{"m":"mail jane.doe\u0040example.com ok"}`, []string{"jane.doe"}},
		{"escaped quote after memo", `{"m":"` + atkLong + `\" jane.doe@example.com"}`, []string{"jane.doe"}},
		{"escaped backslash then quote", `{"m":"abcdefghijklmnopq\\\" jane.doe@example.com"}`, []string{"jane.doe"}},
		{"escaped quote at 16", `{"m":"abcdefghijklmno\"jane.doe@example.com"}`, []string{"jane.doe"}},
		{"escaped quote at 15", `{"m":"abcdefghijklmn\"jane.doe@example.com"}`, []string{"jane.doe"}},
		{"short then escape", `{"m":"Swordfish-24\"x jane.doe@example.com"}`, []string{"jane.doe"}},
		{"surrogate pair", `{"m":"\ud83d\ude00 jane.doe@example.com"}`, []string{"jane.doe"}},
		{"escaped long value", `{"m":"Swordfish\u002d2024 rocks jane.doe@example.com"}`, []string{"jane.doe"}},
		{"prefix of remembered", `{"m":"abcdefghijklmnopqrstuv jane.doe@example.com"}`, []string{"jane.doe"}},
		// Duplicate keys.
		{"duplicate keys", `{"m":"` + atkShort + `","m":"x","password":"` + atkShort + `","password":"` + atkLong + `"}`, []string{`"password":"Swordfish`}},
		{"duplicate name keys", `{"key":"password","key":"m","value":"` + atkShort + `"}`, []string{"Swordfish"}},
		// Long keys, near the key cache's bounds.
		{"key of 16", `{"abcdefgh_passwd":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"key of 17", `{"abcdefghi_passwd":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"key of 32", `{"abcdefghijklmnopqrstuvwxy_passwd":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"key of 33", `{"abcdefghijklmnopqrstuvwxyz_passwd":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"key of 49", `{"abcdefghijklmnopqrstuvwxyzabcdefghijklm_password":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"key past 64 normalized", `{"application_configuration_settings_for_the_primary_replicated_database_password":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"escaped key past 64", `{"application_configuration_settings_for_the_primary_replicated_database_pass\u0077ord":"` + atkShort + `"}`, []string{"Swordfish"}},
		{"long keys sharing 16 bytes", `{"abcdefghijklmnop_x":"a","abcdefghijklmnop_token":"` + atkShort + `"}`, []string{"Swordfish"}},
		// Keys holding personal data.
		{"email key", `{"jane.doe@example.com":1}`, []string{"jane.doe"}},
		{"escaped email key", `{"jane.doe\u0040example.com":{"a":1}}`, []string{"jane.doe"}},
		{"ip key", `{"203.0.113.7":true}`, []string{"203.0.113.7"}},
		{"long email key", `{"a very long key naming jane.doe@example.com in it":1}`, []string{"jane.doe"}},
		{"email key under secret", `{"password":{"jane.doe@example.com":1}}`, []string{"jane.doe"}},
		// Numbers that are identities.
		{"card number", `{"card_number":4111111111111111}`, []string{"4111111111111111"}},
		{"phone number", `{"phone":4917012345678}`, []string{"4917012345678"}},
		{"card number with fraction", `{"card_number":4111111111111111.0}`, []string{"4111111111111111"}},
		{"negative phone", `{"phone":-4917012345678}`, []string{"4917012345678"}},
		{"card number in attribute", `{"key":"card_number","value":4111111111111111}`, []string{"4111111111111111"}},
		{"card number in pair", `[["ssn",123456789]]`, []string{"123456789"}},
		// Invalid JSON after a valid prefix is scrubbed as text.
		{"trailing garbage", `{"password":"` + atkShort + `"} trailing`, []string{"Swordfish"}},
		{"trailing comma", `{"password":"` + atkShort + `",}`, []string{"Swordfish"}},
		{"bad escape later", `{"email":"jane.doe@example.com","m":"\q"}`, []string{"jane.doe"}},
		{"unterminated", `{"m":"` + atkLong + `","e":"jane.doe@example.com`, []string{"jane.doe"}},
		{"control character", "{\"ip\":\"203.0.113.7\",\"m\":\"a\tb\"}", []string{"203.0.113.7"}},
		// A line cut short keeps what the walk decided; the value it is
		// cut in is replaced when a rule decides it.
		{"cut after attribute", `{"key":"password","value":"` + atkShort + `"`, []string{"Swordfish"}},
		{"cut attribute list", `{"attributes":[{"key":"token","value":"` + atkLong + `"},{"key":"m","val`, []string{"Swordfish"}},
		{"cut header pair", `[["Cookie","` + atkShort + `"],["Accept","text/ht`, []string{"Swordfish"}},
		{"cut path rule", `{"credz":"` + atkShort + `","m":`, []string{"Swordfish"}},
		{"cut inside secret", `{"password":"` + atkLong, []string{"Swordfish"}},
		{"cut inside attribute value", `{"key":"token","value":"` + atkLong, []string{"Swordfish"}},
		{"cut inside inherited", `{"cookies":{"theme":"` + atkShort, []string{"Swordfish"}},
		{"cut inside email", `{"email":"jane.doe@exam`, []string{"jane.doe"}},
		{"bare secret", `{"password": Swordfish-24}`, []string{"Swordfish"}},
		{"secret without colon", `{"password" "` + atkShort + `"}`, []string{"Swordfish"}},
		{"text after document", `{"m":"x"} jane.doe@example.com`, []string{"jane.doe"}},
		// Deep nesting, at and past the bound.
		{"nesting 511", strings.Repeat("[", 511) + `{"email":"jane.doe@example.com"}` + strings.Repeat("]", 511), []string{"jane.doe"}},
		{"nesting 600", strings.Repeat(`{"a":`, 600) + `{"email":"jane.doe@example.com"}` + strings.Repeat("}", 600), []string{"jane.doe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			atkCheck(t, s, atkSession(t, s), tt.in, tt.gone)
		})
	}
}

// The same documents scrubbed twice in one session come out as in a fresh
// session: what the first pass remembers changes nothing.
func TestJSONAttackTwice(t *testing.T) {
	s := atkScrubber(t)
	w := s.NewSession()
	docs := append([]string{
		`{"user":{"email":"jane.doe@example.com","name":"Jane Doe","ip_address":"203.0.113.7"},"m":"` + atkLong + `"}`,
		`{"message":"` + atkLong + `","password":"` + atkLong + `","key":"token","value":"` + atkShort + `"}`,
		`{"jane.doe@example.com":"` + atkShort + `","203.0.113.7":"` + atkLong + `"}`,
		`{"release":"app@4.0.0.0","os":{"version":"10.0.0.1"},"contexts":{"device":{"version":"1.2.3.4-beta"}}}`,
	}, atkWarm...)
	for pass := range 3 {
		for _, d := range docs {
			got := w.AppendLine(nil, []byte(d))
			want := s.NewSession().AppendLine(nil, []byte(d))
			if !bytes.Equal(got, want) {
				t.Fatalf("pass %d: %s:\n warm %s\nfresh %s", pass, d, got, want)
			}
		}
	}
}

// After thousands of distinct keys and values push earlier entries out of
// the key cache and the memo, a value remembered clean before is still
// replaced under a secret key, and clean values still come out unchanged.
func TestJSONAttackEviction(t *testing.T) {
	s := atkScrubber(t)
	w := atkSession(t, s)
	for n := range 6000 {
		d := fmt.Sprintf(`{"k_%d":"value number %d here","v%d":"s%d"}`, n, n, n%97, n)
		w.AppendLine(nil, []byte(d))
	}
	for _, in := range []string{
		`{"password":"` + atkShort + `"}`,
		`{"token":"` + atkLong + `"}`,
		`{"key":"secret","value":"` + atkShort + `"}`,
		`[["Cookie","` + atkLong + `"]]`,
	} {
		atkCheck(t, s, w, in, []string{"Swordfish"})
	}
	for _, d := range atkWarm {
		atkCheck(t, s, w, d, nil)
	}
}

// atkShapes are JSON documents with one hole, %s, where a string value
// goes (its body, without quotes). The first shapes scan the value; the
// others put it under a field rule, some in a line cut short; the last
// makes it a key.
var atkShapes = []string{
	`{"m":"%s"}`,
	`["%s"]`,
	`{"a":{"b":["x","%s"]}}`,
	`{ "m" : "%s" }`,
	`{"key":"m","value":"%s"}`,
	`{"release":"%s"}`,
	`{"password":"%s"}`,
	`{"email":"%s"}`,
	`{"user":{"name":"%s"}}`,
	`{"key":"password","value":"%s"}`,
	`[["Authorization","%s"]]`,
	`{"cookies":{"theme":"%s"}}`,
	`{"credz":["%s"]}`,
	`{"password":"%s`,
	`{"key":"token","value":"%s`,
	`[["Cookie","%s`,
	`{"%s":"x"}`,
}

// atkRuled is where the shapes with a field rule start: any value there
// is replaced, personal or not.
const atkRuled = 6

// FuzzJSONPlanted plants a value in a JSON shape after a warm-up document
// built from the same bytes, and checks with a warm and a fresh session
// that the planted value never survives and that both agree.
func FuzzJSONPlanted(f *testing.F) {
	f.Add(uint8(0), "x", "jane.doe@example.com", "")
	f.Add(uint8(6), atkLong, atkLong, "")
	f.Add(uint8(9), atkShort, atkShort, "")
	f.Add(uint8(10), "abcdefghijklmnopq\\\\", "abcdefghijklmnopq\\\\", "")
	f.Add(uint8(1), "a\\\"", "203.0.113.7", "\\u0040")
	f.Add(uint8(5), "1.2.3.4", "198.51.100.23", " ")
	f.Add(uint8(13), "k", "4111111111111111", "")
	s := atkScrubber(f)
	noIP := newTestScrubber(f, func(c *Config) { c.Kinds[KindIP].Enabled = false })
	f.Fuzz(func(t *testing.T, shape uint8, warm, planted, pad string) {
		sh := atkShapes[int(shape)%len(atkShapes)]
		// Bodies must be valid JSON string contents for the shape to be
		// valid JSON.
		if !utf8.ValidString(warm) || !utf8.ValidString(planted) || !utf8.ValidString(pad) || !json.Valid([]byte(`"`+warm+`"`)) || !json.Valid([]byte(`"`+pad+planted+pad+`"`)) {
			return
		}
		body := pad + planted + pad
		var plain, whole string
		if json.Unmarshal([]byte(`"`+planted+`"`), &plain) != nil || len(strings.TrimSpace(plain)) < 4 {
			return
		}
		if json.Unmarshal([]byte(`"`+body+`"`), &whole) != nil {
			return
		}
		mustGo := int(shape)%len(atkShapes) >= atkRuled && int(shape)%len(atkShapes) < len(atkShapes)-1
		if isPlaceholder([]byte(whole)) || isStandIn([]byte(whole)) ||
			sh == `{"user":{"name":"%s"}}` && numericID([]byte(whole)) {
			// Placeholders and stand-ins are kept under any rule, and a
			// user name of digits is an id, scanned.
			mustGo = false
		}
		if !mustGo {
			// Outside a field rule, only what the scanner finds goes; a
			// version key's one-token value may keep a dotted quad.
			sc := s
			if sh == `{"release":"%s"}` && isVersionToken([]byte(plain)) {
				sc = noIP
			}
			out := sc.NewSession().AppendText(nil, []byte(" "+whole+" "))
			mustGo = !bytes.Contains(out, []byte(plain))
		}
		w := s.NewSession()
		for _, sh2 := range atkShapes {
			w.AppendLine(nil, []byte(fmt.Sprintf(sh2, warm)))
			w.AppendLine(nil, []byte(fmt.Sprintf(sh2, body)))
		}
		in := []byte(fmt.Sprintf(sh, body))
		got := w.AppendLine(nil, in)
		want := s.NewSession().AppendLine(nil, in)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s:\n warm %s\nfresh %s", in, got, want)
		}
		if json.Valid(in) && !json.Valid(got) {
			t.Fatalf("%s: invalid output %s", in, got)
		}
		if mustGo && (bytes.Contains(got, []byte(planted)) || bytes.Contains(got, []byte(plain))) {
			t.Fatalf("%s: planted %q survived: %s", in, plain, got)
		}
	})
}
