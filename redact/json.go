package redact

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrInvalidJSON is wrapped by errors about input that is not valid JSON.
var ErrInvalidJSON = errors.New("redact: invalid JSON")

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// pathKey is an object key of the current path: the span of its raw name
// in the document and whether the name has escapes.
type pathKey struct {
	start, end int
	esc        bool
}

// fieldCtx is what the walker knows about the value it is at.
type fieldCtx struct {
	kind Kind // the field rule's kind, KindNone to scan
	safe bool // never touched
	weak bool // a secret by a word in the key: strings only, not inherited
	// inherited marks a secret taken from an enclosing key: strings are
	// replaced, numbers and booleans (durations, counts, flags) are kept.
	inherited bool
	// ver marks the value of a version key ("version": "1.2.3.4",
	// "release": "app@4.0.0.0"), where no dotted quad is an address, and
	// the value of Sentry's "modules", package names to versions
	// ({"System.Private.CoreLib": "8.0.0.0"}): verValue or verModules.
	ver uint8
}

const (
	verValue = 1 + iota
	verModules
)

// jsonOut is the output of a walk over src. The input is copied through
// lazily: dst holds the scrubbed form of src[:last], and the bytes from
// last on are appended only when a value after them is replaced, or at
// the end. A document with nothing to replace is copied in one piece.
type jsonOut struct {
	dst  []byte
	last int
}

// skipTo appends the unchanged input before start and moves past the
// value at src[start:end], whose replacement the caller appends next.
func (o *jsonOut) skipTo(src []byte, start, end int) {
	o.dst = append(o.dst, src[o.last:start]...)
	o.last = end
}

func jsonErr(msg string, off int) error {
	return fmt.Errorf("%w: %s at offset %d", ErrInvalidJSON, msg, off)
}

// AppendJSON appends the scrubbed form of the JSON document src to dst.
// Keys, their order and the layout are kept; every string value is decoded,
// decided by its key (field rules) or scanned, and re-encoded. On invalid
// JSON it returns dst unchanged and an error wrapping ErrInvalidJSON.
func (w *Session) AppendJSON(dst, src []byte) ([]byte, error) {
	w.stats.Records++
	start := len(dst)
	out, err := w.appendJSON(dst, src)
	if err != nil {
		return out, err
	}
	// A home directory is found in the whole output, not in one value.
	w.path = ""
	return w.homeDirs(out, start), nil
}

func (w *Session) appendJSON(dst, src []byte) ([]byte, error) {
	orig := len(dst)
	o, err := w.walkJSON(dst, src)
	if err != nil {
		return o.dst[:orig], err
	}
	return append(o.dst, src[o.last:]...), nil
}

// walkJSON walks the document src, writing into o.dst. On invalid JSON,
// o holds the output up to where the walk stopped, w.bad (see failAt).
func (w *Session) walkJSON(dst, src []byte) (jsonOut, error) {
	w.keys = w.keys[:0]
	w.bad = -1
	o := jsonOut{dst: dst}
	i, err := w.jsonValue(&o, src, skipWS(src, 0), 0, fieldCtx{})
	if err == nil {
		if j := skipWS(src, i); j != len(src) {
			i, err = j, jsonErr("data after the document", j)
		}
	}
	if err != nil {
		w.failAt(i, fieldCtx{})
	}
	return o, err
}

// failAt records where the walk of an invalid document stopped: src[i:]
// is what it did not decide, and ctx is what the field rules said of the
// value at i. The first call of a walk, the innermost, counts.
func (w *Session) failAt(i int, ctx fieldCtx) {
	if w.bad < 0 {
		w.bad, w.badCtx = i, ctx
	}
}

// AppendLine appends the scrubbed form of one log line: structurally when
// it is a JSON object or array, as text otherwise. A line that starts like
// JSON but is not valid JSON (cut short, or with text after it) keeps what
// the walk decided before the fault, so members whose rules text cannot
// see ({"key":"password","value":…}, header pairs, path rules) are still
// replaced; the rest is scrubbed as text, or replaced whole when a field
// rule decides the value the fault is in. Such a line is counted in
// Stats.TextFallbacks.
func (w *Session) AppendLine(dst, src []byte) []byte {
	if w.pemLines > 0 {
		return w.AppendText(dst, src)
	}
	i := skipWS(src, 0)
	if i >= len(src) || src[i] != '{' && src[i] != '[' {
		return w.AppendText(dst, src)
	}
	w.stats.Records++
	start := len(dst)
	o, err := w.walkJSON(dst, src)
	w.path = ""
	if err == nil {
		return w.homeDirs(append(o.dst, src[o.last:]...), start)
	}
	w.stats.TextFallbacks++
	out := append(o.dst, src[o.last:w.bad]...)
	if rest := src[w.bad:]; w.badCtx.kind != KindNone && len(rest) > 0 {
		out = w.field(out, rest, w.badCtx.kind, false)
	} else {
		out = w.scanPart(out, rest)
	}
	return w.homeDirs(out, start)
}

func skipWS(src []byte, i int) int {
	for i < len(src) && src[i] <= ' ' && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

func (w *Session) jsonValue(o *jsonOut, src []byte, i, depth int, ctx fieldCtx) (int, error) {
	if i >= len(src) {
		return i, jsonErr("unexpected end", i)
	}
	switch c := src[i]; {
	case c == '"':
		return w.jsonString(o, src, i, ctx)
	case c == '{':
		return w.jsonObject(o, src, i, depth+1, ctx)
	case c == '[':
		return w.jsonArray(o, src, i, depth+1, ctx)
	case c == '-' || isDigit(c):
		return w.jsonNumber(o, src, i, ctx)
	case c == 't':
		return jsonLiteral(src, i, "true")
	case c == 'f':
		return jsonLiteral(src, i, "false")
	case c == 'n':
		return jsonLiteral(src, i, "null")
	}
	return i, jsonErr("unexpected character", i)
}

func jsonLiteral(src []byte, i int, lit string) (int, error) {
	if len(src)-i < len(lit) || string(src[i:i+len(lit)]) != lit {
		return i, jsonErr("invalid literal", i)
	}
	return i + len(lit), nil
}

// afterElement steps over what follows an object member or array element:
// the closing byte (done) or a comma, with the white space around them.
func afterElement(src []byte, i int, closing byte) (int, bool, error) {
	i = skipWS(src, i)
	if i >= len(src) {
		return i, false, jsonErr("unterminated object or array", i)
	}
	if src[i] == closing {
		return i + 1, true, nil
	}
	if src[i] != ',' {
		return i, false, jsonErr("expected ',' or '"+string(closing)+"'", i)
	}
	return skipWS(src, i+1), false, nil
}

func (w *Session) jsonObject(o *jsonOut, src []byte, i, depth int, ctx fieldCtx) (int, error) {
	if depth > maxJSONDepth {
		return i, jsonErr("nesting too deep", i)
	}
	i = skipWS(src, i+1)
	if i < len(src) && src[i] == '}' {
		return i + 1, nil
	}
	// pending is the kind named by a "key"/"name" member's value, for a
	// later "value" member: {"key":"password","value":"…"} (OpenTelemetry
	// attributes, HAR headers, Kubernetes env lists).
	pending := KindNone
	for {
		if i >= len(src) || src[i] != '"' {
			return i, jsonErr("expected a key", i)
		}
		ks := i
		var ke int
		var esc bool
		var ki keyInfo
		if ke, ki, _ = w.shortKeyInfo(src, ks, true); ke < 0 {
			var err error
			if ke, esc, err = scanString(src, i); err != nil {
				return i, err
			}
			if ki, err = w.keyInfo(src[ks+1:ke-1], esc); err != nil {
				return ks, jsonErr("invalid escape in key", ks)
			}
		}
		if ki.flags&kfScan != 0 && !ctx.safe {
			w.jsonKey(o, src, ks, ke, esc)
		}
		var child fieldCtx
		if ctx.kind == KindNone && !ctx.safe && ki.flags&kfPath == 0 {
			// The common member: nothing inherited, no path rule to try.
			w.keys = append(w.keys, pathKey{start: ks + 1, end: ke - 1, esc: esc})
			child = fieldCtx{kind: ki.kind, weak: ki.flags&kfWeak != 0}
			if ki.flags&kfVersion != 0 || ctx.ver == verModules {
				child = childCtx(ki, ctx, src[ks+1:ke-1])
			}
		} else {
			child = w.pushKey(src, ks, ke, esc, ki, ctx)
		}
		if child.kind == KindNone && !child.safe && ki.flags&kfValue != 0 {
			if pending == KindNone {
				// The name member may come after the value:
				// {"value":"…","key":"password"}.
				pending = w.nameAfter(src, ke)
			}
			child.kind = pending
		}
		var j int
		if ke+1 < len(src) && src[ke] == ':' && src[ke+1] > ' ' {
			j = ke + 1 // compact: "key":value
		} else {
			i = skipWS(src, ke)
			if i >= len(src) || src[i] != ':' {
				w.failAt(i, child)
				return i, jsonErr("expected ':'", i)
			}
			j = skipWS(src, i+1)
		}
		if ki.flags&kfName != 0 && j < len(src) && src[j] == '"' && !ctx.safe {
			// The name may be escaped ("pass\u0077ord") like any key.
			if ve, vesc, err := scanString(src, j); err == nil && ve-j-2 <= 64 {
				if k := w.ruleKind(src[j+1:ve-1], vesc); k != KindNone {
					pending = k
				}
			}
		}
		var err error
		if j < len(src) && src[j] == '"' {
			i, err = w.jsonString(o, src, j, child)
		} else {
			i, err = w.jsonValue(o, src, j, depth, child)
		}
		if err != nil {
			w.failAt(i, child)
			return i, err
		}
		w.popKey()
		if i+1 < len(src) && src[i] == ',' && src[i+1] == '"' {
			// Compact JSON: the next key follows the comma.
			i++
			continue
		}
		var done bool
		if i, done, err = afterElement(src, i, '}'); done || err != nil {
			return i, err
		}
	}
}

// nameAfterMembers bounds the members nameAfter reads.
const nameAfterMembers = 8

// nameAfter returns the kind named by a "key"/"name" member that follows
// the member of a key/value object whose key ends at src[ke-1], when that
// member's value and the members up to the name are scalars: the value
// is then decided before it is written. It reads at most nameAfterMembers
// members and stops at an object or array, so each value is read at most
// once more. Invalid JSON names nothing; the walk reports it.
func (w *Session) nameAfter(src []byte, ke int) Kind {
	i := skipWS(src, ke)
	if i >= len(src) || src[i] != ':' {
		return KindNone
	}
	if i = skipScalar(src, skipWS(src, i+1)); i < 0 {
		return KindNone
	}
	for range nameAfterMembers {
		if i = skipWS(src, i); i >= len(src) || src[i] != ',' {
			return KindNone
		}
		ks := skipWS(src, i+1)
		if ks >= len(src) || src[ks] != '"' {
			return KindNone
		}
		ke, esc, err := scanString(src, ks)
		if err != nil {
			return KindNone
		}
		i = skipWS(src, ke)
		if i >= len(src) || src[i] != ':' {
			return KindNone
		}
		j := skipWS(src, i+1)
		if j < len(src) && src[j] == '"' {
			if ki, err := w.keyInfo(src[ks+1:ke-1], esc); err == nil && ki.flags&kfName != 0 {
				ve, vesc, err := scanString(src, j)
				if err != nil || ve-j-2 > 64 {
					return KindNone
				}
				if k := w.ruleKind(src[j+1:ve-1], vesc); k != KindNone {
					return k
				}
			}
		}
		if i = skipScalar(src, j); i < 0 {
			return KindNone
		}
	}
	return KindNone
}

// skipScalar returns the end of the string, number or literal at src[i],
// or -1 when there is an object, an array or nothing valid there.
func skipScalar(src []byte, i int) int {
	if i >= len(src) {
		return -1
	}
	switch c := src[i]; {
	case c == '"':
		e, _, err := scanString(src, i)
		if err != nil {
			return -1
		}
		return e
	case c == '-' || isDigit(c) || c == 't' || c == 'f' || c == 'n':
		for i < len(src) && (isAlnum(src[i]) || src[i] == '-' || src[i] == '+' || src[i] == '.') {
			i++
		}
		return i
	}
	return -1
}

// isNameKey and isValueKey recognize the members of a key/value object by
// their normalized names.
func isNameKey(nk []byte) bool {
	switch string(nk) {
	case "key", "name", "header", "field", "attribute":
		return true
	}
	return false
}

func isValueKey(nk []byte) bool {
	switch string(nk) {
	case "value", "values", "val":
		return true
	}
	return false
}

// jsonKey scans the object key at src[ks:ke]. Keys are data too
// ({"jane@example.com": {…}}): a key holding personal data is replaced and
// re-encoded; others stay as they are. Findings in a key carry the path
// of the object that holds it.
func (w *Session) jsonKey(o *jsonOut, src []byte, ks, ke int, esc bool) {
	key := src[ks+1 : ke-1]
	if esc {
		var err error
		if w.scratch, err = decodeString(w.scratch[:0], key); err != nil {
			return // keyInfo decoded it before
		}
		key = w.scratch
	}
	if w.report != nil {
		w.setPath(src)
	}
	before := w.found
	w.out = w.scanPart(w.out[:0], key)
	if w.found == before {
		return
	}
	o.skipTo(src, ks, ke)
	o.dst = append(o.dst, '"')
	o.dst = appendJSONEscaped(o.dst, w.out)
	o.dst = append(o.dst, '"')
}

// mayHoldPII is a cheap test for keys worth scanning: an '@' or a digit.
func mayHoldPII(k []byte) bool {
	for _, c := range k {
		if c == '@' || isDigit(c) {
			return true
		}
	}
	return false
}

func (w *Session) jsonArray(o *jsonOut, src []byte, i, depth int, ctx fieldCtx) (int, error) {
	if depth > maxJSONDepth {
		return i, jsonErr("nesting too deep", i)
	}
	i = skipWS(src, i+1)
	if i < len(src) && src[i] == ']' {
		return i + 1, nil
	}
	var err error
	pair := KindNone // kind named by a ["Header-Name", "value"] pair's first element
	for n := 0; ; n++ {
		elem := ctx
		if n == 1 && pair != KindNone && ctx.kind == KindNone && !ctx.safe {
			elem.kind = pair
		}
		if n == 0 && ctx.kind == KindNone && !ctx.safe && i < len(src) && src[i] == '"' {
			if ke, esc, err := scanString(src, i); err == nil && ke-i-2 <= 64 && (esc || headerName(src[i+1:ke-1])) {
				pair = w.ruleKind(src[i+1:ke-1], esc)
			}
		}
		if i < len(src) && src[i] == '"' {
			i, err = w.jsonString(o, src, i, elem)
		} else {
			i, err = w.jsonValue(o, src, i, depth, elem)
		}
		if err != nil {
			w.failAt(i, elem)
			return i, err
		}
		if i+1 < len(src) && src[i] == ',' && src[i+1] > ' ' {
			// Compact JSON: the next element follows the comma.
			i++
			continue
		}
		var done bool
		if i, done, err = afterElement(src, i, ']'); done || err != nil {
			return i, err
		}
	}
}

// headerName reports whether s can name a header or a cookie in a
// ["name", "value"] pair: letters, digits, '_', '-', '.' and ':', no
// spaces. The first of a list of source lines ("    token = os.environ[
// 'TOKEN']") names nothing.
func headerName(s []byte) bool {
	for _, c := range s {
		if !keyTab[c] && c != ':' {
			return false
		}
	}
	return true
}

// nextStrSpecial returns the index of the first byte at or after i that a
// JSON string must escape (a quote, a backslash, a control byte), or
// len(b); it looks at eight bytes at a time.
func nextStrSpecial(b []byte, i int) int {
	for i+8 <= len(b) {
		if sp := strSpecial8(binary.LittleEndian.Uint64(b[i:])); sp != 0 {
			return i + bits.TrailingZeros64(sp)/8
		}
		i += 8
	}
	for i < len(b) && !strSpecial[b[i]] {
		i++
	}
	return i
}

// scanString finds the end (after the closing quote) of the JSON string
// starting at src[i], and whether it holds escapes. It looks at eight
// bytes at a time.
func scanString(src []byte, i int) (end int, esc bool, err error) {
	j := i + 1
	for {
		j = nextStrSpecial(src, j)
		if j >= len(src) {
			return 0, false, jsonErr("unterminated string", i)
		}
		switch c := src[j]; {
		case c == '"':
			return j + 1, esc, nil
		case c == '\\':
			esc = true
			j += 2
		default:
			return 0, false, jsonErr("control character in string", j)
		}
	}
}

// scanValue is scanString for a string value, which also reports whether
// its raw bytes are all quiet (see allQuiet).
func scanValue(src []byte, i int) (end int, esc, quiet bool, err error) {
	j := i + 1
	quiet = true
	for {
		for j+8 <= len(src) {
			x := binary.LittleEndian.Uint64(src[j:])
			sp := strSpecial8(x)
			if sp != 0 {
				n := bits.TrailingZeros64(sp) / 8
				if quiet && n > 0 {
					// The bytes before the special one, the rest made quiet.
					keep := uint64(1)<<(8*n) - 1
					quiet = quiet8(x&keep | 'a'*swarOnes&^keep)
				}
				j += n
				break
			}
			if quiet {
				quiet = quiet8(x)
			}
			j += 8
		}
		for j < len(src) && !strSpecial[src[j]] {
			quiet = quiet && quietByte[src[j]]
			j++
		}
		if j >= len(src) {
			return 0, false, false, jsonErr("unterminated string", i)
		}
		switch c := src[j]; {
		case c == '"':
			return j + 1, esc, quiet, nil
		case c == '\\':
			esc = true
			j += 2
		default:
			return 0, false, false, jsonErr("control character in string", j)
		}
	}
}

// strSpecial8 sets, in the eight bytes of x (little-endian), the high bit
// of the first byte that is a quote, a backslash or a control character,
// and possibly of later bytes too; it is zero when there is none.
func strSpecial8(x uint64) uint64 {
	q := x ^ '"'*swarOnes
	b := x ^ '\\'*swarOnes
	return ((q-swarOnes)&^q | (b-swarOnes)&^b | (x-0x20*swarOnes)&^x) & swarHi
}

// strSpecial marks the bytes that end a run of plain string content: the
// quote, the backslash and control characters.
var strSpecial = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'] = true
	t['\\'] = true
	return t
}()

// quietByte marks the bytes that quiet8 accepts.
var quietByte = func() (t [256]bool) {
	for c := 0x5B; c < 0x80; c++ {
		t[c] = true
	}
	for _, c := range []byte(` ",-./`) {
		t[c] = true
	}
	return t
}()

func (w *Session) jsonString(o *jsonOut, src []byte, i int, ctx fieldCtx) (int, error) {
	// A value that no field rule decides is scanned on its own, so whether
	// it is clean depends on its bytes only: one seen clean recently (a
	// file name or function of a stack frame) is not scanned again.
	memo := ctx.kind == KindNone && !ctx.safe && ctx.ver == 0
	var h uint64
	hashed := -1 // the length of the bytes h is the hash of
	short := -1  // the end of a value short enough for the key cache
	if memo {
		// A value of up to sixteen bytes is looked up in the key cache,
		// which holds it as two words. A longer one is looked up in the
		// memo of clean values by the bytes up to the next quote: only
		// complete, valid string bodies are remembered (and has compares
		// a whole entry byte for byte), and a valid body without a quote
		// ends where the next quote is, as the backslashes before it pair
		// up as escapes, so a hit is this string, and clean.
		if ke, ki, found := w.shortKeyInfo(src, i, false); ke >= 0 {
			if found && ki.flags&kfClean != 0 {
				return ke, nil
			}
			short = ke
		} else if q := bytes.IndexByte(src[i+1:], '"'); q > 16 && q <= memoMax {
			raw := src[i+1 : i+1+q]
			h, hashed = w.jmemo.hash(raw), q
			if w.jmemo.has(h, raw) {
				return i + q + 2, nil
			}
		}
	}
	end, esc, quiet, err := scanValue(src, i)
	if err != nil {
		return i, err
	}
	raw := src[i+1 : end-1]
	memo = memo && len(raw) >= memoMin && len(raw) <= memoMax
	if memo && short < 0 && hashed != len(raw) {
		h = w.jmemo.hash(raw)
	}
	// remember records the value as clean where the lookups above find it.
	remember := func() {
		switch {
		case short == end:
			w.markClean(raw)
		case memo:
			w.jmemo.add(h, raw)
		}
	}
	if ctx.safe || len(raw) == 0 || quiet && !esc && ctx.kind == KindNone {
		// Nothing in a quiet value can start a detector ("python",
		// "django.request"): it stays as it is, and is remembered so that
		// the lookups before the scan find it next time.
		if ctx.kind == KindNone && !ctx.safe && len(raw) > 0 {
			remember()
		}
		return end, nil
	}
	if memo && short < 0 && hashed != len(raw) && w.jmemo.has(h, raw) {
		return end, nil
	}
	val := raw
	if esc {
		w.scratch, err = decodeString(w.scratch[:0], raw)
		if err != nil {
			return i, jsonErr("invalid escape", i)
		}
		val = w.scratch
		if ctx.kind == KindNone && allQuiet(val) {
			remember()
			return end, nil
		}
	}
	if w.report != nil {
		w.setPath(src)
	}
	before, timeouts := w.found, w.stats.RuleTimeouts
	// A version key's value keeps its dotted quads only when it is one
	// version token (10.0.0.1, app@4.0.0.0, 1.2.3.4-beta+build): with words
	// around it ("built on 203.0.113.7") a dotted quad is an address.
	w.version = ctx.ver != 0 && isVersionToken(val)
	if ctx.kind == KindNone && !isPlaceholder(val) {
		var doc []byte
		ok := false
		if c := val[0]; (c == '{' || c == '[' || c <= ' ') && len(val) >= 2 {
			doc, ok = w.nestedJSON(val)
		}
		if ok {
			// A JSON document in a string (a request body, a queue
			// message): walked as one, so its keys decide its values.
			w.out = append(w.out[:0], doc...)
		} else if len(val) >= minAccessLine {
			// A value no rule decides may be a whole log line (the "log"
			// of a container runtime's JSON, a message): an access-log
			// line's user field is a person by position.
			w.out = w.scanText(w.out[:0], val)
		} else {
			w.out = w.scanPart(w.out[:0], val)
		}
	} else {
		w.out = w.field(w.out[:0], val, ctx.kind, false)
	}
	w.version = false
	if w.found == before && string(w.out) == string(val) {
		// Not remembered: a value that may name a home directory for
		// homeDirs (w.sawUsers, set for the rest of the record), or one
		// that a custom rule gave up on.
		if ctx.kind == KindNone && !w.sawUsers && w.stats.RuleTimeouts == timeouts {
			remember()
		}
		return end, nil
	}
	o.skipTo(src, i, end)
	o.dst = append(o.dst, '"')
	o.dst = appendJSONEscaped(o.dst, w.out)
	o.dst = append(o.dst, '"')
	return end, nil
}

// maxNestedJSON bounds how deep JSON documents in strings are walked as
// documents (a message in an event in a log line: three).
const maxNestedJSON = 3

// walkBufs are the buffers of one walk, which the walk of a document
// nested in one of its strings must not share.
type walkBufs struct {
	keys                              []pathKey
	scratch, out, keyBuf, keyDec, doc []byte
	pathV                             [][]byte
}

func (w *Session) swapWalkBufs(b *walkBufs) {
	w.keys, b.keys = b.keys, w.keys
	w.scratch, b.scratch = b.scratch, w.scratch
	w.out, b.out = b.out, w.out
	w.keyBuf, b.keyBuf = b.keyBuf, w.keyBuf
	w.keyDec, b.keyDec = b.keyDec, w.keyDec
	w.pathV, b.pathV = b.pathV, w.pathV
}

// nestedJSON scrubs val, a decoded string value, as a JSON document when it
// is one: an object or array, whole. The result is valid until the next
// call. ok is false, with nothing counted, when val is no such document or
// documents are nested too deep; val is then scanned as text.
func (w *Session) nestedJSON(val []byte) (_ []byte, ok bool) {
	if w.nested >= maxNestedJSON || !jsonDocShape(val) {
		return nil, false
	}
	b := &w.nest[w.nested]
	w.nested++
	w.swapWalkBufs(b)
	bad, badCtx, path, stats, found := w.bad, w.badCtx, w.path, w.stats, w.found
	o, err := w.walkJSON(b.doc[:0], val)
	doc := append(o.dst, val[o.last:]...)
	w.bad, w.badCtx, w.path = bad, badCtx, path
	if err != nil {
		w.stats, w.found = stats, found
	}
	w.swapWalkBufs(b)
	w.nested--
	b.doc = doc[:0]
	return doc, err == nil
}

// jsonDocShape reports whether v starts and ends as a JSON object or array
// does, spaces aside.
func jsonDocShape(v []byte) bool {
	i, e := skipWS(v, 0), len(v)
	for e > i && (v[e-1] == ' ' || v[e-1] == '\t' || v[e-1] == '\n' || v[e-1] == '\r') {
		e--
	}
	return e-i >= 2 && (v[i] == '{' && v[e-1] == '}' || v[i] == '[' && v[e-1] == ']')
}

// isVersionToken reports whether v is one token of the characters of a
// version or release name: letters, digits and ".-+_@".
func isVersionToken(v []byte) bool {
	for _, c := range v {
		if !isAlnum(c) && c != '.' && c != '-' && c != '+' && c != '_' && c != '@' {
			return false
		}
	}
	return len(v) > 0
}

func (w *Session) jsonNumber(o *jsonOut, src []byte, i int, ctx fieldCtx) (int, error) {
	j := i
	if src[j] == '-' {
		j++
	}
	if j >= len(src) || !isDigit(src[j]) {
		return i, jsonErr("invalid number", i)
	}
	if src[j] == '0' {
		j++
	} else {
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	intEnd := j
	digits := intEnd - i // the mantissa's digits
	if src[i] == '-' {
		digits--
	}
	if j < len(src) && src[j] == '.' {
		j++
		k := j
		for j < len(src) && isDigit(src[j]) {
			j++
		}
		if j == k {
			return i, jsonErr("invalid number", i)
		}
		digits += j - k
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		j++
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		k := j
		for j < len(src) && isDigit(src[j]) {
			j++
		}
		if j == k {
			return i, jsonErr("invalid number", i)
		}
	}
	switch ctx.kind {
	case KindSecret:
		if ctx.weak || ctx.inherited {
			break
		}
		w.count(KindSecret)
		o.skipTo(src, i, j)
		o.dst = append(o.dst, `"[redacted]"`...)
	case KindPhone, KindCard, KindSSN, KindIBAN:
		if (intEnd != j || src[i] == '-') && digits < minIdentityDigits {
			// A sign, fraction or exponent on a few digits ("pan": -0.5)
			// is a measure, not an identity. With more digits
			// (-4917012345678, 4111111111111111.0) the number is
			// scrubbed like a plain one, and written as a string when
			// its replacement is not a plain integer.
			break
		}
		if w.report != nil {
			w.setPath(src)
		}
		w.out = w.field(w.out[:0], src[i:j], ctx.kind, false)
		o.skipTo(src, i, j)
		if allDigits(w.out) && len(w.out) > 0 && w.out[0] != '0' {
			o.dst = append(o.dst, w.out...)
			break
		}
		o.dst = append(o.dst, '"')
		o.dst = appendJSONEscaped(o.dst, w.out)
		o.dst = append(o.dst, '"')
	}
	return j, nil
}

// minIdentityDigits is the fewest digits a signed, fractional or
// exponent-form number under an identity key needs to be scrubbed: fewer
// than any phone, card, SSN or IBAN holds.
const minIdentityDigits = 6

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// setPath records the dotted key path of the current value for findings.
func (w *Session) setPath(src []byte) {
	path := w.keyPath(src)
	b := make([]byte, 0, len(w.keyBuf)+len(path))
	for n, k := range path {
		if n > 0 {
			b = append(b, '.')
		}
		b = append(b, k...)
	}
	w.path = string(b)
}

// decodeString appends the decoded form of the JSON string body s.
func decodeString(dst, s []byte) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		if i >= len(s) {
			return dst, ErrInvalidJSON
		}
		switch s[i] {
		case '"', '\\', '/':
			dst = append(dst, s[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s, i+1)
			if !ok {
				return dst, ErrInvalidJSON
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(-1), false
				if i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
					r2, ok2 = hex4(s, i+3)
				}
				if ok2 {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, ErrInvalidJSON
		}
	}
	return dst, nil
}

func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}

// appendJSONEscaped appends s as the body of a JSON string. Runs without
// a byte to escape are found eight bytes at a time and copied whole.
func appendJSONEscaped(dst, s []byte) []byte {
	const hexd = "0123456789abcdef"
	last, i := 0, 0
	for {
		i = nextStrSpecial(s, i)
		if i >= len(s) {
			return append(dst, s[last:]...)
		}
		dst = append(dst, s[last:i]...)
		switch c := s[i]; c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&0xF])
		}
		i++
		last = i
	}
}
