package bench

import (
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2"
)

// Regexp2MatchTimeout bounds each pattern's run over one line in
// Regexp2Baseline: regexp2 backtracks, so an unbounded match could take
// exponential time.
const Regexp2MatchTimeout = 100 * time.Millisecond

// Regexp2Baseline is RegexpBaseline's pipeline run with
// github.com/dlclark/regexp2, the backtracking engine custom rules use: the
// same patterns and labels, one Replace per pattern over the whole line, each
// bounded by Regexp2MatchTimeout. A line on which a pattern runs out of
// time is dropped (nothing is appended), as a fail-closed pipeline would,
// and counted. Build it with NewRegexp2Baseline; it is safe for concurrent
// use.
type Regexp2Baseline struct {
	rules    []regexp2Rule
	timeouts atomic.Uint64
}

type regexp2Rule struct {
	re   *regexp2.Regexp
	repl string
}

// NewRegexp2Baseline compiles the baseline patterns with regexp2 in its RE2
// compatibility mode.
func NewRegexp2Baseline() *Regexp2Baseline {
	b := &Regexp2Baseline{}
	for _, p := range baselinePatterns {
		re := regexp2.MustCompile(p.expr, regexp2.RE2)
		re.MatchTimeout = Regexp2MatchTimeout
		b.rules = append(b.rules, regexp2Rule{re: re, repl: p.repl})
	}
	return b
}

// AppendLine appends src with every pattern's matches replaced to dst, or
// nothing when a pattern timed out.
func (b *Regexp2Baseline) AppendLine(dst, src []byte) []byte {
	out := string(src)
	for _, r := range b.rules {
		var err error
		if out, err = r.re.Replace(out, r.repl, -1, -1); err != nil {
			b.timeouts.Add(1)
			return dst
		}
	}
	return append(dst, out...)
}

// Timeouts returns the number of lines dropped because a pattern ran out of
// time.
func (b *Regexp2Baseline) Timeouts() uint64 { return b.timeouts.Load() }
