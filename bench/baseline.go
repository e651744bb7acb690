package bench

import "regexp"

// RegexpBaseline is the naive way to scrub logs that piiproxy is measured
// against: one Go regular expression per kind, applied in turn with
// ReplaceAll over the whole line, replacing each match with a label such as
// "[email]". It validates nothing (no Luhn, no mod-97, no address parsing)
// and knows nothing about JSON. Build it with NewRegexpBaseline; it is safe
// for concurrent use.
type RegexpBaseline struct {
	rules []baselineRule
}

type baselineRule struct {
	name string
	re   *regexp.Regexp
	repl []byte
}

// baselinePatterns are typical patterns from log-scrubbing configurations
// (the kind found in processor configs and blog posts), in the order they
// are applied: secrets first, so that tokens are gone before the email and
// number patterns look at them.
var baselinePatterns = []struct{ name, expr, repl string }{
	{"bearer", `(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+`, "Bearer [secret]"},
	{"secret", `(?i)\b(password|passwd|pwd|secret|token|api_key|apikey|access_token|auth|session_id|sessionid)=([^&\s"';,]+)`, "${1}=[secret]"},
	{"email", `[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`, "[email]"},
	{"iban", `\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`, "[iban]"},
	{"ipv6", `(?i)\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|::ffff:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?`, "[ip]"},
	{"ipv4", `\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b`, "[ip]"},
	{"card", `\b(?:[0-9][ -]?){12,18}[0-9]\b`, "[card]"},
	{"phone", `(?:\+[0-9]{1,3}[ .-]?)?\(?[0-9]{2,4}\)?[ .-]?[0-9]{2,4}[ .-]?[0-9]{2,4}(?:[ .-]?[0-9]{2,4})?`, "[phone]"},
}

// BaselineExpressions returns the baseline's regular expressions, in the
// order it applies them, so that other engines can be measured with the
// same patterns.
func BaselineExpressions() []string {
	out := make([]string, len(baselinePatterns))
	for i, p := range baselinePatterns {
		out[i] = p.expr
	}
	return out
}

// NewRegexpBaseline compiles the baseline patterns.
func NewRegexpBaseline() *RegexpBaseline {
	b := &RegexpBaseline{}
	for _, p := range baselinePatterns {
		b.rules = append(b.rules, baselineRule{name: p.name, re: regexp.MustCompile(p.expr), repl: []byte(p.repl)})
	}
	return b
}

// AppendLine appends src with every pattern's matches replaced to dst, the
// way a regexp pipeline does it: one ReplaceAll per pattern, each producing
// a new slice.
func (b *RegexpBaseline) AppendLine(dst, src []byte) []byte {
	out := src
	for _, r := range b.rules {
		out = r.re.ReplaceAll(out, r.repl)
	}
	return append(dst, out...)
}
