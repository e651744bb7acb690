package redact

import (
	"bytes"
	"net/netip"
	"unsafe"
)

// matchIPv4 parses a dotted-quad IPv4 address at src[i], a digit at a token
// boundary. It returns the end and the address, or -1. Version strings are
// rejected: a fifth dotted group (1.2.3.4.5), a preceding "digit." or
// "Product/" (Chrome/120.0.0.0), octets over 255 and leading zeros.
func matchIPv4(src []byte, i int) (int, netip.Addr) {
	if i > 0 {
		p := src[i-1]
		if p == '.' && i > 1 && isAlnum(src[i-2]) {
			return -1, netip.Addr{}
		}
		if p == '/' && i > 1 && isAlpha(src[i-2]) && !followedByPort(src, i) && !hostBefore(src, i-1) {
			// Chrome/120.0.0.0 is a version; jane.doe/203.0.113.7:51234
			// (OpenVPN) is an address.
			return -1, netip.Addr{}
		}
	}
	var oct [4]byte
	j := i
	for k := 0; k < 4; k++ {
		if k > 0 {
			if j >= len(src) || src[j] != '.' {
				return -1, netip.Addr{}
			}
			j++
		}
		// The octet, as octet reads it, without a call per octet.
		if j >= len(src) || src[j]-'0' > 9 {
			return -1, netip.Addr{}
		}
		v := int(src[j] - '0')
		j++
		if j < len(src) && src[j]-'0' <= 9 {
			if v == 0 {
				return -1, netip.Addr{}
			}
			v = v*10 + int(src[j]-'0')
			j++
			if j < len(src) && src[j]-'0' <= 9 {
				v = v*10 + int(src[j]-'0')
				j++
				if v > 255 || j < len(src) && src[j]-'0' <= 9 {
					return -1, netip.Addr{}
				}
			}
		}
		oct[k] = byte(v)
	}
	if j < len(src) {
		c := src[j]
		if !boundaryAfter(src, j) {
			return -1, netip.Addr{}
		}
		if (c == '.' || c == '-') && j+1 < len(src) && isDigit(src[j+1]) {
			return -1, netip.Addr{}
		}
		if (c == '-' || c == '+') && j+1 < len(src) && isAlpha(src[j+1]) && j+2 < len(src) && isAlnum(src[j+2]) {
			// A version with a pre-release or build tag (1.2.3.4-beta,
			// 4.0.0.0+build), as semantic versions write them.
			return -1, netip.Addr{}
		}
	}
	return j, netip.AddrFrom4(oct)
}

// octet parses a decimal IPv4 octet at src[j]: one to three digits, no
// leading zero, at most 255, not followed by a fourth digit. It returns the
// value and the end, or -1, -1.
func octet(src []byte, j int) (v, end int) {
	if j >= len(src) {
		return -1, -1
	}
	d0 := src[j] - '0'
	if d0 > 9 {
		return -1, -1
	}
	if j+1 >= len(src) || src[j+1]-'0' > 9 {
		return int(d0), j + 1
	}
	d1 := src[j+1] - '0'
	if d0 == 0 {
		return -1, -1
	}
	if j+2 >= len(src) || src[j+2]-'0' > 9 {
		return int(d0)*10 + int(d1), j + 2
	}
	v = int(d0)*100 + int(d1)*10 + int(src[j+2]-'0')
	if v > 255 || j+3 < len(src) && src[j+3]-'0' <= 9 {
		return -1, -1
	}
	return v, j + 3
}

func isHex(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') }

// matchIPv6 looks for an IPv6 address containing the colon at src[at]. It
// scans back over hex digits to a token boundary no earlier than min, then
// forward over the address (an embedded IPv4 tail and a %zone included). It
// returns the span and the address, or -1, -1. Short addresses without a
// decimal digit (a::b, dead::beef) are not taken: they are far more often
// code (Foo::Bar) than addresses; with three colons or more they are.
func matchIPv6(src []byte, at, min int) (start, end int, addr netip.Addr) {
	s := at
	for s > min && at-s < 4 && isHex(src[s-1]) {
		s--
	}
	if s > min && (isWordByte(src[s-1]) || src[s-1] == '.') {
		return -1, -1, netip.Addr{}
	}
	// A colon before the start ends a key ("ip:2001:db8::1"), unless it is
	// part of the address itself (after hex or another colon); one that
	// starts the text (a field scanned alone, ":01::") is taken for a key's.
	if s > min && src[s-1] == ':' && s >= 2 && (isHex(src[s-2]) || src[s-2] == ':') {
		return -1, -1, netip.Addr{}
	}
	e := s
	colons, digits := 0, 0
	double := false
	for e < len(src) && e-s < 46 {
		c := src[e]
		switch {
		case c == ':':
			colons++
			if e+1 < len(src) && src[e+1] == ':' {
				if double {
					return -1, -1, netip.Addr{}
				}
				double = true
			}
		case isDigit(c):
			digits++
		case isHex(c) || c == '.':
		default:
			goto done
		}
		e++
	}
done:
	// A trailing ':' or '.' belongs to the sentence, not the address.
	for e > s && (src[e-1] == '.' || (src[e-1] == ':' && !(e-2 >= s && src[e-2] == ':'))) {
		if src[e-1] == ':' {
			colons--
		}
		e--
	}
	if p := v6PortAt(src, s, e, colons, double); p > 0 {
		// addr:port without brackets (HAProxy's %ci:%cp, AWS load
		// balancers): the port is left as it is.
		a, err := netip.ParseAddr(unsafe.String(&src[s], p-s))
		if err == nil && a.Is6() && !a.Is4In6() {
			return s, p, a
		}
	}
	if colons < 2 || digits == 0 && colons < 3 || colons > 7 {
		return -1, -1, netip.Addr{}
	}
	if !double && colons != 7 && colons != 6 {
		return -1, -1, netip.Addr{}
	}
	end = e
	if e < len(src) && src[e] == '%' {
		z := e + 1
		for z < len(src) && z-e < 16 && (isAlnum(src[z]) || src[z] == '_' || src[z] == '-' || src[z] == '.') {
			z++
		}
		if z > e+1 {
			end = z
		}
	}
	if end < len(src) && (isWordByte(src[end]) || src[end] == ':') {
		// Followed by more hex or another group: not an address we understand.
		if src[end] != ':' || end+1 < len(src) && isHex(src[end+1]) {
			return -1, -1, netip.Addr{}
		}
	}
	a, err := netip.ParseAddr(unsafe.String(&src[s], end-s))
	if err != nil || !a.Is6() {
		return -1, -1, netip.Addr{}
	}
	return s, end, a.WithZone("")
}

// v6PortAt returns the index of the ':' before a port that ends the
// IPv6 candidate src[s:e] (colons colons, a "::" when double), or -1. Only
// a candidate that cannot be an address whole is split: eight groups and
// one more, or a last group of five digits, too long for a group
// ("2001:db8::42:51234"). A port of four digits or fewer reads as a group
// and stays part of the address.
// Only a first group of three or four digits is taken, as addresses in use
// have (2001:, 2a02:, fe80:, fd12:), unlike counters and times
// (1:2:3:4:5:6:7:8:9).
func v6PortAt(src []byte, s, e, colons int, double bool) int {
	p := bytes.LastIndexByte(src[s:e], ':') + s
	if p <= s || src[p-1] == ':' || e-p-1 < 1 || e-p-1 > 5 {
		return -1
	}
	if g := bytes.IndexByte(src[s:p], ':'); g < 3 {
		return -1
	}
	for _, c := range src[p+1 : e] {
		if !isDigit(c) {
			return -1
		}
	}
	switch {
	case e-p-1 == 5:
		if colons-1 < 2 || !double && colons-1 != 7 {
			return -1
		}
	case colons == 8 && !double:
	default:
		return -1
	}
	if e < len(src) && (isWordByte(src[e]) || src[e] == ':' || src[e] == '.') {
		return -1
	}
	return p
}

// matchDashedIPv4 parses an IPv4 address written with dashes inside a
// host name at src[i], a digit after a '-': c-73-158-64-12.hsd1.ca.comcast.net,
// ip-10-0-1-23.ec2.internal, dslb-088-074-123-045.pools.example.de (reverse
// DNS names of clients, cloud hosts). Four octets, then the rest of a
// domain: two labels or more whose last is a top-level domain, or
// "internal", "local", "lan", so file names (backup-10-0-0-1.tar.gz,
// deploy-10-0-0-1.sh) and dashed dates are left alone. It returns the end and the address, or
// -1.
func matchDashedIPv4(src []byte, i int) (int, netip.Addr) {
	if i < 2 || src[i-1] != '-' || !isAlnum(src[i-2]) {
		return -1, netip.Addr{}
	}
	var b [4]byte
	j := i
	for k := range 4 {
		v, n := 0, 0
		for j < len(src) && n < 3 && isDigit(src[j]) {
			v = v*10 + int(src[j]-'0')
			j++
			n++
		}
		if n == 0 || v > 255 || j < len(src) && isDigit(src[j]) {
			return -1, netip.Addr{}
		}
		b[k] = byte(v)
		if k < 3 {
			if j >= len(src) || src[j] != '-' {
				return -1, netip.Addr{}
			}
			j++
		}
	}
	if j+1 >= len(src) || src[j] != '.' || !isAlnum(src[j+1]) || b[0] == 0 {
		return -1, netip.Addr{}
	}
	// The domain after it.
	e, dots, last := j, 0, j
	for e < len(src) && e-j < 253 && (isAlnum(src[e]) || src[e] == '-' || src[e] == '.') {
		if src[e] == '.' {
			dots++
			last = e
		}
		e++
	}
	for e > j && src[e-1] == '.' {
		e--
		dots--
		last = bytes.LastIndexByte(src[j:e], '.') + j
	}
	tld := src[last+1 : e]
	// Two labels at least (hsd1.ca.comcast.net), so a file name with an
	// extension that is also a top-level domain (deploy-10-0-0-1.sh) is
	// not taken; one only for the private names.
	if local := string(tld) == "internal" || string(tld) == "local" || string(tld) == "lan"; !local && (dots < 2 || !isTLD(tld)) || local && dots < 1 {
		return -1, netip.Addr{}
	}
	return j, netip.AddrFrom4(b)
}

// appendDashed appends the IPv4 stand-in s (dotted) the way raw, an
// address matchDashedIPv4 took, is written: with dashes, and with three
// digits an octet when raw pads them (088-074-123-045).
func appendDashed(dst, s, raw []byte) []byte {
	padded := len(raw) == 15
	for k := 0; k < len(s); {
		e := bytes.IndexByte(s[k:], '.')
		if e < 0 {
			e = len(s)
		} else {
			e += k
		}
		for n := e - k; padded && n < 3; n++ {
			dst = append(dst, '0')
		}
		dst = append(dst, s[k:e]...)
		if e < len(s) {
			dst = append(dst, '-')
		}
		k = e + 1
	}
	return dst
}

// pseudonymizableIP reports whether a is personal-data-bearing: loopback,
// unspecified and link-local multicast addresses identify no one and are
// kept, so "127.0.0.1" and "::1" survive.
func pseudonymizableIP(a netip.Addr) bool {
	a = a.Unmap()
	return !(a.IsLoopback() || a.IsUnspecified() || a.IsMulticast())
}

// followedByPort reports whether the dotted quad starting at src[i] is
// followed by ":digits".
func followedByPort(src []byte, i int) bool {
	j := i
	for j < len(src) && j-i < 16 && (isDigit(src[j]) || src[j] == '.') {
		j++
	}
	return j+1 < len(src) && src[j] == ':' && isDigit(src[j+1])
}

// hostBefore reports whether the word that ends at src[slash] is a host
// name (has a dot): db.example.com/203.0.113.5, as Java prints an
// InetAddress, unlike Chrome/120.0.0.0.
func hostBefore(src []byte, slash int) bool {
	for j := slash - 1; j >= 0 && slash-j < 256; j-- {
		c := src[j]
		if c == '.' {
			return true
		}
		if !isAlnum(c) && c != '-' {
			return false
		}
	}
	return false
}

// versionKeyBefore reports whether the number at src[i] is the value of a
// version key, which a four-part version with small parts would otherwise
// pass for an address: "Version=4.2.2.0" (.NET assembly names),
// "version: 1.2.3.4", "app_version=10.0.0.1", "\"ver\":\"1.0.0.1\"".
func versionKeyBefore(src []byte, i int) bool {
	j := i
	if j > 0 && (src[j-1] == '"' || src[j-1] == '\'') {
		j--
	}
	for j > 0 && i-j < 4 && src[j-1] == ' ' {
		j--
	}
	if j == 0 || src[j-1] != '=' && src[j-1] != ':' {
		return false
	}
	j--
	if j > 0 && (src[j-1] == '"' || src[j-1] == '\'') {
		j--
	}
	e := j
	for j > 0 && e-j < 32 && keyTab[src[j-1]] {
		j--
	}
	return isVersionKey(src[j:e])
}

// isVersionKey reports whether the key k names a version: "ver", a word
// "version" at its end (version, app_version, sdk.version, sdkVersion, not
// conversion), Sentry's "release", "dist" and "modules" (package names to
// versions: {"System.Private.CoreLib":"8.0.0.0"}), "build", a build number
// (build_number, buildNumber), or Gecko's "rv" (rv:1.9.2.3 in Firefox user
// agents).
func isVersionKey(k []byte) bool {
	switch len(k) {
	case 2:
		return string(k) == "rv"
	case 3:
		return hasPrefixFold(k, []byte("ver"))
	case 4:
		return hasPrefixFold(k, []byte("dist"))
	case 5:
		return hasPrefixFold(k, []byte("build"))
	case 7:
		if hasPrefixFold(k, []byte("release")) || hasPrefixFold(k, []byte("modules")) {
			return true
		}
	}
	if n := len(k) - len("number"); n >= 5 && hasPrefixFold(k[n:], []byte("number")) {
		b := k[:n]
		if c := b[len(b)-1]; c == '_' || c == '-' || c == '.' {
			b = b[:len(b)-1]
		}
		if len(b) >= 5 && hasPrefixFold(b[len(b)-5:], []byte("build")) {
			return true
		}
	}
	n := len(k) - len("version")
	if n < 0 || !hasPrefixFold(k[n:], []byte("version")) {
		return false
	}
	// The word version itself, not the end of another word (conversion):
	// the whole key, or after a separator or a lower-case letter in
	// camelCase (sdkVersion).
	return n == 0 || k[n-1] == '_' || k[n-1] == '-' || k[n-1] == '.' || k[n] == 'V' && isLower(k[n-1])
}
