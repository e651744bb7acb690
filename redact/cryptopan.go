package redact

import (
	"crypto/aes"
	"crypto/cipher"
	"sync"
)

// Crypto-PAn (Fan, Xu, Ammar, Moon: "Prefix-preserving IP address
// anonymization", 2002): bit i of the output is bit i of the input XOR one
// bit of AES_K(an input made of the first i address bits and a secret pad).
// Two addresses that share their first k bits therefore share the first k
// bits of their images, and the map is a bijection on 32-bit (IPv4) and
// 128-bit (IPv6) addresses.
//
// The published construction fills the input with the first i address bits
// and the pad's bits after them. Wherever address bit i equals the pad's
// bit i, the input for bit i+1 is then the input for bit i, and the same
// AES output decides both bits: flips repeat along such runs, and for a
// random key about 0.8% of addresses keep their first 16 bits and 0.08%
// their /24 (a random function would keep 0.0015% and 0.000006%). This
// implementation makes each input unique to its bit instead: the first i
// address bits, a 1, then zeros, XORed with the pad (a separator after the
// prefix, as ipcrypt-pfx pads; still one AES block per bit). With the published
// padding (sep false, for tests only) and the 32-byte key split into an
// AES-128 key and a pad secret as in the reference implementation, the
// reference sample trace is a test vector of the rest of the machinery.

// cryptoPAnKeyLen is the Crypto-PAn key length: an AES-128 key followed by
// the 16 bytes whose encryption is the pad.
const cryptoPAnKeyLen = 32

// cryptoPAnTableBits is how many leading output bits come from a table
// instead of one AES block each: the bit for position i < 16 depends only on
// the first i address bits, so all 2^16-1 of them fit in 8 KiB. Making the
// table takes about 65,000 blocks (a millisecond or two), once per key and
// only when the first address is anonymized; it halves the cost of an IPv4
// address.
const cryptoPAnTableBits = 16

// cryptoPAnTable holds the output bit for each position i below
// cryptoPAnTableBits and each i-bit prefix p at bit index 1<<i | p.
type cryptoPAnTable [1 << cryptoPAnTableBits / 8]byte

// cryptoPAnLazyTable is a table made on first use, shared between clones.
type cryptoPAnLazyTable struct {
	once  sync.Once
	table cryptoPAnTable
}

// cryptoPAn anonymizes addresses. block, pad and lazy are shared between
// clones (read-only once made); table, in and out are per-clone, so a
// cryptoPAn is not safe for concurrent use. Copies made with clone share the
// key material.
type cryptoPAn struct {
	block cipher.Block
	pad   [16]byte
	lazy  *cryptoPAnLazyTable
	table *cryptoPAnTable // lazy.table once made
	in    [16]byte
	out   [16]byte
	memo  *[prefixMemoSize]prefixMemo
	// sep selects the separated padding (see above); false is the
	// published construction.
	sep bool
}

// prefixMemo remembers the output bits of one network level: bits 16 to
// 23 of an IPv4 address given its /24, or 16 bits of an IPv6 address given
// its /32, /48 or /64 (the bits since the level before). They depend on
// nothing but the network's own bits, so the next address of a network
// seen recently costs 8 AES blocks instead of 16 (IPv4), or 64 instead of
// 112 (IPv6, same /64), 80 (same /48) or 96 (same /32).
type prefixMemo struct {
	net   uint64
	level uint8 // the prefix length, | 0x80 for IPv6; 0 for an empty slot
	flip  [2]byte
}

// memoLevels4 and memoLevels6 are the prefix lengths remembered.
var (
	memoLevels4 = []int{24}
	memoLevels6 = []int{32, 48, 64}
)

const prefixMemoSize = 512

// newCryptoPAn returns a cryptoPAn for a cryptoPAnKeyLen-byte key.
func newCryptoPAn(key []byte) (cryptoPAn, error) {
	var c cryptoPAn
	if len(key) != cryptoPAnKeyLen {
		return c, aes.KeySizeError(len(key))
	}
	b, err := aes.NewCipher(key[:16])
	if err != nil {
		return c, err
	}
	c.block = b
	b.Encrypt(c.pad[:], key[16:])
	c.lazy = new(cryptoPAnLazyTable)
	c.sep = true
	return c, nil
}

// clone returns a cryptoPAn sharing c's key material, with its own scratch.
func (c *cryptoPAn) clone() cryptoPAn {
	return cryptoPAn{block: c.block, pad: c.pad, lazy: c.lazy, sep: c.sep}
}

// loadTable makes c.table point at the shared table, making it first if no
// clone has.
func (c *cryptoPAn) loadTable() {
	l := c.lazy
	l.once.Do(func() {
		var a, out [16]byte
		for i := range cryptoPAnTableBits {
			for p := range 1 << i {
				// The input for bit i of an address that starts with p.
				v := uint16(p) << (16 - i)
				a[0], a[1] = byte(v>>8), byte(v)
				c.input(&a, i)
				c.block.Encrypt(out[:], c.in[:])
				idx := 1<<i | p
				l.table[idx>>3] |= (out[0] >> 7) << (idx & 7)
			}
		}
	})
	c.table = &l.table
}

// anonymize replaces the first nbits bits of a (32 for an IPv4 address in
// a[:4], 128 for IPv6) with their Crypto-PAn image, leaving the first keep
// of them as they are. For a fixed kept prefix it is still a prefix-
// preserving bijection of the remaining bits.
func (c *cryptoPAn) anonymize(a *[16]byte, nbits, keep int) {
	keep = min(max(keep, 0), nbits)
	var flip [16]byte
	i := keep
	if i < cryptoPAnTableBits {
		if c.table == nil {
			c.loadTable()
		}
		top := int(a[0])<<8 | int(a[1])
		for ; i < min(nbits, cryptoPAnTableBits); i++ {
			idx := 1<<i | top>>(16-i)
			bit := c.table[idx>>3] >> (idx & 7) & 1
			flip[i>>3] |= bit << (7 - i&7)
		}
	}
	c.input(a, i)
	if i == cryptoPAnTableBits {
		// Network by network: a level remembered for this prefix skips
		// its AES blocks; one that is not is computed and remembered.
		levels := memoLevels4
		if nbits == 128 {
			levels = memoLevels6
		}
		if c.memo == nil {
			c.memo = new([prefixMemoSize]prefixMemo)
		}
		for _, end := range levels {
			var net uint64
			for _, b := range a[:end/8] {
				net = net<<8 | uint64(b)
			}
			level := uint8(end)
			if nbits == 128 {
				level |= 0x80
			}
			pm := &c.memo[(net*0x9E3779B97F4A7C15+uint64(level))>>55&(prefixMemoSize-1)]
			if pm.level == level && pm.net == net {
				copy(flip[i/8:end/8], pm.flip[:])
				i = end
				c.input(a, i)
				continue
			}
			c.bits(a, &flip, i, end)
			*pm = prefixMemo{net: net, level: level}
			copy(pm.flip[:], flip[i/8:end/8])
			i = end
		}
	}
	c.bits(a, &flip, i, nbits)
	if keep < nbits {
		// No address may map to itself (with the published padding a key
		// can have many such addresses, with the separated one about one in
		// 2^32). The last bit is flipped when no other is: a function of
		// the bits before it, so the map stays a prefix-preserving
		// bijection, now without fixed points.
		last := nbits/8 - 1
		zero := flip[last]&0xfe == 0
		for k := 0; k < last && zero; k++ {
			zero = flip[k] == 0
		}
		if zero {
			flip[last] |= 1
		}
	}
	for k := range nbits / 8 {
		a[k] ^= flip[k]
	}
}

// bits computes the flip bits from i up to end with one AES block each;
// c.in is the input for bit i, and is kept up to date.
func (c *cryptoPAn) bits(a, flip *[16]byte, i, end int) {
	for ; i < end; i++ {
		c.block.Encrypt(c.out[:], c.in[:])
		k, m := i>>3, byte(0x80)>>(i&7)
		flip[k] |= (c.out[0] >> 7) << (7 - i&7)
		if !c.sep {
			c.in[k] = c.in[k]&^m | a[k]&m
			continue
		}
		// The separator at bit i becomes address bit i, and moves on.
		if a[k]&m == 0 {
			c.in[k] ^= m
		}
		if i+1 < 128 {
			c.in[(i+1)>>3] ^= 0x80 >> ((i + 1) & 7)
		}
	}
}

// input sets c.in to the AES input for bit i of the address a: the first i
// bits of a, then (separated padding) a 1 and zeros XORed with the pad, or
// (published padding) the pad's bits.
func (c *cryptoPAn) input(a *[16]byte, i int) {
	c.in = c.pad
	full := i / 8
	var m byte
	if r := i % 8; r != 0 {
		m = byte(0xff) << (8 - r)
	}
	if !c.sep {
		copy(c.in[:full], a[:full])
		if m != 0 {
			c.in[full] = c.in[full]&^m | a[full]&m
		}
		return
	}
	for k := range full {
		c.in[k] ^= a[k]
	}
	if i < 128 {
		c.in[full] ^= a[full]&m | 0x80>>(i%8)
	}
}
