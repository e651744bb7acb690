// Command otelbench measures the OpenTelemetry Collector's redaction
// processor next to piiproxy and the naive Go regexp pipeline, in the same
// run and on the same corpus, one goroutine each, and prints MB/s and the
// ratio piiproxy/baseline. It lives in the bench/otel module so that the
// collector's dependencies never enter piiproxy's:
//
//	cd bench/otel && go run ./cmd/otelbench --corpus ../../corpus.jsonl
//	cd bench/otel && go run ./cmd/otelbench --records 20000 --mix access
package main

import (
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/piiproxy/piiproxy/bench"
	"github.com/piiproxy/piiproxy/bench/corpus"
	"github.com/piiproxy/piiproxy/bench/otel"
	"github.com/piiproxy/piiproxy/redact"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// corpusList is a repeatable --corpus flag.
type corpusList []string

func (c *corpusList) String() string     { return strings.Join(*c, ",") }
func (c *corpusList) Set(v string) error { *c = append(*c, v); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("otelbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var corpora corpusList
	fs.Var(&corpora, "corpus", "corpus file, labelled JSONL or plain log lines (repeatable); without it a corpus is generated")
	records := fs.Int("records", 20000, "records to generate when no --corpus is given")
	seed := fs.Uint64("seed", 1, "seed of the generated corpus")
	mix := fs.String("mix", "", "formats of the generated corpus, e.g. access=3,app=2,json,sentry,rollbar (default: all)")
	duration := fs.Duration("duration", 3*time.Second, "least time to spend on each throughput run")
	accuracy := fs.Bool("accuracy", true, "also print the processor's recall on a labelled corpus")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "otelbench: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	var lines [][]byte
	var recs []corpus.Record
	labelled := true
	if len(corpora) == 0 {
		cfg := corpus.Config{Seed: *seed, Records: *records}
		if *mix != "" {
			m, err := corpus.ParseMix(*mix)
			if err != nil {
				fmt.Fprintf(stderr, "otelbench: --mix: %v\n", err)
				return 2
			}
			cfg.Mix = m
		}
		var err error
		if recs, err = corpus.Generate(cfg); err != nil {
			fmt.Fprintf(stderr, "otelbench: %v\n", err)
			return 2
		}
		lines = corpus.Texts(recs)
	} else {
		for _, name := range corpora {
			c, err := bench.ReadCorpusFile(name)
			if err != nil {
				fmt.Fprintf(stderr, "otelbench: %v\n", err)
				return 1
			}
			labelled = labelled && c.Records != nil
			recs = append(recs, c.Records...)
			lines = append(lines, c.Lines...)
		}
	}
	if len(lines) == 0 {
		fmt.Fprintln(stderr, "otelbench: empty corpus")
		return 1
	}
	var n int64
	for _, l := range lines {
		n += int64(len(l))
	}
	fmt.Fprintf(stdout, "corpus: %d records, %.1f MB\n\n", len(lines), float64(n)/1e6)

	key := make([]byte, redact.MinKeyLen)
	if _, err := rand.Read(key); err != nil {
		fmt.Fprintf(stderr, "otelbench: random key: %v\n", err)
		return 1
	}
	sc, err := redact.New(redact.DefaultConfig(key))
	if err != nil {
		fmt.Fprintf(stderr, "otelbench: %v\n", err)
		return 1
	}
	proc, err := otel.New(otel.Config(hex.EncodeToString(key)))
	if err != nil {
		fmt.Fprintf(stderr, "otelbench: %v\n", err)
		return 1
	}
	defer proc.Close()

	opt := bench.ThroughputOptions{MinDuration: *duration, MinRounds: 1}
	own := bench.RunThroughput(sc.NewSession(), lines, opt)
	printResult(stdout, "piiproxy", own)
	for _, b := range []struct {
		name string
		s    bench.LineScrubber
	}{{"otel redaction", proc}, {"regexp baseline", bench.NewRegexpBaseline()}} {
		r := bench.RunThroughput(b.s, lines, opt)
		printResult(stdout, b.name, r)
		if r.MBPerSec() > 0 {
			fmt.Fprintf(stdout, "  piiproxy/%s: %.1fx\n", b.name, own.MBPerSec()/r.MBPerSec())
		}
	}
	if *accuracy && labelled && len(recs) > 0 {
		fmt.Fprintln(stdout, "\nOpenTelemetry redaction processor accuracy:")
		bench.Accuracy(proc, recs, bench.AccuracyOptions{}).WriteTable(stdout)
	}
	return 0
}

func printResult(w io.Writer, name string, r bench.ThroughputResult) {
	fmt.Fprintf(w, "%-16s %8.1f MB/s %10.0f records/s %7.2f allocs/record  (%d rounds in %v)\n",
		name+":", r.MBPerSec(), r.RecordsPerSec(), r.AllocsPerRecord(), r.Rounds, r.Elapsed.Round(time.Millisecond))
}
