package rules

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/piiproxy/piiproxy/redact"
)

type span struct{ start, end int }

func findAll(t *testing.T, r *Rule, src string) ([]string, []span, error) {
	t.Helper()
	var got []string
	var spans []span
	err := r.FindAll([]byte(src), func(start, end int) {
		spans = append(spans, span{start, end})
		got = append(got, src[start:end])
	})
	return got, spans, err
}

func TestRuleFindAll(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		src     string
		want    []string
	}{
		// ASCII input: rune and byte offsets coincide.
		{"plain", `\bEMP-\d{6}\b`, "by EMP-123456 and EMP-654321.", []string{"EMP-123456", "EMP-654321"}},
		{"near misses", `\bEMP-\d{6}\b`, "EMP-12345 EMP-1234567 XEMP-123456", nil},
		{"no input", `x`, "", nil},

		// Multi-byte UTF-8 before, inside and between matches.
		{"after two-byte runes", `\bEMP-\d{6}\b`, "Müller, Zoë: EMP-123456", []string{"EMP-123456"}},
		{"after four-byte runes", `\d{4}`, "🙂🙂 1234 🙂 5678", []string{"1234", "5678"}},
		{"match with multi-byte runes", `Zoë \w+`, "née Zoë Ångström!", []string{"Zoë Ångström"}},
		{"CJK", `[\p{L}]+様`, "お客様: 山田様 です", []string{"お客様", "山田様"}},

		// Invalid UTF-8 counts one character per byte and is never split.
		{"invalid bytes before", `ID\d+`, "\xff\xfe\xc3 ID42", []string{"ID42"}},
		{"invalid bytes matched by dot", `<.>`, "<\xff> <é>", []string{"<\xff>", "<é>"}},

		// regexp2 features.
		{"lookbehind", `(?<=order[ :#]+)[A-Z]{2}\d{4}`, "order #AB1234, ref CD5678", []string{"AB1234"}},
		{"lookahead", `\b\w+(?=@corp\.example\b)`, "mail ann@corp.example or bob@other.example", []string{"ann"}},
		{"backreference", `\b(\w)\w*\1\b`, "abca xyz", []string{"abca"}},
		{"case-insensitive", `(?i)itk_[a-z0-9]{4}`, "ITK_AB12 itk_cd34", []string{"ITK_AB12", "itk_cd34"}},

		// Empty matches are never reported.
		{"optional part empty here", `\b(?:EMP-\d+)?`, "EMP-1 and", []string{"EMP-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compile(RuleConfig{Name: "t", Pattern: tc.pattern})
			require.NoError(t, err)
			got, spans, err := findAll(t, r, tc.src)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			for i := 1; i < len(spans); i++ {
				assert.LessOrEqual(t, spans[i-1].end, spans[i].start, "matches are in order and do not overlap")
			}
		})
	}
}

func TestRuleByteOffsets(t *testing.T) {
	r, err := Compile(RuleConfig{Name: "t", Pattern: `EMP-\d+`})
	require.NoError(t, err)
	src := "Zoë→🙂 EMP-42 ü EMP-7"
	_, spans, err := findAll(t, r, src)
	require.NoError(t, err)
	first := strings.Index(src, "EMP-42")
	second := strings.LastIndex(src, "EMP-7")
	assert.Equal(t, []span{{first, first + 6}, {second, second + 5}}, spans)
}

// minElapsed runs f n times and returns the shortest run: the bound the
// code guarantees, without the noise of a busy machine.
func minElapsed(n int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range n {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

func TestRuleCatastrophicPatternTimesOut(t *testing.T) {
	const timeout = 50 * time.Millisecond
	r, err := Compile(RuleConfig{Name: "evil", Pattern: `(a+)+$`, Timeout: Duration(timeout)})
	require.NoError(t, err)
	src := []byte(strings.Repeat("a", 10000) + "!")

	elapsed := minElapsed(3, func() {
		err = r.FindAll(src, func(int, int) { t.Error("no match expected") })
		require.Error(t, err)
	})
	assert.True(t, errors.Is(err, ErrRuleTimeout))
	assert.Contains(t, err.Error(), `"evil"`)
	assert.NotContains(t, err.Error(), "aaaa", "the error must not carry the input")
	assert.Less(t, elapsed, 2*timeout, "FindAll must return within about twice its timeout")
}

func TestRuleBudgetCoversAllMatches(t *testing.T) {
	// Each match is quick, but there are many; the budget is for the
	// whole input, and the matches found before it ran out are reported.
	const timeout = 5 * time.Millisecond
	r, err := Compile(RuleConfig{Name: "slowish", Pattern: `(?:x+x+)+y|\d`, Timeout: Duration(timeout)})
	require.NoError(t, err)
	src := []byte(strings.Repeat("1 xxxxxxxxxxxxxxxxxx ", 2000))
	n := 0
	elapsed := minElapsed(3, func() {
		n = 0
		err = r.FindAll(src, func(int, int) { n++ })
		require.ErrorIs(t, err, ErrRuleTimeout)
	})
	assert.Positive(t, n)
	assert.Less(t, n, 2000)
	assert.Less(t, elapsed, 2*timeout+20*time.Millisecond)
}

func TestRuleConcurrent(t *testing.T) {
	// A generous timeout: this test is about sharing a Rule, not timing.
	r, err := Compile(RuleConfig{Name: "t", Pattern: `\bEMP-\d{6}\b`, Timeout: Duration(MaxRuleTimeout)})
	require.NoError(t, err)
	inputs := []string{"EMP-123456", "Zoë EMP-000001 and EMP-999999", strings.Repeat("é", 500) + " EMP-424242"}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				src := inputs[(g+i)%len(inputs)]
				err := r.FindAll([]byte(src), func(s, e int) {
					if !strings.HasPrefix(src[s:e], "EMP-") || e-s != 10 {
						t.Errorf("bad span %q", src[s:e])
					}
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestCompile(t *testing.T) {
	r, err := Compile(RuleConfig{Name: "id", Pattern: `x\d`, Kind: "email", Method: "mask", Timeout: Duration(time.Second)})
	require.NoError(t, err)
	assert.Equal(t, "id", r.Name())
	assert.Equal(t, redact.KindEmail, r.Kind())
	assert.Equal(t, redact.MethodMask, r.Method())
	assert.Equal(t, time.Second, r.Timeout())
	assert.Equal(t, `x\d`, r.Pattern())

	r, err = Compile(RuleConfig{Name: "d", Pattern: `x`})
	require.NoError(t, err)
	assert.Equal(t, redact.KindCustom, r.Kind())
	assert.Equal(t, redact.MethodPseudonymize, r.Method())
	assert.Equal(t, DefaultRuleTimeout, r.Timeout())

	for _, bad := range []RuleConfig{
		{Name: "", Pattern: "x"},
		{Name: "a b", Pattern: "x"},
		{Name: "a", Pattern: ""},
		{Name: "a", Pattern: "(x"},
		{Name: "a", Pattern: "x*"},
		{Name: "a", Pattern: "x", Kind: "none"},
		{Name: "a", Pattern: "x", Kind: "person"},
		{Name: "a", Pattern: "x", Method: "shred"},
		{Name: "a", Pattern: "x", Timeout: Duration(time.Minute)},
		{Name: "a", Pattern: "x", Timeout: Duration(time.Microsecond)},
	} {
		_, err := Compile(bad)
		assert.Error(t, err, "%+v", bad)
	}
}

func BenchmarkRuleFindAll(b *testing.B) {
	r, err := Compile(RuleConfig{Name: "emp", Pattern: `\bEMP-\d{6}\b`})
	require.NoError(b, err)
	src := []byte(`2026-11-23T19:00:00Z INFO request handled user=EMP-123456 path=/api/v1/orders status=200 duration=12ms`)
	n := 0
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		_ = r.FindAll(src, func(int, int) { n++ })
	}
	if n == 0 {
		b.Fatal("no match")
	}
}
