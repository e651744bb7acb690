package redact

//go:generate go run -C internal/phonegen . -o ../../phone_data.go

// Phone numbers: international (E.164, with '+' or the 00 prefix) checked
// against the calling-code table in phone_data.go, and national formats of
// the US/NANP, France, Germany, the UK, Spain, Italy, the Netherlands and
// Belgium checked against their grouping and leading digits.

const (
	// phoneMaxScan bounds the bytes a phone number may span.
	phoneMaxScan = 64
	// phoneMaxGroups bounds the digit groups of a phone number.
	phoneMaxGroups = 8
	// phoneMaxDigits bounds the digits of a phone number, prefixes included.
	phoneMaxDigits = 20
)

// phoneCode describes the national significant numbers of one calling code.
type phoneCode struct {
	lengths uint32 // bit n set: n digits is a possible length
	first   uint16 // bit d set: the number may start with digit d
}

// phoneRun is a run of digit groups joined by phone separators, as read by
// scanPhoneRun. It lives on the stack.
type phoneRun struct {
	n      int                   // groups
	length [phoneMaxGroups]uint8 // digits in each group
	sep    [phoneMaxGroups]byte  // byte before each group: 0 (none) or ' ', '-', '.', '/'
	paren  [phoneMaxGroups]bool  // group written in parentheses
	end    [phoneMaxGroups]int   // offset just past each group (past ')' when in parentheses)
	digits [phoneMaxDigits]byte  // the digits, in order
	nd     int                   // digits read
	more   bool                  // the run goes on past the limits: not a phone number
}

// isPhoneSep reports whether c may separate the digit groups of a phone number.
func isPhoneSep(c byte) bool { return c == ' ' || c == '-' || c == '.' || c == '/' }

// scanPhoneRun reads the digit groups starting at src[p], a digit or '('.
// A group is digits, or digits in parentheses; groups follow each other
// after one separator, or directly when one of them is in parentheses.
func scanPhoneRun(src []byte, p int) (r phoneRun) {
	lim := min(len(src), p+phoneMaxScan)
	var sep byte
	for {
		q, paren := p, false
		if q < lim && src[q] == '(' {
			q, paren = q+1, true
		}
		start := q
		for q < lim && isDigit(src[q]) {
			q++
		}
		if q == start || paren && (q >= lim || src[q] != ')') {
			if q >= lim && lim < len(src) {
				r.more = true
			}
			return r // the group is not one: the run ends before it
		}
		if r.n == phoneMaxGroups || r.nd+q-start > phoneMaxDigits {
			r.more = true
			return r
		}
		for _, d := range src[start:q] {
			r.digits[r.nd] = d
			r.nd++
		}
		r.length[r.n], r.sep[r.n], r.paren[r.n] = uint8(q-start), sep, paren
		if paren {
			q++
		}
		r.end[r.n] = q
		r.n++
		switch {
		case q >= lim:
			r.more = lim < len(src) && (isDigit(src[lim]) || isPhoneSep(src[lim]))
			return r
		case q+1 < lim && isPhoneSep(src[q]) && (isDigit(src[q+1]) || src[q+1] == '('):
			sep, p = src[q], q+1
		case (paren || src[q] == '(') && (isDigit(src[q]) || src[q] == '('):
			sep, p = 0, q
		default:
			return r
		}
	}
}

// matchPhone reports the end (exclusive) of a phone number starting at
// src[i] ('+', '(' or a digit at a token boundary), and how many leading
// digits (country code or trunk prefix) its stand-in keeps; end is -1 when
// there is none.
//
// International numbers start with '+' or 00 and a calling code (after 00,
// a group of its own); the national significant number must have one of
// that code's possible lengths and first digits (keep: the code's digits, 2 more for 00, 1 more for a trunk
// prefix written after the code, as in +44 (0)20). National numbers
// must follow one of the known layouts (see phoneNational); keep is 1 for
// the trunk prefix 0, 1 for the NANP prefix 1, 0 otherwise.
func matchPhone(src []byte, i int) (end, keep int) {
	if i < 0 || i >= len(src) || !boundaryBefore(src, i) {
		return -1, 0
	}
	switch c := src[i]; {
	case c == '+':
		if i+1 >= len(src) || !isDigit(src[i+1]) {
			return -1, 0
		}
		r := scanPhoneRun(src, i+1)
		return phoneInternational(src, &r, 0)
	case c == '(' || isDigit(c):
		if gluedBefore(src, i) || c != '(' && i >= 2 && src[i-1] == ' ' && isDigit(src[i-2]) && !stampBefore(src, i-1) {
			return -1, 0
		}
		if i >= 2 && (src[i-1] == '-' || src[i-1] == '.') && isWordByte(src[i-2]) {
			return -1, 0 // the tail of a word-led token: a UUID, a host, a file name
		}
		if c != '0' && c != '(' && !phoneNationalStart(src, i) {
			return -1, 0
		}
		r := scanPhoneRun(src, i)
		if r.more || r.n == 0 {
			return -1, 0
		}
		if r.nd >= 2 && r.digits[0] == '0' && r.digits[1] == '0' && !r.paren[0] {
			if r.length[0] < 2 {
				return -1, 0
			}
			return phoneInternational(src, &r, 2)
		}
		return phoneNational(src, &r)
	}
	return -1, 0
}

// matchPhoneIntl reports the end (exclusive) of an international number
// whose calling code starts at src[i], right after a '+' that the caller
// has found in another spelling (the %2B of a URL), and how many leading
// digits its stand-in keeps (the calling code's). end is -1 when there is
// none. The caller replaces only src[i:end].
func matchPhoneIntl(src []byte, i int) (end, keep int) {
	if i < 0 || i >= len(src) || !isDigit(src[i]) {
		return -1, 0
	}
	r := scanPhoneRun(src, i)
	return phoneInternational(src, &r, 0)
}

// phoneNationalStart reports whether the digits at src[i], which do not
// start with 0, can begin a national layout of phoneNational: three digits,
// or the NANP prefix 1, followed by a separator. It spares the full scan on
// the timestamps, sizes and ids that make up most digit runs in logs.
func phoneNationalStart(src []byte, i int) bool {
	j := i
	for j < len(src) && j < i+4 && isDigit(src[j]) {
		j++
	}
	n := j - i
	return (n == 3 || n == 1 && src[i] == '1') && j < len(src) && isPhoneSep(src[j])
}

// phoneInternational validates r, the digits after '+' (skip 0) or the
// digits starting with the 00 prefix (skip 2), as an international number
// of at most 15 digits, calling code included. The calling code must lie in
// the first group, and after 00 be all of it (0049 170 …); a trunk prefix
// written "(0)" right after it is not counted. When the whole run is not a
// number, shorter runs ending before a space are tried, so that a number
// followed by another figure is still found.
func phoneInternational(src []byte, r *phoneRun, skip int) (end, keep int) {
	if r.more || r.n == 0 || r.paren[0] || r.nd < skip+1 {
		return -1, 0
	}
	cc, ccLen := phoneCallingCode(r.digits[skip:r.nd], int(r.length[0])-skip)
	if ccLen == 0 {
		return -1, 0
	}
	if skip == 2 && (r.n < 2 || int(r.length[0]) != skip+ccLen) {
		// With 00, the prefix and the code stand apart (0049 170 …): a
		// compact zero-led run is an id far more often than a number.
		return -1, 0
	}
	// Only the group after the calling code may be in parentheses: an area
	// code, or the trunk prefix "(0)", which is not counted.
	trunk := 0
	for k := 2; k < r.n; k++ {
		if r.paren[k] {
			return -1, 0
		}
	}
	if r.n > 1 && r.paren[1] {
		if int(r.length[0]) != skip+ccLen {
			return -1, 0
		}
		if r.length[1] == 1 && r.digits[r.length[0]] == '0' {
			trunk = 1
		}
	}
	digits := r.nd
	for k := r.n - 1; k >= 0; k-- {
		if k < r.n-1 {
			digits -= int(r.length[k+1])
			if r.sep[k+1] != ' ' || k == 1 && trunk == 1 {
				continue
			}
		}
		used := trunk // trunk prefix digits between the code and the number
		if k == 0 {
			used = 0
		}
		nsn := r.digits[skip+ccLen+used : digits]
		if skip == 0 && trunk == 0 && len(nsn) > 1 && nsn[0] == '0' && int(r.length[0]) == ccLen &&
			phoneCodes[cc].first&1 == 0 {
			// The trunk prefix written after a '+' and the code, "+49 0170
			// …", where the code's numbers never start with 0.
			nsn, used = nsn[1:], 1
		}
		if ccLen+len(nsn) > 15 || !phoneNSNOK(cc, nsn) {
			continue // E.164 numbers have at most 15 digits
		}
		if e := r.end[k]; phoneRightOK(src, e) {
			return e, skip + ccLen + used
		}
		return -1, 0
	}
	return -1, 0
}

// phoneCallingCode returns the calling code that starts d and its length in
// digits, looking no further than the first limit digits; ccLen is 0 when
// none does.
func phoneCallingCode(d []byte, limit int) (cc, ccLen int) {
	for k := 0; k < 3 && k < limit && k < len(d); k++ {
		if d[0] == '0' {
			return 0, 0
		}
		cc = cc*10 + int(d[k]-'0')
		if phoneCodes[cc].lengths != 0 {
			return cc, k + 1
		}
	}
	return 0, 0
}

// phoneNSNOK reports whether nsn, a national significant number, has a
// possible length and first digit for the calling code cc (and, for NANP,
// the shape of one).
//
// Numbers shorter than six digits are only taken where the code has no
// longer ones: elsewhere they are short codes, or figures that are not phone
// numbers at all (+49 1701).
func phoneNSNOK(cc int, nsn []byte) bool {
	pc := phoneCodes[cc]
	if len(nsn) == 0 || len(nsn) > 17 || pc.lengths&(1<<uint(len(nsn))) == 0 || len(nsn) < 6 && pc.lengths>>6 != 0 {
		return false
	}
	if pc.first&(1<<(nsn[0]-'0')) == 0 {
		return false
	}
	if cc == 1 {
		return len(nsn) == 10 && nanpOK(nsn)
	}
	return true
}

// nanpOK reports whether d, ten digits, is a NANP number: the area code and
// the exchange each start with 2–9 and are not N11 service codes.
func nanpOK(d []byte) bool {
	return d[0] >= '2' && !(d[1] == '1' && d[2] == '1') &&
		d[3] >= '2' && !(d[4] == '1' && d[5] == '1')
}

// phoneRightOK reports whether a phone number may end at end: not followed
// by a word byte, '@' or '_', nor by '.', '-', '/' or ':' and a digit.
func phoneRightOK(src []byte, end int) bool {
	if end >= len(src) {
		return true
	}
	c := src[end]
	if isWordByte(c) || c == '@' || c == '_' {
		return false
	}
	return !gluedAfter(src, end)
}

// phoneNational validates r, a run not starting with 00, as a national
// number in one of these layouts (groups separated by one separator, the
// same throughout unless noted):
//
//	trunk prefix 0 (keep 1):
//	  0612345678, 01701234567          compact, 10 or 11 digits
//	  0170 1234567, 030/1234567        area and subscriber: 2–5 and 5–8 digits, 9–12 in all
//	  06 12 34 56 78, 01.23.45.67.89   FR: 2-2-2-2-2
//	  020 7946 0958, 0113 496 0000     UK: 3-4-4, 4-3-4, 4-3-3, 5-3-3
//	  06 1234 5678, 020 123 4567       IT, NL: 2-4-4, 3-3-4
//	  02 123 45 67, 0470 12 34 56      BE: 2-3-2-2, 3-2-2-2, 4-2-2-2
//	  020-123 4567, 02/123.45.67       another separator after the area code
//	  (030) 12345678, (020) 7946 0958  the area code in parentheses
//	no trunk prefix (keep 0):
//	  (202) 555-0173, 202-555-0173, 202.555.0173, 202 555 0173   NANP
//	  1-202-555-0173, 1 (202) 555-0173                          NANP with 1 (keep 1)
//	  612 345 678, 912 34 56 78        ES: 9 digits starting 6–9, 3-3-3 or 3-2-2-2
//	  347 123 4567, 347 1234567        IT mobile: 10 digits starting 3
func phoneNational(src []byte, r *phoneRun) (end, keep int) {
	for k := 1; k < r.n; k++ {
		if r.paren[k] && !(k == 1 && r.length[0] == 1 && r.digits[0] == '1') {
			return -1, 0
		}
	}
	end = r.end[r.n-1]
	if !phoneRightOK(src, end) {
		return -1, 0
	}
	g := r.length[:r.n]
	d := r.digits[:r.nd]
	if len(d) < 9 {
		return -1, 0
	}
	// The separators between groups, the first one after a parenthesized
	// area code excepted: sepsOK reports whether they are all one of set.
	first := 1
	if r.paren[0] {
		if r.n < 2 || r.sep[1] != 0 && r.sep[1] != ' ' {
			return -1, 0
		}
		first = 2
	}
	sepsOK := func(set string) bool {
		for k := first; k < r.n; k++ {
			if r.sep[k] != r.sep[first] || !phoneSepIn(r.sep[k], set) {
				return false
			}
		}
		return true
	}
	// areaSepsOK is sepsOK where the separator after the area code may
	// differ from the others (NL 020-123 4567, BE 02/123.45.67): it must be
	// one of area, the others all one of rest.
	areaSepsOK := func(area, rest string) bool {
		if r.paren[0] || r.n < 3 {
			return sepsOK(rest)
		}
		if !phoneSepIn(r.sep[1], area) {
			return false
		}
		for k := 2; k < r.n; k++ {
			if r.sep[k] != r.sep[2] || !phoneSepIn(r.sep[k], rest) {
				return false
			}
		}
		return true
	}
	if d[0] == '0' {
		if d[1] == '0' {
			return -1, 0
		}
		if r.paren[0] && (g[0] < 3 || g[0] > 5) {
			return -1, 0
		}
		ok := false
		switch r.n {
		case 1:
			ok = len(d) == 10 || len(d) == 11
		case 2:
			ok = g[0] >= 2 && g[0] <= 5 && g[1] >= 5 && g[1] <= 8 && len(d) >= 9 && len(d) <= 12 &&
				(r.paren[0] || sepsOK(" -/"))
		case 3:
			ok = groupsAre(g, 2, 4, 4) || groupsAre(g, 3, 4, 4) || groupsAre(g, 4, 3, 4) ||
				groupsAre(g, 3, 3, 4) || groupsAre(g, 4, 3, 3) || groupsAre(g, 5, 3, 3)
			ok = ok && areaSepsOK(" -/", " -")
		case 4:
			ok = (groupsAre(g, 2, 3, 2, 2) || groupsAre(g, 3, 2, 2, 2) || groupsAre(g, 4, 2, 2, 2)) &&
				areaSepsOK(" ./", " .")
		case 5:
			ok = groupsAre(g, 2, 2, 2, 2, 2) && sepsOK(" .-")
		}
		if !ok {
			return -1, 0
		}
		return end, 1
	}
	switch {
	case r.n >= 3 && r.n <= 4 && nanpLayout(r, r.n-3):
		if r.n == 4 {
			return end, 1
		}
		return end, 0
	case r.paren[0]:
		return -1, 0
	case len(d) == 9 && d[0] >= '6' && (groupsAre(g, 3, 3, 3) && sepsOK(" -") || groupsAre(g, 3, 2, 2, 2) && sepsOK(" ")):
		return end, 0 // ES
	case len(d) == 10 && d[0] == '3' && (groupsAre(g, 3, 3, 4) || groupsAre(g, 3, 7)) && sepsOK(" -"):
		return end, 0 // IT mobile
	}
	return -1, 0
}

// nanpLayout reports whether the groups of r from s on are a NANP number,
// (NXX) NXX-XXXX or NXX-NXX-XXXX with one separator throughout, after a
// leading group "1" when s is 1.
func nanpLayout(r *phoneRun, s int) bool {
	if s == 1 && (r.length[0] != 1 || r.digits[0] != '1' || r.paren[0] || !phoneSepIn(r.sep[1], " -.")) {
		return false
	}
	if s+3 != r.n || r.length[s] != 3 || r.length[s+1] != 3 || r.length[s+2] != 4 {
		return false
	}
	if r.paren[s] {
		if r.sep[s+1] != 0 && r.sep[s+1] != ' ' || !phoneSepIn(r.sep[s+2], " -.") {
			return false
		}
	} else if r.sep[s+1] != r.sep[s+2] || !phoneSepIn(r.sep[s+1], " -.") || s == 1 && r.sep[1] != r.sep[2] {
		return false
	}
	return nanpOK(r.digits[s : s+10])
}

func phoneSepIn(c byte, set string) bool {
	for k := 0; k < len(set); k++ {
		if set[k] == c {
			return true
		}
	}
	return false
}

// groupsAre reports whether the group lengths g are exactly want.
func groupsAre(g []uint8, want ...uint8) bool {
	if len(g) != len(want) {
		return false
	}
	for k := range g {
		if g[k] != want[k] {
			return false
		}
	}
	return true
}

// isPhone reports whether b, as a whole, is a phone number as matchPhone
// finds them, and how many leading digits its stand-in keeps. The caller
// trims surrounding spaces.
func isPhone(b []byte) (keep int, ok bool) {
	if len(b) == 0 {
		return 0, false
	}
	end, keep := matchPhone(b, 0)
	if end != len(b) {
		return 0, false
	}
	return keep, true
}
