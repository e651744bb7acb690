package bench

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
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
	// P50, P99 and Max are per-record scrubbing times, from one more pass
	// that times every record on its own (not part of Elapsed). They are
	// zero for results of RunThroughputParallel.
	P50, P99, Max time.Duration
	// Workers is the number of goroutines that scrubbed (1 for
	// RunThroughput).
	Workers int
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
	res.Workers = 1
	res.Records = int64(res.Rounds) * int64(len(lines))
	res.Bytes = int64(res.Rounds) * size
	res.Mallocs = after.Mallocs - before.Mallocs
	res.AllocBytes = after.TotalAlloc - before.TotalAlloc

	lat := make([]time.Duration, len(lines))
	for i, l := range lines {
		t := time.Now()
		out = s.AppendLine(out[:0], l)
		lat[i] = time.Since(t)
	}
	slices.Sort(lat)
	res.P50 = lat[len(lat)/2]
	res.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
	res.Max = lat[len(lat)-1]
	return res
}

// RunThroughputParallel runs workers goroutines, each scrubbing the whole
// corpus with its own scrubber from newScrubber (a Session per goroutine,
// or a shared concurrency-safe Scrubber), starting at different offsets,
// until every worker has done MinRounds passes and MinDuration has gone by.
// Bytes and Records are the totals of all workers, so MBPerSec is the
// aggregate rate. workers below 1 means runtime.GOMAXPROCS(0).
func RunThroughputParallel(newScrubber func() LineScrubber, lines [][]byte, workers int, opt ThroughputOptions) ThroughputResult {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	minDur := opt.MinDuration
	if minDur <= 0 {
		minDur = time.Second
	}
	minRounds := max(opt.MinRounds, 1)
	res := ThroughputResult{Workers: workers}
	if len(lines) == 0 {
		return res
	}
	scrubbers := make([]LineScrubber, workers)
	for i := range scrubbers {
		scrubbers[i] = newScrubber()
	}
	type count struct {
		records, bytes, out int64
		rounds              int
	}
	counts := make([]count, workers)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, c := scrubbers[w], &counts[w]
			out := make([]byte, 0, 64<<10)
			off := w * len(lines) / workers
			for {
				for i := range lines {
					l := lines[(off+i)%len(lines)]
					out = s.AppendLine(out[:0], l)
					c.bytes += int64(len(l))
					c.out += int64(len(out))
				}
				c.records += int64(len(lines))
				c.rounds++
				if c.rounds >= minRounds && time.Since(start) >= minDur {
					return
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	runtime.ReadMemStats(&after)
	res.Rounds = counts[0].rounds
	for _, c := range counts {
		res.Records += c.records
		res.Bytes += c.bytes
		res.OutBytes += c.out
		res.Rounds = min(res.Rounds, c.rounds)
	}
	res.Mallocs = after.Mallocs - before.Mallocs
	res.AllocBytes = after.TotalAlloc - before.TotalAlloc
	return res
}

// PeakRSS returns the process's peak resident set size in bytes (VmHWM of
// /proc/self/status), and false where that is not available.
func PeakRSS() (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			v = bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))
			kb, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil {
				return 0, false
			}
			return kb << 10, true
		}
	}
	return 0, false
}
