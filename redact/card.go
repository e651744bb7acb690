package redact

// Payment card numbers: 13 to 19 digits with a known brand prefix and a
// valid Luhn check digit, written plain or in groups.

// cardMaxGroups bounds the groups a grouped card number may have (4-4-4-4-3).
const cardMaxGroups = 5

// matchCard reports the end (exclusive) of a payment card number starting at
// src[i], a digit at a token boundary, or -1.
//
// The number is plain (4111111111111111) or grouped with single spaces or
// single dashes, one style throughout: fours with a shorter last group
// (4-4-4-4, 4-4-4-4-3, 4-4-4-1), 4-6-5 (Amex) or 4-6-4 (Diners). It must
// have a known brand prefix and length and pass the Luhn check. A number
// that runs on (more digits, letters, a decimal part, a further group) is not
// a card, nor is one glued to a digit run before it by '.', '-', '/' or '_'.
func matchCard(src []byte, i int) int {
	if i < 0 || i >= len(src) || !isDigit(src[i]) || !boundaryBefore(src, i) {
		return -1
	}
	var groups [cardMaxGroups]int
	var buf [19]byte // the digits, for the Luhn check
	ng, digits := 0, 0
	var sep byte
	p := i
	for {
		start := p
		for p < len(src) && isDigit(src[p]) {
			if digits == len(buf) {
				return -1
			}
			buf[digits] = src[p]
			digits++
			p++
		}
		if ng == cardMaxGroups {
			return -1
		}
		groups[ng] = p - start
		ng++
		if groups[0] != 4 || p+1 >= len(src) || !isDigit(src[p+1]) {
			break // a plain number, or the end of the groups
		}
		if s := src[p]; s == ' ' || s == '-' {
			if sep == 0 {
				sep = s
			}
			if s == sep {
				p++
				continue
			}
		}
		break
	}
	if digits < 13 || !cardGroupsOK(groups[:ng]) {
		return -1
	}
	if !cardRightOK(src, p) || !cardLeftOK(src, i, sep) {
		return -1
	}
	prefix := int(src[i]-'0')*1000 + int(src[i+1]-'0')*100 + int(src[i+2]-'0')*10 + int(src[i+3]-'0')
	if !cardBrandOK(prefix, digits) || !luhnValid(buf[:digits]) {
		return -1
	}
	return p
}

// cardGroupsOK reports whether the group lengths form a card layout: one
// plain run, fours with a shorter non-empty last group, 4-6-5 or 4-6-4.
func cardGroupsOK(g []int) bool {
	switch {
	case len(g) == 1:
		return true
	case len(g) == 3 && g[0] == 4 && g[1] == 6 && (g[2] == 5 || g[2] == 4):
		return true
	}
	for k, n := range g {
		if n != 4 && (k != len(g)-1 || n > 4) {
			return false
		}
	}
	return len(g) >= 4
}

// cardRightOK reports whether a card number may end at end: not followed by
// a word byte, nor by '.', '-', '/' or '_' and a digit (a decimal part, a
// further group, an id suffix).
func cardRightOK(src []byte, end int) bool {
	if end >= len(src) {
		return true
	}
	c := src[end]
	if isWordByte(c) || c == '_' {
		return false
	}
	if end+1 < len(src) && isDigit(src[end+1]) {
		switch c {
		case '.', '-', '/', ' ':
			return c == ' ' // a space may separate the card from the next field
		}
	}
	return true
}

// cardLeftOK reports whether the byte before src[i] lets a card number
// start there: not '_', and not a separator that glues it to a digit run
// before it ('.', '-', '/', or the number's own group separator).
func cardLeftOK(src []byte, i int, sep byte) bool {
	if i == 0 {
		return true
	}
	c := src[i-1]
	if c == '_' {
		return false
	}
	if i < 2 || !isDigit(src[i-2]) {
		return true
	}
	if c == ' ' && stampBefore(src, i-1) {
		// "2026-11-23 06:25:01 4111 1111 1111 1111": the digits before
		// end a date or a time, not a group of this number.
		return true
	}
	return c != '.' && c != '-' && c != '/' && (sep == 0 || c != sep)
}

// cardBrandOK reports whether a number of n digits whose first four digits
// are prefix belongs to a known card brand with that length.
func cardBrandOK(prefix, n int) bool {
	p1, p2, p3 := prefix/1000, prefix/100, prefix/10
	switch {
	case p1 == 4: // Visa
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, prefix >= 2221 && prefix <= 2720: // Mastercard
		return n == 16
	case p2 == 34 || p2 == 37: // American Express
		return n == 15
	case p2 == 50 || p2 >= 56 && p2 <= 69: // Maestro, Discover, UnionPay
		return n >= 13 && n <= 19
	case prefix >= 3528 && prefix <= 3589: // JCB
		return n >= 16 && n <= 19
	case p3 >= 300 && p3 <= 305, p2 == 36, p2 == 38, p2 == 39: // Diners Club
		return n >= 14 && n <= 19
	}
	return false
}

// isCard reports whether b, as a whole, is a card number as matchCard finds
// them. The caller trims surrounding spaces.
func isCard(b []byte) bool {
	return len(b) > 0 && isDigit(b[0]) && matchCard(b, 0) == len(b)
}
