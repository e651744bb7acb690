package bench

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// MinProgressRun is the shortest expected run that gets progress output:
// shorter runs are quiet.
const MinProgressRun = 2 * time.Second

// Progress reports the progress of a benchmark run on a writer (stderr):
// a bar redrawn in place on a terminal, plain lines such as
// "bench: 40% ablation: name" every few seconds otherwise. Progress is
// estimated from the time the run is expected to take, since every
// measurement runs for a set duration. Create one with NewProgress, name
// phases with Phase, and call Done at the end. It is safe for concurrent
// use; a nil *Progress does nothing.
type Progress struct {
	w        io.Writer
	tty      bool
	expected time.Duration
	start    time.Time
	now      func() time.Time

	mu    sync.Mutex
	phase string
	last  time.Time // of the last plain line
	drawn bool
	once  sync.Once
	stop  chan struct{}
	done  chan struct{}
}

// progressTick is how often the bar is redrawn; plainEvery how often a
// plain line is written.
const (
	progressTick = 200 * time.Millisecond
	plainEvery   = 5 * time.Second
	barWidth     = 30
)

// NewProgress returns a Progress for a run expected to take expected, or
// nil (which reports nothing) when that is under MinProgressRun. tty
// selects the redrawn bar. It starts a goroutine that Done stops.
func NewProgress(w io.Writer, tty bool, expected time.Duration) *Progress {
	if expected < MinProgressRun || w == nil {
		return nil
	}
	p := &Progress{w: w, tty: tty, expected: expected, start: time.Now(), now: time.Now,
		stop: make(chan struct{}), done: make(chan struct{})}
	p.last = p.start
	go p.loop()
	return p
}

// Phase names what the run is doing now.
func (p *Progress) Phase(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.phase = name
	p.mu.Unlock()
}

// Extend adds d to the time the run is expected to take, for a step that
// turned out longer than planned.
func (p *Progress) Extend(d time.Duration) {
	if p == nil || d <= 0 {
		return
	}
	p.mu.Lock()
	p.expected += d
	p.mu.Unlock()
}

// Done stops reporting and clears the bar. Calls after the first do
// nothing.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.once.Do(func() {
		close(p.stop)
		<-p.done
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.tty && p.drawn {
			fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", barWidth+60))
		}
	})
}

func (p *Progress) loop() {
	defer close(p.done)
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.report()
		}
	}
}

// Fraction returns the estimated share of the run done, at most 0.99.
func (p *Progress) Fraction() float64 {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fraction()
}

func (p *Progress) fraction() float64 {
	f := float64(p.now().Sub(p.start)) / float64(p.expected)
	return min(f, 0.99)
}

func (p *Progress) report() {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.fraction()
	pct := int(f * 100)
	if p.tty {
		n := int(f * barWidth)
		phase := p.phase
		if len(phase) > 50 {
			phase = phase[:50]
		}
		fmt.Fprintf(p.w, "\r[%s%s] %3d%% %-50s", strings.Repeat("#", n), strings.Repeat(".", barWidth-n), pct, phase)
		p.drawn = true
		return
	}
	if now := p.now(); now.Sub(p.last) >= plainEvery {
		p.last = now
		fmt.Fprintln(p.w, p.line(pct))
	}
}

// line is the plain progress line for pct percent.
func (p *Progress) line(pct int) string {
	if p.phase == "" {
		return fmt.Sprintf("bench: %d%%", pct)
	}
	return fmt.Sprintf("bench: %d%% %s", pct, p.phase)
}
