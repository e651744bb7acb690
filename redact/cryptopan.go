package redact

import (
	"crypto/aes"
	"crypto/cipher"
	"sync"
)

// Crypto-PAn (Fan, Xu, Ammar, Moon: "Prefix-preserving IP address
// anonymization", 2002): bit i of the output is bit i of the input XOR one
// bit of AES_K(first i input bits || the rest of a secret pad). Two
// addresses that share their first k bits therefore share the first k bits
// of their images, and the map is a bijection on 32-bit (IPv4) and 128-bit
// (IPv6) addresses. With the 32-byte key split into an AES-128 key and a
// pad secret, as in the reference implementation, its sample trace is a
// test vector.

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
	return c, nil
}

// clone returns a cryptoPAn sharing c's key material, with its own scratch.
func (c *cryptoPAn) clone() cryptoPAn {
	return cryptoPAn{block: c.block, pad: c.pad, lazy: c.lazy}
}

// loadTable makes c.table point at the shared table, making it first if no
// clone has.
func (c *cryptoPAn) loadTable() {
	l := c.lazy
	l.once.Do(func() {
		var in, out [16]byte
		for i := range cryptoPAnTableBits {
			for p := range 1 << i {
				// The first i bits of the block are p, the rest the pad.
				in = c.pad
				v := uint16(p) << (16 - i)
				m := ^uint16(0) << (16 - i)
				in[0] = in[0]&^byte(m>>8) | byte(v>>8)
				in[1] = in[1]&^byte(m) | byte(v)
				c.block.Encrypt(out[:], in[:])
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
	c.in = c.pad
	// The AES input for bit i carries the first i address bits; start with
	// the kept ones in place.
	full := keep / 8
	copy(c.in[:full], a[:full])
	if r := keep % 8; r != 0 {
		m := byte(0xff) << (8 - r)
		c.in[full] = c.in[full]&^m | a[full]&m
	}
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
		// Bring the AES input up to date: its first i bits are the address's.
		copy(c.in[:2], a[:2])
	}
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
				copy(c.in[i/8:end/8], a[i/8:end/8])
				i = end
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
		// No address may map to itself. Crypto-PAn's AES input for bit i+1
		// is the one for bit i when address bit i equals the pad's, so the
		// bits along such a path repeat one value, and a key can have
		// many fixed points. The last bit is flipped when no other is: a
		// function of the bits before it, so the map stays a prefix-
		// preserving bijection, now without fixed points.
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

// bits computes the flip bits from i up to end with one AES block each,
// keeping c.in's first bits equal to the address's.
func (c *cryptoPAn) bits(a, flip *[16]byte, i, end int) {
	for ; i < end; i++ {
		c.block.Encrypt(c.out[:], c.in[:])
		k, m := i>>3, byte(0x80)>>(i&7)
		flip[k] |= (c.out[0] >> 7) << (7 - i&7)
		c.in[k] = c.in[k]&^m | a[k]&m
	}
}
