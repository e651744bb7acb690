package bench

import (
	"runtime"
	"time"
)

// ThroughputOptions tunes RunThroughput. The zero value runs the corpus at
// least once and for at least one second.
type ThroughputOptions struct {
	// MinDuration is the least time to keep scrubbing. Zero means 1s.
	MinDuration time.Duration
	// MinRounds is the least number of passes over the corpus. Zero means 1.
	MinRounds int
}

// ThroughputResult is what RunThroughput measured.
type ThroughputResult struct {
	// Rounds is the number of passes over the corpus.
	Rounds int
	// Records and Bytes are the records and input bytes scrubbed in all
	// passes.
	Records int64
	Bytes   int64
	// OutBytes is the output size of all passes.
	OutBytes int64
	// Elapsed is the wall time of the passes.
	Elapsed time.Duration
	// Mallocs and AllocBytes are the heap allocations of the process during
	// the passes (runtime.MemStats), the scrubber's and anything else
	// running at the time.
	Mallocs, AllocBytes uint64
}

// MBPerSec returns input megabytes (10^6 bytes) scrubbed per second.
func (r ThroughputResult) MBPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds()
}

// RecordsPerSec returns records scrubbed per second.
func (r ThroughputResult) RecordsPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Records) / r.Elapsed.Seconds()
}

// AllocsPerRecord returns heap allocations per record.
func (r ThroughputResult) AllocsPerRecord() float64 {
	if r.Records == 0 {
		return 0
	}
	return float64(r.Mallocs) / float64(r.Records)
}

// NsPerRecord returns the mean time per record in nanoseconds.
func (r ThroughputResult) NsPerRecord() float64 {
	if r.Records == 0 {
		return 0
	}
	return float64(r.Elapsed.Nanoseconds()) / float64(r.Records)
}

// RunThroughput scrubs the lines with s on the calling goroutine, into one
// reused output buffer, until both MinRounds passes and MinDuration have
// gone by, and reports the rates. Lines must not end in a newline.
func RunThroughput(s LineScrubber, lines [][]byte, opt ThroughputOptions) ThroughputResult {
	minDur := opt.MinDuration
	if minDur <= 0 {
		minDur = time.Second
	}
	minRounds := max(opt.MinRounds, 1)
	var res ThroughputResult
	if len(lines) == 0 {
		return res
	}
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	out := make([]byte, 0, 64<<10)
	// One untimed pass warms caches and grows the output buffer.
	for _, l := range lines {
		out = s.AppendLine(out[:0], l)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for {
		for _, l := range lines {
			out = s.AppendLine(out[:0], l)
			res.OutBytes += int64(len(out))
		}
		res.Rounds++
		res.Elapsed = time.Since(start)
		if res.Rounds >= minRounds && res.Elapsed >= minDur {
			break
		}
	}
	runtime.ReadMemStats(&after)
	res.Records = int64(res.Rounds) * int64(len(lines))
	res.Bytes = int64(res.Rounds) * size
	res.Mallocs = after.Mallocs - before.Mallocs
	res.AllocBytes = after.TotalAlloc - before.TotalAlloc
	return res
}
