package redact

import (
	"encoding/binary"
	"math/bits"
)

// keyInfo is what the walker needs to know of an object key: the field
// rule its name selects and a few facts about the name.
type keyInfo struct {
	kind  Kind // the field rule's kind, KindNone when none or disabled
	flags uint8
}

const (
	kfWeak  uint8 = 1 << iota // kind is a secret by a word in the name
	kfName                    // "key", "name" … of a key/value object (isNameKey)
	kfValue                   // "value" … of a key/value object (isValueKey)
	kfType                    // "type"
	kfPath                    // a path or safe selector may end with this key
	kfScan                    // the name itself may hold personal data (mayHoldPII)
	// kfClean marks, in the key cache only, a string that was also seen as
	// a value no field rule decides and scanned clean.
	kfClean
	kfVersion // the name names a version (isVersionKey)
)

// keyInfoOf computes the keyInfo of the decoded key name k.
func (s *Scrubber) keyInfoOf(k []byte) keyInfo {
	f := s.fields
	var buf [64]byte
	nk := normKey(&buf, k)
	var ki keyInfo
	if mayHoldPII(k) {
		ki.flags |= kfScan
	}
	if f.hasPaths() && f.pathCandidate(nk) {
		ki.flags |= kfPath
	}
	if nk == nil {
		if kind, weak := f.long(k); kind != KindNone && s.enabled[kind] {
			ki.kind = kind
			if weak {
				ki.flags |= kfWeak
			}
		}
		return ki
	}
	if isNameKey(nk) {
		ki.flags |= kfName
	}
	if isValueKey(nk) {
		ki.flags |= kfValue
	}
	if string(nk) == "type" {
		ki.flags |= kfType
	}
	if isVersionKey(k) {
		ki.flags |= kfVersion
	}
	kind, weak := f.normalized(nk, true)
	if kind != KindNone && s.enabled[kind] {
		ki.kind = kind
		if weak {
			ki.flags |= kfWeak
		}
	}
	return ki
}

// jsonKeyCache remembers the keyInfo of recent key names by their raw
// bytes: the keys of JSON events repeat from one event to the next. It is
// two-way set-associative, verified byte for byte and owned by one Session.
// A name of up to sixteen bytes is held in two words and compared as two
// words.
type jsonKeyCache struct {
	ents [2 << jsonKeyBits]jsonKeyEntry
}

const (
	jsonKeyBits = 9 // 512 sets of two entries
	// jsonKeyMax bounds the names remembered.
	jsonKeyMax = 32
)

type jsonKeyEntry struct {
	w0, w1 uint64 // the name's first sixteen bytes, zero-padded
	n      uint8  // the name's length; 0 for an empty slot
	kind   Kind
	flags  uint8
	rest   [jsonKeyMax - 16]byte // the name's bytes after the sixteenth
}

// shortKeyInfo returns the end (after the closing quote) and the keyInfo
// of the object key whose opening quote is at src[ks] when its name has
// one to sixteen bytes and no escape; it reads the name as two words,
// zero-padded, and compares it as two words. For any other key, and when
// fewer than seventeen bytes follow the quote, end is -1. A name that is
// not in the cache is added when add is set; otherwise found is false.
func (w *Session) shortKeyInfo(src []byte, ks int, add bool) (end int, ki keyInfo, found bool) {
	if ks+17 > len(src) {
		return -1, keyInfo{}, false
	}
	var n int
	var w1 uint64
	w0 := binary.LittleEndian.Uint64(src[ks+1:])
	if sp := strSpecial8(w0); sp != 0 {
		n = bits.TrailingZeros64(sp) / 8
		if n == 0 || src[ks+1+n] != '"' {
			return -1, keyInfo{}, false
		}
		w0 &= 1<<(8*n) - 1
	} else {
		w1 = binary.LittleEndian.Uint64(src[ks+9:])
		sp := strSpecial8(w1)
		if sp == 0 {
			return -1, keyInfo{}, false
		}
		k := bits.TrailingZeros64(sp) / 8
		if src[ks+9+k] != '"' {
			return -1, keyInfo{}, false
		}
		n = 8 + k
		w1 &= 1<<(8*k) - 1
	}
	set := w.jkeys.set(n, w0, w1)
	for k := range set {
		if e := &set[k]; int(e.n) == n && e.w0 == w0 && e.w1 == w1 {
			return ks + n + 2, keyInfo{kind: e.kind, flags: e.flags}, true
		}
	}
	if !add {
		return ks + n + 2, keyInfo{}, false
	}
	return ks + n + 2, w.addKey(set, src[ks+1:ks+1+n], w0, w1), true
}

// markClean records in the key cache that the string raw, of one to
// sixteen bytes without escapes, was scanned clean as a value that no
// field rule decides.
func (w *Session) markClean(raw []byte) {
	w0, w1 := keyWords(raw)
	set := w.jkeys.set(len(raw), w0, w1)
	for k := range set {
		if e := &set[k]; int(e.n) == len(raw) && e.w0 == w0 && e.w1 == w1 {
			e.flags |= kfClean
			return
		}
	}
	w.addKey(set, raw, w0, w1)
	set[0].flags |= kfClean
}

// keyWords returns the first sixteen bytes of k, zero-padded, as two words.
func keyWords(k []byte) (w0, w1 uint64) {
	if len(k) >= 16 {
		return binary.LittleEndian.Uint64(k), binary.LittleEndian.Uint64(k[8:])
	}
	for i := len(k) - 1; i >= 0; i-- {
		if i >= 8 {
			w1 = w1<<8 | uint64(k[i])
		} else {
			w0 = w0<<8 | uint64(k[i])
		}
	}
	return w0, w1
}

// set returns the two entries a name of length n with the first words w0
// and w1 may be in.
func (c *jsonKeyCache) set(n int, w0, w1 uint64) *[2]jsonKeyEntry {
	h := (w0 ^ (w1+uint64(n))*0xff51afd7ed558ccd) * 0x9e3779b97f4a7c15
	return (*[2]jsonKeyEntry)(c.ents[(h>>(64-jsonKeyBits))*2:])
}

// lookupKey returns the keyInfo of the name raw, of length n (1 to
// jsonKeyMax) with the first words w0 and w1, computing and remembering
// it when it is not in the cache.
func (w *Session) lookupKey(raw []byte, n int, w0, w1 uint64) keyInfo {
	set := w.jkeys.set(n, w0, w1)
	for k := range set {
		e := &set[k]
		if int(e.n) == n && e.w0 == w0 && e.w1 == w1 && (n <= 16 || string(e.rest[:n-16]) == string(raw[16:])) {
			return keyInfo{kind: e.kind, flags: e.flags}
		}
	}
	return w.addKey(set, raw, w0, w1)
}

// addKey computes the keyInfo of the name raw, whose first words are w0
// and w1, and remembers it in set: first, the first entry moving second.
func (w *Session) addKey(set *[2]jsonKeyEntry, raw []byte, w0, w1 uint64) keyInfo {
	set[1] = set[0]
	ki := w.s.keyInfoOf(raw)
	set[0] = jsonKeyEntry{w0: w0, w1: w1, n: uint8(len(raw)), kind: ki.kind, flags: ki.flags}
	if len(raw) > 16 {
		copy(set[0].rest[:], raw[16:])
	}
	return ki
}

// keyInfo returns the keyInfo of the key whose raw (undecoded) bytes are
// raw; esc reports escapes in raw.
func (w *Session) keyInfo(raw []byte, esc bool) (keyInfo, error) {
	if esc {
		var err error
		w.scratch, err = decodeString(w.scratch[:0], raw)
		if err != nil {
			return keyInfo{}, err
		}
		return w.s.keyInfoOf(w.scratch), nil
	}
	if len(raw) == 0 || len(raw) > jsonKeyMax {
		return w.s.keyInfoOf(raw), nil
	}
	w0, w1 := keyWords(raw)
	return w.lookupKey(raw, len(raw), w0, w1), nil
}

// ruleKind returns the kind the field rules give a key named by the JSON
// string body s (esc reports escapes in it): the name member of a
// key/value object ({"key":"password","value":…}) or the first element of
// a pair. A name that does not decode names no rule.
func (w *Session) ruleKind(s []byte, esc bool) Kind {
	ki, err := w.keyInfo(s, esc)
	if err != nil {
		return KindNone
	}
	return ki.kind
}

// pushKey enters an object member whose key's raw name is src[ks+1:ke-1]
// and returns what the field rules say of its value. Everything under a
// secret or a safe field inherits it.
func (w *Session) pushKey(src []byte, ks, ke int, esc bool, ki keyInfo, parent fieldCtx) fieldCtx {
	w.keys = append(w.keys, pathKey{start: ks + 1, end: ke - 1, esc: esc})
	if parent.safe {
		return parent
	}
	if parent.kind == KindName && len(w.keys) >= 2 {
		// {"name": {"first": "Jane", "last": "Doe"}}: the parts of a name,
		// but not the members of a "user" object, nor the type of a typed
		// attribute ({"user.name": {"value": "jdoe", "type": "string"}}).
		if ki.flags&kfType != 0 {
			return fieldCtx{}
		}
		var buf [64]byte
		if pn := w.normPathKey(&buf, src, w.keys[len(w.keys)-2]); len(pn) >= 4 && string(pn[len(pn)-4:]) == "name" {
			return parent
		}
	}
	if parent.kind == KindSecret && !parent.weak {
		if ki.flags&kfType != 0 {
			// Typed attributes ({"value": …, "type": "string"}, Sentry
			// logs): the type names the value's type, not a secret.
			return fieldCtx{}
		}
		parent.inherited = true
		return parent
	}
	if ki.flags&kfPath != 0 {
		if k, safe := w.s.fields.matchPath(w.keyPath(src)); safe || k != KindNone {
			return fieldCtx{kind: k, safe: safe}
		}
	}
	return childCtx(ki, parent, src[ks+1:ke-1])
}

// childCtx is what the field rules say of a member named raw (ki) of an
// object whose own context is parent, when nothing is inherited but the
// versions of "modules".
func childCtx(ki keyInfo, parent fieldCtx, raw []byte) fieldCtx {
	c := fieldCtx{kind: ki.kind, weak: ki.flags&kfWeak != 0}
	switch {
	case ki.flags&kfVersion != 0 && string(raw) == "modules":
		c.ver = verModules
	case ki.flags&kfVersion != 0 || parent.ver == verModules && ki.kind == KindNone:
		c.ver = verValue
	}
	return c
}

func (w *Session) popKey() { w.keys = w.keys[:len(w.keys)-1] }

// normPathKey returns the normalized name of the key k of the current
// path, written into buf; nil when it is too long to be a rule.
func (w *Session) normPathKey(buf *[64]byte, src []byte, k pathKey) []byte {
	raw := src[k.start:k.end]
	if k.esc {
		// The walker decoded this key before, so it decodes.
		w.keyDec, _ = decodeString(w.keyDec[:0], raw)
		raw = w.keyDec
	}
	return normKey(buf, raw)
}

// keyPath returns the normalized names of the keys of the current path.
// They are valid until the next call.
func (w *Session) keyPath(src []byte) [][]byte {
	w.keyBuf = w.keyBuf[:0]
	w.pathV = w.pathV[:0]
	for _, k := range w.keys {
		var buf [64]byte
		nk := w.normPathKey(&buf, src, k)
		start := len(w.keyBuf)
		w.keyBuf = append(w.keyBuf, nk...)
		w.pathV = append(w.pathV, w.keyBuf[start:len(w.keyBuf):len(w.keyBuf)])
	}
	return w.pathV
}
