package bench

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/piiproxy/piiproxy/bench/corpus"
	"github.com/piiproxy/piiproxy/redact"
)

// benchCorpusBytes is the size of each benchmark corpus.
const benchCorpusBytes = 4 << 20

var (
	benchMu      sync.Mutex
	benchCorpora = map[string][][]byte{}
)

// benchLines returns the lines of a generated corpus of about 4 MB in the
// given mix, generated once per process.
func benchLines(b *testing.B, mix string) [][]byte {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if lines, ok := benchCorpora[mix]; ok {
		return lines
	}
	m, err := corpus.ParseMix(mix)
	if err != nil {
		b.Fatal(err)
	}
	recs, err := corpus.Generate(corpus.Config{Seed: 1, Bytes: benchCorpusBytes, Mix: m})
	if err != nil {
		b.Fatal(err)
	}
	lines := corpus.Texts(recs)
	benchCorpora[mix] = lines
	return lines
}

func benchScrubber(b *testing.B) *redact.Scrubber {
	b.Helper()
	sc, err := redact.New(redact.DefaultConfig([]byte(strings.Repeat("k", redact.MinKeyLen))))
	if err != nil {
		b.Fatal(err)
	}
	return sc
}

// benchSink keeps the compiler from discarding benchmark results.
var benchSink []byte

// runScrubBench scrubs every line of the corpus per iteration, on one
// goroutine, into a reused buffer.
func runScrubBench(b *testing.B, s LineScrubber, lines [][]byte) {
	var size int64
	out := make([]byte, 0, 64<<10)
	for _, l := range lines {
		size += int64(len(l))
		out = s.AppendLine(out[:0], l)
		if len(l) > 0 && len(out) == 0 {
			b.Fatalf("scrubber returned nothing for %q", l)
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			out = s.AppendLine(out[:0], l)
		}
	}
	benchSink = out
	b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkScrubAccessLog(b *testing.B) {
	runScrubBench(b, benchScrubber(b).NewSession(), benchLines(b, "access"))
}

func BenchmarkScrubAppLog(b *testing.B) {
	runScrubBench(b, benchScrubber(b).NewSession(), benchLines(b, "app"))
}

func BenchmarkScrubJSON(b *testing.B) {
	runScrubBench(b, benchScrubber(b).NewSession(), benchLines(b, "json=3,sentry=1,rollbar=1"))
}

// BenchmarkScrubAccessLogScrubber goes through the Scrubber's pooled
// sessions, as concurrent callers do.
func BenchmarkScrubAccessLogScrubber(b *testing.B) {
	runScrubBench(b, benchScrubber(b), benchLines(b, "access"))
}

func BenchmarkRegexpBaselineAccessLog(b *testing.B) {
	runScrubBench(b, NewRegexpBaseline(), benchLines(b, "access"))
}

func BenchmarkRegexpBaselineAppLog(b *testing.B) {
	runScrubBench(b, NewRegexpBaseline(), benchLines(b, "app"))
}

func BenchmarkRegexpBaselineJSON(b *testing.B) {
	runScrubBench(b, NewRegexpBaseline(), benchLines(b, "json=3,sentry=1,rollbar=1"))
}

// sampleLines returns the lines of a bundled sample log (testdata), the
// files the redact package's benchmarks use.
func sampleLines(b *testing.B, name string) [][]byte {
	b.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		b.Fatal(err)
	}
	return bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
}

// The bundled samples, scrubbed by piiproxy and by the regexp baseline in
// one run, for the ratio on the same bytes as redact's BenchmarkAccessLog
// and BenchmarkAppLog.

func BenchmarkScrubSampleAccessLog(b *testing.B) {
	runScrubBench(b, benchScrubber(b).NewSession(), sampleLines(b, "access.log"))
}

func BenchmarkRegexpBaselineSampleAccessLog(b *testing.B) {
	runScrubBench(b, NewRegexpBaseline(), sampleLines(b, "access.log"))
}

func BenchmarkScrubSampleAppLog(b *testing.B) {
	runScrubBench(b, benchScrubber(b).NewSession(), sampleLines(b, "app.log"))
}

func BenchmarkRegexpBaselineSampleAppLog(b *testing.B) {
	runScrubBench(b, NewRegexpBaseline(), sampleLines(b, "app.log"))
}
