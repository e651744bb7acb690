package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/piiproxy/piiproxy/bench"
	"github.com/piiproxy/piiproxy/bench/load"
	"github.com/piiproxy/piiproxy/bench/report"
	"github.com/piiproxy/piiproxy/proxy"
	"github.com/piiproxy/piiproxy/redact"
	"github.com/piiproxy/piiproxy/rules"
)

// benchProxyOptions are the flags of `piiproxy bench proxy`.
type benchProxyOptions struct {
	target      string
	configFile  string
	duration    time.Duration
	requests    int64
	concurrency int
	rate        float64
	size        int
	mix         string
	bodies      int
	warmup      time.Duration
	rounds      int
	reportDir   string
}

// loadTarget is one server under load and what it measured.
type loadTarget struct {
	name string
	url  string
	res  *load.Result
}

func runBenchProxy(args []string, stdout, stderr io.Writer) int {
	var o benchProxyOptions
	fs := flag.NewFlagSet("bench proxy", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: piiproxy bench proxy [flags]")
		fmt.Fprintln(stderr, "\nStarts, in this process and on 127.0.0.1, a sink upstream that answers 200, piiproxy's")
		fmt.Fprintln(stderr, "server forwarding to it and a plain fasthttp pass-through proxy to the same sink, then")
		fmt.Fprintln(stderr, "sends Sentry envelopes and Rollbar items with personal data through each in turn and")
		fmt.Fprintln(stderr, "prints events/s, latency percentiles, the piiproxy/pass-through ratio and peak RSS.")
		fmt.Fprintln(stderr, "With --target it loads an already running piiproxy instead (its upstreams must answer).")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.target, "target", "", "base URL of a running piiproxy to load instead of the in-process servers, e.g. http://127.0.0.1:8080")
	fs.StringVar(&o.configFile, "config", "", "rules configuration (YAML) of the in-process piiproxy (default: built-in rules)")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "time to load each target (0: until --requests are sent)")
	fs.Int64Var(&o.requests, "requests", 0, "stop each target after this many requests (0: no limit)")
	fs.IntVar(&o.concurrency, "concurrency", 16, "clients sending at once")
	fs.Float64Var(&o.rate, "rate", 0, "requests per second in all (0: as fast as possible)")
	fs.IntVar(&o.size, "size", load.DefaultEventSize, "size of an event payload in bytes")
	fs.StringVar(&o.mix, "mix", "sentry=3,rollbar=1", "request mix: weights of sentry envelopes and rollbar items")
	fs.IntVar(&o.bodies, "bodies", 64, "distinct payloads per kind (different people in each)")
	fs.DurationVar(&o.warmup, "warmup", 300*time.Millisecond, "unmeasured load on each target before measuring")
	fs.IntVar(&o.rounds, "rounds", 5, "load the targets in turn this many times, each for a share of --duration and --requests, so that load from elsewhere hits both alike")
	fs.StringVar(&o.reportDir, "report", "", "write an HTML report with throughput.svg and latency.svg into this directory")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "piiproxy bench proxy: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(stderr, "piiproxy bench proxy: %v\n", err)
		return 2
	}
	reqs, err := loadRequests(o.mix, o.bodies, o.size)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy bench proxy: --mix: %v\n", err)
		return 2
	}
	start := time.Now()
	machine := bench.ReadMachine()

	var targets []*loadTarget
	if o.target != "" {
		targets = []*loadTarget{{name: "piiproxy", url: strings.TrimSuffix(o.target, "/")}}
	} else {
		stop, ts, err := startLoadTargets(o.configFile)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy bench proxy: %v\n", err)
			return 1
		}
		defer stop()
		targets = ts
	}
	fmt.Fprintf(stdout, "load: %d clients, %d-byte events, mix %s, %s per target in %d rounds", o.concurrency, o.size, o.mix, o.bound(), o.rounds)
	if o.rate > 0 {
		fmt.Fprintf(stdout, " at %.0f requests/s", o.rate)
	}
	fmt.Fprintln(stdout)

	per := o.duration + o.warmup
	if o.duration == 0 {
		per = 5 * time.Second
	}
	prog := bench.NewProgress(stderr, isTerminal(os.Stderr) && stderr == io.Writer(os.Stderr), time.Duration(len(targets))*per)
	defer prog.Done()
	ctx := context.Background()
	for _, t := range targets {
		prog.Phase("warm-up: " + t.name)
		if o.warmup > 0 {
			if _, err := load.Run(ctx, load.Options{URL: t.url, Requests: reqs, Concurrency: o.concurrency, Duration: o.warmup, Rate: o.rate}); err != nil {
				fmt.Fprintf(stderr, "piiproxy bench proxy: %v\n", err)
				return 1
			}
		}
		t.res = &load.Result{}
	}
	// Each round loads every target for its share, in turn, so that both
	// see the same load from elsewhere; the rounds' ratios show the noise.
	var ratios []float64
	for round := range o.rounds {
		var perSec []float64
		for _, t := range targets {
			prog.Phase(fmt.Sprintf("load: %s, round %d of %d", t.name, round+1, o.rounds))
			res, err := load.Run(ctx, load.Options{URL: t.url, Requests: reqs, Concurrency: o.concurrency,
				Duration: o.duration / time.Duration(o.rounds), Count: roundCount(o.requests, o.rounds, round), Rate: o.rate})
			if err != nil {
				fmt.Fprintf(stderr, "piiproxy bench proxy: %v\n", err)
				return 1
			}
			t.res.Merge(res)
			perSec = append(perSec, res.PerSec())
		}
		if len(perSec) == 2 && perSec[0] > 0 {
			ratios = append(ratios, perSec[1]/perSec[0])
		}
	}
	for _, t := range targets {
		printLoad(stdout, t)
	}
	prog.Done()
	code := 0
	for _, t := range targets {
		if t.res.Requests == 0 {
			fmt.Fprintf(stderr, "piiproxy bench proxy: %s answered no request successfully: %s\n", t.name, t.res.FirstError)
			code = 1
		}
	}
	if len(targets) == 2 && targets[0].res.PerSec() > 0 {
		p, b := targets[1].res, targets[0].res
		fmt.Fprintf(stdout, "piiproxy/pass-through: %.2fx events/s, p99 %v vs %v", p.PerSec()/b.PerSec(),
			p.Percentile(99).Round(time.Microsecond), b.Percentile(99).Round(time.Microsecond))
		if len(ratios) > 1 {
			fmt.Fprintf(stdout, " (rounds: %.2fx to %.2fx)", slices.Min(ratios), slices.Max(ratios))
		}
		fmt.Fprintln(stdout)
	}
	rss, hasRSS := bench.PeakRSS()
	if hasRSS {
		where := "load generator, sink and both proxies in this process"
		if o.target != "" {
			where = "the load generator only"
		}
		fmt.Fprintf(stdout, "peak RSS %s (%s)\n", mb(rss), where)
	}
	if o.reportDir != "" {
		r := proxyReport(args, start, machine, &o, targets, rss)
		files, err := r.Write(o.reportDir)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy bench proxy: report: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "report: %s\n", strings.Join(files, " "))
	}
	return code
}

// roundCount returns the requests of round i of n when total are spread
// over the rounds, 0 when total is 0 (no limit).
func roundCount(total int64, n, i int) int64 {
	if total == 0 {
		return 0
	}
	c := total / int64(n)
	if int64(i) < total%int64(n) {
		c++
	}
	return max(c, 1)
}

// check reports the first invalid flag combination.
func (o *benchProxyOptions) check() error {
	switch {
	case o.duration < 0 || o.requests < 0 || o.rate < 0 || o.warmup < 0:
		return errors.New("--duration, --requests, --rate and --warmup must not be negative")
	case o.duration == 0 && o.requests == 0:
		return errors.New("set --duration or --requests")
	case o.concurrency < 1 || o.concurrency > 4096:
		return errors.New("--concurrency must be 1..4096")
	case o.size < 256 || o.size > 16<<20:
		return errors.New("--size must be 256 bytes..16 MiB")
	case o.bodies < 1 || o.bodies > 10000:
		return errors.New("--bodies must be 1..10000")
	case o.rounds < 1 || o.rounds > 1000:
		return errors.New("--rounds must be 1..1000")
	}
	if o.target != "" {
		if !strings.HasPrefix(o.target, "http://") {
			return errors.New("--target must be an http:// URL")
		}
		if o.configFile != "" {
			return errors.New("--config applies to the in-process piiproxy, not to --target")
		}
	}
	return nil
}

// bound describes how long each target is loaded.
func (o *benchProxyOptions) bound() string {
	switch {
	case o.duration > 0 && o.requests > 0:
		return fmt.Sprintf("%v or %d requests", o.duration, o.requests)
	case o.duration > 0:
		return o.duration.String()
	}
	return fmt.Sprintf("%d requests", o.requests)
}

// loadRequests builds the request mix: "sentry=3,rollbar=1" sends three
// envelopes for each Rollbar item.
func loadRequests(mix string, bodies, size int) ([]load.Request, error) {
	var out []load.Request
	for _, part := range strings.Split(mix, ",") {
		name, w, hasW := strings.Cut(strings.TrimSpace(part), "=")
		weight := 1
		if hasW {
			n, err := strconv.Atoi(w)
			if err != nil || n < 0 || n > 100 {
				return nil, fmt.Errorf("weight %q of %s: want 0..100", w, name)
			}
			weight = n
		}
		var r load.Request
		switch name {
		case "sentry":
			r = load.SentryRequests(bodies, size, 1)
		case "rollbar":
			r = load.RollbarRequests(bodies, size, 1)
		default:
			return nil, fmt.Errorf("unknown kind %q (want sentry, rollbar)", name)
		}
		for range weight {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no requests in the mix")
	}
	return out, nil
}

// startLoadTargets starts the sink, the pass-through proxy and piiproxy's
// server on 127.0.0.1, and returns a function that stops them and the two
// targets, pass-through first.
func startLoadTargets(configFile string) (func(), []*loadTarget, error) {
	key := make([]byte, redact.MinKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, nil, fmt.Errorf("random key: %w", err)
	}
	cfg := redact.DefaultConfig(key)
	if configFile != "" {
		rc, err := rules.Load(configFile)
		if err != nil {
			return nil, nil, err
		}
		if cfg, err = rc.Redact(key); err != nil {
			return nil, nil, err
		}
	}
	sc, err := redact.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	sink, err := load.StartSink()
	if err != nil {
		return nil, nil, err
	}
	pt, err := load.StartPassthrough(sink.URL)
	if err != nil {
		sink.Close()
		return nil, nil, err
	}
	srv, err := proxy.New(proxy.Config{SentryUpstream: sink.URL, RollbarUpstream: sink.URL, MaxConcurrent: 4096}, sc, nil, nil)
	if err != nil {
		pt.Close()
		sink.Close()
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pt.Close()
		sink.Close()
		return nil, nil, err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		ln.Close()
		select {
		case <-done:
		case <-ctx.Done():
		}
		pt.Close()
		sink.Close()
	}
	return stop, []*loadTarget{
		{name: "pass-through", url: pt.URL},
		{name: "piiproxy", url: "http://" + ln.Addr().String()},
	}, nil
}

// printLoad prints one target's result.
func printLoad(w io.Writer, t *loadTarget) {
	r := t.res
	fmt.Fprintf(w, "%-14s %9.0f events/s %7.1f MB/s  p50 %v p90 %v p99 %v max %v  (%d ok, %d failed in %v)\n",
		t.name+":", r.PerSec(), r.MBPerSec(), r.Percentile(50).Round(time.Microsecond), r.Percentile(90).Round(time.Microsecond),
		r.Percentile(99).Round(time.Microsecond), r.Percentile(100).Round(time.Microsecond), r.Requests, r.Failed, r.Elapsed.Round(time.Millisecond))
	if r.Failed > 0 {
		fmt.Fprintf(w, "%-14s first failure: %s\n", "", r.FirstError)
	}
}

// loadPercentiles are the percentiles drawn and tabled.
var loadPercentiles = []float64{50, 90, 99, 99.9, 100}

// proxyReport assembles the report of a load test.
func proxyReport(args []string, start time.Time, m bench.Machine, o *benchProxyOptions, targets []*loadTarget, rss int64) *report.Report {
	r := &report.Report{
		Title:          "piiproxy bench proxy",
		Command:        "piiproxy bench proxy " + strings.Join(args, " "),
		Generated:      start,
		Facts:          machineFacts(m),
		ThroughputUnit: "events/s",
	}
	r.Facts = append(r.Facts, report.Fact{Label: "load", Value: fmt.Sprintf("%d clients, %d-byte events, mix %s, %s per target", o.concurrency, o.size, o.mix, o.bound())})
	if rss > 0 {
		r.Facts = append(r.Facts, report.Fact{Label: "peak RSS", Value: mb(rss)})
	}
	rows := [][]string{{"target", "events/s", "MB/s", "p50", "p90", "p99", "p99.9", "max", "failed"}}
	for _, t := range targets {
		hl := t.name == "piiproxy"
		r.Throughput = append(r.Throughput, report.Bar{Label: t.name, Value: t.res.PerSec(), Highlight: hl})
		se := report.LatencySeries{Name: t.name, Highlight: hl}
		row := []string{t.name, fmt.Sprintf("%.0f", t.res.PerSec()), fmt.Sprintf("%.1f", t.res.MBPerSec())}
		for _, p := range loadPercentiles {
			d := t.res.Percentile(p)
			se.Points = append(se.Points, report.LatencyPoint{P: p, D: d})
			row = append(row, d.Round(time.Microsecond).String())
		}
		r.Latency = append(r.Latency, se)
		rows = append(rows, append(row, strconv.FormatInt(t.res.Failed, 10)))
	}
	r.Tables = append(r.Tables, report.Table{Title: "Load figures", Rows: rows})
	if o.target == "" {
		r.Notes = append(r.Notes, "The load generator, the sink and both proxies share this process and its CPUs; "+
			"compare piiproxy with the pass-through proxy of the same run.")
	}
	return r
}
