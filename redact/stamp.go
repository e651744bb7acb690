package redact

import "encoding/binary"

// Dates, times and the names of product tokens are the commonest loud
// tokens of log lines and never personal data. Recognizing them whole at
// their first byte saves the scanner a trigger for every group they hold (a
// CLF timestamp has ten), and only exact shapes with valid field values are
// taken.

// stampEnd returns the end of the date, time or timestamp that starts at
// src[i], a digit at a token boundary, or i when there is none:
//
//	2026-11-23, 2026/11/23, 2026-11-23T06:25:01.928Z, 2026-11-23 06:25:01,123
//	23/Nov/2026:06:25:06 +0000 (common log format)
//	06:25:01, 06:25:01.928, 06:25:01+01:00
//
// The stamp must end at a token boundary that is not a ':' or a '.'
// followed by a digit, so that IPv6 groups (10:20:30::1) and dotted runs
// are left to their detectors.
func stampEnd(src []byte, i int) int {
	if i > 0 && (src[i-1] == ':' || src[i-1] == '.') {
		return i
	}
	var e int
	switch {
	case i+10 <= len(src) && digits2(src, i+2) >= 0 && (src[i+4] == '-' || src[i+4] == '/'):
		e = dateYMD(src, i)
	case i+11 <= len(src) && src[i+2] == '/':
		e = dateCLF(src, i)
	case i+8 <= len(src) && src[i+2] == ':':
		e = timeEnd(src, i)
	}
	if e <= i || !stampBoundary(src, e) {
		return i
	}
	return e
}

// stampBoundary reports whether a stamp may end before src[e]. A
// separator of phone and card groups followed by a digit is no end: the
// digits the stamp would take may be a number's first group (the ",202"
// of "06:25:01,202 555 0173", the "+1415" of "+1415 555 2671").
func stampBoundary(src []byte, e int) bool {
	if e >= len(src) {
		return true
	}
	c := src[e]
	if isAlnum(c) || c == ':' || c >= 0x80 {
		return false
	}
	return !((c == '.' || c == '-' || c == '/' || c == ' ') && e+1 < len(src) && isDigit(src[e+1]))
}

// digits2 returns the value of the two digits at src[k], or -1.
func digits2(src []byte, k int) int {
	if k+2 > len(src) || !isDigit(src[k]) || !isDigit(src[k+1]) {
		return -1
	}
	return int(src[k]-'0')*10 + int(src[k+1]-'0')
}

// dateYMD matches yyyy-mm-dd or yyyy/mm/dd at src[i], with an optional
// time after 'T' or one space.
func dateYMD(src []byte, i int) int {
	if e := isoStampEnd(src, i); e > i {
		return e
	}
	return dateYMDFields(src, i)
}

// dateYMDFields is dateYMD field by field.
func dateYMDFields(src []byte, i int) int {
	if digits2(src, i) < 0 {
		return -1
	}
	sep := src[i+4]
	if src[i+7] != sep {
		return -1
	}
	mo, d := digits2(src, i+5), digits2(src, i+8)
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return -1
	}
	e := i + 10
	if e+8 <= len(src) && (src[e] == 'T' || src[e] == ' ') {
		if t := timeEnd(src, e+1); t > e {
			return t
		}
	}
	return e
}

// isoStampEnd is the common case of dateYMD, a whole date and time
// ("2026-11-23T06:25:01", "2026/11/23 06:25:01") checked in one go, with
// the fraction and zone that follow it. It returns i when src[i:] has not
// that shape or a field is out of range, and dateYMD looks at the parts.
func isoStampEnd(src []byte, i int) int {
	if i+19 > len(src) {
		return i
	}
	b := src[i : i+19 : i+19]
	// yyyy-mm- ddThh:mm and hh:mm:ss, eight bytes at a time.
	if !digitLanes(binary.LittleEndian.Uint64(b[0:8]), 0x00FF_FF00_FFFF_FFFF) ||
		!digitLanes(binary.LittleEndian.Uint64(b[8:16]), 0xFFFF_00FF_FF00_FFFF) ||
		!digitLanes(binary.LittleEndian.Uint64(b[11:19]), 0xFFFF_00FF_FF00_FFFF) ||
		b[4] != '-' && b[4] != '/' || b[7] != b[4] || b[10] != 'T' && b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		return i
	}
	mo, day := (b[5]-'0')*10+b[6]-'0', (b[8]-'0')*10+b[9]-'0'
	h, m, sec := (b[11]-'0')*10+b[12]-'0', (b[14]-'0')*10+b[15]-'0', (b[17]-'0')*10+b[18]-'0'
	if mo-1 > 11 || day-1 > 30 || h > 23 || m > 59 || sec > 60 {
		return i
	}
	return zoneEnd(src, i+19)
}

// digitLanes reports whether the bytes of x (eight bytes, little-endian)
// at the lanes that mask selects (0xFF) are all ASCII digits. A lane's
// carry can only make a digit in the next lane look like a non-digit, and
// comes from a lane that is no digit itself, so a true answer is exact.
func digitLanes(x, mask uint64) bool {
	t := x ^ 0x3030303030303030
	return (t|(t+0x0606060606060606))&0xF0F0F0F0F0F0F0F0&mask == 0
}

// dateCLF matches dd/Mon/yyyy at src[i], with an optional ":hh:mm:ss" and
// " +zzzz".
func dateCLF(src []byte, i int) int {
	d := digits2(src, i)
	if d < 1 || d > 31 || src[i+6] != '/' {
		return -1
	}
	ok := month(src[i+3], src[i+4], src[i+5])
	if !ok || digits2(src, i+7) < 0 || digits2(src, i+9) < 0 {
		return -1
	}
	e := i + 11
	if e+9 <= len(src) && src[e] == ':' {
		if t := timeEnd(src, e+1); t > e {
			return t
		}
	}
	return e
}

// timeEnd matches hh:mm:ss at src[i] with an optional fraction (".928" or
// logback's ",123") and zone ("Z", "+01:00", "+0100", " +0000").
func timeEnd(src []byte, i int) int {
	if i+8 > len(src) || src[i+2] != ':' || src[i+5] != ':' {
		return -1
	}
	h, m, s := digits2(src, i), digits2(src, i+3), digits2(src, i+6)
	if h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60 {
		return -1
	}
	return zoneEnd(src, i+8)
}

// zoneEnd returns the end of the optional fraction and zone after a time
// that ends at src[e].
func zoneEnd(src []byte, e int) int {
	if e+1 < len(src) && (src[e] == '.' || src[e] == ',') && isDigit(src[e+1]) {
		k := e + 1
		for k < len(src) && k-e <= 9 && isDigit(src[k]) {
			k++
		}
		e = k
	}
	if e < len(src) && src[e] == 'Z' {
		return e + 1
	}
	z := e
	if z+1 < len(src) && src[z] == ' ' && (src[z+1] == '+' || src[z+1] == '-') {
		z++
	}
	if z < len(src) && (src[z] == '+' || src[z] == '-') {
		if zh := digits2(src, z+1); zh >= 0 && zh <= 14 {
			k := z + 3
			if k < len(src) && src[k] == ':' {
				k++
			}
			if zm := digits2(src, k); zm >= 0 && zm <= 59 && stampBoundary(src, k+2) {
				return k + 2
			}
		}
	}
	return e
}

// stampOrHexEnd returns the end of the date, time, timestamp or hex id
// that starts at src[i], a digit at a token boundary that does not follow
// a '_' or '-', or i when there is none. src[i:j] is the run of digits at i
// (up to 20), whose length and the byte after it rule out most shapes: a
// date starts with four digits and a '-' or '/', a time or a CLF date with
// two and a ':' or '/', a hex id with digits that a hex letter follows, or
// with the eight of a UUID and its '-'.
func stampOrHexEnd(src []byte, i, j int) int {
	r := j - i
	var next byte
	if j < len(src) {
		next = src[j]
	}
	if r == 4 && (next == '-' || next == '/') && (i == 0 || src[i-1] != ':' && src[i-1] != '.') {
		// The whole date and time of most log lines, as stampEnd would
		// take it through dateYMD.
		if e := isoStampEnd(src, i); e > i {
			if !stampBoundary(src, e) {
				return i
			}
			return e
		}
	}
	if r == 4 && (next == '-' || next == '/') || r == 2 && (next == '/' || next == ':') {
		return stampEnd(src, i)
	}
	if i+16 <= len(src) && (hexLetter(next) && (r <= 3 || r < 8 && src[i+8] == '-') || r == 8 && next == '-') {
		return hexIDEnd(src, i)
	}
	return i
}

// productEnd returns the end of the name and '/' of a product token that
// starts at src[i], an upper-case letter at a token boundary (Mozilla/5.0,
// AppleWebKit/537.36, Chrome/120.0.6099.109), or i when there is none. The
// version is left to the scanner, since a number after a '/' may be a card,
// a phone or an address (Card/4111 1111 1111 1111, Tel/030 12345678). The
// name must hold a lower-case letter, so that a key in capitals
// (AKIA…/1) is not taken for one.
func productEnd(src []byte, i int) int {
	k, lower := i+1, false
	for k < len(src) && k-i < 32 && isAlpha(src[k]) {
		lower = lower || isLower(src[k])
		k++
	}
	if !lower || k+1 >= len(src) || src[k] != '/' || !isDigit(src[k+1]) || string(src[i:k]) == "Users" {
		return i
	}
	return k + 1
}

// clfStamp reports whether src[i:] starts with a whole common-log-format
// timestamp, dd/Mon/yyyy:hh:mm:ss +zzzz, in 26 bytes: the shape of almost
// every access-log line, checked without a call per field.
func clfStamp(src []byte, i int) bool {
	if i < 0 || i+26 > len(src) {
		return false
	}
	b := src[i : i+26 : i+26]
	d := func(c byte) bool { return c-'0' <= 9 }
	if !(d(b[0]) && d(b[1]) && b[2] == '/' && b[6] == '/' && d(b[7]) && d(b[8]) && d(b[9]) && d(b[10]) &&
		b[11] == ':' && d(b[12]) && d(b[13]) && b[14] == ':' && d(b[15]) && d(b[16]) && b[17] == ':' &&
		d(b[18]) && d(b[19]) && b[20] == ' ' && (b[21] == '+' || b[21] == '-') && d(b[22]) && d(b[23]) && d(b[24]) && d(b[25])) {
		return false
	}
	day, h, m, sec := (b[0]-'0')*10+b[1]-'0', (b[12]-'0')*10+b[13]-'0', (b[15]-'0')*10+b[16]-'0', (b[18]-'0')*10+b[19]-'0'
	if day < 1 || day > 31 || h > 23 || m > 59 || sec > 60 {
		return false
	}
	return month(b[3], b[4], b[5])
}

// month reports whether a, b, c spell an English month abbreviation.
func month(a, b, c byte) bool {
	switch uint32(a)<<16 | uint32(b)<<8 | uint32(c) {
	case 'J'<<16 | 'a'<<8 | 'n', 'F'<<16 | 'e'<<8 | 'b', 'M'<<16 | 'a'<<8 | 'r',
		'A'<<16 | 'p'<<8 | 'r', 'M'<<16 | 'a'<<8 | 'y', 'J'<<16 | 'u'<<8 | 'n',
		'J'<<16 | 'u'<<8 | 'l', 'A'<<16 | 'u'<<8 | 'g', 'S'<<16 | 'e'<<8 | 'p',
		'O'<<16 | 'c'<<8 | 't', 'N'<<16 | 'o'<<8 | 'v', 'D'<<16 | 'e'<<8 | 'c':
		return true
	}
	return false
}

// hexIDEnd returns the end of a UUID (8-4-4-4-12 hex digits) or of a run
// of 16 or more hex digits holding both a digit and a letter (trace and
// span ids, commit and content hashes) that starts at src[i], a digit at
// a token boundary; or i. (One that starts with a letter may be an IBAN,
// DE05…, and is left to the detectors.) Neither can be a number, an address or a name, and a
// credential that is all hex is not taken without its key.
func hexIDEnd(src []byte, i int) int {
	if i+16 > len(src) || i > 0 && (src[i-1] == '_' || src[i-1] == '-') {
		// Too short, or the tail of a token (ghp_16C7e42F…) that the
		// token detectors look at.
		return i
	}
	k := i
	for k < len(src) && k-i < 16 && src[k]-'0' <= 9 {
		k++
	}
	if k < len(src) && !hexLetter(src[k]) && !(k == i+8 && src[k] == '-') {
		// A number: it ends before a byte that is not a hex letter.
		return i
	}
	if src[i+8] == '-' && i+36 <= len(src) {
		for k, c := range src[i : i+36] {
			switch k {
			case 8, 13, 18, 23:
				if c != '-' {
					return i
				}
			default:
				if !isHex(c) {
					return i
				}
			}
		}
		if e := i + 36; e == len(src) || !tokenTab[src[e]] {
			return e
		}
		return i
	}
	e := i
	digits, letters := 0, 0
	for e < len(src) && e-i < 128 {
		c := src[e]
		if c-'0' <= 9 {
			digits++
		} else if hexLetter(c) {
			letters++
		} else {
			break
		}
		e++
	}
	if e-i < 16 || digits == 0 || letters == 0 || e < len(src) && tokenTab[src[e]] {
		return i
	}
	return e
}

// hexLetter reports the letters of hexadecimal numbers, a to f in either
// case.
func hexLetter(c byte) bool { return c|0x20-'a' <= 5 }

// stampBefore reports whether the bytes just before src[e] (a space) end a
// date or a time at a token boundary: hh:mm:ss with an optional fraction
// (also after a date's 'T'), or yyyy-mm-dd. Detectors that refuse to start right after a digit group
// (the tail of a longer number) may start after one of these.
func stampBefore(src []byte, e int) bool {
	k := e
	for k > 0 && e-k <= 9 && isDigit(src[k-1]) {
		k--
	}
	if k > 0 && k < e && (src[k-1] == '.' || src[k-1] == ',') {
		k-- // a fraction: .928, ,123
	} else {
		k = e
	}
	if t := k - 8; t >= 0 && timeEnd(src[:k], t) == k && (t == 0 || !isAlnum(src[t-1]) || src[t-1] == 'T' && t >= 2 && isDigit(src[t-2])) {
		return true
	}
	if d := e - 10; d >= 0 && (d == 0 || !isAlnum(src[d-1])) && dateYMD(src[:e], d) == e {
		return true
	}
	return false
}
