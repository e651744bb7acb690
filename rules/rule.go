package rules

import (
	"errors"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/piiproxy/piiproxy/redact"
)

// ErrRuleTimeout is wrapped by the error Rule.FindAll returns when the rule
// ran out of time on its input. The engine counts it and goes on with the
// other rules.
var ErrRuleTimeout = errors.New("rules: custom rule timed out")

// timeoutCheckPeriod is how often regexp2's shared clock ticks while
// matches with a timeout run; a timeout fires up to two ticks late. The
// library's default, 100ms, would let a 50ms timeout fire only after
// 150-250ms. At 5ms the clock goroutine wakes 200 times a second while
// rules run, and stops soon after they stop.
const timeoutCheckPeriod = 5 * time.Millisecond

func init() {
	// Set before any match can run: regexp2 reads the period from its clock
	// goroutine, which starts with the first match that has a timeout.
	regexp2.SetTimeoutCheckPeriod(timeoutCheckPeriod)
}

// maxPooledRunes bounds the rune buffers kept for reuse, so that one huge
// input does not pin its buffer in memory.
const maxPooledRunes = 64 << 10

// Rule is a compiled custom rule: a regexp2 pattern run with a time budget.
// It implements redact.CustomRule. The zero value is not usable; build one
// with Compile. A Rule is immutable and safe for concurrent use.
type Rule struct {
	name    string
	kind    redact.Kind
	method  redact.Method
	timeout time.Duration
	re      *regexp2.Regexp
	runes   sync.Pool // *[]rune
}

var _ redact.CustomRule = (*Rule)(nil)

// Compile compiles the rule rc. Unset fields take their defaults (kind
// custom, method pseudonymize, timeout 50ms); Config.Redact fills in the
// kind's configured method first. Errors name the rule but never carry
// input text.
func Compile(rc RuleConfig) (*Rule, error) {
	if rc.Name == "" || !validRuleName(rc.Name) {
		return nil, fmt.Errorf("rules: custom rule %q: invalid name", rc.Name)
	}
	kind := redact.KindCustom
	if rc.Kind != "" {
		if err := checkKind(rc.Kind, false); err != nil {
			return nil, fmt.Errorf("rules: custom rule %q: %w", rc.Name, err)
		}
		kind, _ = rc.Kind.redact()
	}
	method := redact.MethodPseudonymize
	if rc.Method != "" {
		m, ok := rc.Method.redact()
		if !ok {
			return nil, fmt.Errorf("rules: custom rule %q: unknown method %q", rc.Name, string(rc.Method))
		}
		method = m
	}
	timeout := time.Duration(rc.Timeout)
	if timeout == 0 {
		timeout = DefaultRuleTimeout
	}
	if timeout < time.Millisecond || timeout > MaxRuleTimeout {
		return nil, fmt.Errorf("rules: custom rule %q: timeout %v is out of range 1ms..%v", rc.Name, timeout, MaxRuleTimeout)
	}
	re, err := compilePattern(rc.Pattern)
	if err != nil {
		return nil, fmt.Errorf("rules: custom rule %q: %w", rc.Name, err)
	}
	re.MatchTimeout = timeout
	return &Rule{name: rc.Name, kind: kind, method: method, timeout: timeout, re: re}, nil
}

// compilePattern compiles a custom rule's pattern and rejects patterns
// that match the empty string (they would report nothing useful and cost a
// match attempt at every position).
func compilePattern(pattern string) (*regexp2.Regexp, error) {
	if pattern == "" {
		return nil, errors.New("empty pattern")
	}
	re, err := regexp2.Compile(pattern, regexp2.None)
	if err != nil {
		return nil, fmt.Errorf("invalid pattern: %v", err)
	}
	if re.RightToLeft() {
		return nil, errors.New("right-to-left patterns are not supported")
	}
	re.MatchTimeout = DefaultRuleTimeout
	if ok, err := re.MatchString(""); err == nil && ok {
		return nil, errors.New("pattern matches the empty string")
	}
	return re, nil
}

// Name returns the rule's name.
func (r *Rule) Name() string { return r.name }

// Kind returns the kind reported for the rule's matches.
func (r *Rule) Kind() redact.Kind { return r.kind }

// Method returns what happens to the rule's matches.
func (r *Rule) Method() redact.Method { return r.method }

// Timeout returns the rule's time budget per input.
func (r *Rule) Timeout() time.Duration { return r.timeout }

// Pattern returns the rule's regular expression as written.
func (r *Rule) Pattern() string { return r.re.String() }

// FindAll calls fn with the byte offsets [start, end) of each non-empty,
// non-overlapping match in src, in order. src is read as UTF-8; invalid
// bytes count as one character each and are never split. The whole call is
// bounded by the rule's timeout (plus the clock's granularity, a few
// milliseconds): when it runs out, FindAll returns an error wrapping
// ErrRuleTimeout, after the matches found until then. The error names the
// rule and never carries src.
func (r *Rule) FindAll(src []byte, fn func(start, end int)) error {
	if len(src) == 0 {
		return nil
	}
	buf := r.getRunes(len(src))
	defer r.putRunes(buf)
	runes, ascii := decodeRunes((*buf)[:0], src)
	*buf = runes

	deadline := time.Now().Add(r.timeout)
	// rIdx and bIdx walk forward together: the byte offset of rune rIdx.
	rIdx, bIdx := 0, 0
	toByte := func(ri int) int {
		if ascii {
			return ri
		}
		for rIdx < ri {
			_, size := utf8.DecodeRune(src[bIdx:])
			bIdx += size
			rIdx++
		}
		return bIdx
	}
	m, err := r.re.FindRunesMatch(runes)
	for err == nil && m != nil {
		if m.Length > 0 {
			start := toByte(m.Index)
			end := toByte(m.Index + m.Length)
			fn(start, end)
		}
		if time.Now().After(deadline) {
			return r.timeoutError()
		}
		m, err = r.re.FindNextMatch(m)
	}
	if err != nil {
		// regexp2 fails a match only when it runs out of time; its own error
		// quotes the input, so it is not wrapped.
		return r.timeoutError()
	}
	return nil
}

func (r *Rule) timeoutError() error {
	return fmt.Errorf("%w: %q after %v", ErrRuleTimeout, r.name, r.timeout)
}

// decodeRunes appends the runes of src to dst, one per UTF-8 sequence and
// one (utf8.RuneError) per invalid byte, and reports whether src was all
// ASCII, in which case rune and byte offsets coincide.
func decodeRunes(dst []rune, src []byte) ([]rune, bool) {
	ascii := true
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			dst = append(dst, rune(c))
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRune(src[i:])
		dst = append(dst, r)
		i += size
	}
	return dst, ascii
}

func (r *Rule) getRunes(n int) *[]rune {
	if b, ok := r.runes.Get().(*[]rune); ok {
		return b
	}
	b := make([]rune, 0, n)
	return &b
}

func (r *Rule) putRunes(b *[]rune) {
	if cap(*b) <= maxPooledRunes {
		*b = (*b)[:0]
		r.runes.Put(b)
	}
}
