package redact

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// logNoise returns a random figure of the kinds that fill log lines and are
// not personal data: timestamps, dates, durations, sizes, versions,
// addresses, ranges, money, ids and hashes.
func logNoise(r *rand.Rand) string {
	t := time.Date(2020+r.IntN(8), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1e9), time.UTC)
	switch r.IntN(24) {
	case 0:
		return t.Format(time.RFC3339Nano)
	case 1:
		return t.Format("2006-01-02 15:04:05")
	case 2:
		return t.Format("02/Jan/2006:15:04:05 -0700")
	case 3:
		return t.Format("20060102150405")
	case 4:
		return t.Format([]string{"2006/01/02", "02.01.2006", "01/02/2006", "2006-01-02", "02-01-2006", "2006.01.02"}[r.IntN(6)])
	case 5:
		return t.Format("15:04:05.000")
	case 6:
		return fmt.Sprint(t.Unix())
	case 7:
		return fmt.Sprint(t.UnixMilli())
	case 8:
		return fmt.Sprintf("%.*f", 1+r.IntN(9), r.Float64()*float64(r.IntN(100000)))
	case 9:
		n := r.IntN(1e9)
		return fmt.Sprintf("%d,%03d,%03d.%02d", n/1000000+1, n/1000%1000, n%1000, r.IntN(100))
	case 10:
		// Thousands grouped with spaces. Nine digits from 600 000 000 up
		// are left out: they are written exactly like Spanish numbers
		// (612 345 678), which the phone detector must find.
		n := r.IntN(1e6)
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d %03d %03d", 1+r.IntN(99), n/1000, n%1000)
		}
		return fmt.Sprintf("%d %03d %03d %03d", 1+r.IntN(999), r.IntN(1000), n/1000, n%1000)
	case 11:
		n := r.IntN(1e9)
		return fmt.Sprintf("%d.%03d.%03d,%02d", n/1000000+1, n/1000%1000, n%1000, r.IntN(100))
	case 12:
		return fmt.Sprintf("%d.%d.%d", r.IntN(30), r.IntN(40), r.IntN(300))
	case 13:
		return fmt.Sprintf("%d.%d.%d.%d", 1+r.IntN(255), r.IntN(256), r.IntN(256), r.IntN(256))
	case 14:
		return fmt.Sprintf("%d-%d", r.IntN(1000), r.IntN(100000))
	case 15:
		return fmt.Sprintf("%d bytes", r.IntN(1e10))
	case 16:
		return fmt.Sprintf("%dms", r.IntN(100000))
	case 17:
		return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<16), r.IntN(1<<16), r.Uint64()&(1<<48-1))
	case 18:
		return fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
	case 19:
		return fmt.Sprintf("%d", 1+r.IntN(1e9)) // a plain id not starting with 0
	case 20:
		return fmt.Sprintf("10.0.%d.%d", 19041+r.IntN(4000), 1000+r.IntN(3000))
	case 21:
		return fmt.Sprintf("978-%d-%02d-%06d-%d", r.IntN(10), r.IntN(100), r.IntN(1e6), r.IntN(10))
	case 22:
		return fmt.Sprintf("1.3.6.1.4.1.%d.%d.%d", r.IntN(50000), r.IntN(20), r.IntN(20))
	}
	return fmt.Sprintf("%d/%d", r.IntN(100), 1+r.IntN(100))
}

// TestDetectorsIgnoreLogNoise plants random log figures in a line and
// checks that no detector takes any part of them for personal data.
func TestDetectorsIgnoreLogNoise(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for range 20000 {
		noise := logNoise(r)
		src := []byte("t=" + noise + " done")
		for i := 0; i < len(src); i++ {
			if !boundaryBefore(src, i) {
				continue
			}
			if e := matchCard(src, i); e > i {
				t.Errorf("matchCard took %q in %q", src[i:e], src)
			}
			if e := matchSSN(src, i); e > i {
				t.Errorf("matchSSN took %q in %q", src[i:e], src)
			}
			if e := matchIBAN(src, i); e > i {
				t.Errorf("matchIBAN took %q in %q", src[i:e], src)
			}
			if e, _ := matchPhone(src, i); e > i {
				t.Errorf("matchPhone took %q in %q", src[i:e], src)
			}
		}
	}
}
