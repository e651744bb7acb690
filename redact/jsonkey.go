package redact

import "encoding/binary"

// keyInfo is what the walker needs to know of an object key: the field
// rule its name selects and a few facts about the name.
type keyInfo struct {
	nk    []byte // normalized name; nil when too long to be a rule
	kind  Kind   // the field rule's kind, KindNone when none or disabled
	flags uint8
}

const (
	kfWeak  uint8 = 1 << iota // kind is a secret by a word in the name
	kfName                    // "key", "name" … of a key/value object (isNameKey)
	kfValue                   // "value" … of a key/value object (isValueKey)
	kfType                    // "type"
	kfPath                    // a path or safe selector may end with this key
	kfScan                    // the name itself may hold personal data (mayHoldPII)
)

// keyInfoOf computes the keyInfo of the decoded key name k; nk is written
// into buf.
func (s *Scrubber) keyInfoOf(buf *[64]byte, k []byte) keyInfo {
	f := s.fields
	nk := normKey(buf, k)
	ki := keyInfo{nk: nk}
	if mayHoldPII(k) {
		ki.flags |= kfScan
	}
	if f.hasPaths() && f.pathCandidate(nk) {
		ki.flags |= kfPath
	}
	if nk == nil {
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
type jsonKeyCache struct {
	ents [2 << jsonKeyBits]jsonKeyEntry
}

const (
	jsonKeyBits = 9 // 512 sets of two entries
	// jsonKeyMax bounds the names remembered. Normalizing never makes a
	// name longer, so the normalized form fits too, and it is never nil.
	jsonKeyMax = 32
)

type jsonKeyEntry struct {
	tag   uint32 // the hash bits not used for the set
	n     uint8  // raw length; 0 for an empty slot
	nn    uint8  // normalized length
	kind  Kind
	flags uint8
	raw   [jsonKeyMax]byte
	norm  [jsonKeyMax]byte
}

// jsonKeyHash hashes a key name from its length and its first and last
// eight bytes.
func jsonKeyHash(b []byte) uint64 {
	var x uint64
	if len(b) >= 8 {
		x = binary.LittleEndian.Uint64(b) ^ binary.LittleEndian.Uint64(b[len(b)-8:])*0xff51afd7ed558ccd
	} else {
		for _, c := range b {
			x = x<<8 | uint64(c)
		}
	}
	return (x ^ uint64(len(b))) * 0x9e3779b97f4a7c15
}

// keyInfo returns the keyInfo of the key whose raw (undecoded) bytes are
// raw; esc reports escapes in raw. The nk it returns is only valid until
// the next call.
func (w *Session) keyInfo(raw []byte, esc bool) (keyInfo, error) {
	if esc {
		var err error
		w.scratch, err = decodeString(w.scratch[:0], raw)
		if err != nil {
			return keyInfo{}, err
		}
		return w.s.keyInfoOf(&w.nkBuf, w.scratch), nil
	}
	if len(raw) == 0 || len(raw) > jsonKeyMax {
		return w.s.keyInfoOf(&w.nkBuf, raw), nil
	}
	h := jsonKeyHash(raw)
	set := w.jkeys.ents[(h>>(64-jsonKeyBits))*2:][:2]
	tag := uint32(h)
	e := &set[0]
	if !e.holds(tag, raw) {
		e = &set[1]
		if !e.holds(tag, raw) {
			// A miss: the new name goes first, the first one second.
			set[1] = set[0]
			e = &set[0]
			ki := w.s.keyInfoOf(&w.nkBuf, raw)
			e.tag = tag
			e.n = uint8(copy(e.raw[:], raw))
			e.nn = uint8(copy(e.norm[:], ki.nk))
			e.kind, e.flags = ki.kind, ki.flags
		}
	}
	return keyInfo{nk: e.norm[:e.nn], kind: e.kind, flags: e.flags}, nil
}

func (e *jsonKeyEntry) holds(tag uint32, raw []byte) bool {
	return e.tag == tag && int(e.n) == len(raw) && string(e.raw[:e.n]) == string(raw)
}

// ruleKind returns the kind the field rules give a key named s, the raw
// bytes of a JSON string without escapes: the name member of a key/value
// object ({"key":"password","value":…}) or the first element of a pair.
func (w *Session) ruleKind(s []byte) Kind {
	ki, _ := w.keyInfo(s, false)
	return ki.kind
}
