package redact

import "testing"

// benchLine is a realistic mixed log line: identities the detectors must
// find, and numbers (timestamps, ids, versions, sizes, addresses) they must
// leave alone.
var benchLine = []byte(`2024-01-15 10:22:33.512 INFO [req 4432198761] checkout ok user=jane.doe@example.com ` +
	`ip=203.0.113.7 card=4111 1111 1111 1111 amount=1299.00 order=4532015112830367 ` +
	`iban=DE89 3704 0044 0532 0130 00 tel=+49 170 1234567 alt=(202) 555-0173 fr=06 12 34 56 78 ` +
	`ssn=123-45-6789 ua="Mozilla/5.0 (X11; Linux x86_64)" v=1.2.3 bytes=1048576 took=12ms ts=1700000000000`)

// detectorSink keeps results alive so the calls are not optimized away.
var detectorSink int

// scanDetector calls match at every token start of src whose first byte
// trigger accepts, as the scanner does, skipping past each match.
func scanDetector(src []byte, trigger func(byte) bool, match func([]byte, int) int) int {
	found := 0
	for i := 0; i < len(src); i++ {
		if !trigger(src[i]) || !boundaryBefore(src, i) {
			continue
		}
		if end := match(src, i); end > i {
			found++
			i = end - 1
		}
	}
	return found
}

func phoneTrigger(c byte) bool { return c == '+' || c == '(' || isDigit(c) }

func matchPhoneEnd(src []byte, i int) int { end, _ := matchPhone(src, i); return end }

func TestDetectorsOnBenchLine(t *testing.T) {
	tests := []struct {
		name    string
		trigger func(byte) bool
		match   func([]byte, int) int
		want    int
	}{
		{"card", isDigit, matchCard, 1},
		{"iban", isUpper, matchIBAN, 1},
		{"phone", phoneTrigger, matchPhoneEnd, 3},
		{"ssn", isDigit, matchSSN, 1},
	}
	for _, tt := range tests {
		if got := scanDetector(benchLine, tt.trigger, tt.match); got != tt.want {
			t.Errorf("%s: found %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestDetectorsDoNotAllocate(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		detectorSink += scanDetector(benchLine, isDigit, matchCard)
		detectorSink += scanDetector(benchLine, isUpper, matchIBAN)
		detectorSink += scanDetector(benchLine, phoneTrigger, matchPhoneEnd)
		detectorSink += scanDetector(benchLine, isDigit, matchSSN)
		_, ok := isPhone([]byte("+49 170 1234567"))
		if isCard([]byte("4111111111111111")) && isIBAN([]byte("DE89370400440532013000")) && ok {
			detectorSink++
		}
	})
	if allocs != 0 {
		t.Errorf("detectors allocate %v times per run, want 0", allocs)
	}
}

// tokenStarts returns the offsets of src where the scanner would call a
// detector whose first byte trigger accepts.
func tokenStarts(src []byte, trigger func(byte) bool) []int {
	var starts []int
	for i := range src {
		if trigger(src[i]) && boundaryBefore(src, i) {
			starts = append(starts, i)
		}
	}
	return starts
}

// benchmarkDetector measures match called at every token start of
// benchLine, skipping past matches; the token starts are found outside the
// timed loop, so the figure is the detector's own cost per byte of line.
func benchmarkDetector(b *testing.B, trigger func(byte) bool, match func([]byte, int) int) {
	starts := tokenStarts(benchLine, trigger)
	b.ReportAllocs()
	b.SetBytes(int64(len(benchLine)))
	for b.Loop() {
		next := 0
		for _, i := range starts {
			if i < next {
				continue
			}
			if end := match(benchLine, i); end > i {
				detectorSink++
				next = end
			}
		}
	}
}

func BenchmarkMatchCard(b *testing.B)  { benchmarkDetector(b, isDigit, matchCard) }
func BenchmarkMatchIBAN(b *testing.B)  { benchmarkDetector(b, isUpper, matchIBAN) }
func BenchmarkMatchPhone(b *testing.B) { benchmarkDetector(b, phoneTrigger, matchPhoneEnd) }
func BenchmarkMatchSSN(b *testing.B)   { benchmarkDetector(b, isDigit, matchSSN) }
