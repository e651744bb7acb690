package redact

import (
	"crypto/aes"
	"encoding/binary"
	"encoding/hex"
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"testing"
)

// cryptoPAnReferenceKey is the key of the sample trace shipped with the
// Crypto-PAn reference implementation.
var cryptoPAnReferenceKey = []byte{
	21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16,
	216, 152, 143, 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2,
}

func anonymizeAddr(c *cryptoPAn, a netip.Addr, keep int) netip.Addr {
	if a.Is4() {
		var b [16]byte
		v := a.As4()
		copy(b[:], v[:])
		c.anonymize(&b, 32, keep)
		return netip.AddrFrom4([4]byte(b[:4]))
	}
	b := a.As16()
	c.anonymize(&b, 128, keep)
	return netip.AddrFrom16(b)
}

func TestCryptoPAnReferenceVectors(t *testing.T) {
	c, err := newCryptoPAn(cryptoPAnReferenceKey)
	if err != nil {
		t.Fatal(err)
	}
	// The published padding, before any table is made with the other.
	c.sep = false
	tests := []struct{ in, want string }{
		// From the reference sample trace (sample_trace_raw / _sanitized).
		{"128.11.68.132", "135.242.180.132"},
		{"129.118.74.4", "134.136.186.123"},
		{"130.132.252.244", "133.68.164.234"},
		{"141.223.7.43", "141.167.8.160"},
		{"141.233.145.108", "141.129.237.235"},
		{"152.163.225.39", "151.140.114.167"},
		{"156.29.3.236", "147.225.12.42"},
		{"165.247.96.84", "162.9.99.234"},
		{"166.107.77.190", "160.132.178.185"},
		{"192.102.249.13", "252.138.62.131"},
		{"192.215.32.125", "252.43.47.189"},
		{"192.233.80.103", "252.25.108.8"},
		{"192.41.57.43", "252.222.221.184"},
		{"193.150.244.223", "253.169.52.216"},
		{"195.205.63.100", "255.186.223.5"},
		{"24.0.250.221", "100.15.198.226"},
		{"4.3.88.225", "124.60.155.63"},
		{"64.14.118.196", "0.255.183.58"},
		{"10.185.25.118", "117.161.29.118"},
		// IPv6, the same construction over 128 bits (as in other
		// implementations that extend the reference).
		{"::1", "78ff:f001:9fc0:20df:8380:b1f1:704:ed"},
		{"::2", "78ff:f001:9fc0:20df:8380:b1f1:704:ef"},
		{"::ffff", "78ff:f001:9fc0:20df:8380:b1f1:704:f838"},
		{"2001:db8::1", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e"},
		{"2001:db8::2", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1c"},
	}
	for _, tc := range tests {
		got := anonymizeAddr(&c, netip.MustParseAddr(tc.in), 0)
		if got.String() != tc.want {
			t.Errorf("anonymize(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// commonPrefix returns the number of leading bits a and b share.
func commonPrefix(a, b netip.Addr) int {
	x, y := a.As16(), b.As16()
	n := 0
	if a.Is4() {
		n = -96
	}
	for i := range x {
		if x[i] != y[i] {
			return n + 8*i + bits.LeadingZeros8(x[i]^y[i])
		}
	}
	return n + 128
}

// randPair returns two random addresses of one family sharing a random
// number of leading bits (exactly, unless they are equal).
func randPair(rng *rand.Rand, v6 bool) (netip.Addr, netip.Addr) {
	var a, b [16]byte
	for i := range a {
		a[i] = byte(rng.Uint32())
	}
	nbits := 32
	if v6 {
		nbits = 128
	}
	b = a
	if k := rng.IntN(nbits + 1); k < nbits {
		// Flip bit k and randomize the bits after it.
		b[k/8] ^= 0x80 >> (k % 8)
		for i := k + 1; i < nbits; i++ {
			if rng.IntN(2) == 1 {
				b[i/8] ^= 0x80 >> (i % 8)
			}
		}
	}
	if v6 {
		return netip.AddrFrom16(a), netip.AddrFrom16(b)
	}
	return netip.AddrFrom4([4]byte(a[:4])), netip.AddrFrom4([4]byte(b[:4]))
}

func TestCryptoPAnPrefixPreserving(t *testing.T) {
	c, err := newCryptoPAn(cryptoPAnReferenceKey)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, v6 := range []bool{false, true} {
		for range 3000 {
			a, b := randPair(rng, v6)
			keep := 0
			if rng.IntN(3) == 0 {
				keep = rng.IntN(a.BitLen() + 1)
			}
			x, y := anonymizeAddr(&c, a, keep), anonymizeAddr(&c, b, keep)
			if got, want := commonPrefix(x, y), commonPrefix(a, b); got != want {
				t.Fatalf("%s, %s share %d bits; images %s, %s share %d", a, b, want, x, y, got)
			}
			if keep > 0 && commonPrefix(a, x) < keep {
				t.Fatalf("keep=%d: %s -> %s changed a kept bit", keep, a, x)
			}
		}
	}
}

// TestCryptoPAnBijective enumerates a /16 of IPv4 (and, with a kept prefix,
// the last 16 bits of IPv6) and checks the images are distinct.
func TestCryptoPAnBijective(t *testing.T) {
	c, err := newCryptoPAn(cryptoPAnReferenceKey)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[netip.Addr]bool, 1<<16)
	for i := range 1 << 16 {
		a := netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), byte(i)})
		x := anonymizeAddr(&c, a, 0)
		if seen[x] {
			t.Fatalf("%s: image %s seen before", a, x)
		}
		seen[x] = true
	}
	clear(seen)
	base := netip.MustParseAddr("2001:db8:1:2:3:4:5:0").As16()
	for i := range 1 << 12 {
		b := base
		b[14], b[15] = byte(i>>8), byte(i)
		x := anonymizeAddr(&c, netip.AddrFrom16(b), 112)
		if seen[x] {
			t.Fatalf("%v: image %s seen before", b, x)
		}
		seen[x] = true
	}
}

func TestCryptoPAnKeyLength(t *testing.T) {
	if _, err := newCryptoPAn(make([]byte, 16)); err == nil {
		t.Fatal("16-byte key accepted")
	}
}

func BenchmarkCryptoPAn(b *testing.B) {
	c, err := newCryptoPAn(cryptoPAnReferenceKey)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []string{"192.0.2.1", "2001:db8::1"} {
		a := netip.MustParseAddr(s)
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchAddrSink = anonymizeAddr(&c, a, 0)
			}
		})
	}
}

var benchAddrSink netip.Addr

func newTestRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// The network memo must not change a single image: addresses of a few
// networks, in an order that mixes hits, misses and evictions, map as a
// fresh instance with no memo maps them.
func TestCryptoPAnPrefixMemo(t *testing.T) {
	c, err := newCryptoPAn(cryptoPAnReferenceKey)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	nets4 := make([][3]byte, 2000)
	for i := range nets4 {
		nets4[i] = [3]byte{byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))}
	}
	// IPv6 networks that share /32s and /48s, as one provider's do.
	nets6 := make([][8]byte, 2000)
	for i := range nets6 {
		p32, p48 := uint64(rng.IntN(20))*0x9E3779B1, uint64(rng.IntN(4))
		binary.BigEndian.PutUint64(nets6[i][:], p32<<32|p48<<16|uint64(rng.IntN(1<<16)))
	}
	for n := range 40000 {
		var a netip.Addr
		keep := []int{0, 0, 0, 8, 16, 20}[rng.IntN(6)]
		if n%2 == 0 {
			p := nets4[rng.IntN(len(nets4))]
			a = netip.AddrFrom4([4]byte{p[0], p[1], p[2], byte(rng.IntN(256))})
		} else {
			var b [16]byte
			copy(b[:], nets6[rng.IntN(len(nets6))][:])
			binary.BigEndian.PutUint64(b[8:], rng.Uint64())
			a = netip.AddrFrom16(b)
		}
		fresh := c.clone()
		if got, want := anonymizeAddr(&c, a, keep), anonymizeAddr(&fresh, a, keep); got != want {
			t.Fatalf("%s keep %d: %s with the memo, %s without", a, keep, got, want)
		}
	}
}

// No address maps to itself. With this key, Crypto-PAn as published maps
// 180.168.232.241 to itself (its AES inputs repeat along the pad's bits),
// and about one address in four thousand is a fixed point.
func TestCryptoPAnNoFixedPoints(t *testing.T) {
	key, _ := hex.DecodeString("043f2f924a7731707c217dbda3c8c17af841ad56bdc77b5c4859992dd221e5c9")
	p, err := NewPseudonymizer(key)
	if err != nil {
		t.Fatal(err)
	}
	a := netip.MustParseAddr("180.168.232.241")
	if got := string(p.AppendIP(nil, a, 0)); got == a.String() {
		t.Fatalf("%s maps to itself", a)
	}
	for n := range 1 << 18 {
		v := uint32(n) * 2654435761
		a := [4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		var b [16]byte
		copy(b[:], a[:])
		p.pan.anonymize(&b, 32, 0)
		if [4]byte(b[:4]) == a {
			t.Fatalf("%v maps to itself", a)
		}
		// With a prefix kept, the rest still moves.
		copy(b[:], a[:])
		p.pan.anonymize(&b, 32, 24)
		if [4]byte(b[:4]) == a {
			t.Fatalf("%v keep 24 maps to itself", a)
		}
	}
}

// naivePAn is Crypto-PAn with the separated padding, one AES block per
// bit, written the plain way: the reference for the table, the network
// memo and the incremental input updates.
func naivePAn(t *testing.T, key []byte, a [16]byte, nbits, keep int) [16]byte {
	blk, err := aes.NewCipher(key[:16])
	if err != nil {
		t.Fatal(err)
	}
	var pad, in, out [16]byte
	blk.Encrypt(pad[:], key[16:])
	bit := func(b *[16]byte, i int) byte { return b[i/8] >> (7 - i%8) & 1 }
	res := a
	for i := keep; i < nbits; i++ {
		in = [16]byte{}
		for j := 0; j < i; j++ {
			in[j/8] |= bit(&a, j) << (7 - j%8)
		}
		in[i/8] |= 1 << (7 - i%8)
		for k := range in {
			in[k] ^= pad[k]
		}
		blk.Encrypt(out[:], in[:])
		res[i/8] ^= (out[0] >> 7) << (7 - i%8)
	}
	if res == a && keep < nbits {
		res[nbits/8-1] ^= 1
	}
	return res
}

func TestCryptoPAnMatchesNaive(t *testing.T) {
	c, err := newCryptoPAn(cryptoPAnReferenceKey)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for n := range 3000 {
		var a [16]byte
		nbits := 32
		if n%2 == 1 {
			nbits = 128
		}
		for k := range nbits / 8 {
			a[k] = byte(rng.Uint32())
		}
		if n%5 == 0 {
			a[nbits/8-1]++ // a neighbour: a memo hit for its network
		}
		keep := []int{0, 0, 0, 5, 16, 23, 24, 40}[rng.IntN(8)]
		got := a
		c.anonymize(&got, nbits, keep)
		if want := naivePAn(t, cryptoPAnReferenceKey, a, nbits, keep); got != want {
			t.Fatalf("%x (%d bits, keep %d): %x, want %x", a[:nbits/8], nbits, keep, got[:nbits/8], want[:nbits/8])
		}
	}
}

// With the separated padding an image keeps its address's first 16 bits
// about as often as a random function's would (1 in 65,536); the published
// padding keeps them for about 0.8% of addresses.
func TestCryptoPAnPrefixesNotKept(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		rng := rand.New(rand.NewPCG(seed, 99))
		key := make([]byte, 32)
		for i := range key {
			key[i] = byte(rng.Uint32())
		}
		c, err := newCryptoPAn(key)
		if err != nil {
			t.Fatal(err)
		}
		kept := 0
		for range 50000 {
			var a [16]byte
			binary.BigEndian.PutUint32(a[:], rng.Uint32())
			b := a
			c.anonymize(&b, 32, 0)
			if a[0] == b[0] && a[1] == b[1] {
				kept++
			}
		}
		if kept > 12 {
			t.Errorf("key %d: %d of 50000 addresses keep their first 16 bits", seed, kept)
		}
	}
}
