package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/piiproxy/piiproxy/bench"
	"github.com/piiproxy/piiproxy/bench/report"
	"github.com/piiproxy/piiproxy/redact"
	"github.com/piiproxy/piiproxy/rules"
)

// benchExtra holds the flags of `piiproxy bench` that go beyond one
// throughput run (configuration file, detector cost, baselines, report),
// and what the run measured, for the comparison and the report.
type benchExtra struct {
	configFile  string
	compare     bool
	shares      bool
	shareRounds int
	reportDir   string

	args     []string
	start    time.Time
	duration time.Duration
	// accuracyPlanned is set when the corpus is labelled, so accuracy runs.
	accuracyPlanned bool
	results         []namedResult
	ablation        *bench.AblationResult
	accuracy        *bench.AccuracyReport
	corpus          string
	progress        *bench.Progress
}

// namedResult is one throughput measurement and what was measured.
type namedResult struct {
	name string
	r    bench.ThroughputResult
}

// addFlags registers the flags of b on fs.
func (b *benchExtra) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&b.configFile, "config", "", "rules configuration (YAML) to measure instead of the defaults; its custom rules get a share each")
	fs.BoolVar(&b.compare, "compare", false, "also measure the baselines (Go regexp, regexp2 with the same patterns) and print piiproxy/baseline ratios; the OpenTelemetry processor is measured by 'cd bench/otel && go run ./cmd/otelbench'")
	fs.BoolVar(&b.shares, "shares", true, "measure each detector's and custom rule's share of the time by leaving it out (ablation)")
	fs.IntVar(&b.shareRounds, "share-rounds", 3, "measurements of every variant in the ablation, each for --duration divided by this; the fastest counts")
	fs.StringVar(&b.reportDir, "report", "", "write an HTML report with throughput.svg and detectors.svg into this directory (measures all cores too)")
}

// config returns the engine configuration to measure: the defaults, or
// the --config file's.
func (b *benchExtra) config(key []byte) (redact.Config, error) {
	if b.configFile == "" {
		return redact.DefaultConfig(key), nil
	}
	rc, err := rules.Load(b.configFile)
	if err != nil {
		return redact.Config{}, err
	}
	return rc.Redact(key)
}

// begin is called once the corpus and configuration are known and before
// the first measurement: it sets up --report's extra run and starts the
// progress report on stderr.
func (b *benchExtra) begin(o *benchOptions, args []string, stderr io.Writer, cfg redact.Config, lines [][]byte, labelled bool) {
	b.args = args
	b.start = time.Now()
	b.duration = o.duration
	b.accuracyPlanned = labelled
	b.corpus = fmt.Sprintf("%d records, %s", len(lines), mb(size(lines)))
	if b.reportDir != "" && o.parallel == 0 && runtime.GOMAXPROCS(0) > 1 {
		o.parallel = runtime.GOMAXPROCS(0)
	}
	runs := 1
	if o.parallel > 0 {
		runs++
	}
	if o.baseline || b.compare {
		runs++
	}
	if b.compare {
		runs++
	}
	if b.shares {
		runs += 1 + len(ablationVariants(cfg))
	}
	b.progress = bench.NewProgress(stderr, isTerminal(os.Stderr) && stderr == io.Writer(os.Stderr), time.Duration(runs)*o.duration)
	b.progress.Phase("throughput")
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// keep records r under name for the comparison and the report, and
// returns it.
func (b *benchExtra) keep(name string, r bench.ThroughputResult) bench.ThroughputResult {
	b.results = append(b.results, namedResult{name, r})
	// A slow baseline runs one whole pass, longer than planned, and its
	// accuracy (two passes) comes later.
	b.progress.Extend(r.Elapsed - b.duration)
	if name == "regexp baseline" && r.Rounds > 0 && b.accuracyPlanned {
		b.progress.Extend(2 * r.Elapsed / time.Duration(r.Rounds))
	}
	return r
}

// result returns the first result named name.
func (b *benchExtra) result(name string) (bench.ThroughputResult, bool) {
	for _, r := range b.results {
		if r.name == name {
			return r.r, true
		}
	}
	return bench.ThroughputResult{}, false
}

// ablationVariant is a configuration with one detector or custom rule
// left out.
type ablationVariant struct {
	name string
	cfg  redact.Config
}

// ablationVariants returns cfg once per enabled built-in kind with that
// kind turned off, and once per custom rule with that rule removed.
func ablationVariants(cfg redact.Config) []ablationVariant {
	var out []ablationVariant
	for _, k := range redact.Kinds() {
		if k == redact.KindCustom || !cfg.Kinds[k].Enabled {
			continue
		}
		c := cfg
		c.Kinds[k].Enabled = false
		out = append(out, ablationVariant{k.String(), c})
	}
	for i, r := range cfg.Custom {
		c := cfg
		c.Custom = append(append([]redact.CustomRule(nil), cfg.Custom[:i]...), cfg.Custom[i+1:]...)
		out = append(out, ablationVariant{"rule " + r.Name(), c})
	}
	return out
}

// measure runs the measurements of --compare and --shares after the main
// throughput run and prints them.
func (b *benchExtra) measure(stdout io.Writer, cfg redact.Config, sc *redact.Scrubber, lines [][]byte, dur time.Duration) error {
	// What follows in runBench is the accuracy pass.
	defer b.progress.Phase("accuracy")
	opt := bench.ThroughputOptions{MinDuration: dur, MinRounds: 1}
	if b.compare {
		b.progress.Phase("baseline: regexp2")
		r2 := bench.NewRegexp2Baseline()
		printThroughput(stdout, "regexp2 baseline", b.keep("regexp2 baseline", bench.RunThroughput(r2, lines, opt)))
		if n := r2.Timeouts(); n > 0 {
			fmt.Fprintf(stdout, "regexp2 baseline: %d lines dropped on a %v match timeout\n", n, bench.Regexp2MatchTimeout)
		}
		own, _ := b.result("piiproxy")
		fmt.Fprintln(stdout)
		for _, base := range []string{"regexp baseline", "regexp2 baseline"} {
			if r, ok := b.result(base); ok && r.MBPerSec() > 0 {
				fmt.Fprintf(stdout, "piiproxy/%-17s %6.1fx  (%.1f vs %.1f MB/s, one core each)\n", base+":", own.MBPerSec()/r.MBPerSec(), own.MBPerSec(), r.MBPerSec())
			}
		}
	}
	if !b.shares {
		return nil
	}
	vs := ablationVariants(cfg)
	variants := make([]bench.Variant, 0, len(vs))
	for _, v := range vs {
		s, err := redact.New(v.cfg)
		if err != nil {
			return fmt.Errorf("without %s: %w", v.name, err)
		}
		variants = append(variants, bench.Variant{Name: v.name, Scrubber: s.NewSession()})
	}
	res := bench.Ablate(sc.NewSession(), variants, lines, bench.AblationOptions{
		Duration: dur / time.Duration(max(b.shareRounds, 1)), Rounds: b.shareRounds,
		Step: func(l string) { b.progress.Phase("detector cost: without " + l) },
	})
	b.ablation = &res
	fmt.Fprintf(stdout, "\ntime share per detector, by leaving it out (all on: %.1f MB/s, fastest of %d rounds; all-on runs varied by %.1f%%):\n",
		res.All.MBPerSec(), max(b.shareRounds, 1), res.AllSpread*100)
	writeShares(stdout, res)
	if n := len(res.Shares); n > 0 && res.Shares[n-1].Share < -res.AllSpread {
		fmt.Fprintln(stdout, "  (a share below minus the spread: scrubbing was slower without the detector; run again with more --share-rounds to tell it from load)")
	}
	return nil
}

// writeShares prints the shares as a table, the most expensive first.
func writeShares(w io.Writer, res bench.AblationResult) {
	fmt.Fprintf(w, "  %-28s %8s %12s\n", "detector", "share", "MB/s without")
	for _, s := range res.Shares {
		fmt.Fprintf(w, "  %-28s %7.1f%% %12.1f\n", s.Name, s.Share*100, s.Without.MBPerSec())
	}
}

// finish writes the --report and stops the progress output. It returns
// the exit code.
func (b *benchExtra) finish(stdout, stderr io.Writer) int {
	b.progress.Done()
	if b.reportDir == "" {
		return 0
	}
	files, err := b.report().Write(b.reportDir)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy bench: report: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nreport: %s\n", strings.Join(files, " "))
	return 0
}

// report assembles the report of the run.
func (b *benchExtra) report() *report.Report {
	r := &report.Report{
		Title:          "piiproxy bench",
		Command:        "piiproxy bench " + strings.Join(b.args, " "),
		Generated:      b.start,
		Facts:          machineFacts(bench.ReadMachine()),
		ThroughputUnit: "MB/s",
	}
	r.Facts = append(r.Facts, report.Fact{Label: "corpus", Value: b.corpus})
	if b.configFile != "" {
		r.Facts = append(r.Facts, report.Fact{Label: "configuration", Value: b.configFile})
	}
	rows := [][]string{{"", "MB/s", "records/s", "allocs/record", "goroutines"}}
	for _, n := range b.results {
		label := n.name
		if n.name == "piiproxy" {
			label = "piiproxy, 1 core"
		} else if strings.HasPrefix(n.name, "piiproxy x") {
			label = fmt.Sprintf("piiproxy, %d goroutines", n.r.Workers)
		}
		r.Throughput = append(r.Throughput, report.Bar{Label: label, Value: n.r.MBPerSec(), Highlight: strings.HasPrefix(n.name, "piiproxy")})
		rows = append(rows, []string{label, fmt.Sprintf("%.1f", n.r.MBPerSec()), fmt.Sprintf("%.0f", n.r.RecordsPerSec()),
			fmt.Sprintf("%.2f", n.r.AllocsPerRecord()), fmt.Sprint(n.r.Workers)})
	}
	r.Tables = append(r.Tables, report.Table{Title: "Throughput figures", Rows: rows})
	if b.ablation != nil {
		srows := [][]string{{"left out", "share of time", "MB/s without"}}
		for _, s := range b.ablation.Shares {
			r.Shares = append(r.Shares, report.Bar{Label: s.Name, Value: s.Share, Highlight: true})
			srows = append(srows, []string{s.Name, report.Percent(s.Share), fmt.Sprintf("%.1f", s.Without.MBPerSec())})
		}
		r.Tables = append(r.Tables, report.Table{Title: fmt.Sprintf("Detector cost (all on: %.1f MB/s; all-on runs varied by %.1f%%)", b.ablation.All.MBPerSec(), b.ablation.AllSpread*100), Rows: srows})
	}
	if a := b.accuracy; a != nil {
		arows := [][]string{{"kind", "labelled", "recall", "found"}}
		for _, k := range redact.Kinds() {
			if sc := a.Recall[k]; sc.Total > 0 || a.Found.Found[k] > 0 {
				arows = append(arows, []string{k.String(), fmt.Sprint(sc.Total), report.Percent(sc.Ratio()), fmt.Sprint(a.Found.Found[k])})
			}
		}
		arows = append(arows, []string{"near-misses kept", fmt.Sprint(a.Kept.Total), report.Percent(a.Kept.Ratio()), ""})
		r.Tables = append(r.Tables, report.Table{Title: "Accuracy", Rows: arows})
	}
	r.Notes = append(r.Notes, "Throughput is input megabytes (10^6 bytes) per second of wall time. "+
		"A detector's share is (t_all − t_without)/t_all, measured in the same run by leaving it out; "+
		"on a shared machine compare figures within one run only.")
	return r
}

// machineFacts describes m for a report.
func machineFacts(m bench.Machine) []report.Fact {
	f := []report.Fact{
		{Label: "CPU", Value: fmt.Sprintf("%s (%d logical CPUs, GOMAXPROCS %d)", m.CPUModel, m.CPUs, m.GOMAXPROCS)},
		{Label: "Go", Value: fmt.Sprintf("%s %s/%s", m.GoVersion, m.OS, m.Arch)},
	}
	if m.LoadAvg != "" {
		f = append(f, report.Fact{Label: "load average at the start", Value: m.LoadAvg})
	}
	return f
}
