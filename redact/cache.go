package redact

import "hash/maphash"

// standInCache remembers recent stand-ins, so a value seen again (the same
// client IP on every access-log line) costs a hash and a compare instead of
// a keyed permutation. It is two-way set-associative, the most recently
// stored entry of a set first, and owned by one Session.
type standInCache struct {
	ents [cacheSize]cacheEntry
}

const cacheSize = 4096

type cacheEntry struct {
	kind Kind
	key  []byte
	val  []byte
}

// kindHost is the standInCache kind of access-log host fields: the key is
// the field as written, the value what replaced it (see accessLine).
const kindHost = numKinds

// cacheSeed keys the hash of every standInCache in the process.
var cacheSeed = maphash.MakeSeed()

// set returns the index of the first of the two entries where raw of kind
// k may be.
func cacheSet(k Kind, raw []byte) int {
	return int(maphash.Bytes(cacheSeed, raw)+uint64(k)*0x9E3779B97F4A7C15) & (cacheSize - 2)
}

func (c *standInCache) get(k Kind, raw []byte) ([]byte, bool) {
	if len(raw) > 128 {
		return nil, false
	}
	set := cacheSet(k, raw)
	for i := set; i < set+2; i++ {
		if e := &c.ents[i]; e.kind == k && string(e.key) == string(raw) {
			return e.val, true
		}
	}
	return nil, false
}

func (c *standInCache) put(k Kind, raw, val []byte) {
	if len(raw) > 128 || len(val) > 256 {
		return
	}
	set := cacheSet(k, raw)
	// The older entry of the set goes; the new one comes first.
	c.ents[set], c.ents[set+1] = c.ents[set+1], c.ents[set]
	e := &c.ents[set]
	e.kind = k
	e.key = append(e.key[:0], raw...)
	e.val = append(e.val[:0], val...)
}

// keyCache remembers what the field rules say of recently seen key names in
// text (key=value, key: value), which repeat on every line of a log.
type keyCache struct {
	ents [keyCacheSize]keyEntry
}

const (
	keyCacheSize = 256
	// keyCacheMax holds any key keyBefore returns, dotted class names
	// (java.lang.IllegalStateException:) among them.
	keyCacheMax = maxTextKey
)

type keyEntry struct {
	n    uint8 // key length; 0 for an empty slot
	key  [keyCacheMax]byte
	kind Kind
	weak bool
}

func (c *keyCache) slot(k []byte) *keyEntry {
	h := uint32(2166136261)
	for _, b := range k {
		h ^= uint32(b)
		h *= 16777619
	}
	return &c.ents[h%keyCacheSize]
}

// lookup returns the cached answer for k, computing and storing it on a
// miss.
func (c *keyCache) lookup(f *fieldMatcher, k []byte) (Kind, bool) {
	if len(k) == 0 || len(k) > keyCacheMax {
		return f.key(k)
	}
	e := c.slot(k)
	if int(e.n) == len(k) && string(e.key[:e.n]) == string(k) {
		return e.kind, e.weak
	}
	kind, weak := f.key(k)
	e.n = uint8(copy(e.key[:], k))
	e.kind, e.weak = kind, weak
	return kind, weak
}
