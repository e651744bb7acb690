package main

import (
	"bufio"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/piiproxy/piiproxy/bench"
	"github.com/piiproxy/piiproxy/bench/corpus"
	"github.com/piiproxy/piiproxy/redact"
)

func init() {
	commands["bench"] = command{
		summary: "measure throughput and accuracy on a generated or given corpus; 'bench gen' writes one",
		run:     runBench,
	}
}

// fileList is a repeatable string flag.
type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

// benchOptions are the flags of `piiproxy bench`.
type benchOptions struct {
	corpora  fileList
	records  int
	seed     uint64
	mix      string
	duration time.Duration
	baseline bool
	misses   int
	parallel int
	method   string
	cpuprof  string
	extra    benchExtra
}

func runBench(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "gen" {
		return runBenchGen(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "proxy" {
		return runBenchProxy(args[1:], stdout, stderr)
	}
	var o benchOptions
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: piiproxy bench [flags]")
		fmt.Fprintln(stderr, "       piiproxy bench gen [flags]")
		fmt.Fprintln(stderr, "       piiproxy bench proxy [flags]")
		fmt.Fprintln(stderr, "\nScrubs a corpus with the default configuration on one goroutine and prints MB/s,")
		fmt.Fprintln(stderr, "records/s, allocations per record and findings per kind; for a labelled corpus also")
		fmt.Fprintln(stderr, "recall per kind, the share of near-misses kept and the share of stand-ins that keep")
		fmt.Fprintln(stderr, "the shape of their kind. Without --corpus it generates one.")
		fmt.Fprintln(stderr, "A --corpus file is either labelled JSON Lines (as written by 'bench gen') or plain log lines.")
		fmt.Fprintln(stderr, "A random key is used: pseudonyms do not matter here.")
		fs.PrintDefaults()
	}
	fs.Var(&o.corpora, "corpus", "corpus file, labelled JSONL or plain log lines (repeatable)")
	fs.IntVar(&o.records, "records", 20000, "records to generate when no --corpus is given")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated corpus")
	fs.StringVar(&o.mix, "mix", "", "formats of the generated corpus, e.g. access=3,app=2,json,sentry,rollbar (default: all)")
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "least time to spend on each throughput run")
	fs.BoolVar(&o.baseline, "baseline", false, "also measure the naive regexp pipeline")
	fs.IntVar(&o.misses, "misses", 0, "print up to this many misses per kind")
	fs.StringVar(&o.method, "method", "", "use this method for every kind (pseudonymize, mask, redact, keep) instead of the defaults; redact measures detection alone")
	fs.StringVar(&o.cpuprof, "cpuprofile", "", "write a CPU profile of the single-goroutine throughput run to this file")
	fs.IntVar(&o.parallel, "parallel", 0, "also measure this many goroutines scrubbing at once, one Session each (0: skip)")
	o.extra.addFlags(fs)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "piiproxy bench: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if o.records <= 0 {
		fmt.Fprintln(stderr, "piiproxy bench: --records must be positive")
		return 2
	}
	var method redact.Method
	if o.method != "" {
		m, err := redact.ParseMethod(o.method)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy bench: --method: %v\n", err)
			return 2
		}
		method = m
	}

	var recs []corpus.Record
	var lines [][]byte
	labelled := true
	if len(o.corpora) == 0 {
		cfg := corpus.Config{Seed: o.seed, Records: o.records}
		if o.mix != "" {
			m, err := corpus.ParseMix(o.mix)
			if err != nil {
				fmt.Fprintf(stderr, "piiproxy bench: --mix: %v\n", err)
				return 2
			}
			cfg.Mix = m
		}
		var err error
		if recs, err = corpus.Generate(cfg); err != nil {
			fmt.Fprintf(stderr, "piiproxy bench: %v\n", err)
			return 2
		}
		lines = corpus.Texts(recs)
		fmt.Fprintf(stdout, "corpus: %d generated records (seed %d), %s\n", len(recs), o.seed, mb(size(lines)))
	} else {
		for _, name := range o.corpora {
			cf, err := bench.ReadCorpusFile(name)
			if err != nil {
				fmt.Fprintf(stderr, "piiproxy bench: %v\n", err)
				return 1
			}
			r, l, isLabelled := cf.Records, cf.Lines, cf.Records != nil
			labelled = labelled && isLabelled
			recs = append(recs, r...)
			lines = append(lines, l...)
			kind := "plain lines"
			if isLabelled {
				kind = "labelled"
			}
			fmt.Fprintf(stdout, "corpus: %s: %d records (%s), %s\n", name, len(l), kind, mb(size(l)))
		}
		if !labelled && len(recs) > 0 {
			fmt.Fprintln(stdout, "accuracy: skipped, not every corpus file is labelled")
		}
	}
	if len(lines) == 0 {
		fmt.Fprintln(stderr, "piiproxy bench: empty corpus")
		return 1
	}

	key := make([]byte, redact.MinKeyLen)
	if _, err := rand.Read(key); err != nil {
		fmt.Fprintf(stderr, "piiproxy bench: random key: %v\n", err)
		return 1
	}
	cfg, err := o.extra.config(key)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy bench: %v\n", err)
		return 2
	}
	if o.method != "" {
		for _, k := range redact.Kinds() {
			cfg.Kinds[k].Method = method
		}
		fmt.Fprintf(stdout, "method: %s for every kind\n", method)
	}
	sc, err := redact.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy bench: %v\n", err)
		return 1
	}

	opt := bench.ThroughputOptions{MinDuration: o.duration, MinRounds: 1}
	o.extra.begin(&o, args, stderr, cfg, lines, labelled)
	defer o.extra.progress.Done()
	fmt.Fprintln(stdout)
	if o.cpuprof != "" {
		f, err := os.Create(o.cpuprof)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy bench: %v\n", err)
			return 1
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			fmt.Fprintf(stderr, "piiproxy bench: cpu profile: %v\n", err)
			return 1
		}
		printThroughput(stdout, "piiproxy", o.extra.keep("piiproxy", bench.RunThroughput(sc.NewSession(), lines, opt)))
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "piiproxy bench: cpu profile: %v\n", err)
			return 1
		}
	} else {
		printThroughput(stdout, "piiproxy", o.extra.keep("piiproxy", bench.RunThroughput(sc.NewSession(), lines, opt)))
	}
	if o.parallel > 0 {
		r := bench.RunThroughputParallel(func() bench.LineScrubber { return sc.NewSession() }, lines, o.parallel, opt)
		printThroughput(stdout, fmt.Sprintf("piiproxy x%d", r.Workers), o.extra.keep(fmt.Sprintf("piiproxy x%d", r.Workers), r))
	}
	var base *bench.RegexpBaseline
	if o.baseline || o.extra.compare {
		base = bench.NewRegexpBaseline()
		printThroughput(stdout, "regexp baseline", o.extra.keep("regexp baseline", bench.RunThroughput(base, lines, opt)))
	}
	if err := o.extra.measure(stdout, cfg, sc, lines, o.duration); err != nil {
		fmt.Fprintf(stderr, "piiproxy bench: %v\n", err)
		return 1
	}
	if rss, ok := bench.PeakRSS(); ok {
		fmt.Fprintf(stdout, "peak RSS %s (corpus included)\n", mb(rss))
	}

	fmt.Fprintln(stdout)
	if labelled {
		rep := bench.Accuracy(sc.NewSession(), recs, bench.AccuracyOptions{MaxMisses: o.misses})
		o.extra.accuracy = rep
		fmt.Fprintln(stdout, "piiproxy accuracy (recall: labelled values no longer present; keep: near-misses left verbatim):")
		rep.WriteTable(stdout)
		if o.misses > 0 {
			rep.WriteMisses(stdout, o.misses)
		}
		if base != nil {
			fmt.Fprintln(stdout, "\nregexp baseline accuracy:")
			brep := bench.Accuracy(base, recs, bench.AccuracyOptions{MaxMisses: o.misses})
			brep.WriteTable(stdout)
		}
	} else {
		sess := sc.NewSession()
		var out []byte
		for _, l := range lines {
			out = sess.AppendLine(out[:0], l)
		}
		st := sess.Stats()
		fmt.Fprint(stdout, "findings per kind:")
		for _, k := range redact.Kinds() {
			fmt.Fprintf(stdout, " %s=%d", k, st.Found[k])
		}
		fmt.Fprintln(stdout)
	}
	return o.extra.finish(stdout, stderr)
}

func printThroughput(w io.Writer, name string, r bench.ThroughputResult) {
	fmt.Fprintf(w, "%-16s %8.1f MB/s %10.0f records/s %7.2f allocs/record", name+":", r.MBPerSec(), r.RecordsPerSec(), r.AllocsPerRecord())
	if r.P99 > 0 {
		fmt.Fprintf(w, "  p50 %v p99 %v max %v per record", r.P50.Round(10*time.Nanosecond), r.P99.Round(10*time.Nanosecond), r.Max.Round(time.Microsecond))
	}
	fmt.Fprintf(w, "  (%d rounds in %v)\n", r.Rounds, r.Elapsed.Round(time.Millisecond))
}

func size(lines [][]byte) int64 {
	var n int64
	for _, l := range lines {
		n += int64(len(l))
	}
	return n
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// runBenchGen implements `piiproxy bench gen`.
func runBenchGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench gen", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: piiproxy bench gen [flags]")
		fmt.Fprintln(stderr, "\nWrites a generated corpus: labelled JSON Lines ({\"text\",\"format\",\"pii\",\"keep\"}),")
		fmt.Fprintln(stderr, "or with --text only the log lines. The same flags always give the same corpus.")
		fs.PrintDefaults()
	}
	format := fs.String("format", "", "formats and weights, e.g. access, or access=3,app=2,json,sentry,rollbar (default: all)")
	records := fs.Int("records", 0, "records to write (default 1000 when --bytes is not set)")
	bytesFlag := fs.Int64("bytes", 0, "stop once the records' text reaches this many bytes")
	seed := fs.Uint64("seed", 1, "seed")
	out := fs.String("out", "-", "output file, - for stdout")
	textOnly := fs.Bool("text", false, "write only the records' text, one per line (no labels)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "piiproxy bench gen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *records < 0 || *bytesFlag < 0 {
		fmt.Fprintln(stderr, "piiproxy bench gen: --records and --bytes must not be negative")
		return 2
	}
	cfg := corpus.Config{Seed: *seed, Records: *records, Bytes: *bytesFlag}
	if *format != "" {
		m, err := corpus.ParseMix(*format)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy bench gen: --format: %v\n", err)
			return 2
		}
		cfg.Mix = m
	}
	recs, err := corpus.Generate(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy bench gen: %v\n", err)
		return 2
	}
	w := stdout
	var f *os.File
	if *out != "-" && *out != "" {
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintf(stderr, "piiproxy bench gen: %v\n", err)
			return 1
		}
		w = f
	}
	if *textOnly {
		bw := bufio.NewWriterSize(w, 64<<10)
		for _, r := range recs {
			bw.WriteString(r.Text)
			bw.WriteByte('\n')
		}
		err = bw.Flush()
	} else {
		err = corpus.WriteJSONL(w, recs)
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy bench gen: write: %v\n", err)
		return 1
	}
	return 0
}
