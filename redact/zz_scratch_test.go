package redact

import (
	"bytes"
	"os"
	"testing"
)

func benchOne(b *testing.B, line string) {
	s := newTestScrubber(b, nil)
	w := s.NewSession()
	buf := make([]byte, 0, 1024)
	src := []byte(line)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		buf = w.AppendText(buf[:0], src)
	}
	benchSink = buf
}

func BenchmarkZUA(b *testing.B) {
	benchOne(b, `"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36"`)
}
func BenchmarkZTime(b *testing.B) { benchOne(b, `[23/Nov/2026:06:25:06 +0000] "GET`) }
func BenchmarkZHead(b *testing.B) {
	benchOne(b, `81.2.69.160 - - [23/Nov/2026:06:25:06 +0000] "PUT /static/js/main.8d1e0f4a.js HTTP/1.0" 200 83516`)
}
func BenchmarkZIP(b *testing.B)  { benchOne(b, `81.2.69.160 - -`) }
func BenchmarkZRef(b *testing.B) { benchOne(b, `"https://app.example.com/profile?email=giulia.rossi%40esempio.it"`) }
func BenchmarkZWords(b *testing.B) {
	benchOne(b, `the quick brown fox jumps over the lazy dog and then some more lowercase words follow here`)
}

func TestZMemo(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	data, _ := os.ReadFile("../bench/testdata/access.log")
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	acc := 0
	for _, l := range lines {
		if us, _ := accessLogUser(l); us >= 0 {
			acc++
		}
	}
	for r := 0; r < 2; r++ {
		for _, l := range lines {
			w.AppendText(nil, l)
		}
	}
	n := 0
	for _, s := range w.memo.slots {
		if s.n > 0 {
			n++
		}
	}
	t.Logf("lines %d accesslog-user %d memo entries %d", len(lines), acc, n)
}

func BenchmarkZAccessNoNames(b *testing.B) {
	lines := loadLines(b, "../bench/testdata/access.log")
	s := newTestScrubber(b, func(c *Config) { c.Names.FreeText = false })
	w := s.NewSession()
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	buf := make([]byte, 0, 64<<10)
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, l := range lines {
			buf = w.AppendText(buf[:0], l)
		}
	}
}
