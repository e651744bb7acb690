package redact

import (
	"bytes"
	"hash/maphash"
)

// cleanMemo remembers recent fields that were scanned and held nothing to
// replace, such as the request targets, referers and user agents of an
// access log, which repeat on most lines. A field found here is copied
// without scanning. Entries are checked byte for byte, so a hash collision
// costs a scan, never a miss; the bytes live in a ring that older entries
// fall out of, and the slots are two-way sets.
type cleanMemo struct {
	seed  maphash.Seed
	slots [memoSlots]memoSlot
	ring  []byte
	w     uint64 // bytes written to the ring so far
}

type memoSlot struct {
	h   uint64
	pos uint64 // where in the ring's history the bytes start
	n   uint32
}

const (
	memoSlots = 2048
	memoRing  = 128 << 10
	// memoMax bounds the fields remembered.
	memoMax = 1024
	memoMin = 4
)

func (c *cleanMemo) init() {
	c.seed = maphash.MakeSeed()
	c.ring = make([]byte, memoRing)
}

func (c *cleanMemo) hash(b []byte) uint64 { return maphash.Bytes(c.seed, b) }

// has reports whether b was remembered as clean; h is c.hash(b).
func (c *cleanMemo) has(h uint64, b []byte) bool {
	set := h % memoSlots &^ 1
	for i := set; i < set+2; i++ {
		s := &c.slots[i]
		if s.h != h || int(s.n) != len(b) || s.n == 0 || c.w-s.pos > memoRing {
			continue
		}
		off := s.pos % memoRing
		if string(c.ring[off:off+uint64(s.n)]) == string(b) {
			return true
		}
	}
	return false
}

// add remembers b, whose hash is h, as clean.
func (c *cleanMemo) add(h uint64, b []byte) {
	n := uint64(len(b))
	if n < memoMin || n > memoMax {
		return
	}
	off := c.w % memoRing
	if off+n > memoRing {
		// Keep every entry contiguous: skip the ring's tail.
		c.w += memoRing - off
		off = 0
	}
	copy(c.ring[off:], b)
	// Two-way sets: the older entry of the set goes, the new one comes
	// first.
	set := h % memoSlots &^ 1
	c.slots[set+1] = c.slots[set]
	c.slots[set] = memoSlot{h: h, pos: c.w, n: uint32(n)}
	c.w += n
}

// scanMemo scans src[lo:hi], a field that stands alone (a quoted field of
// an access log), as text of its own, for a line whose bytes from src[c:]
// up to the field are still to be copied. A field seen clean recently is
// not copied either: it is left for the caller to copy with what follows,
// and c comes back as it was. Otherwise src[c:lo] is copied, the field
// scanned, and c comes back as hi.
func (w *Session) scanMemo(dst, src []byte, c, lo, hi int) ([]byte, int) {
	f := src[lo:hi]
	if len(f) < memoMin || len(f) > memoMax {
		dst = append(dst, src[c:lo]...)
		return w.scanField(dst, f), hi
	}
	h := w.memo.hash(f)
	if w.memo.has(h, f) {
		return dst, c
	}
	dst = append(dst, src[c:lo]...)
	found, users, start := w.found, w.sawUsers, len(dst)
	dst = w.scanField(dst, f)
	if w.found == found && w.sawUsers == users && !users && string(dst[start:]) == string(f) {
		w.memo.add(h, f)
	}
	return dst, hi
}

// scanField scans f, the inside of a quoted access-log field. nginx writes
// a quote, a backslash, control bytes and every byte of UTF-8 as \xHH
// (\x22 for '"', M\xC3\xBCller): a field with such escapes is scanned
// decoded, so that a value between escaped quotes ({\x22card\x22:\x224111
// 1111 1111 1111\x22}) or a name with letters outside ASCII is found, and
// what comes out is escaped again the same way.
func (w *Session) scanField(dst, f []byte) []byte {
	k := xEscape(f)
	if k < 0 {
		return w.scanRange(dst, f, 0, len(f))
	}
	// A field with \xHH escapes is rare: it may own its buffers.
	dec := appendHexDecoded(append(w.xdec[:0], f[:k]...), f[k:], `\x`, false)
	w.xdec = nil
	found, start := w.found, len(dst)
	dst = w.scanRange(dst, dec, 0, len(dec))
	if w.found != found {
		out := append(w.xout[:0], dst[start:]...)
		dst = appendXEscaped(dst[:start], out)
		w.xout = out[:0]
	} else {
		dst = append(dst[:start], f...)
	}
	w.xdec = dec[:0]
	return dst
}

// xEscape returns the index of the first \xHH escape in f, or -1.
func xEscape(f []byte) int {
	for i := 0; ; {
		k := bytes.IndexByte(f[i:], '\\')
		if k < 0 {
			return -1
		}
		i += k
		if i+3 < len(f) && f[i+1] == 'x' && isHex(f[i+2]) && isHex(f[i+3]) {
			return i
		}
		i++
	}
}

// appendXEscaped appends s with a quote, a backslash, control bytes and
// bytes outside ASCII written as \xHH, as nginx writes log variables.
func appendXEscaped(dst, s []byte) []byte {
	const hexd = "0123456789ABCDEF"
	last := 0
	for i, c := range s {
		if c == '"' || c == '\\' || c < 0x20 || c >= 0x7f {
			dst = append(dst, s[last:i]...)
			dst = append(dst, '\\', 'x', hexd[c>>4], hexd[c&0xF])
			last = i + 1
		}
	}
	return append(dst, s[last:]...)
}
