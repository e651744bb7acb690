package redact

import (
	"bytes"
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tldList is the IANA root zone's ASCII top-level domains, one per line,
// taken from the npm package "tlds" 1.261.0 (MIT licence), which mirrors
// https://data.iana.org/TLD/tlds-alpha-by-domain.txt. Internationalized
// TLDs are accepted in their xn-- form by isTLD.
// Reserved names such as .invalid, .example and .local are not in it, which
// is what makes the engine's own stand-ins (<token>@<token>.invalid) pass a
// second scrub unchanged.
//
//go:embed tlds.txt
var tldList string

var tlds = func() map[string]struct{} {
	m := make(map[string]struct{}, 1400)
	for _, t := range strings.Split(tldList, "\n") {
		if t != "" {
			m[t] = struct{}{}
		}
	}
	return m
}()

const (
	maxLocalLen  = 64
	maxDomainLen = 253
)

func isLocalByte(c byte) bool { return emailTab[c]&emailLocal != 0 }

func isDomainByte(c byte) bool { return emailTab[c]&emailDomain != 0 }

// emailTab classifies the bytes of a local part and of a domain.
var emailTab = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if isAlnum(b) || b == '.' || b == '_' || b == '%' || b == '+' || b == '-' || b == '\'' || b >= utf8.RuneSelf {
			t[c] |= emailLocal
		}
		if isAlnum(b) || b == '-' || b == '.' {
			t[c] |= emailDomain
		}
	}
	return t
}()

const (
	emailLocal = 1 << iota
	emailDomain
)

// matchEmail looks for an address around the separator src[at:at+sepLen]
// ("@" or "%40"). It returns the start of the local part and the end of the
// domain, or -1, -1. The local part starts at or after min.
func matchEmail(src []byte, at, sepLen, min int) (start, end int) {
	// Local part: scan back.
	s := at
	pct := false
	for s > min && at-s < maxLocalLen && isLocalByte(src[s-1]) {
		s--
		pct = pct || src[s] == '%'
	}
	// A \uXXXX escape (jos\u00e9@, JSON or a Python repr printed as text)
	// is a letter of the local part: the part goes on before it.
	for s > min && src[s-1] == '\\' && s+5 <= at && src[s] == 'u' && isHex(src[s+1]) && isHex(src[s+2]) && isHex(src[s+3]) && isHex(src[s+4]) {
		s--
		for s > min && at-s < maxLocalLen && isLocalByte(src[s-1]) {
			s--
		}
	}
	// Percent-escapes of what cannot be in a local part (%3D, %26, %2F,
	// %3A, %25 of double encoding) end what came before it:
	// redirect%3Dhttps%253A%252F%252Fx%252Fcb%253Femail%253Djane.doe%2540…
	// is not one address.
	cut := false
	for k := bytes.IndexByte(src[s:at], '%'); pct && k >= 0; {
		p := s + k
		if p+2 < at && isHex(src[p+1]) && isHex(src[p+2]) {
			if c := unhex(src[p+1])<<4 | unhex(src[p+2]); c == '%' || !isLocalByte(c) {
				s, cut = p+3, true
				k = bytes.IndexByte(src[s:at], '%')
				continue
			}
		}
		n := bytes.IndexByte(src[p+1:at], '%')
		if n < 0 {
			break
		}
		k = p + 1 + n - s
	}
	// Internationalized local parts (josé@, müller@) are letters of any
	// script; quotes and dashes outside ASCII («jane@…) are not.
	for s < at && src[s] >= utf8.RuneSelf {
		r, n := utf8.DecodeRune(src[s:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		s += n
	}
	long := at-s >= maxLocalLen
	// A literal escape (\n, \t) or percent-escapes (%22, %20) before the
	// address are not part of it, nor is a leading dot, quote or sign.
	escaped := cut
	if s > 0 && src[s-1] == '\\' && s < at && (src[s] == 'n' || src[s] == 'r' || src[s] == 't') {
		s++
		escaped = true
	} else if s > 0 && src[s-1] == '\\' && s+3 < at && src[s] == 'x' && isHex(src[s+1]) && isHex(src[s+2]) {
		s += 3 // \x22, nginx's quote
		escaped = true
	}
	for s+2 < at && src[s] == '%' && isHex(src[s+1]) && isHex(src[s+2]) {
		s += 3
		escaped = true
	}
	for s < at && (src[s] == '.' || src[s] == '\'' || src[s] == '%' || src[s] == '+' || src[s] == '-') {
		s++
		escaped = true
	}
	if s == at || src[at-1] == '.' {
		return -1, -1
	}
	if !escaped && !long && !boundaryBefore(src, s) {
		// The run was cut by the length cap or min inside a word.
		return -1, -1
	}
	// Domain: labels of letters, digits and hyphens separated by dots.
	d := at + sepLen
	e := d
	lastDot := -1
	labelStart := d
	for e < len(src) && e-d < maxDomainLen && isDomainByte(src[e]) {
		if src[e] == '.' {
			if e == labelStart || src[e-1] == '-' {
				break
			}
			lastDot = e
			labelStart = e + 1
		} else if e == labelStart && src[e] == '-' {
			break
		}
		e++
	}
	// Trim a trailing dot or hyphen (end of sentence).
	for e > d && (src[e-1] == '.' || src[e-1] == '-') {
		e--
	}
	lastDot = bytes.LastIndexByte(src[d:e], '.')
	if lastDot >= 0 {
		lastDot += d
	}
	if lastDot < 0 || lastDot >= e-1 || lastDot <= d {
		return -1, -1
	}
	if !boundaryAfter(src, e) {
		return -1, -1
	}
	if !isTLD(src[lastDot+1 : e]) {
		return -1, -1
	}
	// logo@2x.png and friends: a first label of a digit and 'x' is an image
	// density suffix, not a host.
	if d+2 <= e && isDigit(src[d]) && (src[d+1] == 'x' || src[d+1] == 'X') && (d+2 == e || src[d+2] == '.') {
		return -1, -1
	}
	// git@github.com:org/repo.git is an SSH remote, not a mailbox.
	if at-s == 3 && string(src[s:at]) == "git" && e < len(src) && src[e] == ':' {
		return -1, -1
	}
	return s, e
}

// isTLD reports whether label (ASCII, any case) is a delegated top-level domain.
func isTLD(label []byte) bool {
	if len(label) < 2 || len(label) > 24 {
		return false
	}
	if len(label) > 4 && hasPrefixFold(label, []byte("xn--")) {
		return true
	}
	if len(label) == 2 {
		// Two letters: a country code, looked up in a table.
		a, b := label[0]|0x20, label[1]|0x20
		return 'a' <= a && a <= 'z' && 'a' <= b && b <= 'z' && tld2[int(a-'a')*26+int(b-'a')]
	}
	if len(label) == 3 {
		// The commonest, before the map.
		switch uint32(label[0]|0x20)<<16 | uint32(label[1]|0x20)<<8 | uint32(label[2]|0x20) {
		case 'c'<<16 | 'o'<<8 | 'm', 'o'<<16 | 'r'<<8 | 'g', 'n'<<16 | 'e'<<8 | 't':
			return true
		}
	}
	var buf [24]byte
	for i, c := range label {
		if isUpper(c) {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	_, ok := tlds[string(buf[:len(label)])]
	return ok
}

// tld2 marks the two-letter top-level domains, at (first-'a')*26 +
// second-'a'.
var tld2 = func() (t [26 * 26]bool) {
	for d := range tlds {
		if len(d) == 2 && 'a' <= d[0] && d[0] <= 'z' && 'a' <= d[1] && d[1] <= 'z' {
			t[int(d[0]-'a')*26+int(d[1]-'a')] = true
		}
	}
	return t
}()
