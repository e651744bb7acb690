package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/piiproxy/piiproxy/redact"
	"github.com/piiproxy/piiproxy/rules"
)

func init() {
	commands["rules"] = command{
		summary: "check the rule set, or try it on sample lines (output for the terminal only)",
		run:     runRules,
	}
}

func rulesUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: piiproxy rules check [--config FILE]")
	fmt.Fprintln(w, "       piiproxy rules test [--config FILE] [--key-file FILE] [--color auto|always|never] [FILE...]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "check validates the configuration and prints the effective rule set; it exits")
	fmt.Fprintln(w, "non-zero, naming each problem and its line, when the configuration is invalid.")
	fmt.Fprintln(w, "Without --config the built-in defaults are checked.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "test scrubs each line of the files (or stdin) and shows every finding: where it")
	fmt.Fprintln(w, "is, its kind and rule, the original text and its stand-in, then counts per rule.")
	fmt.Fprintln(w, "It is a tuning tool for the operator's terminal: its output shows the original")
	fmt.Fprintln(w, "values, so never send it to logs, files or anything that is kept.")
}

func runRules(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		rulesUsage(stderr)
		return 2
	}
	switch args[0] {
	case "check":
		return rulesCheck(args[1:], stdout, stderr)
	case "test":
		return rulesTest(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		rulesUsage(stderr)
		return 0
	}
	fmt.Fprintf(stderr, "piiproxy rules: unknown subcommand %q\n", args[0])
	rulesUsage(stderr)
	return 2
}

// loadRulesConfig loads the configuration file, or the defaults when path
// is empty.
func loadRulesConfig(path string) (*rules.Config, error) {
	if path == "" {
		return rules.Default(), nil
	}
	return rules.Load(path)
}

// printConfigError writes a configuration error, one problem per line.
func printConfigError(stderr io.Writer, cmd string, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "piiproxy %s: %s\n", cmd, line)
	}
}

// checkKey is the key used to build the engine for `rules check`: the
// check never scrubs anything, so the key never matters.
var checkKey = bytes.Repeat([]byte{0}, redact.MinKeyLen)

func rulesCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules check", flag.ContinueOnError)
	fs.Usage = func() { rulesUsage(stderr); fmt.Fprintln(stderr); fs.PrintDefaults() }
	config := fs.String("config", "", "configuration file (default: the built-in defaults)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "piiproxy rules check: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg, err := loadRulesConfig(*config)
	if err != nil {
		printConfigError(stderr, "rules check", err)
		return 1
	}
	rc, err := cfg.Redact(checkKey)
	if err == nil {
		_, err = redact.New(rc)
	}
	if err != nil {
		printConfigError(stderr, "rules check", err)
		return 1
	}
	printRuleSet(stdout, cfg, &rc)
	return 0
}

// printRuleSet writes the effective rule set of cfg, whose engine
// configuration is rc.
func printRuleSet(w io.Writer, cfg *rules.Config, rc *redact.Config) {
	b := bufio.NewWriter(w)
	defer b.Flush()
	src := "built-in defaults (no --config)"
	if cfg.Source() != "" {
		src = cfg.Source()
	}
	fmt.Fprintf(b, "configuration: %s: valid\n", src)

	fmt.Fprintln(b, "\nkinds:")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  KIND\tENABLED\tMETHOD\tOPTIONS")
	for _, k := range redact.Kinds() {
		if k == redact.KindCustom {
			continue
		}
		kc := rc.Kinds[k]
		opts := "-"
		switch k {
		case redact.KindEmail:
			opts = fmt.Sprintf("keep_domain=%t", kc.KeepDomain)
		case redact.KindIP:
			opts = fmt.Sprintf("prefix_bits=%d", kc.PrefixBits)
		case redact.KindCard:
			opts = fmt.Sprintf("keep_last4=%t", kc.KeepLast4)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", k, yesNo(kc.Enabled), kc.Method, opts)
	}
	tw.Flush()

	builtin := "on"
	if !*cfg.Fields.Builtin {
		builtin = "off"
	}
	fmt.Fprintf(b, "\nfield keys (%d; built-in names %s; compared with case, '_', '-', '.' and ' ' ignored):\n", len(rc.Fields.Keys), builtin)
	byKind := map[redact.Kind][]string{}
	for k, kind := range rc.Fields.Keys {
		byKind[kind] = append(byKind[kind], k)
	}
	for _, kind := range redact.Kinds() {
		names := byKind[kind]
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		writeWrapped(b, fmt.Sprintf("  %-7s", kind.String()+":"), names)
	}
	if removed := removedKeys(cfg); len(removed) > 0 {
		writeWrapped(b, "  removed:", removed)
	}

	fmt.Fprintln(b, "\npath rules (in order, before the keys):")
	if len(rc.Fields.Paths) == 0 {
		fmt.Fprintln(b, "  none")
	}
	tw = tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, p := range rc.Fields.Paths {
		fmt.Fprintf(tw, "  %s\t%s\n", p.Selector, p.Kind)
	}
	tw.Flush()

	fmt.Fprintln(b, "\nsafe (never scanned or replaced):")
	writeList(b, rc.Fields.Safe)
	fmt.Fprintln(b, "\nallow (values never replaced):")
	writeList(b, rc.Allow)

	fmt.Fprintln(b, "\nnames:")
	fmt.Fprintf(b, "  free_text: %s\n", yesNo(rc.Names.FreeText))
	for _, l := range []struct {
		name  string
		words []string
	}{{"extra_first", rc.Names.ExtraFirst}, {"extra_last", rc.Names.ExtraLast}, {"stop", rc.Names.Stop}} {
		if len(l.words) == 0 {
			fmt.Fprintf(b, "  %s: none\n", l.name)
		} else {
			writeWrapped(b, "  "+l.name+":", l.words)
		}
	}

	fmt.Fprintln(b, "\ncustom rules:")
	if len(rc.Custom) == 0 {
		fmt.Fprintln(b, "  none")
	}
	tw = tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	if len(rc.Custom) > 0 {
		fmt.Fprintln(tw, "  NAME\tKIND\tMETHOD\tTIMEOUT\tPATTERN")
	}
	for _, r := range rc.Custom {
		timeout, pattern := "", ""
		if rr, ok := r.(*rules.Rule); ok {
			timeout, pattern = rr.Timeout().String(), rr.Pattern()
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", r.Name(), r.Kind(), r.Method(), timeout, pattern)
	}
	tw.Flush()

	fmt.Fprintf(b, "\ndecode_percent: %s\n", yesNo(rc.DecodePercent))
	p := cfg.Proxy
	fmt.Fprintln(b, "\nproxy:")
	fmt.Fprintf(b, "  listen: %s\n  sentry_upstream: %s\n  rollbar_upstream: %s\n", p.Listen, p.SentryUpstream, p.RollbarUpstream)
	fmt.Fprintf(b, "  max_body: %s\n  max_decompressed: %s\n  pass_attachments: %s\n", p.MaxBody, p.MaxDecompressed, yesNo(p.PassAttachments))
	fmt.Fprintf(b, "\npipe:\n  max_line: %s\n", cfg.Pipe.MaxLine)
}

// removedKeys lists the keys the configuration maps to kind none.
func removedKeys(cfg *rules.Config) []string {
	var out []string
	for k, kind := range cfg.Fields.Keys {
		if kind == rules.KindNone {
			out = append(out, redact.NormalizeKey(k))
		}
	}
	sort.Strings(out)
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func writeList(w io.Writer, items []string) {
	if len(items) == 0 {
		fmt.Fprintln(w, "  none")
		return
	}
	for _, s := range items {
		fmt.Fprintf(w, "  %s\n", s)
	}
}

// writeWrapped writes label and the comma-separated items, wrapped at 100
// columns with continuation lines indented past the label.
func writeWrapped(w io.Writer, label string, items []string) {
	const width = 100
	indent := strings.Repeat(" ", len(label)+1)
	line := label
	for i, it := range items {
		sep := " "
		if i < len(items)-1 {
			it += ","
		}
		if len(line)+len(sep)+len(it) > width && line != label {
			fmt.Fprintln(w, line)
			line = indent[:len(indent)-1]
		}
		line += sep + it
	}
	fmt.Fprintln(w, line)
}

// testOptions are the flags of `piiproxy rules test`.
type testOptions struct {
	config  string
	keyFile string
	color   string
}

func rulesTest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var o testOptions
	fs := flag.NewFlagSet("rules test", flag.ContinueOnError)
	fs.Usage = func() { rulesUsage(stderr); fmt.Fprintln(stderr); fs.PrintDefaults() }
	fs.StringVar(&o.config, "config", "", "configuration file (default: the built-in defaults)")
	fs.StringVar(&o.keyFile, "key-file", "", "file holding the pseudonymization key (else $"+keyEnv+", else a random key)")
	fs.StringVar(&o.color, "color", "auto", "highlight original values: auto (when stdout is a terminal), always or never")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	color, err := useColor(o.color, stdout, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy rules test: %v\n", err)
		return 2
	}
	cfg, err := loadRulesConfig(o.config)
	if err != nil {
		printConfigError(stderr, "rules test", err)
		return 1
	}
	key, err := loadKey(o.keyFile, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy rules test: %v\n", err)
		return 2
	}
	rc, err := cfg.Redact(key)
	if err != nil {
		printConfigError(stderr, "rules test", err)
		return 1
	}
	sc, err := redact.New(rc)
	if err != nil {
		printConfigError(stderr, "rules test", err)
		return 1
	}

	t := &tester{
		sess:    sc.NewSession(),
		out:     bufio.NewWriter(stdout),
		color:   color,
		maxLine: int(cfg.Pipe.MaxLine),
		counts:  map[ruleKind]int{},
	}
	code := 0
	if fs.NArg() == 0 {
		if err := t.run("stdin", stdin); err != nil {
			fmt.Fprintf(stderr, "piiproxy rules test: stdin: %v\n", err)
			code = 1
		}
	}
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy rules test: %v\n", err)
			code = 1
			continue
		}
		err = t.run(name, f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy rules test: %s: %v\n", name, err)
			code = 1
		}
	}
	t.summary()
	if err := t.out.Flush(); err != nil {
		fmt.Fprintf(stderr, "piiproxy rules test: write: %v\n", err)
		code = 1
	}
	return code
}

// useColor decides whether to highlight: mode is auto, always or never;
// auto colours when w is a terminal and $NO_COLOR is unset.
func useColor(mode string, w io.Writer, getenv func(string) string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if getenv("NO_COLOR") != "" {
			return false, nil
		}
		f, ok := w.(*os.File)
		if !ok {
			return false, nil
		}
		fi, err := f.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0, nil
	}
	return false, fmt.Errorf("--color must be auto, always or never, not %q", mode)
}

// ANSI escapes for highlighting.
const (
	ansiOriginal = "\x1b[1;31m" // bold red
	ansiStandIn  = "\x1b[32m"   // green
	ansiDim      = "\x1b[2m"
	ansiReset    = "\x1b[0m"
)

// ruleKind keys the summary counts.
type ruleKind struct {
	rule string
	kind redact.Kind
}

// finding is a redact.Finding with its texts copied out of the callback.
type finding struct {
	redact.Finding
	original []byte // the span it replaces, nil when it cannot be located
	context  []byte // the scanned text, for the span's surroundings
	standIn  []byte
}

// tester runs lines through a Session and prints what it finds.
type tester struct {
	sess    *redact.Session
	out     *bufio.Writer
	color   bool
	maxLine int

	found    []finding
	scrubbed []byte
	lines    int
	hits     int // lines with findings
	long     int // lines skipped for length
	counts   map[ruleKind]int
	fallback int // lines that looked like JSON but were scrubbed as text
}

func (t *tester) run(name string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	skipping := false // the current line is too long and is being skipped
	n := 0
	for {
		chunk, err := br.ReadSlice('\n')
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		if !skipping {
			line = append(line, chunk...)
			if len(trimEOL(line)) > t.maxLine {
				skipping, line = true, line[:0]
			}
		}
		if err == nil || (err == io.EOF && (skipping || len(line) > 0)) {
			n++
			t.lines++
			if skipping {
				t.long++
				fmt.Fprintf(t.out, "%s:%d: longer than max_line (%s); not tested\n", name, n, rules.ByteSize(t.maxLine))
			} else {
				t.line(name, n, trimEOL(line))
			}
			skipping, line = false, line[:0]
		}
		if err == io.EOF {
			return nil
		}
		if br.Buffered() == 0 {
			// About to wait for input, perhaps typed: show what is done.
			if err := t.out.Flush(); err != nil {
				return err
			}
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// line scrubs one line, collecting its findings, and prints them.
func (t *tester) line(name string, n int, src []byte) {
	t.found = t.found[:0]
	t.sess.SetReport(t.report)
	isJSON := false
	if i := firstNonSpace(src); i < len(src) && (src[i] == '{' || src[i] == '[') {
		out, err := t.sess.AppendJSON(t.scrubbed[:0], src)
		if err == nil {
			isJSON = true
			t.scrubbed = out
		} else {
			// Findings of the abandoned attempt do not count: the line is
			// scrubbed as text, as pipe does.
			t.found = t.found[:0]
			t.fallback++
		}
	}
	if !isJSON {
		t.scrubbed = t.sess.AppendText(t.scrubbed[:0], src)
	}
	t.sess.SetReport(nil)
	if len(t.found) == 0 {
		return
	}
	t.hits++
	if isJSON {
		locateJSON(src, t.found)
	} else {
		for i := range t.found {
			f := &t.found[i]
			if 0 <= f.Start && f.Start <= f.End && f.End <= len(src) {
				f.original, f.context = src[f.Start:f.End], src
			}
		}
	}
	for i := range t.found {
		f := &t.found[i]
		t.counts[ruleKind{f.Rule, f.Kind}]++
		t.print(name, n, f)
	}
}

// report copies a finding out of the engine's callback.
func (t *tester) report(f redact.Finding) {
	c := finding{Finding: f, standIn: append([]byte(nil), f.Replacement...)}
	c.Replacement = nil
	t.found = append(t.found, c)
}

func firstNonSpace(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// print writes one finding: where (the 1-based column of a text line, or
// the key path of a JSON value and the 0-based offset in it), kind, rule,
// the original in context and its stand-in.
func (t *tester) print(name string, n int, f *finding) {
	// Positions count characters, as a terminal or an editor shows them.
	pos := f.Start
	if f.original != nil {
		pos = utf8.RuneCount(f.context[:f.Start])
	}
	where := "col " + strconv.Itoa(pos+1)
	if f.Path != "" {
		where = f.Path
		if pos > 0 {
			where += " @" + strconv.Itoa(pos)
		}
	}
	fmt.Fprintf(t.out, "%-12s %-6s %-14s %-16s ", name+":"+strconv.Itoa(n), f.Kind, f.Rule, where)
	if f.original == nil {
		t.out.WriteString(t.paint(ansiDim, fmt.Sprintf("[%d:%d] of the value", f.Start, f.End)))
	} else {
		before, after := contextAround(f.context, f.Start, f.End)
		if len(before) > 0 {
			ell := ""
			if len(before) < f.Start {
				ell = "…"
			}
			t.out.WriteString(t.paint(ansiDim, ell+printable(before)))
		}
		t.out.WriteString(t.paint(ansiOriginal, printable(f.original)))
		if len(after) > 0 {
			ell := ""
			if f.End+len(after) < len(f.context) {
				ell = "…"
			}
			t.out.WriteString(t.paint(ansiDim, printable(after)+ell))
		}
	}
	fmt.Fprintf(t.out, "  →  %s\n", t.paint(ansiStandIn, printable(f.standIn)))
}

func (t *tester) paint(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

// contextAround returns up to 12 bytes of src on each side of [start,
// end), not splitting UTF-8 sequences.
func contextAround(src []byte, start, end int) (before, after []byte) {
	const n = 12
	lo := max(0, start-n)
	for lo < start && !utf8.RuneStart(src[lo]) {
		lo++
	}
	hi := min(len(src), end+n)
	for hi < len(src) && hi > end && !utf8.RuneStart(src[hi]) {
		hi--
	}
	return src[lo:start], src[end:hi]
}

// printable makes b safe to print on a terminal: control characters,
// escapes and invalid UTF-8 are shown as Go escapes.
func printable(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&sb, `\x%02x`, b[0])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029':
			q := strconv.QuoteRune(r)
			sb.WriteString(q[1 : len(q)-1])
		default:
			sb.WriteRune(r)
		}
		b = b[size:]
	}
	return sb.String()
}

// summary writes the per-rule and per-kind counts.
func (t *tester) summary() {
	tw := tabwriter.NewWriter(t.out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(t.out, "\n%s, %d with findings", plural(t.lines, "line"), t.hits)
	if t.long > 0 {
		fmt.Fprintf(t.out, ", %d too long", t.long)
	}
	if t.fallback > 0 {
		fmt.Fprintf(t.out, ", %d not valid JSON (scrubbed as text)", t.fallback)
	}
	st := t.sess.Stats()
	if st.RuleTimeouts > 0 {
		fmt.Fprintf(t.out, ", %s", plural(int(st.RuleTimeouts), "custom-rule timeout"))
	}
	fmt.Fprintln(t.out)
	if len(t.counts) == 0 {
		return
	}
	keys := make([]ruleKind, 0, len(t.counts))
	for k := range t.counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].rule != keys[j].rule {
			return keys[i].rule < keys[j].rule
		}
		return keys[i].kind < keys[j].kind
	})
	fmt.Fprintln(tw, "\nRULE\tKIND\tFINDINGS")
	total := 0
	perKind := map[redact.Kind]int{}
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", k.rule, k.kind, t.counts[k])
		total += t.counts[k]
		perKind[k.kind] += t.counts[k]
	}
	tw.Flush()
	fmt.Fprintln(tw, "\nKIND\tFINDINGS")
	for _, k := range redact.Kinds() {
		if perKind[k] > 0 {
			fmt.Fprintf(tw, "%s\t%d\n", k, perKind[k])
		}
	}
	fmt.Fprintf(tw, "total\t%d\n", total)
	tw.Flush()
}

// plural formats n and the noun, adding "s" unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// jsonValue is a string or number value of a JSON document with the key
// path the engine reports for it.
type jsonValue struct {
	path string
	text []byte
}

// locateJSON finds the original text of findings in the JSON line src.
// The engine reports offsets into the decoded value at a key path, so the
// values are decoded again here and matched to the findings in document
// order. Findings that cannot be matched keep a nil original.
func locateJSON(src []byte, found []finding) {
	vals := jsonValues(src)
	cur := -1
	for i := range found {
		f := &found[i]
		j := cur
		// A later finding in the same value starts at or after the
		// previous one's end; otherwise it is in a later value.
		if j < 0 || i == 0 || found[i-1].Path != f.Path || f.Start < found[i-1].End || !fits(vals[j], f) {
			j = cur + 1
			for j < len(vals) && !fits(vals[j], f) {
				j++
			}
			if j == len(vals) {
				continue
			}
		}
		cur = j
		f.original = vals[j].text[f.Start:f.End]
		f.context = vals[j].text
	}
}

func fits(v jsonValue, f *finding) bool {
	return v.path == f.Path && 0 <= f.Start && f.Start <= f.End && f.End <= len(v.text)
}

// jsonValues returns the string and number values of the JSON document
// src in order, with their key paths: object keys joined with '.', array
// indexes left out.
func jsonValues(src []byte) []jsonValue {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	type frame struct {
		object bool
		key    string
		atKey  bool // the next token of an object is a key
	}
	var stack []frame
	var out []jsonValue
	path := func() string {
		var parts []string
		for _, f := range stack {
			if f.object {
				parts = append(parts, f.key)
			}
		}
		return strings.Join(parts, ".")
	}
	value := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].atKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		top := len(stack) - 1
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, frame{object: true, atKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:top]
				value()
			}
		case string:
			if top >= 0 && stack[top].object && stack[top].atKey {
				stack[top].key = v
				stack[top].atKey = false
				continue
			}
			out = append(out, jsonValue{path(), []byte(v)})
			value()
		case json.Number:
			out = append(out, jsonValue{path(), []byte(v)})
			value()
		default:
			value()
		}
	}
}
