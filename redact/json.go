package redact

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrInvalidJSON is wrapped by errors about input that is not valid JSON.
var ErrInvalidJSON = errors.New("redact: invalid JSON")

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 512

type pathKey struct{ start, end int }

// fieldCtx is what the walker knows about the value it is at.
type fieldCtx struct {
	kind Kind // the field rule's kind, KindNone to scan
	safe bool // never touched
	weak bool // a secret by a word in the key: strings only, not inherited
	// inherited marks a secret taken from an enclosing key: strings are
	// replaced, numbers and booleans (durations, counts, flags) are kept.
	inherited bool
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
	return w.homeDirs(out, start), nil
}

func (w *Session) appendJSON(dst, src []byte) ([]byte, error) {
	orig := len(dst)
	w.keyBuf = w.keyBuf[:0]
	w.keys = w.keys[:0]
	i := skipWS(src, 0)
	dst = append(dst, src[:i]...)
	dst, i, err := w.jsonValue(dst, src, i, 0, fieldCtx{})
	if err == nil {
		j := skipWS(src, i)
		if j != len(src) {
			err = jsonErr("data after the document", j)
		} else {
			dst = append(dst, src[i:]...)
		}
	}
	if err != nil {
		return dst[:orig], err
	}
	return dst, nil
}

// AppendLine appends the scrubbed form of one log line: structurally when
// it is a JSON object or array, as text otherwise. A line that starts like
// JSON but is not valid JSON is scrubbed as text and counted in
// Stats.TextFallbacks.
func (w *Session) AppendLine(dst, src []byte) []byte {
	if w.pemLines > 0 {
		return w.AppendText(dst, src)
	}
	i := skipWS(src, 0)
	if i < len(src) && (src[i] == '{' || src[i] == '[') {
		before, found := w.stats, w.found
		out, err := w.AppendJSON(dst, src)
		if err == nil {
			return out
		}
		w.stats, w.found = before, found
		w.stats.TextFallbacks++
	}
	return w.AppendText(dst, src)
}

func skipWS(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

func (w *Session) jsonValue(dst, src []byte, i, depth int, ctx fieldCtx) ([]byte, int, error) {
	if i >= len(src) {
		return dst, i, jsonErr("unexpected end", i)
	}
	switch c := src[i]; {
	case c == '{':
		return w.jsonObject(dst, src, i, depth+1, ctx)
	case c == '[':
		return w.jsonArray(dst, src, i, depth+1, ctx)
	case c == '"':
		return w.jsonString(dst, src, i, ctx)
	case c == '-' || isDigit(c):
		return w.jsonNumber(dst, src, i, ctx)
	case c == 't':
		return jsonLiteral(dst, src, i, "true")
	case c == 'f':
		return jsonLiteral(dst, src, i, "false")
	case c == 'n':
		return jsonLiteral(dst, src, i, "null")
	}
	return dst, i, jsonErr("unexpected character", i)
}

func jsonLiteral(dst, src []byte, i int, lit string) ([]byte, int, error) {
	if len(src)-i < len(lit) || string(src[i:i+len(lit)]) != lit {
		return dst, i, jsonErr("invalid literal", i)
	}
	return append(dst, lit...), i + len(lit), nil
}

func (w *Session) jsonObject(dst, src []byte, i, depth int, ctx fieldCtx) ([]byte, int, error) {
	if depth > maxJSONDepth {
		return dst, i, jsonErr("nesting too deep", i)
	}
	dst = append(dst, '{')
	i++
	j := skipWS(src, i)
	dst = append(dst, src[i:j]...)
	i = j
	if i < len(src) && src[i] == '}' {
		return append(dst, '}'), i + 1, nil
	}
	// pending is the kind named by a "key"/"name" member's value, for a
	// later "value" member: {"key":"password","value":"…"} (OpenTelemetry
	// attributes, HAR headers, Kubernetes env lists).
	pending := KindNone
	for {
		if i >= len(src) || src[i] != '"' {
			return dst, i, jsonErr("expected a key", i)
		}
		ks := i
		ke, esc, err := scanString(src, i)
		if err != nil {
			return dst, i, err
		}
		key := src[ks+1 : ke-1]
		if esc {
			w.scratch, err = decodeString(w.scratch[:0], key)
			if err != nil {
				return dst, ks, jsonErr("invalid escape in key", ks)
			}
			key = w.scratch
		}
		dst = w.jsonKey(dst, src[ks:ke], key, ctx)
		var nkBuf [64]byte
		nk := normKey(&nkBuf, key)
		child := w.pushKey(nk, ctx)
		if pending != KindNone && child.kind == KindNone && !child.safe && isValueKey(nk) {
			child.kind = pending
		}
		i = skipWS(src, ke)
		if i >= len(src) || src[i] != ':' {
			return dst, i, jsonErr("expected ':'", i)
		}
		dst = append(dst, src[ke:i+1]...)
		j = skipWS(src, i+1)
		dst = append(dst, src[i+1:j]...)
		if isNameKey(nk) && j < len(src) && src[j] == '"' && !ctx.safe {
			if ve, vesc, err := scanString(src, j); err == nil && !vesc && ve-j-2 <= 64 {
				if k, _ := w.s.fields.key(src[j+1 : ve-1]); k != KindNone && w.s.enabled[k] {
					pending = k
				}
			}
		}
		dst, i, err = w.jsonValue(dst, src, j, depth, child)
		if err != nil {
			return dst, i, err
		}
		w.popKey()
		var done bool
		if dst, i, done, err = afterElement(dst, src, i, '}'); done || err != nil {
			return dst, i, err
		}
	}
}

// afterElement copies what follows an object member or array element: the
// closing byte (done) or a comma, with the white space around it.
func afterElement(dst, src []byte, i int, closing byte) ([]byte, int, bool, error) {
	j := skipWS(src, i)
	dst = append(dst, src[i:j]...)
	i = j
	if i >= len(src) {
		return dst, i, false, jsonErr("unterminated object or array", i)
	}
	if src[i] == closing {
		return append(dst, closing), i + 1, true, nil
	}
	if src[i] != ',' {
		return dst, i, false, jsonErr("expected ',' or '"+string(closing)+"'", i)
	}
	dst = append(dst, ',')
	j = skipWS(src, i+1)
	return append(dst, src[i+1:j]...), j, false, nil
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

// jsonKey appends an object key. Keys are data too ({"jane@example.com":
// {…}}): a key holding what looks like personal data is scanned and
// re-encoded; others are copied as they are.
func (w *Session) jsonKey(dst, raw, key []byte, ctx fieldCtx) []byte {
	if ctx.safe || !mayHoldPII(key) {
		return append(dst, raw...)
	}
	before := w.found
	w.out = w.scanPart(w.out[:0], key)
	if w.found == before {
		return append(dst, raw...)
	}
	dst = append(dst, '"')
	dst = appendJSONEscaped(dst, w.out)
	return append(dst, '"')
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

// pushKey enters an object member and returns what the field rules say of
// its value. Everything under a secret or a safe field inherits it.
func (w *Session) pushKey(nk []byte, parent fieldCtx) fieldCtx {
	start := len(w.keyBuf)
	w.keyBuf = append(w.keyBuf, nk...)
	w.keys = append(w.keys, pathKey{start, len(w.keyBuf)})
	if parent.safe {
		return parent
	}
	if parent.kind == KindName && len(w.keys) >= 2 {
		// {"name": {"first": "Jane", "last": "Doe"}}: the parts of a name,
		// but not the members of a "user" object.
		pk := w.keys[len(w.keys)-2]
		if bytes.HasSuffix(w.keyBuf[pk.start:pk.end], []byte("name")) {
			return parent
		}
	}
	if parent.kind == KindSecret && !parent.weak {
		if string(nk) == "type" {
			// Typed attributes ({"value": …, "type": "string"}, Sentry
			// logs): the type names the value's type, not a secret.
			return fieldCtx{}
		}
		parent.inherited = true
		return parent
	}
	f := w.s.fields
	if f.hasPaths() && f.pathCandidate(nk) {
		w.pathV = w.pathV[:0]
		for _, k := range w.keys {
			w.pathV = append(w.pathV, w.keyBuf[k.start:k.end])
		}
		if k, safe := f.matchPath(w.pathV); safe || k != KindNone {
			return fieldCtx{kind: k, safe: safe}
		}
	}
	if nk == nil {
		return fieldCtx{}
	}
	k, weak := w.keyMemo.normalized(f, nk)
	if k != KindNone && !w.s.enabled[k] {
		k = KindNone
	}
	return fieldCtx{kind: k, weak: weak}
}

func (w *Session) popKey() {
	n := len(w.keys) - 1
	w.keyBuf = w.keyBuf[:w.keys[n].start]
	w.keys = w.keys[:n]
}

func (w *Session) jsonArray(dst, src []byte, i, depth int, ctx fieldCtx) ([]byte, int, error) {
	if depth > maxJSONDepth {
		return dst, i, jsonErr("nesting too deep", i)
	}
	dst = append(dst, '[')
	i++
	j := skipWS(src, i)
	dst = append(dst, src[i:j]...)
	i = j
	if i < len(src) && src[i] == ']' {
		return append(dst, ']'), i + 1, nil
	}
	var err error
	pair := KindNone // kind named by a ["Header-Name", "value"] pair's first element
	for n := 0; ; n++ {
		elem := ctx
		if n == 1 && pair != KindNone && ctx.kind == KindNone && !ctx.safe {
			elem.kind = pair
		}
		if n == 0 && ctx.kind == KindNone && !ctx.safe && i < len(src) && src[i] == '"' {
			if ke, esc, err := scanString(src, i); err == nil && !esc && ke-i-2 <= 64 {
				if k, _ := w.s.fields.key(src[i+1 : ke-1]); k != KindNone && w.s.enabled[k] {
					pair = k
				}
			}
		}
		dst, i, err = w.jsonValue(dst, src, i, depth, elem)
		if err != nil {
			return dst, i, err
		}
		var done bool
		if dst, i, done, err = afterElement(dst, src, i, ']'); done || err != nil {
			return dst, i, err
		}
	}
}

// scanString finds the end (after the closing quote) of the JSON string
// starting at src[i], and whether it holds escapes.
func scanString(src []byte, i int) (end int, esc bool, err error) {
	j := i + 1
	for {
		for j < len(src) && !strSpecial[src[j]] {
			j++
		}
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

func (w *Session) jsonString(dst, src []byte, i int, ctx fieldCtx) ([]byte, int, error) {
	end, esc, err := scanString(src, i)
	if err != nil {
		return dst, i, err
	}
	raw := src[i+1 : end-1]
	if ctx.safe || len(raw) == 0 {
		return append(dst, src[i:end]...), end, nil
	}
	val := raw
	if esc {
		w.scratch, err = decodeString(w.scratch[:0], raw)
		if err != nil {
			return dst, i, jsonErr("invalid escape", i)
		}
		val = w.scratch
	}
	if ctx.kind == KindNone && allQuiet(val) {
		// Nothing in the value can start a detector ("python",
		// "django.request"): copy it as it was.
		return append(dst, src[i:end]...), end, nil
	}
	if w.report != nil {
		w.setPath()
	}
	before := w.found
	w.out = w.field(w.out[:0], val, ctx.kind, false)
	if w.found == before && string(w.out) == string(val) {
		return append(dst, src[i:end]...), end, nil
	}
	dst = append(dst, '"')
	dst = appendJSONEscaped(dst, w.out)
	return append(dst, '"'), end, nil
}

func (w *Session) jsonNumber(dst, src []byte, i int, ctx fieldCtx) ([]byte, int, error) {
	j := i
	if src[j] == '-' {
		j++
	}
	if j >= len(src) || !isDigit(src[j]) {
		return dst, i, jsonErr("invalid number", i)
	}
	if src[j] == '0' {
		j++
	} else {
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	intEnd := j
	if j < len(src) && src[j] == '.' {
		j++
		k := j
		for j < len(src) && isDigit(src[j]) {
			j++
		}
		if j == k {
			return dst, i, jsonErr("invalid number", i)
		}
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
			return dst, i, jsonErr("invalid number", i)
		}
	}
	num := src[i:j]
	switch ctx.kind {
	case KindSecret:
		if ctx.weak || ctx.inherited {
			break
		}
		w.count(KindSecret)
		return append(dst, `"[redacted]"`...), j, nil
	case KindPhone, KindCard, KindSSN, KindIBAN:
		if intEnd != j || src[i] == '-' {
			break
		}
		w.out = w.field(w.out[:0], num, ctx.kind, false)
		if allDigits(w.out) && len(w.out) > 0 && w.out[0] != '0' {
			return append(dst, w.out...), j, nil
		}
		dst = append(dst, '"')
		dst = appendJSONEscaped(dst, w.out)
		return append(dst, '"'), j, nil
	}
	return append(dst, num...), j, nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// setPath records the dotted key path of the current value for findings.
func (w *Session) setPath() {
	b := make([]byte, 0, len(w.keyBuf)+len(w.keys))
	for n, k := range w.keys {
		if n > 0 {
			b = append(b, '.')
		}
		b = append(b, w.keyBuf[k.start:k.end]...)
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

// appendJSONEscaped appends s as the body of a JSON string.
func appendJSONEscaped(dst, s []byte) []byte {
	const hexd = "0123456789abcdef"
	last := 0
	for i, c := range s {
		if !strSpecial[c] {
			continue
		}
		dst = append(dst, s[last:i]...)
		switch c {
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
		last = i + 1
	}
	return append(dst, s[last:]...)
}
