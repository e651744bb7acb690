package proxy

import "bytes"

// The helpers in this file locate a few well-known members of a JSON
// document (user.ip_address, the envelope header's dsn, an item header's
// length) without decoding it. They are lenient: they only find spans, and
// every document they touch is then validated and scrubbed by the engine,
// which rejects what is not JSON.

// maxLookupDepth bounds the nesting skipValue follows; deeper documents are
// reported as not found here and rejected by the engine's own bound.
const maxLookupDepth = 1024

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the JSON string that starts with the
// quote at b[i], or -1 when it is not terminated.
func skipString(b []byte, i int) int {
	i++
	for i < len(b) {
		// A byte loop: bytes.IndexAny builds a set on every call, which
		// costs more than the short strings of item headers.
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			i++
		}
		if i >= len(b) {
			return -1
		}
		if b[i] == '"' {
			return i + 1
		}
		i += 2
	}
	return -1
}

// skipValue returns the index after the JSON value that starts at b[i]
// (no leading space), or -1 when there is none.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				if i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
				if depth > maxLookupDepth {
					return -1
				}
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	start := i
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if i == start {
				return -1
			}
			return i
		}
		i++
	}
	if i == start {
		return -1
	}
	return i
}

// member returns the span [start, end) of the value of the member named key
// in the object whose '{' is at b[i], or ok false when there is none. Keys
// are compared as written, without unescaping.
func member(b []byte, i int, key string) (start, end int, ok bool) {
	if i >= len(b) || b[i] != '{' {
		return 0, 0, false
	}
	i = skipSpace(b, i+1)
	for i < len(b) && b[i] == '"' {
		ks := i + 1
		ke := skipString(b, i)
		if ke < 0 {
			return 0, 0, false
		}
		i = skipSpace(b, ke)
		if i >= len(b) || b[i] != ':' {
			return 0, 0, false
		}
		vs := skipSpace(b, i+1)
		ve := skipValue(b, vs)
		if ve < 0 {
			return 0, 0, false
		}
		if string(b[ks:ke-1]) == key {
			return vs, ve, true
		}
		i = skipSpace(b, ve)
		if i >= len(b) || b[i] != ',' {
			return 0, 0, false
		}
		i = skipSpace(b, i+1)
	}
	return 0, 0, false
}

// countMembers returns how many members of the object whose '{' is at
// b[i] are named key (a JSON object may repeat a name; parsers disagree on
// which one wins), stopping at 2. A name written with escapes may decode to
// key, so it counts as 2 too.
func countMembers(b []byte, i int, key string) int {
	n := 0
	if i >= len(b) || b[i] != '{' {
		return 0
	}
	i = skipSpace(b, i+1)
	for i < len(b) && b[i] == '"' {
		ks := i + 1
		ke := skipString(b, i)
		if ke < 0 {
			return n
		}
		if bytes.IndexByte(b[ks:ke-1], '\\') >= 0 {
			return 2
		}
		if string(b[ks:ke-1]) == key {
			if n++; n == 2 {
				return n
			}
		}
		i = skipSpace(b, ke)
		if i >= len(b) || b[i] != ':' {
			return n
		}
		ve := skipValue(b, skipSpace(b, i+1))
		if ve < 0 {
			return n
		}
		i = skipSpace(b, ve)
		if i >= len(b) || b[i] != ',' {
			return n
		}
		i = skipSpace(b, i+1)
	}
	return n
}

// lookup returns the span of the value at path in the JSON object doc.
func lookup(doc []byte, path ...string) (start, end int, ok bool) {
	i := skipSpace(doc, 0)
	end = -1
	for _, key := range path {
		start, end, ok = member(doc, i, key)
		if !ok {
			return 0, 0, false
		}
		i = start
	}
	return start, end, end >= 0
}

// splice appends to dst the document src with its bytes [start, end)
// replaced by repl.
func splice(dst, src []byte, start, end int, repl []byte) []byte {
	dst = append(dst, src[:start]...)
	dst = append(dst, repl...)
	return append(dst, src[end:]...)
}

// stringValue returns the contents of the JSON string raw (with its
// quotes) when it has no escapes, and ok false otherwise.
func stringValue(raw []byte) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	s := raw[1 : len(raw)-1]
	if bytes.IndexByte(s, '\\') >= 0 {
		return nil, false
	}
	return s, true
}
