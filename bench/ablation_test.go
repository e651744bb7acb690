package bench

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

// spinScrubber copies lines and burns a fixed amount of work per byte.
type spinScrubber struct{ passes int }

var spinSink byte

func (s spinScrubber) AppendLine(dst, src []byte) []byte {
	var x byte
	for range s.passes {
		for _, c := range src {
			x ^= c
		}
	}
	spinSink = x
	return append(dst, src...)
}

func TestAblateFindsTheExpensiveDetector(t *testing.T) {
	lines := [][]byte{bytes.Repeat([]byte("abcdefgh"), 512)}
	// All costs 1+2+20 passes per byte; leaving out "slow" saves most.
	all := spinScrubber{passes: 23}
	variants := []Variant{
		{Name: "cheap", Scrubber: spinScrubber{passes: 22}},
		{Name: "slow", Scrubber: spinScrubber{passes: 3}},
		{Name: "mid", Scrubber: spinScrubber{passes: 21}},
	}
	var steps []string
	res := Ablate(all, variants, lines, AblationOptions{Duration: 20 * time.Millisecond, Rounds: 2, Step: func(l string) { steps = append(steps, l) }})
	if want := []string{"all", "cheap", "slow", "mid", "all", "slow", "mid", "cheap"}; !slices.Equal(steps, want) {
		t.Errorf("steps %v, want %v", steps, want)
	}
	if res.AllSpread < 0 {
		t.Errorf("negative spread %v", res.AllSpread)
	}
	if len(res.Shares) != 3 || res.Shares[0].Name != "slow" {
		t.Fatalf("shares %+v, want slow first", res.Shares)
	}
	if s := res.Shares[0].Share; s < 0.5 || s > 1 {
		t.Errorf("share of slow = %.2f, want about 0.87", s)
	}
	if res.All.Bytes == 0 || res.Shares[0].Without.Bytes == 0 {
		t.Error("no bytes measured")
	}
}
