package redact

// matchIBAN reports the end (exclusive) of an IBAN starting at src[i], an
// upper-case ASCII letter at a token boundary, or -1.
//
// An IBAN is a country code of the SWIFT registry, two check digits and a
// BBAN of that country's length and character classes, either compact
// (DE89370400440532013000) or printed in groups of four separated by single
// spaces, the last group shorter (DE89 3704 0044 0532 0130 00). Only
// upper-case letters are accepted. The whole IBAN must pass the ISO 7064
// mod-97 check, and it must not run on into more letters or digits.
func matchIBAN(src []byte, i int) int {
	if i < 0 || i+4 > len(src) || !boundaryBefore(src, i) {
		return -1
	}
	c := ibanLookup(src[i], src[i+1])
	if c == nil || !isDigit(src[i+2]) || !isDigit(src[i+3]) {
		return -1
	}
	if cd := int(src[i+2]-'0')*10 + int(src[i+3]-'0'); cd < 2 || cd > 98 {
		return -1
	}
	grouped := i+4 < len(src) && src[i+4] == ' '
	var buf [34]byte // the compact IBAN, for the mod-97 check
	copy(buf[:4], src[i:i+4])
	p, n := i+4, 4 // next byte, characters read so far
	bban := c.bban
	for k := 0; k < len(bban); {
		run := 0
		for k < len(bban) && isDigit(bban[k]) {
			run = run*10 + int(bban[k]-'0')
			k++
		}
		if k+1 >= len(bban) { // malformed entry; the registry test rules this out
			return -1
		}
		class := bban[k+1] // skip '!'
		k += 2
		for ; run > 0; run-- {
			if grouped && n%4 == 0 {
				if p >= len(src) || src[p] != ' ' {
					return -1
				}
				p++
			}
			if p >= len(src) || n == len(buf) || !ibanClassOK(class, src[p]) {
				return -1
			}
			buf[n] = src[p]
			p++
			n++
		}
	}
	if n != int(c.length) || !boundaryAfter(src, p) {
		return -1
	}
	if ibanMod97(buf[:n]) != 1 {
		return -1
	}
	return p
}

// ibanClassOK reports whether b belongs to the registry character class
// class: 'n' digits, 'a' upper-case letters, 'c' either.
func ibanClassOK(class, b byte) bool {
	switch class {
	case 'n':
		return isDigit(b)
	case 'a':
		return isUpper(b)
	default:
		return isDigit(b) || isUpper(b)
	}
}

// isIBAN reports whether b, as a whole, is an IBAN as matchIBAN finds them.
// The caller trims surrounding spaces.
func isIBAN(b []byte) bool {
	return len(b) > 0 && isUpper(b[0]) && matchIBAN(b, 0) == len(b)
}
