package redact

// matchSSN reports the end (exclusive) of a US social security number
// starting at src[i], a digit at a token boundary, or -1.
//
// Only the dashed form ddd-dd-dddd is taken, with the ranges the SSA never
// issues left out: area 000, 666 and 900–999, group 00, serial 0000. The
// number must stand alone: no word byte on either side, and no '-', '.' or
// '/' gluing it to a digit before or after it.
func matchSSN(src []byte, i int) int {
	const n = 11
	if i < 0 || i+n > len(src) || !boundaryBefore(src, i) {
		return -1
	}
	s := src[i : i+n]
	for k, b := range s {
		if k == 3 || k == 6 {
			if b != '-' {
				return -1
			}
		} else if !isDigit(b) {
			return -1
		}
	}
	area := int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0')
	group := int(s[4]-'0')*10 + int(s[5]-'0')
	serial := int(s[7]-'0')*1000 + int(s[8]-'0')*100 + int(s[9]-'0')*10 + int(s[10]-'0')
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return -1
	}
	end := i + n
	if !boundaryAfter(src, end) || gluedAfter(src, end) || gluedBefore(src, i) {
		return -1
	}
	return end
}

// gluedAfter reports whether the token ending at end runs on: it is
// followed by '_', or by '-', '.', '/' or ':' and a digit.
func gluedAfter(src []byte, end int) bool {
	if end >= len(src) {
		return false
	}
	switch src[end] {
	case '_':
		return true
	case '-', '.', '/', ':':
		return end+1 < len(src) && isDigit(src[end+1])
	}
	return false
}

// gluedBefore reports whether the token starting at i continues one before
// it: it is preceded by '_', or by a digit and '-', '.', '/' or ':'.
func gluedBefore(src []byte, i int) bool {
	if i == 0 || i > len(src) {
		return false
	}
	switch src[i-1] {
	case '_':
		return true
	case '-', '.', '/', ':':
		return i >= 2 && isDigit(src[i-2])
	}
	return false
}
