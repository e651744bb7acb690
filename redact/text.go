package redact

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"net/netip"
	"slices"
	"unicode/utf8"
	"unsafe"
)

// Trigger classes of the single-pass scanner. Every byte is looked up once;
// bytes of class tNone are skipped, a word is skipped as a whole once its
// first byte has been looked at.
const (
	tNone  = iota
	tWord  // lower-case letter, '_', UTF-8 continuation byte: skip the word
	tDigit // may start an IP, card, SSN, phone
	tUpper // may start an IBAN, auth scheme, access key id, name
	tLead  // UTF-8 lead byte: may start a capitalized name
	tAt
	tPct
	tPlus
	tParen
	tColon
	tEq
	tGt // may end the opening tag of an XML element that is a field
)

var trig = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = tWord
	}
	t['_'] = tWord
	for c := 0x80; c < 0xC0; c++ {
		t[c] = tWord
	}
	for c := 0xC0; c < 0x100; c++ {
		t[c] = tLead
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = tDigit
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = tUpper
	}
	t['@'] = tAt
	t['%'] = tPct
	t['+'] = tPlus
	t['('] = tParen
	t[':'] = tColon
	t['='] = tEq
	t['>'] = tGt
	return t
}()

// match is one finding inside the text being scanned.
type match struct {
	kind       Kind
	start, end int
	at, sepLen int        // email: offset of the separator from start, its length
	addr       netip.Addr // ip
	keep       int        // phone: leading digits kept
	rule       int        // custom rule index + 1; 0 for built-in detectors
	field      bool       // a key=value pair: [start, end) is the value, kind the key's
}

type span struct {
	start, end int
	rule       int
}

// AppendText appends the scrubbed form of the text src to dst and returns
// the extended buffer. dst and src must not overlap.
func (w *Session) AppendText(dst, src []byte) []byte {
	w.stats.Records++
	if w.pemLines > 0 {
		return w.pemBody(dst, src)
	}
	start := len(dst)
	if len(w.csv.kinds) > 0 {
		if len(w.s.cfg.Custom) == 0 {
			if d, ok := w.csvRow(dst, src); ok {
				return w.homeDirs(d, start)
			}
		}
		w.csv.kinds = w.csv.kinds[:0] // the end of the table
	}
	// An access-log line holds URLs, not file paths: it is looked at for
	// home directories only when the scanner saw a Windows or macOS one (in
	// a user agent or a field after it).
	w.sawUsers = false
	d, ok := dst, false
	if he, us, ue := accessLogShape(src); us >= 0 {
		d, ok = w.accessLine(dst, src, he, us, ue)
	}
	if !ok {
		d, ok = w.accessAfterPrefix(dst, src)
	}
	if ok {
		if !w.sawUsers {
			return d
		}
		return w.homeDirs(d, start)
	}
	w.csvHeader(src)
	if us, ue := loginAfterUser(src); us >= 0 && len(w.s.cfg.Custom) == 0 && w.s.enabled[KindName] &&
		(src[us-1] == '"' || src[us-1] == '\'' || !w.commonWord(src[us:ue])) {
		// "session opened for user jdoe(uid=1001)", "authentication
		// failed for user \"jdoe\"": the login is a person.
		dst = w.scanRange(dst, src, 0, us)
		dst = w.field(dst, src[us:ue], KindName, false)
		return w.homeDirs(w.scanRange(dst, src, ue, len(src)), start)
	}
	return w.homeDirs(w.scanPart(dst, src), start)
}

// messageID reports whether the address src[s:e] is a mail's Message-ID
// (message-id=<…> in postfix logs, Message-ID: <…> headers, In-Reply-To,
// References): an id with digits in angle brackets after such a key, not
// a person's address.
func messageID(src []byte, s, e int) bool {
	if s < 2 || e >= len(src) || src[s-1] != '<' || src[e] != '>' {
		return false
	}
	// Generated ids hold digits (times, counters); a person's address
	// in their place is kept from this rule.
	at := bytes.IndexByte(src[s:e], '@')
	if at < 0 || !hasDigit(src[s:s+at]) {
		return false
	}
	k := s - 1
	for k > 0 && (src[k-1] == ' ' || src[k-1] == '=' || src[k-1] == ':') {
		k--
	}
	j := k
	for j > 0 && k-j < 12 && (isAlpha(src[j-1]) || src[j-1] == '-' || src[j-1] == '_') {
		j--
	}
	for _, key := range []string{"message-id", "message_id", "messageid", "msgid", "msg-id", "in-reply-to", "references"} {
		if k-j == len(key) && hasPrefixFold(src[j:k], []byte(key)) {
			return true
		}
	}
	return false
}

// sqlPasswordAt returns the span of the string literal after SQL's
// PASSWORD or IDENTIFIED BY at src[i] (ALTER ROLE app PASSWORD 'x',
// CREATE USER u IDENTIFIED BY 'x', in statements that database servers
// log), or -1, -1.
func sqlPasswordAt(src []byte, i int) (start, end int) {
	var kw string
	switch {
	case bytes.HasPrefix(src[i:], []byte("PASSWORD ")):
		kw = "PASSWORD "
	case bytes.HasPrefix(src[i:], []byte("IDENTIFIED BY ")):
		kw = "IDENTIFIED BY "
	default:
		return -1, -1
	}
	q := i + len(kw)
	if q >= len(src) || src[q] != '\'' && src[q] != '"' {
		return -1, -1
	}
	e := bytes.IndexByte(src[q+1:min(len(src), q+1+maxFieldValueLen)], src[q])
	if e <= 0 {
		return -1, -1
	}
	return q + 1, q + 1 + e
}

// loginAfterUser finds the login after "for user", "of user" or "for
// username" in the messages of PAM, systemd-logind, sudo, PostgreSQL and
// MySQL (for user jdoe(uid=1001), of user jdoe., for user "jdoe", for user
// 'bob'@…). It returns its span, or -1, -1.
func loginAfterUser(src []byte) (start, end int) {
	for off := 3; off < len(src); {
		k := bytes.IndexByte(src[off:], 'u')
		if k < 0 {
			return -1, -1
		}
		k += off
		off = k + 1
		if k+4 > len(src) || src[k+1] != 's' || src[k+2] != 'e' || src[k+3] != 'r' || src[k-1] != ' ' ||
			!(k >= 4 && string(src[k-4:k]) == "for " || string(src[k-3:k]) == "of ") {
			continue
		}
		j := k + 4
		if string(src[j:min(len(src), j+4)]) == "name" {
			j += 4
		}
		if j+1 >= len(src) || src[j] != ' ' {
			continue
		}
		j++
		q := byte(0)
		if src[j] == '"' || src[j] == '\'' {
			q = src[j]
			j++
		}
		s := j
		for j < len(src) && j-s < 64 && (isAlnum(src[j]) || src[j] == '.' || src[j] == '_' || src[j] == '-' || src[j] >= utf8.RuneSelf) {
			j++
		}
		e := j
		for e > s && src[e-1] == '.' {
			e-- // the end of a sentence
		}
		if e == s || q != 0 && (j >= len(src) || src[j] != q) {
			continue
		}
		return s, e
	}
	return -1, -1
}

// commonWord reports whether w is a word of the language rather than a
// login ("for user accounts", "for user input").
func (w *Session) commonWord(b []byte) bool {
	if !allLower(b) {
		return false
	}
	return w.s.names.class(b)&(wStop|wCommon) != 0 || w.s.names.englishWord(b)
}

// accessText scrubs src as a common/combined access-log line when it is
// one; ok is false, with nothing appended, when it is not.
func (w *Session) accessText(dst, src []byte) (_ []byte, ok bool) {
	if he, us, ue := accessLogShape(src); us >= 0 {
		if d, ok := w.accessLine(dst, src, he, us, ue); ok {
			return d, true
		}
	}
	return w.accessAfterPrefix(dst, src)
}

// accessAfterPrefix is accessText for a line whose access-log fields start
// after a prefix or with a host that is a name (accessLogUser).
func (w *Session) accessAfterPrefix(dst, src []byte) (_ []byte, ok bool) {
	if len(src) < minAccessLine {
		return dst, false
	}
	us, ue := accessLogUser(src)
	if us < 0 {
		return dst, false
	}
	// A line with a prefix (a syslog or container runtime header, the
	// server name of Apache's vhost_combined) or whose host is a name: the
	// text up to the user field is scanned, the rest is taken as above.
	dst = w.scanPart(dst, src[:us])
	dst = w.accessUser(dst, src[us:ue])
	if len(w.s.cfg.Custom) > 0 {
		return w.scanPart(dst, src[ue:]), true
	}
	return w.accessRest(dst, src, ue), true
}

// minAccessLine is the length of the shortest line accessLogUser can
// take: `h - u [23/Nov/2026:06:25:06 +0000] "" 200`.
const minAccessLine = 41

// accessLogUser finds the core of a common/combined access-log line
// anywhere in src: `<host> - <user> [dd/Mon/yyyy:hh:mm:ss +zzzz] "`,
// after a prefix or with a host that is a name. It returns the span of the
// user field, or -1, -1. The ident field must be "-", as servers write it
// (identd lookups are off everywhere), and a quoted request and a status
// must follow the time, so that free text with a bracketed timestamp is
// not taken for one.
func accessLogUser(src []byte) (start, end int) {
	// A prefix, a host name and a login fit in the first kilobyte.
	lim := min(len(src), 1024)
	for i := 0; i < lim; {
		k := bytes.IndexByte(src[i:lim], '[')
		if k < 0 {
			return -1, -1
		}
		b := i + k
		i = b + 1
		if b < 6 || src[b-1] != ' ' || b+29 >= len(src) || src[b+27] != ']' || src[b+28] != ' ' || src[b+29] != '"' || !clfStamp(src, b+1) {
			continue
		}
		ue := b - 1
		us := bytes.LastIndexByte(src[:ue], ' ') + 1
		if us < 4 || us == ue || ue-us > 256 || src[us-2] != '-' || src[us-3] != ' ' || src[us-4] == ' ' {
			continue
		}
		// The request and a status after it.
		if q := quoteEnd(src, b+30); q < 0 || q+4 >= len(src) || src[q+1] != ' ' || src[q+2]-'0' > 9 || src[q+3]-'0' > 9 || src[q+4]-'0' > 9 {
			continue
		}
		return us, ue
	}
	return -1, -1
}

// pemHeaderEnd returns the index just after the dashes that close the
// BEGIN line starting at src[i].
func pemHeaderEnd(src []byte, i int) int {
	j := i + len(pemBegin)
	if d := bytes.Index(src[j:], pemDash); d >= 0 {
		return j + d + len(pemDash)
	}
	return len(src)
}

// isPEMBodyLine reports whether line is a line of a PEM body: base64, or a
// legacy header such as "Proc-Type: 4,ENCRYPTED".
func isPEMBodyLine(line []byte) bool {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.HasPrefix(line, []byte("Proc-Type:")) || bytes.HasPrefix(line, []byte("DEK-Info:")) {
		return true
	}
	for _, c := range line {
		if !isAlnum(c) && c != '+' && c != '/' && c != '=' {
			return false
		}
	}
	return true
}

// maxPEMLines bounds how many lines after an unterminated "-----BEGIN …
// PRIVATE KEY-----" are taken as the key's body when no END line comes.
const maxPEMLines = 200

// pemBody handles a line that follows the BEGIN line of a private key in a
// stream of lines (pipe): up to and including the END line, everything is
// the key.
func (w *Session) pemBody(dst, src []byte) []byte {
	w.pemLines--
	k := bytes.Index(src, pemEnd)
	if k < 0 {
		if !isPEMBodyLine(src) {
			// Not base64 and no END: the key was cut short; this line is
			// ordinary text again.
			w.pemLines = 0
			return w.scanText(dst, src)
		}
		w.count(KindSecret)
		return appendLabel(dst, KindSecret)
	}
	w.pemLines = 0
	e := k + len(pemEnd)
	if d := bytes.Index(src[e:], pemDash); d >= 0 && d <= 64 {
		e += d + len(pemDash)
	}
	w.count(KindSecret)
	dst = appendLabel(dst, KindSecret)
	return w.scanText(dst, src[e:])
}

// scanText scrubs src as free text, or as an access-log line when it is
// one.
func (w *Session) scanText(dst, src []byte) []byte {
	if d, ok := w.accessText(dst, src); ok {
		return d
	}
	return w.scanPart(dst, src)
}

// accessLine scrubs a common/combined access-log line (host ident user
// [time] …) whose host field ends at he and whose user field is
// src[us:ue]. The user field is a person by position and is replaced
// whole. ok is false, with nothing appended, when the host field is not an
// address.
//
// The host is the same few clients line after line: its replacement is
// remembered under kindHost, keyed by the field's bytes, so a client seen
// before costs a hash and a compare instead of a parse and a stand-in.
func (w *Session) accessLine(dst, src []byte, he, us, ue int) (_ []byte, ok bool) {
	fast := len(w.s.cfg.Custom) == 0 && w.s.enabled[KindIP]
	remember := fast && w.report == nil
	if v, hit := w.hostStandIn(remember, src[:he]); hit {
		w.count(KindIP)
		dst = w.accessIdent(append(dst, v...), src, he, us)
	} else {
		host, isAddr := accessHost(src[:he])
		if !isAddr {
			return dst, false
		}
		if fast && pseudonymizableIP(host) {
			// The host is an address: replace it without scanning.
			start := len(dst)
			m := match{kind: KindIP, start: 0, end: he, addr: host.WithZone("")}
			dst = w.apply(dst, src, &m)
			if remember {
				w.cache.put(kindHost, src[:he], dst[start:])
			}
			dst = w.accessIdent(dst, src, he, us)
		} else {
			dst = w.scanPart(dst, src[:us])
		}
	}
	dst = w.accessUser(dst, src[us:ue])
	if len(w.s.cfg.Custom) > 0 {
		return w.scanPart(dst, src[ue:]), true
	}
	return w.accessRest(dst, src, ue), true
}

// hostStandIn returns the remembered replacement of the access-log host
// field h, when remember allows one.
func (w *Session) hostStandIn(remember bool, h []byte) ([]byte, bool) {
	if !remember {
		return nil, false
	}
	return w.cache.get(kindHost, h)
}

// accessIdent scrubs src[he:us], the ident field of an access-log line
// with its spaces; an empty ident ("-") is kept as it is.
func (w *Session) accessIdent(dst, src []byte, he, us int) []byte {
	if us-he == 3 && src[he+1] == '-' {
		return append(dst, " - "...)
	}
	return w.scanRange(dst, src, he, us)
}

// accessUser scrubs the user field u of an access-log line: "-" stays, a
// login is a person (one that is an address gets the address's stand-in,
// see field).
func (w *Session) accessUser(dst, u []byte) []byte {
	switch {
	case len(u) == 1 && u[0] == '-':
		return append(dst, '-')
	case w.s.enabled[KindName]:
		return w.field(dst, u, KindName, true)
	}
	return w.scanPart(dst, u)
}

// accessRest scrubs what follows the user field of a common or combined
// access-log line, from src[pos] on: ` [time] "METHOD target PROTO" status
// size "referer" "user agent"` and whatever a log format adds after. The
// fields that can hold nothing personal (the time, method, protocol,
// status and size) are copied once their shapes are checked. The target,
// the referer and the user agent are each scanned as a field of its own
// and remembered when clean (static assets, health checks, the same few
// browsers: they repeat on most lines); what follows them is scanned as
// text. Where the line stops looking like the format, the rest is scanned
// as text.
func (w *Session) accessRest(dst, src []byte, pos int) []byte {
	// src[c:pos] has been checked and is still to be copied: fields
	// found clean are copied with what follows them.
	c := pos
	// ` [23/Nov/2026:06:25:06 +0000] "`
	if pos+3 > len(src) || src[pos] != ' ' || src[pos+1] != '[' {
		return w.scanRange(dst, src, c, len(src))
	}
	e := pos + 2 + 26
	if !clfStamp(src, pos+2) {
		e = stampEnd(src, pos+2)
	}
	if e <= pos+2 || e+3 > len(src) || src[e] != ']' || src[e+1] != ' ' || src[e+2] != '"' {
		return w.scanRange(dst, src, c, len(src))
	}
	pos = e + 3
	// The request: a method, a target and a protocol, or something a
	// client sent that is not a request, which is scanned. Its quote must
	// be closed before the status: a quote that is not escaped inside it
	// (password="x") leaves the line to be scanned as text.
	q := quoteEnd(src, pos)
	if q < 0 || q+4 >= len(src) || src[q+1] != ' ' || src[q+2]-'0' > 9 || src[q+3]-'0' > 9 || src[q+4]-'0' > 9 {
		return w.scanRange(dst, src, c, len(src))
	}
	req := src[pos:q]
	m := 0
	for b := req[:min(len(req), 16)]; m < len(b) && b[m]-'A' < 26; {
		m++
	}
	p := len(req)
	if p-4 > m && req[p-2] == '.' && req[p-1]-'0' <= 9 && req[p-3]-'0' <= 9 {
		p -= 3 // " HTTP/1.1"
	} else if p-2 > m && req[p-1]-'0' <= 9 {
		p-- // " HTTP/2"
	}
	if m < len(req) && req[m] == ' ' && isMethod(req[:m]) && p < len(req) && p-6 > m && string(req[p-6:p]) == " HTTP/" {
		dst, c = w.scanMemo(dst, src, c, pos+m+1, pos+p-6)
	} else {
		dst = append(dst, src[c:pos]...)
		dst = w.scanRange(dst, src, pos, q)
		c = q
	}
	pos = q + 1
	// ` 200 2326` or ` 304 -`, then the end of the line or a quote. They
	// are copied when no detector starts at them: other formats put other
	// things here, and a phone number (201 5550173) can take their shape.
	s := pos
	if pos+4 > len(src) || src[pos] != ' ' || src[pos+1]-'0' > 9 || src[pos+2]-'0' > 9 || src[pos+3]-'0' > 9 {
		return w.scanRange(dst, src, c, len(src))
	}
	pos += 4
	if pos+1 < len(src) && src[pos] == ' ' {
		k := pos + 1
		if src[k] == '-' {
			k++
		} else {
			b := src[k:min(len(src), pos+13)]
			n := 0
			for n < len(b) && b[n]-'0' <= 9 {
				n++
			}
			k += n
		}
		if k > pos+1 && (k == len(src) || src[k] == ' ') {
			pos = k
		}
	}
	// Of the digit detectors (digitRun), only a phone number can start at
	// the status or the size, and only in these shapes: a status with a
	// trunk 0, or NANP's 3+7 digits (201 5550173); a size of nine digits
	// or more with a trunk 0.
	var num match
	size := 0
	if pos > s+4 && src[s+5]-'0' <= 9 {
		size = pos - (s + 5)
	}
	if pos < len(src) && (src[pos] != ' ' || pos+1 == len(src) || src[pos+1] != '"') ||
		(src[s+1] == '0' || size == 7) && w.digitAt(src[:pos], s+1, &num) ||
		size >= 9 && src[s+5] == '0' && w.digitAt(src[:pos], s+5, &num) {
		return w.scanRange(dst, src, c, len(src))
	}
	// ` "referer" "user agent"`
	for f := 0; f < 2; f++ {
		q := fieldQuote(src, pos)
		if q < 0 {
			break
		}
		dst, c = w.scanMemo(dst, src, c, pos+2, q)
		pos = q + 1
	}
	dst = append(dst, src[c:pos]...)
	if pos == len(src) {
		return dst
	}
	if xEscape(src[pos:]) >= 0 {
		return w.accessTail(dst, src, pos)
	}
	return w.scanRange(dst, src, pos, len(src))
}

// accessTail scans src[pos:], the fields a log format adds after the user
// agent, where nginx has written \xHH escapes: each quoted field
// ("$request_body") is scanned on its own by scanField, what is between
// them as text.
func (w *Session) accessTail(dst, src []byte, pos int) []byte {
	for pos < len(src) {
		k := bytes.Index(src[pos:], []byte(` "`))
		if k < 0 {
			break
		}
		q := fieldQuote(src, pos+k)
		if q < 0 {
			break
		}
		dst = w.scanRange(dst, src, pos, pos+k+2)
		dst = w.scanField(dst, src[pos+k+2:q])
		pos = q
	}
	return w.scanRange(dst, src, pos, len(src))
}

// fieldQuote returns the index of the quote that closes the quoted field
// that starts at src[i] with ` "`, or -1 when there is none or the end of
// the line or a space does not follow it, as after a quote that is not
// escaped inside the field (password="x"), whose value must be scanned
// with its key.
func fieldQuote(src []byte, i int) int {
	if i+2 >= len(src) || src[i] != ' ' || src[i+1] != '"' {
		return -1
	}
	q := quoteEnd(src, i+2)
	if q < 0 || q+1 < len(src) && src[q+1] != ' ' && src[q+1] != '\t' && src[q+1] != '\r' && src[q+1] != '\n' {
		return -1
	}
	return q
}

// isMethod reports whether b is a registered HTTP method. A word in
// capitals that is not one is scanned with the rest of the request: it may
// be an auth scheme ("BEARER <token>") or a name.
func isMethod(b []byte) bool {
	switch string(b) {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
		"PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT",
		"MKCALENDAR", "SEARCH", "PRI":
		return true
	}
	return false
}

// quoteEnd returns the index of the '"' that closes a quoted access-log
// field starting at src[i], or -1. Apache escapes a quote inside a field as
// \", nginx as \x22.
func quoteEnd(src []byte, i int) int {
	for i < len(src) {
		k := bytes.IndexByte(src[i:], '"')
		if k < 0 {
			return -1
		}
		i += k
		if src[i-1] != '\\' {
			return i
		}
		i++
	}
	return -1
}

// accessLogShape reports whether src has the shape of a common/combined
// access-log line (host ident user [time] …) whose host field may be an
// address: it returns the end of the host field and the span of the user
// field, or a start of -1. Whether the host is an address is accessHost's
// to say.
func accessLogShape(src []byte) (hostEnd, start, end int) {
	if len(src) < 16 || !(isHex(src[0]) || src[0] == ':') {
		return 0, -1, -1
	}
	// An address's first field has at most four hex digits (an IPv6
	// group; an IPv4 octet has three), then a '.' or ':'. Log lines that
	// start with a date or a word fail here.
	k := 0
	for k < 5 && isHex(src[k]) {
		k++
	}
	if k == 5 || src[k] != '.' && src[k] != ':' {
		return 0, -1, -1
	}
	sp1 := bytes.IndexByte(src[:min(len(src), 64)], ' ')
	if sp1 < 2 {
		return 0, -1, -1
	}
	rest := src[sp1+1:]
	sp2 := bytes.IndexByte(rest[:min(len(rest), 64)], ' ')
	if sp2 < 1 {
		return 0, -1, -1
	}
	us := sp1 + 1 + sp2 + 1
	lim := min(len(src), us+256)
	ue := us
	for ue < lim && src[ue] != ' ' {
		ue++
	}
	if ue+2 >= len(src) || src[ue] != ' ' || src[ue+1] != '[' || !isDigit(src[ue+2]) || ue == us {
		return 0, -1, -1
	}
	return sp1, us, ue
}

// accessHost parses the host field h of an access-log line as an address
// (log formats that put a date first, such as logback's or PostgreSQL's,
// have a '[' after their third word too, and fail here).
func accessHost(h []byte) (netip.Addr, bool) {
	if e, a := matchIPv4(h, 0); e == len(h) {
		return a, true
	}
	for _, c := range h {
		if !isHex(c) && c != '.' && c != ':' {
			return netip.Addr{}, false
		}
	}
	a, err := netip.ParseAddr(unsafe.String(&h[0], len(h)))
	return a, err == nil
}

// scanPart scrubs src as free text: custom rules first, then the built-in
// detectors over what the custom rules left.
func (w *Session) scanPart(dst, src []byte) []byte {
	if len(w.s.cfg.Custom) == 0 {
		return w.scanRange(dst, src, 0, len(src))
	}
	// Field values inside src are scanned by nested calls, which push their
	// own spans above base: index w.spans afresh on every step.
	base := len(w.spans)
	w.customSpans(src)
	n := len(w.spans)
	pos := 0
	for k := base; k < n; k++ {
		sp := w.spans[k]
		dst = w.scanRange(dst, src, pos, sp.start)
		m := match{kind: w.s.cfg.Custom[sp.rule-1].Kind(), start: sp.start, end: sp.end, rule: sp.rule}
		dst = w.apply(dst, src, &m)
		pos = sp.end
	}
	dst = w.scanRange(dst, src, pos, len(src))
	w.spans = w.spans[:base]
	return dst
}

// customSpans appends the matches of every custom rule in src to w.spans,
// sorted by start, with overlaps removed (the earlier, then the longer
// match wins).
func (w *Session) customSpans(src []byte) {
	base := len(w.spans)
	for ri, r := range w.s.cfg.Custom {
		err := r.FindAll(src, func(s, e int) {
			if 0 <= s && s < e && e <= len(src) {
				w.spans = append(w.spans, span{start: s, end: e, rule: ri + 1})
			}
		})
		if err != nil {
			w.stats.RuleTimeouts++
		}
	}
	spans := w.spans[base:]
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := spans[:0]
	end := 0
	for _, sp := range spans {
		// A match inside a token (acme.io in jane.doe@acme.io) takes the
		// whole token, so no built-in finding is cut in two.
		for sp.start > end && !isTokenDelim(src[sp.start-1]) {
			sp.start--
		}
		for sp.end < len(src) && !isTokenDelim(src[sp.end]) {
			sp.end++
		}
		if sp.start >= end {
			out = append(out, sp)
			end = sp.end
		}
	}
	w.spans = w.spans[:base+len(out)]
}

// isTokenDelim reports the bytes that end a whitespace-delimited token in
// text: spaces, quotes, brackets and list separators.
func isTokenDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '(', ')', '[', ']', '{', '}', '<', '>', ',', ';', '&', '=':
		return true
	}
	return false
}

// scanRange scrubs src[lo:hi] with the built-in detectors, appending to dst.
// Detectors see src[:hi] only, so no match crosses hi.
func (w *Session) scanRange(dst, full []byte, lo, hi int) []byte {
	src := full[:hi]
	s := w.s
	en := &s.enabled
	last := lo
	i := lo
	var m match
	for i < hi {
		i = nextLoud(src, i)
		if i >= hi {
			break
		}
		c := src[i]
		switch trig[c] {
		case tDigit, tUpper:
			inWord := !boundaryBefore(src, i)
			joined := i > 0 && (src[i-1] == '_' || src[i-1] == '-')
			// The run of digits (or of ASCII letters) that starts at i is
			// read once: its length and the byte after it decide which
			// skips and detectors can apply, and a word no detector takes
			// is skipped from its end.
			j, lower := i+1, false
			if c <= '9' {
				for j < len(src) && j-i < 20 && isDigit(src[j]) {
					j++
				}
			} else {
				var or byte
				for j < len(src) && isAlpha(src[j]) {
					or |= src[j]
					j++
				}
				lower = or&0x20 != 0
			}
			if !inWord && !joined {
				// Dates, times, hex ids and product names are skipped whole.
				e := i
				if c <= '9' {
					e = stampOrHexEnd(src, i, j)
				} else if lower && j-i < 32 && j+1 < len(src) && src[j] == '/' && isDigit(src[j+1]) {
					e = productEnd(src, i)
				}
				if e > i {
					i = e
					continue
				}
			}
			// A credential after a cue word starts after a space and the
			// cue's last letter (or a ':' after it), unless it holds i.
			if en[KindSecret] && (inWord || joined || i > last+2 && src[i-1] == ' ' && cueTail[src[i-2]]) {
				if cs, ce := matchCuedSecret(src, i, last); cs >= 0 {
					m = match{kind: KindSecret, start: cs, end: ce}
					break
				}
			}
			if inWord || joined {
				// Inside a word (or after a token's '_' or '-'): only an API
				// token with a known prefix can be here, and its prefix ends
				// with '_' or '-' (or it is a JWT's "eyJ").
				if en[KindSecret] && mayBeToken(src, i) {
					if ts, te := matchToken(src, i, last); ts >= 0 {
						m = match{kind: KindSecret, start: ts, end: te}
						break
					}
				}
				if c <= '9' && src[i-1] == '-' && en[KindIP] {
					// An address in a host name: c-73-158-64-12.hsd1.….
					if e, a := matchDashedIPv4(src, i); e > i && pseudonymizableIP(a) {
						m = match{kind: KindIP, start: i, end: e, addr: a}
						break
					}
				}
				if inWord {
					i = wordEnd(src, j)
					continue
				}
			}
			if c <= '9' {
				if w.digitRun(src, i, j, &m) {
					break
				}
				// A number no detector wants: skip its dotted run too
				// (120.0.6099.109), where nothing can start either.
				if j < len(src) && (src[j] >= utf8.RuneSelf || wordTab[src[j]] || src[j] == '.') {
					i = numberEnd(src, j)
				} else {
					i = j
				}
				continue
			} else if w.upperAt(src, i, &m, lower || capsMayBeName(src, i, j)) {
				break
			}
			if j < len(src) && (src[j] >= utf8.RuneSelf || wordTab[src[j]]) {
				i = wordEnd(src, j)
			} else {
				i = j
			}
			continue
		case tLead:
			if boundaryBefore(src, i) && en[KindName] && s.cfg.Names.FreeText {
				if ns, ne := s.names.match(src, i); ns >= i && ne > ns {
					m = match{kind: KindName, start: ns, end: ne}
					break
				}
			}
			i = skipWord(src, i)
			continue
		case tAt:
			if en[KindEmail] {
				if es, ee := matchEmail(src, i, 1, last); es >= 0 && !messageID(src, es, ee) {
					m = match{kind: KindEmail, start: es, end: ee, at: i - es, sepLen: 1}
					break
				}
			}
			i++
			continue
		case tPct:
			if en[KindEmail] && i+2 < hi && src[i+1] == '4' && src[i+2] == '0' {
				if es, ee := matchEmail(src, i, 3, last); es >= 0 {
					m = match{kind: KindEmail, start: es, end: ee, at: i - es, sepLen: 3}
					break
				}
			}
			i++
			continue
		case tPlus, tParen:
			// No calling code starts with 0, so "+0000" (a time zone) is not one.
			if en[KindPhone] && i+1 < hi && isDigit(src[i+1]) && (c == '(' || src[i+1] != '0') && boundaryBefore(src, i) {
				if e, keep := matchPhone(src, i); e > i {
					m = match{kind: KindPhone, start: i, end: e, keep: keep}
					break
				}
			}
			i++
			continue
		case tColon:
			if w.colonAt(src, i, last, &m) {
				break
			}
			i++
			continue
		case tEq:
			if w.fieldAt(src, i, last, &m) {
				break
			}
			i++
			continue
		case tGt:
			if w.xmlFieldAt(src, i, last, &m) {
				break
			}
			i++
			continue
		}
		// A match was found: copy what precedes it, then its replacement.
		if m.start < last {
			m.start = last
		}
		if m.kind == KindIP && en[KindName] {
			// "… password for jdoe from 192.0.2.1": the login before an
			// address (sshd, su, sudo, PAM) is a person.
			if us, ue := loginBefore(src, last, m.start); us >= 0 {
				dst = append(dst, src[last:us]...)
				dst = w.field(dst, src[us:ue], KindName, false)
				last = ue
			}
		}
		dst = append(dst, src[last:m.start]...)
		if m.field {
			// A key=value pair decided by the key name.
			dst = w.field(dst, src[m.start:m.end], m.kind, true)
		} else {
			dst = w.apply(dst, src, &m)
		}
		last, i = m.end, m.end
	}
	return append(dst, src[last:hi]...)
}

// numberEnd returns the end of the number whose digits continue at src[j]
// and of any ".digits" groups that follow it.
func numberEnd(src []byte, j int) int {
	i := wordEnd(src, j)
	for i+1 < len(src) && src[i] == '.' && isDigit(src[i+1]) {
		i = wordEnd(src, i+2)
	}
	return i
}

// cueTail marks the bytes that may stand before the space in front of a
// credential that matchCuedSecret takes: the last letter of a cue word
// (key, token, secret, password, passwd, apikey, credential(s),
// passphrase) or a ':' after one.
var cueTail = func() (t [256]bool) {
	for _, c := range []byte("yntdlse") {
		t[c], t[c-'a'+'A'] = true, true
	}
	t[':'] = true
	return t
}()

// mayBeToken reports whether the loud byte src[i] can belong to an API
// token with a known prefix: the alphanumeric run holding it follows a '_'
// or '-', or it is the 'J' of "eyJ".
func mayBeToken(src []byte, i int) bool {
	if src[i] == 'J' && i >= 2 && src[i-1] == 'y' && src[i-2] == 'e' {
		return true
	}
	s := i
	for s > 0 && i-s < 48 && isAlnum(src[s-1]) {
		s--
	}
	if tokenFirst[src[s]] && (s == 0 || !isTokenChar(src[s-1])) {
		// The word itself may start with a prefix (ya29., pypi-).
		if tokenPrefixAt(src[s:]) != nil {
			return true
		}
	}
	if s == 0 || (src[s-1] != '_' && src[s-1] != '-') {
		return false
	}
	// The whole token starts where its run of token characters does, with
	// one of the prefixes' first letters.
	for s > 0 && i-s < 64 && isTokenChar(src[s-1]) {
		s--
	}
	return tokenFirst[src[s]]
}

// mayBeCued reports whether the word holding src[i] follows a space, as a
// credential after a cue word does ("api key abcDEF…"); matchCuedSecret
// decides.
func mayBeCued(src []byte, i int) bool {
	s := i
	for s > 0 && i-s < 64 && isTokenChar(src[s-1]) {
		s--
	}
	return s > 3 && src[s-1] == ' ' && (isAlpha(src[s-2]) || src[s-2] == ':')
}

// mayBeTokenOrCued is mayBeToken(src, i) || mayBeCued(src, i), with one
// walk back over the word: the run of letters and digits that mayBeToken
// reads first is the end of the run of token characters that both read.
func mayBeTokenOrCued(src []byte, i int) bool {
	if src[i] == 'J' && i >= 2 && src[i-1] == 'y' && src[i-2] == 'e' {
		return true
	}
	s := i
	for s > 0 && i-s < 48 && isAlnum(src[s-1]) {
		s--
	}
	if tokenFirst[src[s]] && (s == 0 || !isTokenChar(src[s-1])) && tokenPrefixAt(src[s:]) != nil {
		return true
	}
	a := s
	for s > 0 && i-s < 64 && isTokenChar(src[s-1]) {
		s--
	}
	if a > 0 && (src[a-1] == '_' || src[a-1] == '-') && tokenFirst[src[s]] {
		return true
	}
	return s > 3 && src[s-1] == ' ' && (isAlpha(src[s-2]) || src[s-2] == ':')
}

// tokenFirst marks the first letters of tokenPrefixes.
var tokenFirst = func() (t [256]bool) {
	for _, p := range tokenPrefixes {
		t[p[0]] = true
	}
	return t
}()

func skipWord(src []byte, i int) int {
	if c := src[i]; c < utf8.RuneSelf {
		i++
		if !wordTab[c] {
			return i
		}
	} else if n := wordLen(src, i); n > 0 {
		i += n
	} else {
		_, n := utf8.DecodeRune(src[i:])
		return i + n
	}
	return wordEnd(src, i)
}

// wordEnd returns the end of the word whose letters, digits or marks
// continue at src[i]: i itself when none does.
func wordEnd(src []byte, i int) int {
	for i < len(src) {
		c := src[i]
		if c < utf8.RuneSelf {
			if !wordTab[c] {
				break
			}
			i++
			continue
		}
		n := wordLen(src, i)
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// digitAt tries the detectors that start with a digit at a token boundary.
// The digit run and the byte after it decide which detectors can match at
// all, so the common short numbers (status codes, sizes, times) cost a few
// comparisons.
func (w *Session) digitAt(src []byte, i int, m *match) bool {
	j := i + 1
	for j < len(src) && isDigit(src[j]) && j-i < 20 {
		j++
	}
	return w.digitRun(src, i, j, m)
}

// digitRun is digitAt for the run of digits src[i:j], read by the caller:
// up to 20 digits, j the first byte after them or the 21st digit.
func (w *Session) digitRun(src []byte, i, j int, m *match) bool {
	en := &w.s.enabled
	r := j - i
	var next byte
	if j < len(src) {
		next = src[j]
	}
	if r <= 3 && next == '.' && en[KindIP] {
		if e, a := matchIPv4(src, i); e > i {
			if pseudonymizableIP(a) && !w.version && !versionKeyBefore(src, i) {
				*m = match{kind: KindIP, start: i, end: e, addr: a}
				return true
			}
			return false
		}
	}
	if r == 3 && next == '-' && en[KindSSN] {
		if e := matchSSN(src, i); e > i {
			*m = match{kind: KindSSN, start: i, end: e}
			return true
		}
	}
	// A card is one run of 13 to 19 digits, or groups of which the second
	// has at least four digits (4-4-4-4, 4-6-5).
	if r >= 4 && (r >= 13 || (next == ' ' || next == '-') && j+4 < len(src) &&
		isDigit(src[j+1]) && isDigit(src[j+2]) && isDigit(src[j+3]) && isDigit(src[j+4])) && en[KindCard] {
		if e := matchCard(src, i); e > i {
			*m = match{kind: KindCard, start: i, end: e}
			return true
		}
	}
	// National phone layouts start with the trunk 0, or are NANP, Spanish
	// or Italian numbers in groups of three, or NANP after a leading 1.
	if en[KindPhone] && (src[i] == '0' && (isPhoneSep(next) || r >= 9) || r == 3 && isPhoneSep(next) && secondGroupOK(src, j) || r == 1 && src[i] == '1' && isPhoneSep(next) && j+5 < len(src) &&
		isDigit(src[j+1]) && isDigit(src[j+2]) && isDigit(src[j+3]) && isPhoneSep(src[j+4])) {
		if e, keep := matchPhone(src, i); e > i {
			*m = match{kind: KindPhone, start: i, end: e, keep: keep}
			return true
		}
	}
	return false
}

// secondGroupOK reports whether the digit group after the separator at
// src[j] can continue a NANP, Spanish or Italian number: two or three
// digits and another separator (202 555 0173, 612 34 56 78), or seven
// digits (347 1234567).
func secondGroupOK(src []byte, j int) bool {
	k := j + 1
	for k < len(src) && isDigit(src[k]) && k-j <= 8 {
		k++
	}
	d := k - j - 1
	return (d == 2 || d == 3) && k < len(src) && isPhoneSep(src[k]) || d == 7
}

// capsMayBeName reports whether the name rules may take the word at
// src[i], whose ASCII letters src[i:j] are all capitals. A word of two or
// more capitals is a name only with another upper-case word one space
// after it (upperAfterCue), or when it goes on past ASCII (MÜLLER,
// JEAN-LUC, O'BRIEN); a single capital may be an initial.
func capsMayBeName(src []byte, i, j int) bool {
	return j-i < 2 || j < len(src) && (src[j] >= utf8.RuneSelf || src[j] == '-' || src[j] == '\'' ||
		src[j] == ' ' && j+1 < len(src) && (isUpper(src[j+1]) || src[j+1] >= utf8.RuneSelf))
}

// upperAt tries the detectors that start with an upper-case letter; the
// name rules only when mayName is set.
func (w *Session) upperAt(src []byte, i int, m *match, mayName bool) bool {
	en := &w.s.enabled
	c := src[i]
	if c == 'U' && i > 0 && (src[i-1] == '/' || src[i-1] == '\\') && bytes.HasPrefix(src[i:], []byte("Users")) {
		// A Windows or macOS home directory: homeDirs looks at the record.
		w.sawUsers = true
	}
	if en[KindIBAN] && i+3 < len(src) && isUpper(src[i+1]) && isDigit(src[i+2]) && isDigit(src[i+3]) {
		if e := matchIBAN(src, i); e > i {
			*m = match{kind: KindIBAN, start: i, end: e}
			return true
		}
	}
	if en[KindSecret] {
		if c == 'A' || c == 'S' {
			if e := matchAccessKeyID(src, i); e > i {
				*m = match{kind: KindSecret, start: i, end: e}
				return true
			}
			if i+4 < len(src) && src[i+1] == 'I' && src[i+2] == 'z' && src[i+3] == 'a' || c == 'S' && i+3 < len(src) && src[i+1] == 'G' && src[i+2] == '.' {
				if s, e := matchToken(src, i, i); s >= 0 {
					*m = match{kind: KindSecret, start: s, end: e}
					return true
				}
			}
		}
		if c == 'B' && i >= 5 && src[i-1] == '-' && src[i-5] == '-' {
			if e, closed := matchPEM(src, i-5); e > i {
				if !closed && len(bytes.TrimSpace(src[pemHeaderEnd(src, i-5):])) == 0 {
					// A BEGIN line alone: the key's body follows on the
					// next lines of a stream.
					w.pemLines = maxPEMLines
				}
				*m = match{kind: KindSecret, start: i - 5, end: e}
				return true
			}
		}
		if authFirst[c] {
			if s, e := matchAuthScheme(src, i, false); s > i {
				*m = match{kind: KindSecret, start: s, end: e}
				return true
			}
		}
		if c == 'P' || c == 'I' {
			if s, e := sqlPasswordAt(src, i); s > i {
				*m = match{kind: KindSecret, start: s, end: e}
				return true
			}
		}
	}
	if mayName && en[KindName] && w.s.cfg.Names.FreeText {
		if ns, ne := w.s.names.match(src, i); ns >= i && ne > ns {
			*m = match{kind: KindName, start: ns, end: ne}
			return true
		}
	}
	return false
}

// colonAt handles a ':' — a URL's "://" userinfo, an IPv6 address, or a
// "key: value" pair whose key is a field rule.
func (w *Session) colonAt(src []byte, i, last int, m *match) bool {
	en := &w.s.enabled
	if en[KindName] && i+6 < len(src) && src[i+1] == 'u' && string(src[i+1:i+6]) == "user/" {
		// An IAM user's ARN, arn:aws:iam::123456789012:user/jane.doe: the
		// user name (after any path) is a person's login.
		if s, e := iamUserAt(src, i); s > i {
			*m = match{kind: KindName, start: s, end: e, field: true}
			return true
		}
	}
	if en[KindSecret] && i+2 < len(src) && src[i+1] == '/' && src[i+2] == '/' {
		if s, e := matchUserinfo(src, i); s > i {
			*m = match{kind: KindSecret, start: s, end: e}
			return true
		}
		if s, e := matchWebhook(src, i); s > i {
			*m = match{kind: KindSecret, start: s, end: e}
			return true
		}
		return false
	}
	if en[KindIP] && mayBeIPv6(src, i) {
		if s, e, a := matchIPv6(src, i, last); s >= 0 {
			if pseudonymizableIP(a) {
				*m = match{kind: KindIP, start: s, end: e, addr: a}
				return true
			}
			return false
		}
	}
	if w.fieldAt(src, i, last, m) {
		return true
	}
	if en[KindSecret] {
		if s, e := matchCurlUser(src, i, last); s >= 0 {
			*m = match{kind: KindSecret, start: s, end: e}
			return true
		}
	}
	return false
}

// matchCurlUser finds the credentials of "curl -u user:password" and
// "--user user:password" around the ':' at src[at]: the span of
// user:password, or -1, -1.
func matchCurlUser(src []byte, at, min int) (start, end int) {
	s := at
	for s > min && at-s < 64 && isTokenChar(src[s-1]) || s > min && at-s < 64 && (src[s-1] == '.' || src[s-1] == '@') {
		s--
	}
	if s == at {
		return -1, -1
	}
	if !(s-3 >= min && string(src[s-3:s]) == "-u " || s-7 >= min && string(src[s-7:s]) == "--user ") {
		return -1, -1
	}
	e := at + 1
	for e < len(src) && e-at < 256 && src[e] != ' ' && src[e] != '\t' && src[e] != '"' && src[e] != '\'' {
		e++
	}
	if e == at+1 {
		return -1, -1
	}
	return s, e
}

// mayBeIPv6 is a quick test that the colon at src[i] can be part of an
// IPv6 address: hex or a colon around it, and either a "::" or at least six
// colons in the run of hex digits, colons and dots that follows (times
// such as 10:22:33 have two).
func mayBeIPv6(src []byte, i int) bool {
	if i+1 >= len(src) || !(isHex(src[i+1]) || src[i+1] == ':') {
		return false
	}
	if i > 0 && src[i-1] == ':' {
		return true
	}
	colons := 0
	for j := i; j < len(src) && j-i < 40; j++ {
		c := src[j]
		if c == ':' {
			if j+1 < len(src) && src[j+1] == ':' {
				return true
			}
			colons++
		} else if !isHex(c) && c != '.' {
			break
		}
	}
	return colons >= 6
}

// fieldAt checks whether the '=' or ':' at src[sep] follows a key that a
// field rule names; if so m becomes a field match over the value. A
// key=value pair whose value is percent- or form-encoded (a query string)
// becomes a field match of KindNone, so that its decoded form is scanned.
func (w *Session) fieldAt(src []byte, sep, last int, m *match) bool {
	key := keyBefore(src, sep, last)
	if key == nil {
		return false
	}
	if src[sep] == ':' {
		// User::setPhone(, myapp::auth::password: — a scope or a module
		// path, not a key.
		if ks := offsetOf(src, key); sep+1 < len(src) && src[sep+1] == ':' || ks >= 2 && src[ks-1] == ':' && src[ks-2] == ':' {
			return false
		}
	}
	k, weak := w.keyMemo.lookup(w.s.fields, key)
	if k == KindNone && src[sep-1] == ']' {
		k, weak = w.bracketKind(src, sep, last)
	}
	if weak && src[sep] == ':' && src[sep-1] != '"' && src[sep-1] != '\'' && !compoundKey(key) {
		// "token: expired" in prose; quoted JSON-style keys and compound
		// names (db_password: in YAML) still count.
		k = KindNone
	}
	if k == KindName && src[sep] == '=' && connStringAccount(src, key, sep) {
		return false
	}
	if k == KindNone && src[sep] == '=' && w.s.enabled[KindSecret] && isTokenValueKey(key) {
		// code=<OAuth authorization code>, key=<verification key>: the
		// value decides, as these keys also hold status codes and names.
		if vs, ve := valueAfter(src, sep, -1); isTokenValue(src[vs:ve]) {
			*m = match{kind: KindSecret, start: vs, end: ve, field: true}
			return true
		}
	}
	if k == KindNone || !w.s.enabled[k] {
		if src[sep] != '=' || !w.s.cfg.DecodePercent {
			return false
		}
		vs, ve, encoded := encodedValueAfter(src, sep)
		if !encoded || src[vs] == '+' && vs+1 < ve && isDigit(src[vs+1]) && ve < len(src) && src[ve] == ' ' {
			// Not encoded; or "ref=+49 170 1234567" in text, a phone number
			// that goes on past the space, which the detectors take whole.
			return false
		}
		*m = match{kind: KindNone, start: vs, end: ve, field: true}
		return true
	}
	if src[sep] == ':' && src[sep-1] != '"' && src[sep-1] != '\'' && isAmbiguousColonKey(key) {
		return false
	}
	header := src[sep] == ':' && k == KindSecret && isHeaderKey(key)
	open := -1
	if header {
		open = offsetOf(src, key)
	}
	vs, ve := valueAfter(src, sep, open)
	afterQuote := vs > sep+1 && (src[vs-1] == '"' || src[vs-1] == '\'')
	if ve <= vs || (src[vs] == ' ' || src[vs] == '\t') && (afterQuote || len(bytes.TrimLeft(src[vs:ve], " \t")) == 0) ||
		closesLiteral[src[vs]] && afterQuote && (ve == len(src) || src[ve] != src[vs-1]) {
		// No value, only spaces, a space or tab after the quote, or a closing
		// bracket after a quote that nothing closes: the quote closed a
		// field ("pass=" 0) or a string literal (getpass("Password: ")),
		// it opens no value.
		return false
	}
	if header {
		// "Authorization: Bearer <token>" in a longer line: the credential
		// ends with the token, not with the line.
		if _, te := matchAuthScheme(src[:ve], vs, true); te > vs {
			ve = te
		}
	}
	if weak && (allDigits(src[vs:ve]) || ve-vs < 4 || isBool(src[vs:ve])) && !strongSecretWord(key) {
		// max_tokens=100: a count, not a credential; db_password=1234 is.
		// is_session=true: a flag, as a JSON boolean would be.
		return false
	}
	if src[sep] == '=' && sep > 0 && src[sep-1] == ' ' && k != KindSecret {
		// "user = authenticate(…)": an assignment in code, not a field.
		return false
	}
	if ve-vs == len(key) && hasPrefixFold(src[vs:ve], key) || !header && codeValue(src, key, sep, vs, ve) {
		// password = request.POST['password'], email=user_email: source
		// code in a stack frame, not a value.
		return false
	}
	quoted := vs > 0 && (src[vs-1] == '"' || src[vs-1] == '\'')
	if k == KindName && src[sep] == ':' && !quoted && w.commonWord(src[vs:ve]) {
		// "user: not found": prose after the word, not a login.
		return false
	}
	if src[sep] == '=' && !quoted {
		switch k {
		case KindPhone, KindIBAN, KindCard, KindSSN:
			// phone=(0170)%201234567, phone=+49 170 1234567, iban=DE89
			// 3704 …: the number goes on past a parenthesis or a space.
			// An encoded value is decoded by field; past a space, the
			// groups count when the kind's detector takes them with the
			// value as one number, so what follows it stays as it is.
			enc := false
			if _, e, encoded := encodedValueAfter(src, sep); e > ve {
				ve, enc = e, encoded
			}
			if !enc {
				ve = w.numberGroups(src, vs, ve, k)
			}
		case KindName:
			// user=John Smith: the name rules say where a name that
			// starts the value ends; under a key for a whole name
			// (full_name=, holder=, cardHolder=), capitalized words
			// after it belong to it whatever the dictionaries say.
			if ns, ne := w.s.names.match(src, vs); ns == vs && ne > ve {
				ve = ne
			} else if isUpper(src[vs]) && fullNameKey(key) {
				ve = capWordsEnd(src, ve)
			}
		}
	}
	if src[sep] == ':' && !quoted && !header {
		switch k {
		case KindIBAN, KindCard, KindPhone, KindEmail, KindIP, KindSSN:
			// "IBAN: DE89 3704 …", "Phone: (415) 555-2671": the value has
			// spaces of its own; the detectors find it whole.
			return false
		case KindName:
			// "last_name: van der Berg": a name runs over its words.
			ve = nameWordsEnd(src, ve)
		}
	}
	*m = match{kind: k, start: vs, end: ve, field: true}
	return true
}

// closesLiteral marks the bytes that follow the quote closing a string
// literal in code: getpass("Password: "), f("key: ", x).
var closesLiteral = func() (t [256]bool) {
	for _, c := range []byte("),;]}") {
		t[c] = true
	}
	return t
}()

// connStringAccount reports the key AccountName of an Azure connection
// string (DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=…),
// whose '=' is src[sep]: it names a storage account, not a person. A
// connection string separates its pairs with ';', and spells its keys in
// this case; account_name=jdoe in an audit log stays a login.
func connStringAccount(src, key []byte, sep int) bool {
	if string(key) != "AccountName" {
		return false
	}
	if ks := offsetOf(src, key); ks > 0 && src[ks-1] == ';' {
		return true
	}
	e := sep + 1
	for e < len(src) && e-sep < 256 && !valueStop[src[e]] {
		e++
	}
	return e < len(src) && src[e] == ';'
}

// bracketKind decides a bracketed key (password[new]=, user[password][confirm]=,
// pass[pass1]=) whose last bracket names no kind by the brackets before
// it, from the inside out, and then by the key before the first bracket.
func (w *Session) bracketKind(src []byte, sep, last int) (Kind, bool) {
	lim := max(last, sep-maxTextKey)
	e := sep
	for e > lim+2 && src[e-1] == ']' {
		b := bytes.LastIndexByte(src[lim:e-1], '[')
		if b < 0 {
			return KindNone, false
		}
		b += lim
		if inner := src[b+1 : e-1]; len(inner) > 0 && isAlpha(inner[0]) && allKeyBytes(inner) {
			if k, weak := w.keyMemo.lookup(w.s.fields, inner); k != KindNone {
				return k, weak
			}
		}
		e = b
	}
	if key := keyBefore(src, e, last); key != nil {
		return w.keyMemo.lookup(w.s.fields, key)
	}
	return KindNone, false
}

// iamUserAt returns the span of the user name in an IAM user ARN whose
// ":user/" starts at src[i], after the account id of "arn:…:iam::", or
// -1, -1.
func iamUserAt(src []byte, i int) (start, end int) {
	if i < 18 || !allDigits(src[i-12:i]) || string(src[i-17:i-12]) != "iam::" {
		return -1, -1
	}
	s, e := i+6, i+6
	for e < len(src) && e-s < 128 && (isAlnum(src[e]) || bytes.IndexByte([]byte("+=,.@_-/"), src[e]) >= 0) {
		if src[e] == '/' {
			s = e + 1 // a path: the name is the last part
		}
		e++
	}
	if e == s {
		return -1, -1
	}
	return s, e
}

// xmlFieldAt decides an XML element whose name is a field rule, at the
// '>' that ends its opening tag: <password>hunter2</password>,
// <ns2:username>…</ns2:username>, and ISO 20022's party name <Nm>…</Nm>.
// The element's text must be followed by its closing tag.
func (w *Session) xmlFieldAt(src []byte, gt, last int, m *match) bool {
	lo := max(last, gt-128)
	lt := bytes.LastIndexByte(src[lo:gt], '<')
	if lt < 0 || gt == 0 || src[gt-1] == '/' {
		return false
	}
	ns := lo + lt + 1
	if ns >= gt || !isAlpha(src[ns]) {
		return false // </closing>, <?xml …?>, <!-- … -->
	}
	ne := ns
	for ne < gt && (isAlnum(src[ne]) || src[ne] == '_' || src[ne] == '-' || src[ne] == '.' || src[ne] == ':') {
		ne++
	}
	if ne < gt && src[ne] != ' ' {
		return false
	}
	vs := gt + 1
	ve := bytes.IndexByte(src[vs:min(len(src), vs+maxFieldValueLen)], '<')
	if ve <= 0 {
		return false
	}
	ve += vs
	tag := src[ns:ne]
	if c := ve + 2 + len(tag); c >= len(src) || src[ve+1] != '/' || string(src[ve+2:c]) != string(tag) || src[c] != '>' {
		return false
	}
	if k := bytes.LastIndexByte(tag, ':'); k >= 0 {
		tag = tag[k+1:] // a namespace prefix
	}
	k, _ := w.keyMemo.lookup(w.s.fields, tag)
	if k == KindNone && string(tag) == "Nm" {
		k = KindName
	}
	if k == KindNone || !w.s.enabled[k] {
		return false
	}
	*m = match{kind: k, start: vs, end: ve, field: true}
	return true
}

// allLower reports whether b is ASCII lower-case letters only.
func allLower(b []byte) bool {
	for _, c := range b {
		if !isLower(c) {
			return false
		}
	}
	return true
}

// fullNameKey reports whether key names a whole name (full_name,
// cardHolder, account_holder, display_name), not a login.
func fullNameKey(key []byte) bool {
	var buf [64]byte
	nk := normKey(&buf, key)
	return bytes.Contains(nk, []byte("fullname")) || bytes.Contains(nk, []byte("holder")) ||
		bytes.Contains(nk, []byte("displayname")) || bytes.Contains(nk, []byte("customername"))
}

// capWordsEnd extends a name that ends at src[e] over up to three more
// capitalized words one space apart (Priya Sharma, PRIYA SHARMA), none of
// them a key (status=…).
func capWordsEnd(src []byte, e int) int {
	for n := 0; n < 3 && e+2 < len(src) && src[e] == ' ' && (isUpper(src[e+1]) || src[e+1] >= utf8.RuneSelf); n++ {
		k := e + 1
		for k < len(src) && k-e < 32 && (isAlpha(src[k]) || src[k] >= utf8.RuneSelf || src[k] == '-' || src[k] == '\'') {
			k++
		}
		if k < len(src) && (src[k] == '=' || src[k] == ':' || isDigit(src[k])) {
			break
		}
		e = k
	}
	return e
}

// numberAt returns the end of the number of kind k that its detector
// finds at src[i], or -1.
func numberAt(src []byte, i int, k Kind) int {
	switch k {
	case KindPhone:
		e, _ := matchPhone(src, i)
		return e
	case KindIBAN:
		return matchIBAN(src, i)
	case KindCard:
		return matchCard(src, i)
	case KindSSN:
		if e := matchSSN(src, i); e > i {
			return e
		}
		// ssn=123 45 6789: the groups with spaces, under an SSN key.
		if i+11 <= len(src) && src[i+3] == ' ' && src[i+6] == ' ' && allDigits(src[i:i+3]) && allDigits(src[i+4:i+6]) &&
			allDigits(src[i+7:i+11]) && (i+11 == len(src) || !isAlnum(src[i+11])) {
			return i + 11
		}
	}
	return -1
}

// numberGroups extends the value src[vs:ve] of a number field of kind k
// over the groups that follow it after single spaces (0170 1234567, DE89
// 3704 0044 …) as far as the kind's detector takes them as one number
// with the value: groups of digits, letters and "()-./" that start with a
// digit or '(', up to 40 bytes in all. What follows the number (an
// address, a time, a count) is not taken.
func (w *Session) numberGroups(src []byte, vs, ve int, k Kind) int {
	best := ve
	if e := numberAt(src[:ve], vs, k); e > best {
		best = e
	}
	for ve+1 < len(src) && src[ve] == ' ' && (isDigit(src[ve+1]) || src[ve+1] == '(' || k == KindIBAN && isUpper(src[ve+1])) {
		e := ve + 1
		for e < len(src) && e-vs <= 40 && (isAlnum(src[e]) || src[e] == '(' || src[e] == ')' || src[e] == '-' || src[e] == '.' || src[e] == '/') {
			e++
		}
		if e-vs > 40 {
			break
		}
		for e > ve+1 && (src[e-1] == '.' || src[e-1] == '-' || src[e-1] == '/') {
			e-- // the end of a sentence
		}
		ve = e
		if n := numberAt(src[:ve], vs, k); n > best {
			best = n
		}
	}
	return best
}

// loginCues are the words that sshd, su and PAM write before a login name.
var loginCues = [][]byte{[]byte("password for"), []byte("publickey for"), []byte("pam for"),
	[]byte("invalid user"), []byte("Invalid user"), []byte("illegal user"), []byte("for user"),
	[]byte("hostbased for"), []byte("gssapi-with-mic for")}

// loginBefore finds the user name in "for NAME from ", "for invalid user
// NAME from " or "user NAME from " just before an address at src[at], no
// earlier than min, as sshd, su and PAM write them. It returns the span of
// NAME, or -1, -1.
func loginBefore(src []byte, min, at int) (start, end int) {
	const from = " from "
	if at-min < len(from)+6 || string(src[at-len(from):at]) != from {
		return -1, -1
	}
	end = at - len(from)
	start = end
	for start > min && end-start < 64 && src[start-1] != ' ' {
		start--
	}
	if start == end || start-min < 4 || src[start-1] != ' ' {
		return -1, -1
	}
	before := src[max(min, start-24) : start-1]
	ok := false
	for _, cue := range loginCues {
		if bytes.HasSuffix(before, cue) {
			ok = true
			break
		}
	}
	if !ok {
		return -1, -1
	}
	if isPlaceholder(src[start:end]) {
		return -1, -1
	}
	return start, end
}

// nameWordsEnd extends a name value ending at e over the words that follow
// it on the line, up to four more, stopping at punctuation, a double space
// or the next key (a word followed by ':' or '=').
func nameWordsEnd(src []byte, e int) int {
	for n := 0; n < 4 && e+1 < len(src) && src[e] == ' ' && src[e+1] != ' '; n++ {
		w := e + 1
		k := w
		for k < len(src) && k-w < 32 && (wordLen(src, k) > 0 || src[k] == '-' || src[k] == '\'' || src[k] == '.') {
			if n := wordLen(src, k); n > 0 {
				k += n
			} else {
				k++
			}
		}
		if k == w || k < len(src) && (src[k] == ':' || src[k] == '=' || src[k] == '@') {
			// A key, or the local part of an address the scanner takes.
			break
		}
		e = k
	}
	return e
}

// isBool reports whether v is a boolean literal: true or false in any case.
func isBool(v []byte) bool {
	return len(v) == 4 && hasPrefixFold(v, []byte("true")) || len(v) == 5 && hasPrefixFold(v, []byte("false"))
}

// strongSecretWord reports keys that name a password or secret, whose
// values are secrets however short or numeric.
func strongSecretWord(key []byte) bool {
	var buf [64]byte
	nk := normKey(&buf, key)
	return bytes.Contains(nk, []byte("pass")) || bytes.Contains(nk, []byte("secret")) || bytes.Contains(nk, []byte("pwd"))
}

// compoundKey reports whether key joins words with '_', '-' or '.', as
// configuration and code keys do (db_password, api-token, smtp.secret).
func compoundKey(key []byte) bool {
	return bytes.IndexByte(key, '_') > 0 || bytes.IndexByte(key, '-') > 0 || bytes.IndexByte(key, '.') > 0
}

// isHeaderKey reports the HTTP headers whose value runs to the end of the
// line ("Cookie: a=b; c=d", "Authorization: Digest …").
func isHeaderKey(key []byte) bool {
	var buf [64]byte
	switch string(normKey(&buf, key)) {
	case "authorization", "proxyauthorization", "cookie", "setcookie", "wwwauthenticate":
		return true
	}
	return false
}

func isAmbiguousColonKey(key []byte) bool {
	var buf [64]byte
	nk := normKey(&buf, key)
	return nk != nil && ambiguousColonKeys[string(nk)]
}

// encodedValueAfter returns the span of the query/form value after the '='
// at src[sep] and whether it holds a percent-escape or a '+'.
func encodedValueAfter(src []byte, sep int) (start, end int, encoded bool) {
	e := sep + 1
	// Bounded, and ended by the next '=', so that "a=a=a=…" stays linear.
	lim := min(len(src), e+maxValueLen)
	open := 0
	for v := src[:lim]; e < len(v); e++ {
		switch queryValueTab[v[e]] {
		case qvPlain:
			continue
		case qvEncoded:
			encoded = true
		case qvOpen:
			// Browsers send parentheses as they are: phone=(0170)%201234567.
			open++
		case qvClose:
			if open == 0 {
				return sep + 1, e, encoded && e > sep+1
			}
			open--
		default:
			return sep + 1, e, encoded && e > sep+1
		}
	}
	return sep + 1, e, encoded && e > sep+1
}

// The classes of bytes in a query or form value (encodedValueAfter).
const (
	qvPlain = iota
	qvEncoded
	qvOpen
	qvClose
	qvEnd
)

var queryValueTab = func() (t [256]uint8) {
	for _, c := range []byte("&;, \t\n\r\"'<>]}=\\") {
		t[c] = qvEnd
	}
	t['%'], t['+'] = qvEncoded, qvEncoded
	t['('], t[')'] = qvOpen, qvClose
	return t
}()

// maxValueLen bounds the encoded value of a key=value pair in text.
const maxValueLen = 4096

const (
	swarLo7  = 0x7f7f7f7f7f7f7f7f
	swarHi   = 0x8080808080808080
	swarOnes = 0x0101010101010101
)

// zeroBytes sets the high bit of every byte of v that is zero, exactly.
func zeroBytes(v uint64) uint64 { return ^(((v & swarLo7) + swarLo7) | v) & swarHi }

// nextLoud returns the index of the next byte at or after i where a
// detector may start: quiet bytes are skipped eight at a time while whole
// words are quiet, and a digit or capital inside a word is skipped with the
// rest of its word unless the word may be an API token (mayBeToken).
func nextLoud(src []byte, i int) int {
	for i < len(src) {
		if i+8 <= len(src) {
			l := loud8(binary.LittleEndian.Uint64(src[i:]))
			if l == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(l) >> 3
		}
		t := trig[src[i]]
		if t <= tWord {
			i++
			continue
		}
		if (t == tDigit || t == tUpper) && i > 0 && bndTab[src[i-1]] != bndYes && !boundaryBefore(src, i) && !mayBeTokenOrCued(src, i) {
			i = skipWord(src, i)
			continue
		}
		return i
	}
	return i
}

// quiet8 reports whether all eight bytes of x (little-endian) are ASCII
// that no detector starts at: '[' to DEL (lower-case letters among them),
// space, '"', ',', '-', '.' and '/'. It is a subset of the quiet classes,
// so a false answer only sends the bytes through the byte-wise path.
func quiet8(x uint64) bool { return loud8(x) == 0 }

// loud8 returns, for x (eight bytes, little-endian), a word whose lowest
// set bit is the high bit of the first byte that quiet8 does not call
// quiet, or 0 when all eight are. Carries between lanes can only come from
// a lane that is itself loud, so the lowest set bit is exact; the bits above
// it may not be.
func loud8(x uint64) uint64 {
	q := (x + 0x25*swarOnes) & swarHi                       // bytes >= 0x5B
	q |= zeroBytes((x & (0xFD * swarOnes)) ^ 0x20*swarOnes) // ' ' and '"'
	q |= zeroBytes((x & (0xFC * swarOnes)) ^ 0x2C*swarOnes) // ',' '-' '.' '/'
	return ^(q &^ x) & swarHi
}

// allQuiet reports whether no detector can start anywhere in b: every byte
// is quiet (see quiet8) and there is no word that may be an API token.
func allQuiet(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if !quiet8(binary.LittleEndian.Uint64(b[i:])) {
			return false
		}
	}
	for ; i < len(b); i++ {
		c := b[i]
		if !(c >= 0x5B && c < 0x80 || c == ' ' || c == '"' || c == ',' || c == '-' || c == '.' || c == '/') {
			return false
		}
	}
	return true
}
