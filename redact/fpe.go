package redact

import (
	"bytes"
	"crypto/cipher"
	"encoding/binary"
	"math/bits"
)

// Format-preserving encryption of decimal digit strings: a keyed permutation
// of the n-digit strings, used for the digits of card numbers, IBANs and
// phone numbers.
//
// Strings of ff1MinDigits to fpeMaxDigits digits go through FF1 (NIST SP
// 800-38G) with radix 10 and AES as the round function, exactly as specified,
// so the published FF1 samples are test vectors. Shorter strings, where the
// FF1 split is degenerate (one half of zero or one digit) and the domain is
// below the standard's minimum of 10^6, go through a balanced binary Feistel
// network on the smallest even bit width that holds 10^n values, with cycle
// walking back into range: still a permutation of exactly the 10^n strings.
// Longer strings are cut into fpeMaxDigits-digit chunks, each enciphered on
// its own with the chunk number in the tweak.
//
// Both constructions run the round function as a CBC-MAC over a header
// block, the tweak and one final block holding the round number and the
// round's input; the header and tweak part is the same for every round, so
// it is computed once per call and each round costs one AES block.

const (
	// fpeMaxDigits is the longest string enciphered in one piece: FF1 halves
	// of up to 20 digits, held as two base-10^10 limbs.
	fpeMaxDigits = 40
	// ff1MinDigits is the shortest string that goes through FF1: 10^6 is the
	// smallest domain SP 800-38G Rev. 1 allows.
	ff1MinDigits = 6
	// ff1Rounds is the FF1 round count.
	ff1Rounds = 10
	// smallRounds is the round count of the small-domain Feistel network.
	smallRounds = 12
	// ffLimb is the base of the limbs a half is held in.
	ffLimb = 1e10
)

// ffPow10 holds 10^i for i up to 19.
var ffPow10 = [20]uint64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// ff1NumBytes[v] is b = ceil(ceil(v*log2(10))/8), the byte length of NUM(B)
// for a half of v digits.
var ff1NumBytes = [21]int{0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8, 8, 9}

// smallWidth[n] is the even bit width of the small-domain network for n
// digits: the smallest even w with 2^w >= 10^n.
var smallWidth = [ff1MinDigits]int{0, 4, 8, 10, 14, 18}

// ffDec is a number below 10^20 held as two base-10^10 limbs: hi*10^10 + lo.
type ffDec struct{ hi, lo uint64 }

// parseFFDec reads the ASCII digits s (at most 20) as a number.
func parseFFDec(s []byte) ffDec {
	var x ffDec
	split := max(len(s)-10, 0)
	for _, c := range s[:split] {
		x.hi = x.hi*10 + uint64(c-'0')
	}
	for _, c := range s[split:] {
		x.lo = x.lo*10 + uint64(c-'0')
	}
	return x
}

// put writes x into s as exactly len(s) ASCII digits (at most 20).
func (x ffDec) put(s []byte) {
	i := len(s) - 1
	for lo, k := x.lo, 0; k < 10 && i >= 0; k++ {
		s[i] = byte('0' + lo%10)
		lo /= 10
		i--
	}
	for hi := x.hi; i >= 0; i-- {
		s[i] = byte('0' + hi%10)
		hi /= 10
	}
}

// ffAdd returns (x + y) mod 10^m for x, y below 10^m.
func ffAdd(x, y ffDec, m int) ffDec {
	if m <= 10 {
		s := x.lo + y.lo
		if s >= ffPow10[m] {
			s -= ffPow10[m]
		}
		return ffDec{lo: s}
	}
	lo := x.lo + y.lo
	var carry uint64
	if lo >= ffLimb {
		lo -= ffLimb
		carry = 1
	}
	hi := x.hi + y.hi + carry
	if hi >= ffPow10[m-10] {
		hi -= ffPow10[m-10]
	}
	return ffDec{hi, lo}
}

// ffSub returns (x - y) mod 10^m for x, y below 10^m.
func ffSub(x, y ffDec, m int) ffDec {
	if m <= 10 {
		if x.lo >= y.lo {
			return ffDec{lo: x.lo - y.lo}
		}
		return ffDec{lo: x.lo + ffPow10[m] - y.lo}
	}
	var borrow uint64
	lo := x.lo
	if lo < y.lo {
		lo += ffLimb
		borrow = 1
	}
	lo -= y.lo
	hi := x.hi + ffPow10[m-10] - y.hi - borrow
	if hi >= ffPow10[m-10] {
		hi -= ffPow10[m-10]
	}
	return ffDec{hi, lo}
}

// ffReduce returns the number yh*2^64 + yl modulo 10^m (m <= 20). It takes
// the cheap path when yh is small, as it is for every half but the 20-digit
// ones (S is then at most 12 bytes).
func ffReduce(yh, yl uint64, m int) ffDec {
	var q, r0 uint64
	switch {
	case yh == 0:
		q, r0 = yl/ffLimb, yl%ffLimb
	case yh < ffLimb:
		q, r0 = bits.Div64(yh, yl, ffLimb)
	default:
		qh := yh / ffLimb
		var ql uint64
		ql, r0 = bits.Div64(yh%ffLimb, yl, ffLimb)
		// q = qh*2^64 + ql; only q mod 10^10 is needed.
		_, r1 := bits.Div64(qh%ffLimb, ql, ffLimb)
		if m <= 10 {
			return ffDec{lo: modPow10(r0, m)}
		}
		return ffDec{modPow10(r1, m-10), r0}
	}
	if m <= 10 {
		return ffDec{lo: modPow10(r0, m)}
	}
	return ffDec{modPow10(q%ffLimb, m-10), r0}
}

// modPow10 returns x mod 10^k for k from 1 to 10, with constant divisors
// (a multiplication instead of a division).
func modPow10(x uint64, k int) uint64 {
	switch k {
	case 1:
		return x % 1e1
	case 2:
		return x % 1e2
	case 3:
		return x % 1e3
	case 4:
		return x % 1e4
	case 5:
		return x % 1e5
	case 6:
		return x % 1e6
	case 7:
		return x % 1e7
	case 8:
		return x % 1e8
	case 9:
		return x % 1e9
	default:
		return x % 1e10
	}
}

// fpeCipher enciphers digit strings. Its block is shared between clones
// (crypto/aes blocks are read-only once made); the rest is per-clone
// scratch, so a fpeCipher is not safe for concurrent use.
type fpeCipher struct {
	block cipher.Block
	mac   [16]byte  // CBC-MAC state after the header and tweak blocks
	last  [2]uint64 // final block of each round, XORed with mac, as words
	buf   [16]byte  // block under encryption
	tw    [80]byte  // tweak with chunk number, for strings over fpeMaxDigits
	// The header, tweak and resulting last of the previous call: calls in a
	// row often share them (cards of one brand, phones of one country).
	prevOK    bool
	prevHdr   [16]byte
	prevTw    [32]byte
	prevTwLen int
	prevLast  [2]uint64
}

// encrypt replaces the ASCII digits x in place by their image under the
// permutation selected by tweak. Every byte of x must be an ASCII digit.
func (f *fpeCipher) encrypt(x, tweak []byte) {
	if len(x) <= fpeMaxDigits {
		f.encryptOne(x, tweak)
		return
	}
	if len(tweak) > len(f.tw)-2 {
		tweak = tweak[:len(f.tw)-2]
	}
	n := copy(f.tw[:], tweak)
	f.tw[n] = 0xff
	for chunk := 0; len(x) > 0; chunk++ {
		k := min(len(x), fpeMaxDigits)
		f.tw[n+1] = byte(chunk)
		f.encryptOne(x[:k], f.tw[:n+2])
		x = x[k:]
	}
}

// encryptOne enciphers x, 1 to fpeMaxDigits ASCII digits, in place.
func (f *fpeCipher) encryptOne(x, tweak []byte) {
	switch n := len(x); {
	case n == 0:
	case n < ff1MinDigits:
		v := f.smallPermute(parseFFDec(x).lo, n, tweak, false)
		ffDec{lo: v}.put(x)
	default:
		f.ff1(x, tweak, false)
	}
}

// header writes the FF1 header block P (SP 800-38G, Algorithm 7, step 5)
// into f.buf. variant is 1 for FF1 proper and 2 for the small-domain network,
// which puts its bit width where FF1 has u and its round count where FF1 has
// 10, so the two never share a round function input.
func (f *fpeCipher) header(variant, split, rounds, n, t int) {
	f.buf = [16]byte{
		1, 2, byte(variant), 0, 0, 10, byte(rounds), byte(split),
		byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n),
		byte(t >> 24), byte(t >> 16), byte(t >> 8), byte(t),
	}
}

// start runs the CBC-MAC over the header in f.buf and over the blocks of
// Q = T || 0^pad || round || NUM(B) that come before its final block, and
// leaves the final block, round byte and numeral still zero, XORed with the
// CBC-MAC state, in f.last. b is the byte length of the numeral (at most 9).
func (f *fpeCipher) start(tweak []byte, b int) {
	if f.prevOK && f.buf == f.prevHdr && bytes.Equal(tweak, f.prevTw[:f.prevTwLen]) {
		f.last = f.prevLast
		return
	}
	f.prevOK = false
	hdr := f.buf
	f.block.Encrypt(f.mac[:], f.buf[:])
	t := len(tweak)
	q := t + 1 + b
	q += (16 - q%16) % 16
	for off := 0; off < q-16; off += 16 {
		for j := range 16 {
			if off+j < t {
				f.mac[j] ^= tweak[off+j]
			}
		}
		f.block.Encrypt(f.mac[:], f.mac[:])
	}
	for j := range 16 {
		if pos := q - 16 + j; pos < t {
			f.buf[j] = tweak[pos] ^ f.mac[j]
		} else {
			f.buf[j] = f.mac[j]
		}
	}
	f.last[0] = binary.BigEndian.Uint64(f.buf[:8])
	f.last[1] = binary.BigEndian.Uint64(f.buf[8:])
	if len(tweak) <= len(f.prevTw) {
		f.prevOK, f.prevHdr, f.prevLast = true, hdr, f.last
		f.prevTwLen = copy(f.prevTw[:], tweak)
	}
}

// round computes the round function for round i on the numeral x (the
// big-endian value hi*2^64+lo, written in b bytes) and leaves it in f.buf.
func (f *fpeCipher) round(i int, hi, lo uint64, b int) {
	// The round byte sits just before the numeral's b bytes.
	if b < 8 {
		lo |= uint64(i) << (8 * b)
	} else {
		hi |= uint64(i) << (8 * (b - 8))
	}
	binary.BigEndian.PutUint64(f.buf[:8], f.last[0]^hi)
	binary.BigEndian.PutUint64(f.buf[8:], f.last[1]^lo)
	f.block.Encrypt(f.buf[:], f.buf[:])
}

// ff1 runs FF1 encryption (or decryption, for tests) on the ASCII digits x,
// ff1MinDigits to fpeMaxDigits of them, in place.
func (f *fpeCipher) ff1(x, tweak []byte, decrypt bool) {
	n := len(x)
	u := n / 2
	v := n - u
	b := ff1NumBytes[v]
	d := 4*((b+3)/4) + 4
	f.header(1, u, ff1Rounds, n, len(tweak))
	f.start(tweak, b)
	a, bb := parseFFDec(x[:u]), parseFFDec(x[u:])
	for k := range ff1Rounds {
		i := k
		if decrypt {
			i = ff1Rounds - 1 - k
		}
		m := u
		if i%2 == 1 {
			m = v
		}
		src := bb
		if decrypt {
			src = a
		}
		// NUM(B) in binary: hi*10^10 + lo.
		nh, nl := bits.Mul64(src.hi, ffLimb)
		var c uint64
		nl, c = bits.Add64(nl, src.lo, 0)
		nh += c
		f.round(i, nh, nl, b)
		// y = NUM(S), S the first d bytes of R (d <= 16).
		var yh, yl uint64
		switch d {
		case 16:
			yh, yl = binary.BigEndian.Uint64(f.buf[:8]), binary.BigEndian.Uint64(f.buf[8:])
		case 12:
			yh, yl = uint64(binary.BigEndian.Uint32(f.buf[:4])), binary.BigEndian.Uint64(f.buf[4:12])
		default:
			yl = binary.BigEndian.Uint64(f.buf[:8])
		}
		y := ffReduce(yh, yl, m)
		if decrypt {
			a, bb = ffSub(bb, y, m), a
		} else {
			a, bb = bb, ffAdd(a, y, m)
		}
	}
	a.put(x[:u])
	bb.put(x[u:])
}

// smallPermute maps v, below 10^n for n below ff1MinDigits, to its image
// (or preimage) under a permutation of [0, 10^n): a balanced Feistel network
// on w = smallWidth[n] bits, applied again while the result is 10^n or more
// (cycle walking). Cycle walking keeps a permutation of the larger domain a
// permutation of the smaller one, and 2^w < 4*10^n bounds the expected
// number of walks below 4.
func (f *fpeCipher) smallPermute(v uint64, n int, tweak []byte, decrypt bool) uint64 {
	w := smallWidth[n]
	h := uint(w / 2)
	mask := uint64(1)<<h - 1
	f.header(2, w, smallRounds, n, len(tweak))
	f.start(tweak, 4)
	for {
		l, r := v>>h, v&mask
		for k := range smallRounds {
			if decrypt {
				i := smallRounds - 1 - k
				f.round(i, 0, l, 4)
				l, r = r^(f.prf32()&mask), l
			} else {
				f.round(k, 0, r, 4)
				l, r = r, l^(f.prf32()&mask)
			}
		}
		v = l<<h | r
		if v < ffPow10[n] {
			return v
		}
	}
}

// prf32 returns the first four bytes of the last round output.
func (f *fpeCipher) prf32() uint64 {
	return uint64(binary.BigEndian.Uint32(f.buf[:4]))
}
