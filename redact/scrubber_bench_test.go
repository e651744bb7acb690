package redact

import (
	"bytes"
	"os"
	"testing"
)

var benchSink []byte

// loadLines returns the lines of a bundled sample file.
func loadLines(t testing.TB, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
}

func benchLines(b *testing.B, path string, line func(w *Session, dst, src []byte) []byte) {
	benchLinesEach(b, path, line, nil)
}

// benchLinesEach is benchLines with pass called before every pass over the
// lines.
func benchLinesEach(b *testing.B, path string, line func(w *Session, dst, src []byte) []byte, pass func(w *Session)) {
	benchLineSet(b, loadLines(b, path), line, pass)
}

// benchLineSet scrubs lines with line on one session per pass, with pass
// (when not nil) called before every pass.
func benchLineSet(b *testing.B, lines [][]byte, line func(w *Session, dst, src []byte) []byte, pass func(w *Session)) {
	s := newTestScrubber(b, nil)
	w := s.NewSession()
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	buf := make([]byte, 0, 64<<10)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if pass != nil {
			pass(w)
		}
		for _, l := range lines {
			buf = line(w, buf[:0], l)
		}
	}
	benchSink = buf
}

func BenchmarkAccessLog(b *testing.B) {
	benchLines(b, "../bench/testdata/access.log", (*Session).AppendText)
}

func BenchmarkAppLog(b *testing.B) {
	benchLines(b, "../bench/testdata/app.log", (*Session).AppendText)
}

func BenchmarkJSONEvents(b *testing.B) {
	benchLines(b, "../bench/testdata/events.jsonl", (*Session).AppendLine)
}

// BenchmarkJSONEventsCold is BenchmarkJSONEvents with the clean JSON
// values the session remembers (the value memo, the clean marks of the key
// cache) forgotten before every pass: the benchmark replays the same 80
// events, which a real stream does not, so this bounds what remembering
// adds.
func BenchmarkJSONEventsCold(b *testing.B) {
	benchLinesEach(b, "../bench/testdata/events.jsonl", (*Session).AppendLine, func(w *Session) {
		w.jmemo.slots = [memoSlots]memoSlot{}
		for k := range w.jkeys.ents {
			w.jkeys.ents[k].flags &^= kfClean
		}
	})
}

func BenchmarkCleanText(b *testing.B) {
	line := []byte(`2024-01-15T10:22:33Z INFO worker: processed batch 42 in 12ms (queue=orders, retries=0) GET /static/app.js?v=3 HTTP/1.1 200 2326 "curl/8.5.0"`)
	s := newTestScrubber(b, nil)
	w := s.NewSession()
	buf := make([]byte, 0, 1024)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		buf = w.AppendText(buf[:0], line)
	}
	benchSink = buf
}
