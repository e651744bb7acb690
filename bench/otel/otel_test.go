package otel

import (
	"strings"
	"sync"
	"testing"

	"github.com/piiproxy/piiproxy/bench"
	"github.com/piiproxy/piiproxy/bench/corpus"
	"github.com/piiproxy/piiproxy/redact"
)

const testKey = "0123456789abcdef0123456789abcdef"

func newRedaction(tb testing.TB) *Redaction {
	tb.Helper()
	r, err := New(Config(testKey))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

func TestRedactionMasksBody(t *testing.T) {
	r := newRedaction(t)
	in := "login jane.doe@example.com from 203.0.113.9"
	out, err := r.scrub([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "jane.doe@example.com") || strings.Contains(out, "203.0.113.9") || !strings.HasPrefix(out, "login ") {
		t.Errorf("scrubbed %q to %q", in, out)
	}
	again, _ := r.scrub([]byte(in))
	if again != out {
		t.Errorf("hashing is not deterministic: %q then %q", out, again)
	}
}

// TestAccuracy prints the processor's accuracy on the corpus of the main
// accuracy test (20k records, seed 42), next to piiproxy's.
func TestAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	recs, err := corpus.Generate(corpus.Config{Seed: 42, Records: 20000})
	if err != nil {
		t.Fatal(err)
	}
	rep := bench.Accuracy(newRedaction(t), recs, bench.AccuracyOptions{})
	var b strings.Builder
	rep.WriteTable(&b)
	t.Logf("OpenTelemetry redaction processor:\n%s", b.String())
	if rep.Recall[redact.KindEmail].Good == 0 {
		t.Error("the processor removed no email: its patterns are not applied")
	}
}

const benchCorpusBytes = 4 << 20

var (
	benchMu      sync.Mutex
	benchCorpora = map[string][][]byte{}
)

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
	benchCorpora[mix] = corpus.Texts(recs)
	return benchCorpora[mix]
}

var benchSink []byte

func runBench(b *testing.B, lines [][]byte) {
	r := newRedaction(b)
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		for _, l := range lines {
			out = r.AppendLine(out[:0], l)
		}
	}
	benchSink = out
	b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkOTelRedactionAccessLog(b *testing.B) { runBench(b, benchLines(b, "access")) }

func BenchmarkOTelRedactionAppLog(b *testing.B) { runBench(b, benchLines(b, "app")) }

func BenchmarkOTelRedactionJSON(b *testing.B) {
	runBench(b, benchLines(b, "json=3,sentry=1,rollbar=1"))
}
