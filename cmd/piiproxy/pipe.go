package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync/atomic"

	"github.com/piiproxy/piiproxy/redact"
	"github.com/piiproxy/piiproxy/rules"
)

func init() {
	commands["pipe"] = command{
		summary: "scrub log lines from stdin or files to stdout",
		run:     runPipe,
	}
}

// pipeOptions are the flags of `piiproxy pipe`.
type pipeOptions struct {
	keyFile string
	config  string
	maxLine int
	stats   bool
	format  string
	workers int
}

func runPipe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var o pipeOptions
	fs := flag.NewFlagSet("pipe", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: piiproxy pipe [flags] [FILE...]")
		fmt.Fprintln(stderr, "\nReads log lines from the files (or stdin) and writes each line scrubbed to stdout,")
		fmt.Fprintln(stderr, "one output line per input line, in order. JSON lines are scrubbed structurally.")
		fmt.Fprintf(stderr, "The key comes from --key-file or $%s (hex or base64, at least 32 bytes).\n\n", keyEnv)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.keyFile, "key-file", "", "file holding the pseudonymization key")
	fs.StringVar(&o.config, "config", "", "YAML rules file (default: the built-in rules)")
	fs.IntVar(&o.maxLine, "max-line", 0, "longest line kept whole in memory, in bytes; longer lines are scrubbed as text in pieces (default 1 MiB, or pipe.max_line of --config)")
	fs.BoolVar(&o.stats, "stats", false, "print counts per kind to stderr at the end (no values)")
	fs.StringVar(&o.format, "format", "auto", "record format: auto (JSON when a line is a JSON object or array), text or json")
	fs.IntVar(&o.workers, "workers", 1, "goroutines scrubbing batches of lines at once (output order is kept); 0 means one per CPU")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	cfg := rules.Default()
	if o.config != "" {
		c, err := rules.Load(o.config)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy pipe: %v\n", err)
			return 2
		}
		cfg = c
	}
	if o.maxLine == 0 {
		o.maxLine = int(cfg.Pipe.MaxLine)
	}
	if o.maxLine < 1024 {
		fmt.Fprintln(stderr, "piiproxy pipe: --max-line must be at least 1024")
		return 2
	}
	if o.workers < 0 {
		fmt.Fprintln(stderr, "piiproxy pipe: --workers must be 0 or more")
		return 2
	}
	if o.workers == 0 {
		o.workers = runtime.GOMAXPROCS(0)
	}
	if o.format != "auto" && o.format != "text" && o.format != "json" {
		fmt.Fprintf(stderr, "piiproxy pipe: --format must be auto, text or json, not %q\n", o.format)
		return 2
	}
	key, err := loadKey(o.keyFile, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy pipe: %v\n", err)
		return 2
	}
	rc, err := cfg.Redact(key)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy pipe: %v\n", err)
		return 2
	}
	sc, err := redact.New(rc)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy pipe: %v\n", err)
		return 2
	}
	p := &piper{sc: sc, sess: sc.NewSession(), maxLine: o.maxLine, format: o.format, workers: o.workers}
	out := bufio.NewWriterSize(stdout, 64<<10)
	code := 0
	if fs.NArg() == 0 {
		if err := p.run(stdin, out); err != nil {
			fmt.Fprintf(stderr, "piiproxy pipe: stdin: %v\n", err)
			code = 1
		}
	}
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy pipe: %v\n", err)
			code = 1
			continue
		}
		err = p.run(f, out)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy pipe: %s: %v\n", name, err)
			code = 1
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "piiproxy pipe: write: %v\n", err)
		code = 1
	}
	if o.stats {
		p.printStats(stderr)
	}
	return code
}

// piper streams lines through a Session with bounded memory.
type piper struct {
	sc      *redact.Scrubber
	workers int
	extra   []*redact.Session // the parallel workers' sessions, for stats
	sess    *redact.Session
	maxLine int
	format  string
	buf     []byte
	long    uint64 // lines longer than maxLine
	// invalidPar counts --format json lines that were not JSON.
	invalidPar atomic.Uint64
	// failed counts lines the engine could not scrub (a bug): each is
	// replaced by failedLine, never written as it came.
	failed atomic.Uint64
}

// failedLine stands for a line that could not be scrubbed.
const failedLine = "[piiproxy: line dropped, scrub failed]"

func (p *piper) run(r io.Reader, w *bufio.Writer) error {
	if p.workers > 1 {
		return p.runParallel(r, w)
	}
	br := bufio.NewReaderSize(r, p.maxLine)
	for {
		if br.Buffered() == 0 {
			// About to block on input: let what is done reach the reader.
			if err := w.Flush(); err != nil {
				return err
			}
		}
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if err := p.longLine(br, line, w); err != nil {
				return err
			}
			continue
		}
		if len(line) > 0 {
			body, eol := splitEOL(line)
			p.buf = p.scrub(p.buf[:0], body)
			p.buf = append(p.buf, eol...)
			if _, werr := w.Write(p.buf); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func (p *piper) scrub(dst, line []byte) []byte {
	return p.scrubWith(p.sess, dst, line)
}

// longLine scrubs a line longer than the reader's buffer as text, piece by
// piece. Each piece ends at a separator where one is near, so that values
// are rarely cut; memory stays bounded by maxLine.
func (p *piper) longLine(br *bufio.Reader, first []byte, w *bufio.Writer) error {
	p.long++
	var carry []byte
	chunk := first
	for {
		data := append(carry, chunk...)
		cut := len(data)
		final := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
		var eol []byte
		if final {
			data, eol = splitEOL(data)
			cut = len(data)
		} else if k := lastSeparator(data); k > len(data)/2 {
			cut = k
		}
		p.buf = p.sess.AppendText(p.buf[:0], data[:cut])
		if _, err := w.Write(p.buf); err != nil {
			return err
		}
		if final {
			_, err := w.Write(eol)
			return err
		}
		carry = append(carry[:0:0], data[cut:]...)
		var err error
		chunk, err = br.ReadSlice('\n')
		if err == io.EOF {
			p.buf = p.sess.AppendText(p.buf[:0], append(carry, chunk...))
			_, werr := w.Write(p.buf)
			return werr
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// lastSeparator returns the index just after the last separator (space,
// tab, ',', '&' or ';') in the final 4 KiB of b, or -1. It prefers one that
// no detector's value crosses: not between digits ("+33 6 12 34"), not
// before a capital ("Jane Smith") and not inside a run of groups.
func lastSeparator(b []byte) int {
	lo := len(b) - 4096
	if lo < 1 {
		lo = 1
	}
	any := -1
	for i := len(b) - 2; i >= lo; i-- {
		switch b[i] {
		case ' ', '\t', ',', '&', ';':
			if any < 0 {
				any = i + 1
			}
			prev, next := b[i-1], b[i+1]
			if !isDigitOrUpper(prev) && !isDigitOrUpper(next) && next != '+' && next != '(' {
				return i + 1
			}
		}
	}
	return any
}

func isDigitOrUpper(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' }

func splitEOL(line []byte) (body, eol []byte) {
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
		if n > 0 && line[n-1] == '\r' {
			n--
		}
	}
	return line[:n], line[n:]
}

func (p *piper) printStats(w io.Writer) {
	st := p.sess.Stats()
	for _, x := range p.extra {
		xs := x.Stats()
		st.Add(&xs)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "piiproxy pipe: records=%d findings=%d", st.Records, st.Total())
	for _, k := range redact.Kinds() {
		fmt.Fprintf(&b, " %s=%d", k, st.Found[k])
	}
	fmt.Fprintf(&b, " json_fallbacks=%d long_lines=%d rule_timeouts=%d failed=%d", st.TextFallbacks+p.invalidPar.Load(), p.long, st.RuleTimeouts, p.failed.Load())
	b.WriteByte('\n')
	w.Write(b.Bytes())
}
