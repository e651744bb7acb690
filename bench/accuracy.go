package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/piiproxy/piiproxy/bench/corpus"
	"github.com/piiproxy/piiproxy/redact"
)

// LineScrubber scrubs one log line into dst. *redact.Scrubber and
// *redact.Session satisfy it, and so does RegexpBaseline.
type LineScrubber interface {
	AppendLine(dst, src []byte) []byte
}

// Miss is one labelled value that survived scrubbing, or one near-miss that
// did not.
type Miss struct {
	// Record is the index of the record in the corpus.
	Record int
	// Format is the record's format.
	Format corpus.Format
	// Kind is the labelled kind (KindNone for a lost near-miss).
	Kind redact.Kind
	// Value is the labelled or near-miss value.
	Value string
	// Output is the scrubbed record.
	Output string
}

// Score counts, for one kind (or for the near-misses), how many values were
// looked at and how many came out right, with the first misses.
type Score struct {
	// Total is the number of labelled values (or near-misses).
	Total int
	// Good is the number removed (for PII) or kept verbatim (for near-misses).
	Good int
	// Misses holds up to AccuracyOptions.MaxMisses failures, in corpus order.
	Misses []Miss
}

// Ratio returns Good/Total, or 1 when Total is 0.
func (s *Score) Ratio() float64 {
	if s.Total == 0 {
		return 1
	}
	return float64(s.Good) / float64(s.Total)
}

func (s *Score) add(good bool, m Miss, limit int) {
	s.Total++
	if good {
		s.Good++
		return
	}
	if len(s.Misses) < limit {
		s.Misses = append(s.Misses, m)
	}
}

// AccuracyReport is the result of Accuracy. Its zero value is an empty
// report.
type AccuracyReport struct {
	// Records is the number of records scrubbed.
	Records int
	// Recall holds, per kind, the labelled values no longer present in the
	// output.
	Recall [redact.NumKinds]Score
	// Kept counts the near-misses still present verbatim.
	Kept Score
	// FormatRecall holds Recall per record format.
	FormatRecall map[corpus.Format]*[redact.NumKinds]Score
	// FormatKept holds Kept per record format.
	FormatKept map[corpus.Format]*Score
	// Shape counts, per kind, the stand-ins (pseudonyms; not labels or
	// masks) that have the shape of their kind (ShapeValid). It is filled
	// only when the scrubber reports findings (a *redact.Session does).
	// Misses hold the stand-in in Value.
	Shape [redact.NumKinds]Score
	// ValidJSON counts the JSON records whose output is still valid JSON.
	ValidJSON Score
	// Idempotent counts the records that scrubbing their output again
	// leaves unchanged (scrub(scrub(x)) == scrub(x)). Expect it only when
	// every kind is replaced by a label (MethodRedact): shape-keeping
	// pseudonyms are found again and replaced by new ones.
	Idempotent Score
	// Found is the scrubber's own count of findings, when it reports one
	// (a *redact.Session does); otherwise zero.
	Found redact.Stats
	// InBytes and OutBytes are the total sizes of the records before and
	// after scrubbing.
	InBytes, OutBytes int64
}

// AccuracyOptions tunes Accuracy. The zero value keeps 10 misses per score.
type AccuracyOptions struct {
	// MaxMisses bounds the misses kept per score. Zero means 10; a negative
	// value keeps none.
	MaxMisses int
}

// statser is implemented by scrubbers that count their findings
// (*redact.Session).
type statser interface {
	Stats() redact.Stats
}

// reporter is implemented by scrubbers that report each finding
// (*redact.Session).
type reporter interface {
	SetReport(func(redact.Finding))
}

// Accuracy scrubs every record with s, line by line, and scores the output
// against the labels (findings in Found count this first pass only; each
// output is then scrubbed once more to check idempotence):
//
//   - A labelled value counts as removed when it no longer occurs in the
//     output, neither verbatim nor, for JSON records, in its JSON-escaped
//     forms. A person name also counts as leaked when any of its words
//     (corpus.NameParts) survives as a whole word, so replacing only the
//     given name is a miss.
//   - A near-miss counts as kept when it still occurs verbatim (or
//     JSON-escaped) in the output.
//
// Accuracy is not safe for concurrent use with other users of s when s is
// a *redact.Session.
func Accuracy(s LineScrubber, recs []corpus.Record, opt AccuracyOptions) *AccuracyReport {
	limit := opt.MaxMisses
	switch {
	case limit == 0:
		limit = 10
	case limit < 0:
		limit = 0
	}
	rep := &AccuracyReport{
		FormatRecall: map[corpus.Format]*[redact.NumKinds]Score{},
		FormatKept:   map[corpus.Format]*Score{},
	}
	st, hasStats := s.(statser)
	rp, hasReport := s.(reporter)
	var cur *corpus.Record
	curIndex := 0
	shape := func(f redact.Finding) {
		if !ShapeChecked(f.Kind) || int(f.Kind) >= redact.NumKinds || IsLabelOrMask(f.Replacement) {
			return
		}
		m := Miss{Record: curIndex, Format: cur.Format, Kind: f.Kind, Value: string(f.Replacement)}
		rep.Shape[f.Kind].add(ShapeValid(f.Kind, f.Replacement), m, limit)
	}
	var out, again []byte
	for i := range recs {
		r := &recs[i]
		cur, curIndex = r, i
		if hasReport {
			rp.SetReport(shape)
		}
		if hasStats {
			before := st.Stats()
			out = s.AppendLine(out[:0], []byte(r.Text))
			addStatsDelta(&rep.Found, st.Stats(), before)
		} else {
			out = s.AppendLine(out[:0], []byte(r.Text))
		}
		if hasReport {
			rp.SetReport(nil)
		}
		again = s.AppendLine(again[:0], out)
		rep.Records++
		rep.InBytes += int64(len(r.Text))
		rep.OutBytes += int64(len(out))
		fr := rep.FormatRecall[r.Format]
		if fr == nil {
			fr = new([redact.NumKinds]Score)
			rep.FormatRecall[r.Format] = fr
			rep.FormatKept[r.Format] = new(Score)
		}
		isJSON := r.Format.IsJSON()
		text := string(out)
		m := Miss{Record: i, Format: r.Format}
		if limit > 0 {
			m.Output = text
		}
		if isJSON {
			rep.ValidJSON.add(json.Valid(out), m, limit)
		}
		if !bytes.Equal(out, again) {
			m.Value = string(again)
		}
		rep.Idempotent.add(bytes.Equal(out, again), m, limit)
		for _, l := range r.PII {
			if int(l.Kind) >= redact.NumKinds {
				continue
			}
			leaked := Leaked(text, l, isJSON)
			m := Miss{Record: i, Format: r.Format, Kind: l.Kind, Value: l.Value}
			if leaked && limit > 0 {
				m.Output = text
			}
			rep.Recall[l.Kind].add(!leaked, m, limit)
			fr[l.Kind].add(!leaked, m, limit)
		}
		for _, v := range r.Keep {
			kept := Present(text, v, isJSON)
			m := Miss{Record: i, Format: r.Format, Value: v}
			if !kept && limit > 0 {
				m.Output = text
			}
			rep.Kept.add(kept, m, limit)
			rep.FormatKept[r.Format].add(kept, m, limit)
		}
	}
	return rep
}

// addStatsDelta adds after-before to dst.
func addStatsDelta(dst *redact.Stats, after, before redact.Stats) {
	for k := range after.Found {
		dst.Found[k] += after.Found[k] - before.Found[k]
	}
	dst.Records += after.Records - before.Records
	dst.TextFallbacks += after.TextFallbacks - before.TextFallbacks
	dst.RuleTimeouts += after.RuleTimeouts - before.RuleTimeouts
}

// Present reports whether v occurs in out verbatim or, when isJSON is set,
// in the JSON-escaped forms an encoder may write (HTML-safe or not,
// non-ASCII as is or as \u escapes).
func Present(out, v string, isJSON bool) bool {
	if v == "" {
		return false
	}
	if strings.Contains(out, v) {
		return true
	}
	if !isJSON {
		return false
	}
	for _, e := range jsonForms(v) {
		if e != v && strings.Contains(out, e) {
			return true
		}
	}
	return false
}

// Leaked reports whether the labelled value l survives in out: the value
// itself (see Present) or, for a person name, any of its words as a whole
// word. An IP address counts only where it is not part of a longer run of
// address characters, so that 10.1.2.3 is not found inside the stand-in
// 110.1.2.34.
func Leaked(out string, l corpus.Label, isJSON bool) bool {
	if l.Kind == redact.KindIP {
		return containsAddr(out, l.Value)
	}
	if Present(out, l.Value, isJSON) {
		return true
	}
	if l.Kind != redact.KindName {
		return false
	}
	for _, p := range corpus.NameParts(l.Value) {
		if containsWord(out, p) {
			return true
		}
		if isJSON {
			for _, e := range jsonForms(p) {
				if e != p && containsWord(out, e) {
					return true
				}
			}
		}
	}
	return false
}

// containsWord reports whether w occurs in s with no letter or digit
// directly before or after it.
func containsWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		off = i + 1
	}
}

// containsAddr reports whether the IP address a occurs in s with no
// address character (letter, digit, '.' or ':') directly before it, and
// nothing after it that would continue it: a letter or digit, '.' and a
// digit, or for IPv6 ':' and a hex digit.
func containsAddr(s, a string) bool {
	v6 := strings.Contains(a, ":")
	for off := 0; ; {
		i := strings.Index(s[off:], a)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(a)
		ok := true
		if i > 0 {
			c := s[i-1]
			ok = !isAlnumByte(c) && c != '.' && c != ':'
		}
		if ok && end < len(s) {
			c := s[end]
			next := byte(0)
			if end+1 < len(s) {
				next = s[end+1]
			}
			switch {
			case isAlnumByte(c):
				ok = false
			case c == '.' && '0' <= next && next <= '9':
				ok = false
			case c == ':' && v6 && isHexByte(next):
				ok = false
			}
		}
		if ok {
			return true
		}
		off = i + 1
	}
}

func isAlnumByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isHexByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// jsonForms returns v as JSON string content: as the generator writes it,
// with HTML-safe escapes, and with every non-ASCII rune as \u escapes.
func jsonForms(v string) []string {
	plain := corpus.JSONEscape(v)
	html := strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`).Replace(plain)
	var b strings.Builder
	ascii := true
	for _, r := range plain {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		ascii = false
		if r > 0xffff {
			r1, r2 := utf16Surrogates(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
			continue
		}
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	forms := []string{plain, html}
	if !ascii {
		lower := b.String()
		forms = append(forms, lower, upperHexEscapes(lower))
	}
	return forms
}

func utf16Surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// upperHexEscapes rewrites the hex digits of \uXXXX escapes in upper case.
func upperHexEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+6 <= len(b); i++ {
		if b[i] == '\\' && b[i+1] == 'u' {
			for j := i + 2; j < i+6; j++ {
				if 'a' <= b[j] && b[j] <= 'f' {
					b[j] -= 'a' - 'A'
				}
			}
			i += 5
		}
	}
	return string(b)
}

// reportKinds are the kinds a report lists, in order.
var reportKinds = []redact.Kind{
	redact.KindEmail, redact.KindIP, redact.KindIBAN, redact.KindCard,
	redact.KindPhone, redact.KindSecret, redact.KindSSN, redact.KindName,
}

// WriteTable writes the report as a plain-text table: per kind the labelled
// count, recall, the scrubber's findings and the share of its stand-ins
// with the shape of their kind ("-" when none was checked); then the
// near-misses kept, JSON validity and idempotence; then recall per format.
func (r *AccuracyReport) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "records %d, %d bytes in, %d bytes out\n", r.Records, r.InBytes, r.OutBytes)
	fmt.Fprintf(&b, "%-8s %9s %9s %8s %9s %8s\n", "kind", "labelled", "removed", "recall", "findings", "shape")
	for _, k := range reportKinds {
		s := &r.Recall[k]
		fmt.Fprintf(&b, "%-8s %9d %9d %8s %9d %8s\n", k, s.Total, s.Good, pctString(s), r.Found.Found[k], pctString(&r.Shape[k]))
	}
	fmt.Fprintf(&b, "%-8s %9d %9d %8s  (near-misses kept)\n", "keep", r.Kept.Total, r.Kept.Good, pctString(&r.Kept))
	fmt.Fprintf(&b, "%-8s %9d %9d %8s  (JSON records still valid JSON)\n", "json", r.ValidJSON.Total, r.ValidJSON.Good, pctString(&r.ValidJSON))
	fmt.Fprintf(&b, "%-8s %9d %9d %8s  (records unchanged when scrubbed again)\n", "idem", r.Idempotent.Total, r.Idempotent.Good, pctString(&r.Idempotent))
	fmt.Fprintf(&b, "recall by format:\n")
	for _, f := range corpus.Formats() {
		fr := r.FormatRecall[f]
		if fr == nil {
			continue
		}
		fmt.Fprintf(&b, "  %-8s", f)
		for _, k := range reportKinds {
			if fr[k].Total > 0 {
				fmt.Fprintf(&b, " %s=%s", k, pctString(&fr[k]))
			}
		}
		fmt.Fprintf(&b, " keep=%s\n", pctString(r.FormatKept[f]))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMisses writes the recorded misses of every kind and the lost
// near-misses, at most limit of each, with a shortened output excerpt.
func (r *AccuracyReport) WriteMisses(w io.Writer, limit int) error {
	var b strings.Builder
	for _, k := range reportKinds {
		writeMisses(&b, k.String()+" not removed", r.Recall[k].Misses, limit)
	}
	writeMisses(&b, "near-miss not kept", r.Kept.Misses, limit)
	for _, k := range reportKinds {
		for i, m := range r.Shape[k].Misses {
			if i == limit {
				break
			}
			if i == 0 {
				fmt.Fprintf(&b, "%s stand-in without the shape of its kind:\n", k)
			}
			fmt.Fprintf(&b, "  #%d %-7s %q\n", m.Record, m.Format, m.Value)
		}
	}
	for i, m := range r.ValidJSON.Misses {
		if i == limit {
			break
		}
		if i == 0 {
			b.WriteString("output not valid JSON:\n")
		}
		fmt.Fprintf(&b, "  #%d %-7s %s\n", m.Record, m.Format, excerpt(m.Output, "", 160))
	}
	for i, m := range r.Idempotent.Misses {
		if i == limit {
			break
		}
		if i == 0 {
			b.WriteString("not idempotent (output, then output scrubbed again):\n")
		}
		d := firstDiff(m.Output, m.Value)
		fmt.Fprintf(&b, "  #%d %-7s %s\n           %s\n", m.Record, m.Format, excerptAt(m.Output, d, 160), excerptAt(m.Value, d, 160))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeMisses(b *strings.Builder, title string, ms []Miss, limit int) {
	if len(ms) == 0 {
		return
	}
	fmt.Fprintf(b, "%s:\n", title)
	for i, m := range ms {
		if i == limit {
			break
		}
		fmt.Fprintf(b, "  #%d %-7s %q in %s\n", m.Record, m.Format, m.Value, excerpt(m.Output, m.Value, 160))
	}
}

// excerpt returns up to n bytes of s around the first occurrence of v (or
// from the start), quoted.
func excerpt(s, v string, n int) string {
	i := strings.Index(s, v)
	if i < 0 {
		i = 0
	}
	return excerptAt(s, i, n)
}

// firstDiff returns the offset of the first byte where a and b differ.
func firstDiff(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// excerptAt returns up to n bytes of s around offset i, quoted.
func excerptAt(s string, i, n int) string {
	if len(s) <= n {
		return strconv.Quote(s)
	}
	start := max(0, min(i, len(s))-n/2)
	end := min(len(s), start+n)
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return "…" + strconv.Quote(s[start:end]) + "…"
}

func pctString(s *Score) string {
	if s == nil || s.Total == 0 {
		return "-"
	}
	return strconv.FormatFloat(100*s.Ratio(), 'f', 2, 64) + "%"
}
