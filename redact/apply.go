package redact

import (
	"bytes"
	"net/netip"
)

// apply counts the match and appends its replacement, chosen by the kind's
// (or the custom rule's) method.
func (w *Session) apply(dst, src []byte, m *match) []byte {
	raw := src[m.start:m.end]
	w.count(m.kind)
	kc := &w.s.cfg.Kinds[m.kind]
	method := kc.Method
	rule := ""
	if m.rule > 0 {
		r := w.s.cfg.Custom[m.rule-1]
		method = r.Method()
		rule = r.Name()
		customShape(raw, m)
	}
	if len(w.s.allow) > 0 && w.s.allowed(raw) {
		method = MethodKeep
	}
	start := len(dst)
	switch method {
	case MethodKeep:
		dst = append(dst, raw...)
	case MethodRedact:
		dst = appendLabel(dst, m.kind)
	case MethodMask:
		dst = appendMask(dst, raw, m, kc)
	default:
		dst = w.pseudonymize(dst, raw, m, kc)
	}
	if w.report != nil {
		if rule == "" {
			rule = m.kind.String()
		}
		w.report(Finding{Kind: m.kind, Rule: rule, Path: w.path, Start: m.start, End: m.end, Replacement: dst[start:]})
	}
	return dst
}

// appendLabel appends the redaction label of k: "[redacted]" for secrets,
// "[<kind>]" otherwise.
func appendLabel(dst []byte, k Kind) []byte {
	if k == KindSecret {
		return append(dst, "[redacted]"...)
	}
	dst = append(dst, '[')
	dst = append(dst, k.String()...)
	return append(dst, ']')
}

// appendMask replaces letters and digits with '*' and keeps separators; an
// email keeps its domain, a card (with KeepLast4) its last four digits, an
// IP address its network prefix (PrefixBits, else /24 or /64) with the host
// bits zeroed.
func appendMask(dst, raw []byte, m *match, kc *KindConfig) []byte {
	switch m.kind {
	case KindIP:
		bits := kc.PrefixBits
		if bits == 0 {
			bits = 24
			if m.addr.Is6() && !m.addr.Is4In6() {
				bits = 64
			}
		}
		a := m.addr
		if a.Is4In6() {
			a = a.Unmap()
		}
		if bits > a.BitLen() {
			bits = a.BitLen()
		}
		p, err := a.Prefix(bits)
		if err != nil {
			return append(dst, "[ip]"...)
		}
		if m.addr.Is4In6() {
			return netip.AddrFrom16(p.Addr().As16()).AppendTo(dst)
		}
		return p.Addr().AppendTo(dst)
	case KindEmail:
		for _, c := range raw[:m.at] {
			if isWordByte(c) {
				c = '*'
			}
			dst = append(dst, c)
		}
		return append(dst, raw[m.at:]...)
	}
	keepFrom := len(raw)
	if m.kind == KindCard && kc.KeepLast4 {
		n := 0
		for keepFrom > 0 && n < 4 {
			keepFrom--
			if isDigit(raw[keepFrom]) {
				n++
			}
		}
	}
	for i, c := range raw {
		if i < keepFrom && isAlnum(c) {
			c = '*'
		}
		dst = append(dst, c)
	}
	return dst
}

// pseudonymize appends the keyed stand-in of raw, through the session's
// cache of recent stand-ins.
func (w *Session) pseudonymize(dst, raw []byte, m *match, kc *KindConfig) []byte {
	if v, ok := w.cache.get(m.kind, raw); ok {
		return append(dst, v...)
	}
	start := len(dst)
	p := w.pseudo
	switch m.kind {
	case KindEmail:
		dst = p.AppendEmail(dst, raw[:m.at], raw[m.at:m.at+m.sepLen], raw[m.at+m.sepLen:], kc.KeepDomain)
	case KindIP:
		dst = p.AppendIP(dst, m.addr, kc.PrefixBits)
		if z := bytes.IndexByte(raw, '%'); z >= 0 {
			dst = append(dst, raw[z:]...)
		}
		if len(raw) > 0 && raw[len(raw)-1] != ']' && bytes.IndexByte(raw, '-') > 0 && m.addr.Is4() {
			// In a host name: c-73-158-64-12.hsd1.…
			w.xout = append(w.xout[:0], dst[start:]...)
			dst = appendDashed(dst[:start], w.xout, raw)
		}
	case KindIBAN:
		dst = p.AppendIBAN(dst, raw)
	case KindCard:
		dst = p.AppendCard(dst, raw, kc.KeepLast4)
	case KindPhone:
		dst = p.AppendPhone(dst, raw, m.keep)
	case KindName:
		dst = p.AppendName(dst, raw)
	case KindSecret:
		dst = appendLabel(dst, KindSecret)
	default:
		dst = p.AppendToken(dst, m.kind, raw)
	}
	w.cache.put(m.kind, raw, dst[start:])
	return dst
}

// allowed reports whether raw is on the allow-list.
func (s *Scrubber) allowed(raw []byte) bool {
	var buf [256]byte
	if len(raw) > len(buf) {
		return false
	}
	_, ok := s.allow[string(appendAllowForm(buf[:0], raw))]
	return ok
}

// normalizeAllow returns the form allow-list entries are compared in.
func normalizeAllow(v string) string { return string(appendAllowForm(nil, []byte(v))) }

// appendAllowForm appends v ASCII-lower-cased, without spaces, dashes,
// parentheses and slashes, so "+49 (170) 123" and "+49170123" compare equal.
func appendAllowForm(dst, v []byte) []byte {
	for _, c := range v {
		switch {
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '/':
			continue
		case isUpper(c):
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// field appends the replacement of a value whose kind a field rule decided
// (a JSON key, a key=value pair in text). Identities that the detectors
// recognize get their usual stand-in; a secret or a name is replaced whole;
// a value that does not look like its kind (an email field holding a bare
// user name) is replaced by a generic token rather than passed through.
// Empty values and placeholders such as "{{auto}}" are kept.
func (w *Session) field(dst, val []byte, k Kind, percent bool) []byte {
	if len(val) == 0 || isPlaceholder(val) {
		return append(dst, val...)
	}
	switch k {
	case KindSecret:
		if isoStampEnd(val, 0) == len(val) {
			// "tokenExpiry": "2026-03-14T11:22:31Z": when, not what.
			return append(dst, val...)
		}
		m := match{kind: k, start: 0, end: len(val)}
		return w.apply(dst, val, &m)
	case KindName:
		if isStandIn(val) {
			return append(dst, val...)
		}
		if (bytes.IndexByte(val, '@') >= 0 || bytes.Index(val, []byte("%40")) >= 0) && bytes.IndexByte(val, ' ') < 0 {
			// A user name that is an address gets the address's stand-in,
			// so it joins with the email fields of the same user.
			before := w.found
			start := len(dst)
			dst = w.scanPart(dst, val)
			if w.found != before {
				return dst
			}
			dst = dst[:start]
		}
		if isStandIn(val) {
			return append(dst, val...)
		}
		if numericID(val) {
			// user=42, handle=0x1f4: an id, not a name; but a login may be
			// a phone or card number, which the detectors find.
			return w.scanPart(dst, val)
		}
		name := val
		if percent {
			name = w.unescape(val)
		}
		m := match{kind: k, start: 0, end: len(name)}
		return w.apply(dst, name, &m)
	}
	before := w.found
	start := len(dst)
	if percent {
		dst = w.scanEncoded(dst, val)
	} else {
		dst = w.scanPart(dst, val)
	}
	if w.found != before || k == KindIP || k == KindNone || isStandIn(val) {
		return dst
	}
	// Nothing recognized in a value that the key says is personal data.
	switch k {
	case KindPhone, KindCard, KindIBAN, KindSSN:
		if !hasDigit(val) {
			// "mobile": "iPhone", "pan": "left": no number, not this kind.
			return dst
		}
	}
	dst = dst[:start]
	m := match{kind: k, start: 0, end: len(val)}
	if k == KindPhone && len(val) >= 6 && len(val) <= 15 && allDigits(val) {
		// "phone": 4155552671, phone=4155552671: digits the detectors
		// do not place in a country; their stand-in is digits too.
		return w.apply(dst, val, &m)
	}
	if w.s.cfg.Kinds[k].Method == MethodPseudonymize {
		w.count(k)
		s := len(dst)
		dst = w.pseudo.AppendToken(dst, k, val)
		if w.report != nil {
			w.report(Finding{Kind: k, Rule: k.String(), Path: w.path, Start: 0, End: len(val), Replacement: dst[s:]})
		}
		return dst
	}
	return w.apply(dst, val, &m)
}

// scanEncoded scans a query or form value: as it is first, and when that
// finds nothing, in its percent/form-decoded form, which is written back
// percent-encoded when something is found there. Scanning the raw form
// first keeps a literal '+' in an address (jane+news@example.com) from
// being read as a space that would leave "jane" behind.
func (w *Session) scanEncoded(dst, val []byte) []byte {
	before := w.found
	start := len(dst)
	plus := bytes.IndexByte(val, '+') >= 0
	if plus || bytes.IndexByte(val, '%') < 0 {
		dst = w.scanPart(dst, val)
		if w.found != before {
			return dst
		}
	}
	dec := w.unescape(val)
	if len(dec) == len(val) && !plus {
		if bytes.IndexByte(val, '%') >= 0 {
			// A '%' that starts no escape ("0%", "50%off"): nothing was
			// decoded, and the value was not scanned above; it is its
			// own decoded form.
			return w.scanPart(dst, val)
		}
		return dst
	}
	// The decoded value may hold key=value pairs of its own, scanned by a
	// nested call: this call owns its buffers while it uses them.
	decBuf, encBuf := w.dec, w.enc
	w.dec, w.enc = nil, nil
	decBuf = append(decBuf[:0], dec...)
	encBuf = w.scanPart(encBuf[:0], decBuf)
	switch {
	case w.found != before:
		dst = appendReencoded(dst[:start], val, decBuf, encBuf, plus)
	case !plus:
		// Only the decoded form was scanned, and it held nothing.
		dst = append(dst[:start], val...)
	}
	w.dec, w.enc = decBuf[:0], encBuf[:0]
	return dst
}

// appendReencoded appends the scrubbed form of the query value raw, whose
// decoded form dec scanned to out: what out shares with dec at its start
// and end is copied from raw as it was written (%7C stays %7C, + stays +),
// the part between, which holds the stand-ins, is percent-encoded (with
// '+' for a space when raw has a '+').
func appendReencoded(dst, raw, dec, out []byte, plus bool) []byte {
	p := 0
	for p < len(dec) && p < len(out) && dec[p] == out[p] {
		p++
	}
	q := 0
	for q < len(dec)-p && q < len(out)-p && dec[len(dec)-1-q] == out[len(out)-1-q] {
		q++
	}
	rp, rq := 0, len(raw)
	if p > 0 || q > 0 {
		rp, rq = rawOffsets(raw, p, len(dec)-q)
	}
	// A literal '%' (or '%' and a hex digit) that the copied start ends
	// with would make an escape with the stand-in after it: it goes with
	// the stand-in, escaped.
	for n := 0; n < 2 && rp > 0 && p > 0; n++ {
		if raw[rp-1] == '%' || n == 0 && rp >= 2 && raw[rp-2] == '%' && isHex(raw[rp-1]) {
			back := 1
			if raw[rp-1] != '%' {
				back = 2
			}
			rp, p = rp-back, p-back
			break
		}
	}
	dst = append(dst, raw[:rp]...)
	// What raw escapes is escaped in the stand-ins too: (415) written
	// %28415%29 gives %28…%29.
	var esc [4]uint64
	extra := false
	for k := bytes.IndexByte(raw, '%'); k >= 0 && k+2 < len(raw); {
		if isHex(raw[k+1]) && isHex(raw[k+2]) {
			if c := unhex(raw[k+1])<<4 | unhex(raw[k+2]); !queryEscape[c] {
				esc[c>>6] |= 1 << (c & 63)
				extra = true
			}
		}
		n := bytes.IndexByte(raw[k+1:], '%')
		if n < 0 {
			break
		}
		k += 1 + n
	}
	const hexd = "0123456789ABCDEF"
	mid := out[p : len(out)-q]
	if !extra && !plus {
		dst = appendQueryEscaped(dst, mid)
		return append(dst, raw[rq:]...)
	}
	last := 0
	for i, c := range mid {
		if !queryEscape[c] && (!extra || esc[c>>6]&(1<<(c&63)) == 0) {
			continue
		}
		dst = append(dst, mid[last:i]...)
		if c == ' ' && plus {
			dst = append(dst, '+')
		} else {
			dst = append(dst, '%', hexd[c>>4], hexd[c&0xF])
		}
		last = i + 1
	}
	dst = append(dst, mid[last:]...)
	return append(dst, raw[rq:]...)
}

// rawOffsets returns the indexes in the query value raw where its first n1
// and its first n2 decoded bytes end (n1 <= n2; unescape: %XX and + are
// one byte each). Runs without a '%' are stepped over whole.
func rawOffsets(raw []byte, n1, n2 int) (r1, r2 int) {
	i, d := 0, 0
	r1 = -1
	for {
		k := bytes.IndexByte(raw[i:], '%')
		if k < 0 {
			k = len(raw) - i
		}
		// raw[i:i+k] decodes byte for byte.
		if r1 < 0 && d+k >= n1 {
			r1 = i + n1 - d
		}
		if d+k >= n2 {
			return r1, i + n2 - d
		}
		i, d = i+k, d+k
		if i >= len(raw) {
			return max(r1, i), i
		}
		if i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]) {
			i += 3
		} else {
			i++
		}
		d++
		if r1 < 0 && d == n1 {
			r1 = i
		}
		if d == n2 {
			return r1, i
		}
	}
}

// appendQueryEscaped percent-encodes what would end or split a query value.
func appendQueryEscaped(dst, s []byte) []byte {
	const hexd = "0123456789ABCDEF"
	last := 0
	for i, c := range s {
		if queryEscape[c] {
			dst = append(dst, s[last:i]...)
			dst = append(dst, '%', hexd[c>>4], hexd[c&0xF])
			last = i + 1
		}
	}
	return append(dst, s[last:]...)
}

// queryEscape marks the bytes appendQueryEscaped percent-encodes.
var queryEscape = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		switch {
		case c <= ' ' || c >= 0x7f || c == '%' || c == '&' || c == '+' || c == '#' || c == '=' || c == '"' || c == '\\' || c == '@':
			t[c] = true
		}
	}
	return t
}()

// isPlaceholder reports values that stand for "no data": SDK templates
// ({{auto}}, $remote_ip), null-ish words and a lone dash.
func isPlaceholder(v []byte) bool {
	if len(v) >= 5 && len(v) <= 40 && v[0] == '{' && v[1] == '{' && v[len(v)-1] == '}' && v[len(v)-2] == '}' {
		// One template variable, {{auto}} or {{ user.ip }}: nothing else.
		for _, c := range v[2 : len(v)-2] {
			if !isAlnum(c) && c != '_' && c != '.' && c != ' ' {
				return false
			}
		}
		return true
	}
	if len(v) > 2 && v[0] == '[' && v[len(v)-1] == ']' {
		// The engine's own labels ([email], [phone]) on a second pass.
		if _, err := ParseKind(string(v[1 : len(v)-1])); err == nil {
			return true
		}
	}
	switch string(v) {
	case "-", "$remote_ip", "null", "none", "None", "nil", "undefined", "n/a", "N/A", "unknown", "[redacted]", "[Filtered]", "[filtered]", "********",
		"?", "%s", "%d":
		// The last: bind placeholders of SQL and format strings.
		return true
	}
	if len(v) >= 2 && len(v) <= 4 && v[0] == '$' && allDigits(v[1:]) {
		return true // $1: a PostgreSQL bind placeholder
	}
	return false
}

// isStandIn reports whether v is already a stand-in this engine writes for
// names, emails and whole fields ("Name-…", "…@….invalid", "<kind>-…"),
// so a second pass keeps it.
func isStandIn(v []byte) bool {
	if len(v) > 8 && hasPrefixFold(v[len(v)-8:], []byte(".invalid")) {
		// An email stand-in, possibly percent-encoded.
		return true
	}
	i := bytes.IndexByte(v, '-')
	if i <= 0 || i > 7 || len(v)-i-1 < 8 {
		return false
	}
	switch string(v[:i]) {
	case "Name", "email", "ip", "iban", "card", "phone", "secret", "ssn", "name", "custom":
	default:
		return false
	}
	for _, c := range v[i+1:] {
		if !isDigit(c) && !isLower(c) {
			return false
		}
	}
	return true
}

// unescape decodes percent-escapes and '+' (form encoding) into the
// session's scratch buffer; values without either are returned as they are.
func (w *Session) unescape(v []byte) []byte {
	if bytes.IndexByte(v, '%') < 0 && bytes.IndexByte(v, '+') < 0 {
		return v
	}
	w.unesc = appendHexDecoded(w.unesc[:0], v, "%", true)
	return w.unesc
}

// appendHexDecoded appends v with its hex escapes decoded: prefix and two
// hex digits (%41, \x41) are one byte; with plus, a '+' is a space.
func appendHexDecoded(dst, v []byte, prefix string, plus bool) []byte {
	n, last := len(prefix), 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case plus && c == '+':
			dst = append(dst, v[last:i]...)
			dst = append(dst, ' ')
			last = i + 1
		case c == prefix[0] && i+n+1 < len(v) && string(v[i:i+n]) == prefix && isHex(v[i+n]) && isHex(v[i+n+1]):
			dst = append(dst, v[last:i]...)
			dst = append(dst, unhex(v[i+n])<<4|unhex(v[i+n+1]))
			i += n + 1
			last = i + 1
		}
	}
	return append(dst, v[last:]...)
}

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// numericID reports whether v is a number or a 0x hex number: an id, not
// a name.
func numericID(v []byte) bool {
	return allDigits(v) || len(v) > 2 && v[0] == '0' && v[1]|0x20 == 'x' && allHex(v[2:])
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if isDigit(c) {
			return true
		}
	}
	return false
}

// customShape fills in what the stand-in of a custom rule's match needs
// for kinds with a structure of their own: the separator of an address, the
// parsed IP. A match without that structure becomes KindCustom, which gets
// a generic token, label or mask.
func customShape(raw []byte, m *match) {
	switch m.kind {
	case KindEmail:
		if at := bytes.LastIndexByte(raw, '@'); at > 0 && at < len(raw)-1 {
			m.at, m.sepLen = at, 1
			return
		}
	case KindIP:
		if a, err := netip.ParseAddr(string(raw)); err == nil {
			m.addr = a.WithZone("")
			return
		}
	case KindIBAN, KindCard, KindPhone, KindName, KindSecret, KindSSN, KindCustom:
		return
	}
	m.kind = KindCustom
}
