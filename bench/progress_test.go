package bench

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a strings.Builder safe for the progress goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestProgressQuietForShortRuns(t *testing.T) {
	var b syncBuffer
	p := NewProgress(&b, true, time.Second)
	if p != nil {
		t.Fatal("a 1s run got progress output")
	}
	p.Phase("x") // a nil Progress does nothing
	p.Done()
}

func TestProgressBarOnTerminal(t *testing.T) {
	var b syncBuffer
	p := NewProgress(&b, true, 10*time.Second)
	p.Phase("ablation: name")
	time.Sleep(3 * progressTick)
	p.Done()
	out := b.String()
	if !strings.Contains(out, "\r[") || !strings.Contains(out, "ablation: name") || !strings.Contains(out, "%") {
		t.Errorf("no bar drawn: %q", out)
	}
	if !strings.HasSuffix(out, "\r") {
		t.Errorf("bar not cleared at the end: %q", out)
	}
}

func TestProgressPlainLines(t *testing.T) {
	var b syncBuffer
	clock := time.Unix(1000, 0)
	var mu sync.Mutex
	p := &Progress{w: &b, expected: 10 * time.Second, start: clock, last: clock,
		now: func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }}
	p.Phase("throughput")
	mu.Lock()
	clock = clock.Add(4 * time.Second)
	mu.Unlock()
	p.report()
	if b.String() != "" {
		t.Fatalf("a line before %v: %q", plainEvery, b.String())
	}
	mu.Lock()
	clock = clock.Add(2 * time.Second)
	mu.Unlock()
	p.report()
	if got, want := b.String(), "bench: 60% throughput\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	p.Extend(10 * time.Second)
	if f := p.Fraction(); f < 0.29 || f > 0.31 {
		t.Errorf("fraction %v after extending to 20s at 6s, want 0.3", f)
	}
	mu.Lock()
	clock = clock.Add(time.Minute)
	mu.Unlock()
	if f := p.Fraction(); f >= 1 {
		t.Errorf("fraction %v past the expected time, want below 1", f)
	}
}
