package rules

import (
	"os"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/piiproxy/piiproxy/redact"
)

// FuzzParse checks that Parse never panics and that whatever it accepts
// is valid and builds an engine.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/valid.yaml", "testdata/invalid.yaml", "testdata/empty.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("kinds: {email: {method: mask}}\nfields: {keys: {a: none}}"))
	f.Add([]byte("custom: [{name: a, pattern: 'x+', timeout: 1ms}]"))
	f.Add([]byte("x: &a [*a]"))
	f.Add([]byte("proxy: {max_body: 1KiB, max_decompressed: 1KiB}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if c != nil {
				t.Fatal("a Config returned with an error")
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("accepted but invalid: %v", err)
		}
		rc, err := c.Redact(testKey)
		if err != nil {
			t.Fatalf("accepted but Redact fails: %v", err)
		}
		if _, err := redact.New(rc); err != nil {
			t.Fatalf("accepted but the engine refuses it: %v", err)
		}
	})
}

// FuzzRuleFindAll checks that the byte offsets FindAll reports delimit
// exactly the matches regexp2 finds, in order, on character boundaries.
func FuzzRuleFindAll(f *testing.F) {
	f.Add(`\bEMP-\d{6}\b`, []byte("Zoë EMP-123456 and EMP-654321"))
	f.Add(`.`, []byte("a\xffé🙂\xc3"))
	f.Add(`(?<=#)\w+`, []byte("#tag #ünï \x80#x"))
	f.Add(`[^a]+`, []byte("ab\x00c\xe2\x82"))
	f.Fuzz(func(t *testing.T, pattern string, src []byte) {
		r, err := Compile(RuleConfig{Name: "fuzz", Pattern: pattern, Timeout: Duration(200 * time.Millisecond)})
		if err != nil {
			return
		}
		var got []string
		prevEnd := 0
		err = r.FindAll(src, func(start, end int) {
			if start < prevEnd || end <= start || end > len(src) {
				t.Fatalf("bad span [%d,%d) after %d in %d bytes", start, end, prevEnd, len(src))
			}
			if !boundary(src, start) || !boundary(src, end) {
				t.Fatalf("span [%d,%d) splits a character", start, end)
			}
			prevEnd = end
			got = append(got, string([]rune(string(src[start:end]))))
		})
		if err != nil {
			return // timed out: nothing more to compare
		}
		re := regexp2.MustCompile(pattern, regexp2.None)
		re.MatchTimeout = time.Second
		var want []string
		m, err := re.FindRunesMatch([]rune(string(src)))
		for err == nil && m != nil {
			if m.Length > 0 {
				want = append(want, m.String())
			}
			m, err = re.FindNextMatch(m)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("got %d matches %q, want %d %q", len(got), got, len(want), want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("match %d: got %q, want %q", i, got[i], want[i])
			}
		}
	})
}

// boundary reports whether i is where a character starts when src is read
// as UTF-8 with one character per invalid byte.
func boundary(src []byte, i int) bool {
	for j := 0; j < len(src); {
		if j == i {
			return true
		}
		if j > i {
			return false
		}
		_, size := utf8.DecodeRune(src[j:])
		j += size
	}
	return i == len(src)
}
