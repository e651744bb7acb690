package redact

// Byte classes shared by the detectors.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isAlpha(c byte) bool { return isUpper(c) || isLower(c) }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// isWordByte reports whether c continues a word: an ASCII letter or digit, or
// any byte of a multi-byte UTF-8 sequence.
func isWordByte(c byte) bool { return wordTab[c] }

var wordTab = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c)) || c >= 0x80
	}
	return t
}()

// boundaryBefore reports whether src[i] starts a token: i is 0 or the byte
// before it is not a word byte.
func boundaryBefore(src []byte, i int) bool { return i == 0 || !isWordByte(src[i-1]) }

// boundaryAfter reports whether a token ending at end (exclusive) is
// followed by the end of src or a non-word byte.
func boundaryAfter(src []byte, end int) bool { return end >= len(src) || !isWordByte(src[end]) }
