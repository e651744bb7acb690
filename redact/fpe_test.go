package redact

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

func newTestFPE(t testing.TB, keyHex string) *fpeCipher {
	t.Helper()
	key, err := hex.DecodeString(keyHex)
	if err != nil {
		t.Fatal(err)
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	return &fpeCipher{block: b}
}

// decrypt inverts encrypt; it exists only to prove the permutation property
// on domains too large to enumerate.
func (f *fpeCipher) decrypt(x, tweak []byte) {
	if len(x) > fpeMaxDigits {
		panic("BUG: decrypt of chunked strings is not needed by the tests")
	}
	switch n := len(x); {
	case n == 0:
	case n < ff1MinDigits:
		ffDec{lo: f.smallPermute(parseFFDec(x).lo, n, tweak, true)}.put(x)
	default:
		f.ff1(x, tweak, true)
	}
}

const testFPEKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func TestFF1NISTSamples(t *testing.T) {
	const k128 = "2B7E151628AED2A6ABF7158809CF4F3C"
	const k192 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F"
	const k256 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94"
	tests := []struct {
		name, key, tweak, pt, ct string
	}{
		// SP 800-38G FF1 samples 1, 2, 4, 5, 7 and 8 (radix 10).
		{"sample1", k128, "", "0123456789", "2433477484"},
		{"sample2", k128, "39383736353433323130", "0123456789", "6124200773"},
		{"sample4", k192, "", "0123456789", "2830668132"},
		{"sample5", k192, "39383736353433323130", "0123456789", "2496655549"},
		{"sample7", k256, "", "0123456789", "6657667009"},
		{"sample8", k256, "39383736353433323130", "0123456789", "1001623463"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newTestFPE(t, tc.key)
			tw, _ := hex.DecodeString(tc.tweak)
			x := []byte(tc.pt)
			f.encrypt(x, tw)
			if string(x) != tc.ct {
				t.Fatalf("encrypt(%s) = %s, want %s", tc.pt, x, tc.ct)
			}
			f.decrypt(x, tw)
			if string(x) != tc.pt {
				t.Fatalf("decrypt(%s) = %s, want %s", tc.ct, x, tc.pt)
			}
		})
	}
}

// TestFPEExhaustive enumerates every string of n digits and checks that the
// images are distinct digit strings of the same length, inverted by decrypt.
func TestFPEExhaustive(t *testing.T) {
	f := newTestFPE(t, testFPEKey)
	maxN := 6
	switch {
	case raceEnabled():
		maxN = 4
	case testing.Short():
		maxN = 5
	}
	for n := 1; n <= maxN; n++ {
		size := int(ffPow10[n])
		seen := make([]bool, size)
		x := make([]byte, n)
		for v := range size {
			ffDec{lo: uint64(v)}.put(x)
			f.encrypt(x, []byte("tw"))
			for _, c := range x {
				if !isDigit(c) {
					t.Fatalf("n=%d: %d maps to non-digit string %q", n, v, x)
				}
			}
			img := int(parseFFDec(x).lo)
			if seen[img] {
				t.Fatalf("n=%d: two inputs map to %s", n, x)
			}
			seen[img] = true
			f.decrypt(x, []byte("tw"))
			if got := int(parseFFDec(x).lo); got != v {
				t.Fatalf("n=%d: decrypt(encrypt(%d)) = %d", n, v, got)
			}
		}
	}
}

// TestFPERoundTrip checks decrypt(encrypt(x)) == x on random strings of every
// length FPE takes in one piece, so each length is a permutation.
func TestFPERoundTrip(t *testing.T) {
	f := newTestFPE(t, testFPEKey)
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= fpeMaxDigits; n++ {
		for range 300 {
			x := fpeRandDigits(rng, n)
			orig := bytes.Clone(x)
			tw := []byte(fmt.Sprint("tweak", rng.IntN(3)))
			f.encrypt(x, tw)
			if len(x) != n || !fpeAllDigits(x) {
				t.Fatalf("n=%d: encrypt(%s) = %q", n, orig, x)
			}
			f.decrypt(x, tw)
			if !bytes.Equal(x, orig) {
				t.Fatalf("n=%d: decrypt(encrypt(%s)) = %s", n, orig, x)
			}
		}
	}
	// Extremes: all zeros and all nines, for every length.
	for n := 1; n <= fpeMaxDigits; n++ {
		for _, c := range []byte{'0', '9'} {
			x := bytes.Repeat([]byte{c}, n)
			f.encrypt(x, nil)
			f.decrypt(x, nil)
			if !bytes.Equal(x, bytes.Repeat([]byte{c}, n)) {
				t.Fatalf("n=%d: round trip of %c... failed", n, c)
			}
		}
	}
}

func TestFPEDeterministicAndKeyed(t *testing.T) {
	f1 := newTestFPE(t, testFPEKey)
	f2 := newTestFPE(t, testFPEKey)
	other := newTestFPE(t, "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	for _, in := range []string{"7", "42", "123", "5555", "31415", "271828", "4111111111111111", "1234567890123456789012345678901234567890"} {
		a, b, c := []byte(in), []byte(in), []byte(in)
		f1.encrypt(a, []byte("k"))
		f2.encrypt(b, []byte("k"))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: same key gives %s and %s", in, a, b)
		}
		other.encrypt(c, []byte("k"))
		if len(in) >= 3 && bytes.Equal(a, c) {
			t.Errorf("%s: different keys give the same image %s", in, a)
		}
		d := []byte(in)
		f1.encrypt(d, []byte("other tweak"))
		if len(in) >= 3 && bytes.Equal(a, d) {
			t.Errorf("%s: different tweaks give the same image %s", in, a)
		}
	}
}

// TestFPEKeyDependence checks over many inputs that a second key agrees with
// the first about as often as chance says (1 in 10^n), not always.
func TestFPEKeyDependence(t *testing.T) {
	f1 := newTestFPE(t, testFPEKey)
	f2 := newTestFPE(t, "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	for _, n := range []int{1, 2, 4, 8} {
		same := 0
		const trials = 1000
		rng := rand.New(rand.NewPCG(uint64(n), 9))
		for range trials {
			a := fpeRandDigits(rng, n)
			b := bytes.Clone(a)
			f1.encrypt(a, nil)
			f2.encrypt(b, nil)
			if bytes.Equal(a, b) {
				same++
			}
		}
		// Expected trials/10^n; allow a wide margin.
		if limit := trials/int(ffPow10[n])*3 + 5; same > limit {
			t.Errorf("n=%d: keys agree on %d of %d inputs (limit %d)", n, same, trials, limit)
		}
	}
}

func TestFPEChunked(t *testing.T) {
	f := newTestFPE(t, testFPEKey)
	in := bytes.Repeat([]byte("1234567890"), 7) // 70 digits, two chunks
	x := bytes.Clone(in)
	f.encrypt(x, []byte("t"))
	if len(x) != len(in) || !fpeAllDigits(x) {
		t.Fatalf("chunked encrypt = %q", x)
	}
	// The two chunks hold the same digits in the same order; their images
	// must still differ, as each chunk has its own tweak.
	if bytes.Equal(x[:30], x[40:70]) || bytes.Equal(x[:40], in[:40]) {
		t.Fatalf("chunks not enciphered independently: %s", x)
	}
	y := bytes.Clone(in)
	f.encrypt(y, []byte("t"))
	if !bytes.Equal(x, y) {
		t.Fatal("chunked encrypt is not deterministic")
	}
}

func TestDecArithmetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for m := 1; m <= 20; m++ {
		for range 200 {
			x := parseFFDec(fpeRandDigits(rng, m))
			y := parseFFDec(fpeRandDigits(rng, m))
			if got := ffSub(ffAdd(x, y, m), y, m); got != x {
				t.Fatalf("m=%d: (x+y)-y = %v, want %v", m, got, x)
			}
			buf := make([]byte, m)
			x.put(buf)
			if parseFFDec(buf) != x {
				t.Fatalf("m=%d: put/parse round trip of %v gives %s", m, x, buf)
			}
		}
	}
	// reduce: 2^64 mod 10^20 = 18446744073709551616.
	if got := ffReduce(1, 0, 20); got != (ffDec{1844674407, 3709551616}) {
		t.Fatalf("ffReduce(2^64, 20) = %v", got)
	}
	if got := ffReduce(1, 0, 3); got != (ffDec{0, 616}) {
		t.Fatalf("ffReduce(2^64, 3) = %v", got)
	}
	// (2^128-1) mod 10^20: 340282366920938463463374607431768211455.
	if got := ffReduce(^uint64(0), ^uint64(0), 20); got != (ffDec{6337460743, 1768211455}) {
		t.Fatalf("ffReduce(2^128-1, 20) = %v", got)
	}
}

func fpeRandDigits(rng *rand.Rand, n int) []byte {
	x := make([]byte, n)
	for i := range x {
		x[i] = byte('0' + rng.IntN(10))
	}
	return x
}

func fpeAllDigits(x []byte) bool {
	for _, c := range x {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

func BenchmarkFPE(b *testing.B) {
	f := newTestFPE(b, testFPEKey)
	for _, n := range []int{4, 10, 16, 30, 40} {
		b.Run(fmt.Sprint("digits=", n), func(b *testing.B) {
			x := bytes.Repeat([]byte{'7'}, n)
			tw := []byte("card\x00\x10\x01")
			b.ReportAllocs()
			for b.Loop() {
				f.encrypt(x, tw)
			}
		})
	}
}

// ff1Reference is SP 800-38G Algorithm 7 for radix 10 written plainly with
// math/big, to check the two-limb arithmetic of ff1 on every length (the
// published samples are all 10 digits long).
func ff1Reference(block cipher.Block, tweak []byte, x string) string {
	n, t := len(x), len(tweak)
	u := n / 2
	v := n - u
	a, b := x[:u], x[u:]
	nb := int(math.Ceil(math.Ceil(float64(v)*math.Log2(10)) / 8))
	d := 4*((nb+3)/4) + 4
	p := []byte{1, 2, 1, 0, 0, 10, 10, byte(u % 256)}
	p = binary.BigEndian.AppendUint32(p, uint32(n))
	p = binary.BigEndian.AppendUint32(p, uint32(t))
	for i := range 10 {
		numB, _ := new(big.Int).SetString(b, 10)
		q := append([]byte{}, tweak...)
		q = append(q, make([]byte, ((-t-nb-1)%16+16)%16)...)
		q = append(q, byte(i))
		q = append(q, numB.FillBytes(make([]byte, nb))...)
		msg := append(append([]byte{}, p...), q...)
		r := make([]byte, 16)
		for off := 0; off < len(msg); off += 16 {
			for j := range 16 {
				r[j] ^= msg[off+j]
			}
			block.Encrypt(r, r)
		}
		s := append([]byte{}, r...)
		for j := 1; len(s) < d; j++ {
			blk := append([]byte{}, r...)
			binary.BigEndian.PutUint64(blk[8:], binary.BigEndian.Uint64(blk[8:])^uint64(j))
			block.Encrypt(blk, blk)
			s = append(s, blk...)
		}
		y := new(big.Int).SetBytes(s[:d])
		m := u
		if i%2 == 1 {
			m = v
		}
		numA, _ := new(big.Int).SetString(a, 10)
		mod := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(m)), nil)
		c := new(big.Int).Mod(new(big.Int).Add(numA, y), mod)
		a, b = b, fmt.Sprintf("%0*s", m, c.String())
	}
	return a + b
}

func TestFF1MatchesReference(t *testing.T) {
	f := newTestFPE(t, testFPEKey)
	rng := rand.New(rand.NewPCG(13, 14))
	for n := ff1MinDigits; n <= fpeMaxDigits; n++ {
		for k := range 20 {
			x := fpeRandDigits(rng, n)
			if k == 0 {
				x = bytes.Repeat([]byte{'9'}, n)
			}
			tw := []byte(strings.Repeat("t", rng.IntN(40)))
			want := ff1Reference(f.block, tw, string(x))
			got := bytes.Clone(x)
			f.encrypt(got, tw)
			if string(got) != want {
				t.Fatalf("n=%d, tweak %d bytes: ff1(%s) = %s, reference %s", n, len(tw), x, got, want)
			}
		}
	}
	// The reference itself reproduces the published samples.
	g := newTestFPE(t, "2B7E151628AED2A6ABF7158809CF4F3C")
	if got := ff1Reference(g.block, nil, "0123456789"); got != "2433477484" {
		t.Fatalf("reference gives %s for sample 1", got)
	}
}
