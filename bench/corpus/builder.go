package corpus

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/piiproxy/piiproxy/redact"
)

// builder accumulates the text and labels of one record.
type builder struct {
	b    strings.Builder
	pii  []Label
	keep []string
}

func (r *builder) reset() {
	r.b.Reset()
	r.pii = nil
	r.keep = nil
}

// s writes plain text.
func (r *builder) s(parts ...string) {
	for _, p := range parts {
		r.b.WriteString(p)
	}
}

// label records v as personal data of kind k and returns it.
func (r *builder) label(k redact.Kind, v string) string {
	l := Label{Kind: k, Value: v}
	if v != "" && !slices.Contains(r.pii, l) {
		r.pii = append(r.pii, l)
	}
	return v
}

// near records v as a near-miss that must survive and returns it.
func (r *builder) near(v string) string {
	if v != "" && !slices.Contains(r.keep, v) {
		r.keep = append(r.keep, v)
	}
	return v
}

// p writes v and labels it as kind k.
func (r *builder) p(k redact.Kind, v string) { r.b.WriteString(r.label(k, v)) }

// k writes v and records it as a near-miss.
func (r *builder) k(v string) { r.b.WriteString(r.near(v)) }

func (r *builder) record(f Format) Record {
	return Record{Text: r.b.String(), Format: f, PII: r.pii, Keep: r.keep}
}

// obj is a JSON object whose keys keep their insertion order, so generated
// documents look like the ones SDKs send.
type obj []kv

type kv struct {
	k string
	v any
}

// appendJSON appends v as compact JSON. It knows the value types the
// generator uses: obj, []any, []obj, string, int, int64, float64, bool and
// nil. Strings are escaped as encoding/json does with HTML escaping off.
func appendJSON(dst []byte, v any) []byte {
	switch x := v.(type) {
	case obj:
		dst = append(dst, '{')
		for i, f := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, f.k)
			dst = append(dst, ':')
			dst = appendJSON(dst, f.v)
		}
		return append(dst, '}')
	case []obj:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, e)
		}
		return append(dst, ']')
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, e)
		}
		return append(dst, ']')
	case []string:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, e)
		}
		return append(dst, ']')
	case string:
		return appendJSONString(dst, x)
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case float64:
		return strconv.AppendFloat(dst, x, 'f', -1, 64)
	case bool:
		return strconv.AppendBool(dst, x)
	case nil:
		return append(dst, "null"...)
	}
	panic("BUG: corpus: unsupported JSON value type")
}

// appendJSONString appends s as a JSON string literal.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexLower[c>>4], hexLower[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			dst = append(dst, `\u202`...)
			dst = append(dst, hexLower[r&0xf])
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// JSONEscape returns s as it appears between the quotes of a JSON string
// written by the generator (and by encoding/json with HTML escaping off).
func JSONEscape(s string) string {
	b := appendJSONString(make([]byte, 0, len(s)+2), s)
	return string(b[1 : len(b)-1])
}
