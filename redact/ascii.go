package redact

import (
	"unicode"
	"unicode/utf8"
)

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

// boundaryBefore reports whether src[i] starts a token: i is 0 or what
// precedes it is not a letter, digit or mark. Non-ASCII punctuation and
// spaces (a no-break space, “quotes”, «guillemets») are boundaries.
func boundaryBefore(src []byte, i int) bool {
	if i == 0 {
		return true
	}
	if c := src[i-1]; c < utf8.RuneSelf {
		return !wordTab[c]
	}
	r, _ := utf8.DecodeLastRune(src[:i])
	return !isWordRune(r)
}

// boundaryAfter reports whether a token ending at end (exclusive) is
// followed by the end of src or by something other than a letter, digit or
// mark.
func boundaryAfter(src []byte, end int) bool {
	if end >= len(src) {
		return true
	}
	if c := src[end]; c < utf8.RuneSelf {
		return !wordTab[c]
	}
	r, _ := utf8.DecodeRune(src[end:])
	return !isWordRune(r)
}

// isWordRune reports whether r continues a word. Invalid UTF-8 counts as a
// word, so that binary junk does not start tokens.
func isWordRune(r rune) bool {
	return r == utf8.RuneError || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordLen returns the length in bytes of the word character at src[i], or
// 0 when src[i] does not start one.
func wordLen(src []byte, i int) int {
	c := src[i]
	if c < utf8.RuneSelf {
		if wordTab[c] {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRune(src[i:])
	if isWordRune(r) {
		return n
	}
	return 0
}
