package bench

import (
	"slices"
	"time"
)

// Variant is a scrubber built with one detector or custom rule left out,
// for Ablate.
type Variant struct {
	// Name names what was left out, such as "name" or "rule employee-id".
	Name string
	// Scrubber is the scrubber without it. Ablate uses it on one goroutine
	// at a time.
	Scrubber LineScrubber
}

// AblationOptions tunes Ablate. The zero value measures each scrubber once
// for at least 500ms.
type AblationOptions struct {
	// Duration is the least time of each measurement. Zero means 500ms.
	Duration time.Duration
	// Rounds is how many times every scrubber is measured, in turn; the
	// fastest measurement of each counts, which takes out most of the noise
	// of a shared machine. Zero means 1.
	Rounds int
	// Step, when set, is called before each measurement with its label
	// ("all" or a variant's name), for progress reports.
	Step func(label string)
}

// Share is the cost of one detector or custom rule, measured by leaving it
// out.
type Share struct {
	// Name is the variant's name.
	Name string
	// Without is the throughput without the detector.
	Without ThroughputResult
	// Share is (t_all − t_without) / t_all, where t is the time per input
	// byte: the part of the scrubbing time the detector accounts for. Noise
	// can make it slightly negative for a detector that costs nearly
	// nothing.
	Share float64
}

// AblationResult is what Ablate measured.
type AblationResult struct {
	// All is the throughput with every detector on.
	All ThroughputResult
	// Shares holds one Share per variant, the most expensive first.
	Shares []Share
	// AllSpread is how much slower the slowest measurement of All was than
	// the fastest, as a fraction: the noise of the run. Shares smaller than
	// it are not distinguishable from noise.
	AllSpread float64
}

// Ablate measures the time share of each detector in the same run: the
// throughput of all (every detector on) and of each variant (one left
// out), each on the calling goroutine over lines, round after round, and
// keeps the fastest measurement of each. Shares are sorted by decreasing
// share, so the slowest detector comes first.
func Ablate(all LineScrubber, variants []Variant, lines [][]byte, opt AblationOptions) AblationResult {
	dur := opt.Duration
	if dur <= 0 {
		dur = 500 * time.Millisecond
	}
	rounds := max(opt.Rounds, 1)
	topt := ThroughputOptions{MinDuration: dur, MinRounds: 1}
	step := opt.Step
	if step == nil {
		step = func(string) {}
	}
	var res AblationResult
	best := make([]ThroughputResult, len(variants))
	var slowest ThroughputResult
	for r := range rounds {
		step("all")
		t := RunThroughput(all, lines, topt)
		if r == 0 || faster(t, res.All) {
			res.All = t
		}
		if r == 0 || faster(slowest, t) {
			slowest = t
		}
		// Each round starts at another variant, so that a burst of load
		// from elsewhere does not hit the same one every time.
		for j := range variants {
			i := (j + r) % len(variants)
			step(variants[i].Name)
			if t := RunThroughput(variants[i].Scrubber, lines, topt); r == 0 || faster(t, best[i]) {
				best[i] = t
			}
		}
	}
	tAll := nsPerByte(res.All)
	if tAll > 0 {
		res.AllSpread = nsPerByte(slowest)/tAll - 1
	}
	for i, v := range variants {
		s := Share{Name: v.Name, Without: best[i]}
		if tAll > 0 {
			s.Share = (tAll - nsPerByte(best[i])) / tAll
		}
		res.Shares = append(res.Shares, s)
	}
	slices.SortStableFunc(res.Shares, func(a, b Share) int {
		switch {
		case a.Share > b.Share:
			return -1
		case a.Share < b.Share:
			return 1
		}
		return 0
	})
	return res
}

// faster reports whether a scrubbed more bytes per second than b.
func faster(a, b ThroughputResult) bool { return nsPerByte(a) < nsPerByte(b) }

// nsPerByte returns the wall time per input byte of r, in nanoseconds.
func nsPerByte(r ThroughputResult) float64 {
	if r.Bytes == 0 {
		return 0
	}
	return float64(r.Elapsed.Nanoseconds()) / float64(r.Bytes)
}
