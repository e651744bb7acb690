package proxy

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/piiproxy/piiproxy/redact"
)

// ErrMalformedEnvelope is wrapped by errors about a request body that is not
// a Sentry envelope. Its messages give offsets and item numbers, never data.
var ErrMalformedEnvelope = errors.New("proxy: malformed envelope")

// ErrNoItemsLeft is returned when every item of an envelope was dropped
// because it could not be scrubbed, so there is nothing to forward.
var ErrNoItemsLeft = errors.New("proxy: no item of the envelope could be scrubbed")

// maxEnvelopeItems bounds the items of one envelope; Sentry's own limits are
// far lower, so more is an attack or a bug.
const maxEnvelopeItems = 10000

// itemClass says how an envelope item is handled.
type itemClass uint8

const (
	// classText: an item of unknown type, scrubbed as text.
	classText itemClass = iota
	// classJSON: a JSON document, scrubbed structurally.
	classJSON
	// classBinary: attachments and recordings, which cannot be scrubbed:
	// dropped, or passed through when configured.
	classBinary
)

// itemClasses lists the item types of the Sentry envelope protocol whose
// payload is known (develop.sentry.dev, "Envelope Items").
var itemClasses = map[string]itemClass{
	"event":            classJSON,
	"transaction":      classJSON,
	"security":         classJSON,
	"raw_security":     classJSON,
	"log":              classJSON,
	"otel_log":         classJSON,
	"span":             classJSON,
	"otel_span":        classJSON,
	"check_in":         classJSON,
	"session":          classJSON,
	"sessions":         classJSON,
	"user_report":      classJSON,
	"feedback":         classJSON,
	"client_report":    classJSON,
	"profile":          classJSON,
	"replay_event":     classJSON,
	"metric_meta":      classJSON,
	"trace_metric":     classJSON,
	"attachment":       classBinary,
	"replay_recording": classBinary,
	"replay_video":     classBinary,
	"profile_chunk":    classBinary,
	"unreal_report":    classBinary,
}

// Drop reasons, the values of the reason label of the drop counter.
const (
	dropBinary      = "binary_item"
	dropInvalidJSON = "invalid_json"
)

// envelopeOptions are the settings of one envelope rewrite.
type envelopeOptions struct {
	// passBinary forwards binary items unchanged instead of dropping them.
	passBinary bool
	// clientIP is the JSON string that replaces IP sentinels; nil for null.
	clientIP []byte
}

// envelopeStats counts what a rewrite did.
type envelopeStats struct {
	items         int // items read
	kept          int // items written
	droppedBinary int
	droppedJSON   int
	textItems     int
}

// envelopeRewriter scrubs Sentry envelopes. It holds scratch buffers, so it
// is not safe for concurrent use; the zero value is ready once sess is set.
type envelopeRewriter struct {
	sess *redact.Session
	// feedback, when not nil, scrubs the user_report and feedback items,
	// whose reporter name sits where sess's field rules do not look.
	feedback *redact.Session
	scratch  []byte
	hdr      []byte
}

// rewrite appends to dst the scrubbed form of the envelope src: the
// envelope header scrubbed with its dsn kept, each item header scrubbed
// with its length recomputed, JSON items scrubbed structurally, unknown
// items as text, binary items dropped or passed through. Invalid JSON items
// are dropped. On error dst is returned unchanged.
func (r *envelopeRewriter) rewrite(dst, src []byte, opt *envelopeOptions, st *envelopeStats) ([]byte, error) {
	orig := len(dst)
	fail := func(err error) ([]byte, error) { return dst[:orig], err }

	line, rest, _ := cutLine(src)
	if len(bytes.TrimSpace(line)) == 0 {
		return fail(fmt.Errorf("%w: missing envelope header", ErrMalformedEnvelope))
	}
	if i := skipSpace(line, 0); line[i] != '{' {
		return fail(fmt.Errorf("%w: envelope header is not a JSON object", ErrMalformedEnvelope))
	}
	var err error
	dst, err = r.scrubHeader(dst, line)
	if err != nil {
		return fail(fmt.Errorf("%w: envelope header: %w", ErrMalformedEnvelope, err))
	}
	dst = append(dst, '\n')
	off := len(src) - len(rest)
	for len(rest) > 0 {
		// Blank lines between items are tolerated, as Relay does.
		if n := blankLine(rest); n > 0 {
			rest = rest[n:]
			off += n
			continue
		}
		if st.items == maxEnvelopeItems {
			return fail(fmt.Errorf("%w: more than %d items", ErrMalformedEnvelope, maxEnvelopeItems))
		}
		st.items++
		h, after, _ := cutLine(rest)
		typ, length, hasLength, err := parseItemHeader(h)
		if err != nil {
			return fail(fmt.Errorf("%w: item %d header at offset %d: %w", ErrMalformedEnvelope, st.items, off, err))
		}
		var payload []byte
		if hasLength {
			if length > len(after) {
				return fail(fmt.Errorf("%w: item %d: length %d runs past the end of the body", ErrMalformedEnvelope, st.items, length))
			}
			payload, rest = after[:length], after[length:]
			switch {
			case len(rest) == 0:
			case rest[0] == '\n':
				rest = rest[1:]
			case len(rest) > 1 && rest[0] == '\r' && rest[1] == '\n':
				rest = rest[2:]
			default:
				return fail(fmt.Errorf("%w: item %d: no newline after its %d-byte payload", ErrMalformedEnvelope, st.items, length))
			}
		} else {
			payload, rest, _ = cutLine(after)
		}
		off = len(src) - len(rest)

		class, known := itemClasses[string(typ)]
		if !known {
			class = classText
		}
		if class == classBinary && !opt.passBinary {
			st.droppedBinary++
			continue
		}
		mark := len(dst)
		// The item header is written after the payload is scrubbed, when
		// its length is known; scrub it into its own buffer first.
		r.hdr, err = r.sess.AppendJSON(r.hdr[:0], h)
		if err != nil {
			return fail(fmt.Errorf("%w: item %d header: %w", ErrMalformedEnvelope, st.items, err))
		}
		r.scratch = r.scratch[:0]
		switch class {
		case classJSON:
			doc := payload
			var filled bool
			r.scratch, filled = fillClientIP(r.scratch, payload, sentryIPPaths, opt.clientIP)
			if filled {
				doc = r.scratch
			}
			base := len(r.scratch)
			sess := r.sess
			if r.feedback != nil && isFeedbackItem(typ) {
				sess = r.feedback
			}
			out, jerr := sess.AppendJSON(r.scratch, doc)
			if jerr != nil {
				st.droppedJSON++
				continue
			}
			r.scratch = out
			payload = r.scratch[base:]
		case classText:
			st.textItems++
			r.scratch = r.sess.AppendText(r.scratch, payload)
			payload = r.scratch
		}
		dst = appendItemHeader(dst[:mark], r.hdr, len(payload))
		dst = append(dst, '\n')
		dst = append(dst, payload...)
		dst = append(dst, '\n')
		st.kept++
	}
	if st.kept == 0 && st.droppedJSON > 0 {
		return fail(ErrNoItemsLeft)
	}
	return dst, nil
}

// isFeedbackItem reports whether typ is an item type that carries user
// feedback: user_report (the reporter's name and email at the top level)
// or feedback (under contexts.feedback).
func isFeedbackItem(typ []byte) bool {
	return string(typ) == "user_report" || string(typ) == "feedback"
}

// scrubHeader appends the scrubbed envelope header line to dst. The dsn
// and the trace context's public_key are kept as sent: they carry no
// personal data and Sentry checks them against the request's
// authentication.
func (r *envelopeRewriter) scrubHeader(dst, line []byte) ([]byte, error) {
	base := len(dst)
	out, err := r.sess.AppendJSON(dst, line)
	if err != nil {
		return dst, err
	}
	for _, path := range [][]string{{"dsn"}, {"trace", "public_key"}} {
		vs, ve, ok := lookup(line, path...)
		if !ok || line[vs] != '"' {
			continue
		}
		ss, se, ok := lookup(out[base:], path...)
		if !ok {
			continue
		}
		r.scratch = splice(r.scratch[:0], out[base:], ss, se, line[vs:ve])
		out = append(out[:base], r.scratch...)
	}
	return out, nil
}

// parseItemHeader reads the type and length of an item header line.
func parseItemHeader(h []byte) (typ []byte, length int, hasLength bool, err error) {
	i := skipSpace(h, 0)
	if i >= len(h) || h[i] != '{' {
		return nil, 0, false, errors.New("not a JSON object")
	}
	// A repeated type or length, or a member name written with escapes,
	// would let the proxy and the upstream frame the envelope differently.
	if countMembers(h, i, "type") > 1 || countMembers(h, i, "length") > 1 {
		return nil, 0, false, errors.New("repeated type or length, or an escaped member name")
	}
	ts, te, ok := lookup(h, "type")
	if !ok {
		return nil, 0, false, errors.New("no type")
	}
	typ, ok = stringValue(h[ts:te])
	if !ok {
		return nil, 0, false, errors.New("type is not a plain string")
	}
	ls, le, ok := lookup(h, "length")
	if !ok || string(h[ls:le]) == "null" {
		return typ, 0, false, nil
	}
	n, perr := strconv.ParseUint(string(h[ls:le]), 10, 31)
	if perr != nil {
		return nil, 0, false, errors.New("length is not a non-negative integer")
	}
	return typ, int(n), true, nil
}

// appendItemHeader appends the item header hdr (a JSON object) with its
// length member set to n, added when it is missing.
func appendItemHeader(dst, hdr []byte, n int) []byte {
	var num [20]byte
	v := strconv.AppendInt(num[:0], int64(n), 10)
	if s, e, ok := lookup(hdr, "length"); ok {
		return splice(dst, hdr, s, e, v)
	}
	i := skipSpace(hdr, 0) + 1 // after '{'
	dst = append(dst, hdr[:i]...)
	dst = append(dst, `"length":`...)
	dst = append(dst, v...)
	if j := skipSpace(hdr, i); j < len(hdr) && hdr[j] != '}' {
		dst = append(dst, ',')
	}
	return append(dst, hdr[i:]...)
}

// cutLine splits b after its first newline: line excludes the '\n' (and a
// '\r' before it). found is false when b has no newline, in which case the
// whole of b is the line.
func cutLine(b []byte) (line, rest []byte, found bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	line, rest = b[:i], b[i+1:]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, rest, true
}

// blankLine returns the length of the empty line ("\n" or "\r\n") at the
// start of b, or 0.
func blankLine(b []byte) int {
	switch {
	case len(b) > 0 && b[0] == '\n':
		return 1
	case len(b) > 1 && b[0] == '\r' && b[1] == '\n':
		return 2
	}
	return 0
}
