package redact

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"net/netip"
	"unicode"
	"unicode/utf8"
)

// Sub-key labels: each sub-key is HMAC-SHA256(master key, label), so the
// master key itself is used for nothing else and never kept.
const (
	labelToken     = "piiproxy/v1/token"
	labelCryptoPAn = "piiproxy/v1/crypto-pan"
	labelFPE       = "piiproxy/v1/fpe"
)

// Token tags for values that are not a Kind of their own.
const tagEmailDomain = "email.domain"

// Stand-in token lengths in base32 characters (5 bits each): 60 bits for
// an email's local part and generic tokens keep collisions below one in ten
// thousand across ten million values of one domain or kind.
const (
	emailTokenLen  = 12
	domainTokenLen = 8
	nameTokenLen   = 10
	genericLen     = 12
	// phoneMinReplaced is how many digits of a phone number are replaced at
	// least, whatever the caller asks to keep.
	phoneMinReplaced = 4
)

// base32Lower is the RFC 4648 base32 alphabet in lower case.
const base32Lower = "abcdefghijklmnopqrstuvwxyz234567"

// pseudoKeys is the key material derived from a master key. It is read-only
// once made and shared by a Pseudonymizer and its clones.
type pseudoKeys struct {
	token [sha256.Size]byte
	pan   cryptoPAn    // key material only: each clone has its own copy
	fpe   cipher.Block // AES-256
}

// Pseudonymizer turns detected values into keyed, deterministic stand-ins
// of the same shape. The zero value is not usable: make one with
// NewPseudonymizer. It is not safe for concurrent use: Clone one per
// goroutine (clones share the key material). Its Append methods append to
// dst, which the caller owns, and do not allocate once dst has room.
type Pseudonymizer struct {
	keys *pseudoKeys
	mac  hash.Hash // HMAC-SHA256 under keys.token
	sum  [sha256.Size]byte
	pan  cryptoPAn
	fpe  fpeCipher
	// buf batches the normalized value for mac; w is how much of it is used.
	buf [128]byte
	w   int
	// dig holds the compact form (digits, or IBAN characters) of a value.
	dig [64]byte
	// sub holds the digits that go through FPE.
	sub [64]byte
	tw  [32]byte // tweak under construction
	// The last stand-in domain, as most addresses share a few domains.
	lastDomain    [64]byte
	lastDomainLen int // 0: none
	lastDomainTok [domainTokenLen]byte
}

// NewPseudonymizer returns a Pseudonymizer for key (at least MinKeyLen
// bytes). It keeps only sub-keys derived from key, not key itself, and its
// errors never contain key material.
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < MinKeyLen {
		return nil, ErrShortKey
	}
	k := &pseudoKeys{token: deriveKey(key, labelToken)}
	panKey := deriveKey(key, labelCryptoPAn)
	pan, err := newCryptoPAn(panKey[:])
	if err != nil {
		return nil, fmt.Errorf("redact: crypto-pan key setup: %w", err)
	}
	k.pan = pan
	fpeKey := deriveKey(key, labelFPE)
	if k.fpe, err = aes.NewCipher(fpeKey[:]); err != nil {
		return nil, fmt.Errorf("redact: fpe key setup: %w", err)
	}
	clear(panKey[:])
	clear(fpeKey[:])
	return k.pseudonymizer(), nil
}

// deriveKey returns HMAC-SHA256(master, label).
func deriveKey(master []byte, label string) [sha256.Size]byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(label))
	var out [sha256.Size]byte
	m.Sum(out[:0])
	return out
}

// pseudonymizer returns a new Pseudonymizer with its own scratch state over k.
func (k *pseudoKeys) pseudonymizer() *Pseudonymizer {
	p := &Pseudonymizer{keys: k, mac: hmac.New(sha256.New, k.token[:])}
	p.pan = k.pan.clone()
	p.fpe.block = k.fpe
	return p
}

// Clone returns a Pseudonymizer with the same key and its own scratch state,
// for use by another goroutine. Clone itself is safe to call concurrently
// with the methods of p.
func (p *Pseudonymizer) Clone() *Pseudonymizer { return p.keys.pseudonymizer() }

// RandomKey returns MinKeyLen bytes from crypto/rand, for runs that were
// given no key (their stand-ins cannot be matched across runs).
func RandomKey() ([]byte, error) {
	k := make([]byte, MinKeyLen)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("redact: random key: %w", err)
	}
	return k, nil
}

// Token hashing: begin, then put/putLower/putRune, then finish.

// begin starts the token HMAC for tag: tag || 0x00 || value follows.
func (p *Pseudonymizer) begin(tag string) {
	p.mac.Reset()
	p.w = copy(p.buf[:], tag)
	p.buf[p.w] = 0
	p.w++
}

// flush hands the batched bytes to the HMAC.
func (p *Pseudonymizer) flush() {
	p.mac.Write(p.buf[:p.w])
	p.w = 0
}

// put adds the byte c to the value being hashed.
func (p *Pseudonymizer) put(c byte) {
	if p.w == len(p.buf) {
		p.flush()
	}
	p.buf[p.w] = c
	p.w++
}

// putLower adds s with ASCII letters folded to lower case.
func (p *Pseudonymizer) putLower(s []byte) {
	for len(s) > 0 {
		if p.w == len(p.buf) {
			p.flush()
		}
		n := min(len(s), len(p.buf)-p.w)
		dst := p.buf[p.w : p.w+n]
		for i, c := range s[:n] {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst[i] = c
		}
		p.w += n
		s = s[n:]
	}
}

// putRune adds the UTF-8 encoding of r.
func (p *Pseudonymizer) putRune(r rune) {
	if p.w+utf8.UTFMax > len(p.buf) {
		p.flush()
	}
	p.w += utf8.EncodeRune(p.buf[p.w:], r)
}

// finish completes the HMAC into p.sum.
func (p *Pseudonymizer) finish() {
	p.flush()
	p.mac.Sum(p.sum[:0])
}

// appendToken appends the first n (at most 12) base32 characters of p.sum.
func (p *Pseudonymizer) appendToken(dst []byte, n int) []byte {
	v := binary.BigEndian.Uint64(p.sum[:8])
	for range n {
		dst = append(dst, base32Lower[v>>59])
		v <<= 5
	}
	return dst
}

// AppendEmail appends the stand-in for the address local+sep+domain:
// ten base32 characters keyed on the case-folded address, then sep as given
// ("@", or "%40" in URLs), then either the domain as given (keepDomain) or
// eight base32 characters keyed on the case-folded domain followed by
// ".invalid", so one domain always gets one stand-in domain.
func (p *Pseudonymizer) AppendEmail(dst, local, sep, domain []byte, keepDomain bool) []byte {
	p.begin(kindNames[KindEmail])
	p.putLower(local)
	p.put('@')
	p.putLower(domain)
	p.finish()
	dst = p.appendToken(dst, emailTokenLen)
	dst = append(dst, sep...)
	if keepDomain {
		return append(dst, domain...)
	}
	if n := p.lastDomainLen; n == 0 || !bytes.Equal(domain, p.lastDomain[:n]) {
		p.begin(tagEmailDomain)
		p.putLower(domain)
		p.finish()
		p.appendToken(p.lastDomainTok[:0], domainTokenLen)
		p.lastDomainLen = 0
		if len(domain) <= len(p.lastDomain) {
			p.lastDomainLen = copy(p.lastDomain[:], domain)
		}
	}
	dst = append(dst, p.lastDomainTok[:]...)
	return append(dst, ".invalid"...)
}

// AppendIP appends the canonical text of the stand-in for addr: its
// Crypto-PAn image, which keeps the address family and maps addresses that
// share a prefix to addresses that share a prefix of the same length; it is
// a bijection, so distinct addresses never share a stand-in. The first
// prefixBits bits are kept as they are (clamped to the address length) and
// the rest still map prefix-preserving. An IPv4-mapped IPv6 address maps its
// IPv4 part as the plain IPv4 address would (prefixBits counting IPv4 bits)
// and stays IPv4-mapped. A zone is dropped; the invalid Addr appends
// nothing. The first call for a key makes an 8 KiB table shared by all
// clones (a millisecond or two).
func (p *Pseudonymizer) AppendIP(dst []byte, addr netip.Addr, prefixBits int) []byte {
	switch {
	case !addr.IsValid():
		return dst
	case addr.Is4() || addr.Is4In6():
		var a [16]byte
		v4 := addr.Unmap().As4()
		copy(a[:4], v4[:])
		p.pan.anonymize(&a, 32, prefixBits)
		out := netip.AddrFrom4([4]byte(a[:4]))
		if addr.Is4In6() {
			out = netip.AddrFrom16(out.As16())
		}
		return out.AppendTo(dst)
	default:
		a := addr.As16()
		p.pan.anonymize(&a, 128, prefixBits)
		return netip.AddrFrom16(a).AppendTo(dst)
	}
}

// AppendIBAN appends the stand-in for the IBAN raw, compact or grouped with
// spaces: same country, length and grouping, the BBAN's letters kept, its
// digits through a keyed format-preserving permutation (country in the
// tweak), and check digits recomputed so that it passes MOD 97. raw should
// be a validated IBAN; anything that does not look like one (over 64
// characters, no country code) gets a generic "iban-<token>" instead, never
// itself.
func (p *Pseudonymizer) AppendIBAN(dst, raw []byte) []byte {
	n := 0
	for _, c := range raw {
		if !isAlnum(c) {
			continue
		}
		if n == len(p.dig) {
			return p.AppendToken(dst, KindIBAN, raw)
		}
		if isLower(c) {
			c -= 'a' - 'A'
		}
		p.dig[n] = c
		n++
	}
	iban := p.dig[:n]
	if n < 5 || !isUpper(iban[0]) || !isUpper(iban[1]) {
		return p.AppendToken(dst, KindIBAN, raw)
	}
	bban := iban[4:]
	nd := 0
	for _, c := range bban {
		if isDigit(c) {
			p.sub[nd] = c
			nd++
		}
	}
	tw := append(append(p.tw[:0], kindNames[KindIBAN]...), 0, iban[0], iban[1], byte(n))
	p.fpe.encrypt(p.sub[:nd], tw)
	nd = 0
	for i, c := range bban {
		if isDigit(c) {
			bban[i] = p.sub[nd]
			nd++
		}
	}
	ck := ibanCheckDigits(iban[:2], bban)
	iban[2], iban[3] = ck[0], ck[1]
	return appendReshaped(dst, raw, iban, isAlnum)
}

// appendReshaped appends raw with each byte for which keep holds replaced, in
// order, by the bytes of repl.
func appendReshaped(dst, raw, repl []byte, keep func(byte) bool) []byte {
	j := 0
	for _, c := range raw {
		if keep(c) && j < len(repl) {
			c = repl[j]
			j++
		}
		dst = append(dst, c)
	}
	return dst
}

// cardBrandPrefix returns how many leading digits of the card number d
// identify its brand: four for Mastercard 2221-2720 and Discover 6011 and
// 644-649, two otherwise (Visa 4, Mastercard 51-55, Amex 34/37, ...).
func cardBrandPrefix(d []byte) int {
	if len(d) >= 4 {
		v := int(d[0]-'0')*1000 + int(d[1]-'0')*100 + int(d[2]-'0')*10 + int(d[3]-'0')
		if 2221 <= v && v <= 2720 || v == 6011 || 6440 <= v && v <= 6499 {
			return 4
		}
	}
	return 2
}

// AppendCard appends the stand-in for the card number raw, plain or grouped
// with spaces or dashes: same length and separators, the brand prefix kept
// (see cardBrandPrefix), the middle digits through a keyed format-preserving
// permutation, and the check digit recomputed so that it passes Luhn.
//
// With keepLast4 the last four digits are kept too, and the digit before
// them is the one recomputed for Luhn. That is still one-to-one for a given
// prefix and last four: in a Luhn-valid input that digit is fixed by all the
// others (each position has exactly one digit that makes the sum right), so
// two different valid inputs with the same prefix and last four differ in
// the middle digits; the permutation keeps them different, and the outputs
// differ there whatever digit is then recomputed. Inputs with a different
// prefix, last four or length differ in the kept digits or the length.
//
// raw should be Luhn-valid with 12 to 19 digits; a number too short to keep
// at least one middle digit keeps less of its prefix, and one with no room
// at all or over 64 digits gets "card-<token>" instead, never itself.
func (p *Pseudonymizer) AppendCard(dst, raw []byte, keepLast4 bool) []byte {
	n := 0
	for _, c := range raw {
		if isDigit(c) {
			if n == len(p.dig) {
				return p.AppendToken(dst, KindCard, raw)
			}
			p.dig[n] = c
			n++
		}
	}
	d := p.dig[:n]
	tail := 1
	if keepLast4 {
		tail = 5
	}
	pre := cardBrandPrefix(d)
	if n-pre-tail < 1 {
		pre = n - tail - 1
		if pre < 0 {
			return p.AppendToken(dst, KindCard, raw)
		}
	}
	tw := append(append(p.tw[:0], kindNames[KindCard]...), 0, byte(n), byte(tail))
	tw = append(tw, d[:pre]...)
	if keepLast4 {
		tw = append(tw, d[n-4:]...)
	}
	p.fpe.encrypt(d[pre:n-tail], tw)
	if keepLast4 {
		luhnFix(d, n-tail)
	} else {
		d[n-1] = luhnCheckDigit(d[:n-1])
	}
	return appendReshaped(dst, raw, d, isDigit)
}

// AppendPhone appends the stand-in for the phone number raw: every byte
// that is not a digit ('+', spaces, '-', '.', parentheses, '/') stays in
// place, the first keep digits (country code or trunk prefix) are kept, and
// the others go through a keyed format-preserving permutation whose tweak
// holds the kept digits and the digit count. At least four digits (all of
// them in shorter numbers) are replaced whatever keep says. A number with
// over 64 digits gets "phone-<token>" instead.
func (p *Pseudonymizer) AppendPhone(dst, raw []byte, keep int) []byte {
	n := 0
	for _, c := range raw {
		if isDigit(c) {
			if n == len(p.dig) {
				return p.AppendToken(dst, KindPhone, raw)
			}
			p.dig[n] = c
			n++
		}
	}
	d := p.dig[:n]
	keep = min(max(keep, 0), max(n-phoneMinReplaced, 0))
	tw := append(append(p.tw[:0], kindNames[KindPhone]...), 0, byte(n), byte(keep))
	tw = append(tw, d[:keep]...)
	p.fpe.encrypt(d[keep:], tw)
	return appendReshaped(dst, raw, d, isDigit)
}

// AppendName appends the stand-in for a person's name: "Name-" and eight
// base32 characters keyed on the name folded for case and accents, with
// runs of white space made one space and trimmed, so that "Müller",
// "muller" and "MÜLLER" are one person.
func (p *Pseudonymizer) AppendName(dst, raw []byte) []byte {
	p.begin(kindNames[KindName])
	p.putFoldedName(raw)
	p.finish()
	dst = append(dst, "Name-"...)
	return p.appendToken(dst, nameTokenLen)
}

// AppendToken appends a generic stand-in "<kind>-<token>" for values with no
// shape of their own (custom rules, whole fields): ten base32 characters
// keyed on the kind and the raw bytes as they are.
func (p *Pseudonymizer) AppendToken(dst []byte, kind Kind, raw []byte) []byte {
	name := kind.String()
	p.begin(name)
	p.flush()
	p.mac.Write(raw)
	p.finish()
	dst = append(dst, name...)
	dst = append(dst, '-')
	return p.appendToken(dst, genericLen)
}

// Name folding.

// latinFold maps U+00C0 to U+017F (Latin-1 Supplement letters and Latin
// Extended-A) to a lower-case ASCII base letter; '#' marks the runes handled
// by foldLatinSpecial (ligatures, thorn, sharp s, and the two signs × ÷).
const latinFold = "" +
	"aaaaaa#ceeeeiiii" + "dnooooo#ouuuuy##" + // U+00C0
	"aaaaaa#ceeeeiiii" + "dnooooo#ouuuuy#y" + // U+00E0
	"aaaaaaccccccccdd" + "ddeeeeeeeeeegggg" + // U+0100
	"gggghhhhiiiiiiii" + "ii##jjkkklllllll" + // U+0120
	"lllnnnnnnnnnoooo" + "oo##rrrrrrssssss" + // U+0140
	"ssttttttuuuuuuuu" + "uuuuwwyyyzzzzzzs" //   U+0160

// foldLatinSpecial returns the ASCII spelling of the runes latinFold marks
// with '#' that fold to letters, or "" for the others.
func foldLatinSpecial(r rune) string {
	switch r {
	case 'Æ', 'æ':
		return "ae"
	case 'Þ', 'þ':
		return "th"
	case 'ß', 'ẞ':
		return "ss"
	case 'Ĳ', 'ĳ':
		return "ij"
	case 'Œ', 'œ':
		return "oe"
	}
	return ""
}

// foldLatinMore returns the ASCII base letter of the accented letters
// outside Latin-1 and Latin Extended-A that names use most: Romanian s and t
// with comma below, the Vietnamese letters (horned o and u, and Latin
// Extended Additional U+1EA0-U+1EF9), and the pinyin vowels with caron. It
// returns 0 for other runes.
func foldLatinMore(r rune) byte {
	switch {
	case r == 'Ș' || r == 'ș':
		return 's'
	case r == 'Ț' || r == 'ț':
		return 't'
	case r == 'Ơ' || r == 'ơ':
		return 'o'
	case r == 'Ư' || r == 'ư':
		return 'u'
	case 0x1cd <= r && r <= 0x1dc:
		// Ǎ ǎ Ǐ ǐ Ǒ ǒ Ǔ ǔ, then ü with macron, acute, caron and grave.
		return "aaiioouuuuuuuuuu"[r-0x1cd]
	case 0x1ea0 <= r && r <= 0x1ef9:
		switch {
		case r <= 0x1eb7:
			return 'a'
		case r <= 0x1ec7:
			return 'e'
		case r <= 0x1ecb:
			return 'i'
		case r <= 0x1ee3:
			return 'o'
		case r <= 0x1ef1:
			return 'u'
		default:
			return 'y'
		}
	}
	return 0
}

// putFoldedName adds raw folded: ASCII and Unicode letters to lower case
// (through upper case, so that dotless i, long s and final sigma meet their
// plain forms), Latin-1 and Latin Extended-A letters and those of
// foldLatinMore to their ASCII base letters, combining diacritical marks (U+0300-U+036F) dropped, and white
// space collapsed to single spaces with none at either end. Bytes that are
// not valid UTF-8 are kept as they are.
func (p *Pseudonymizer) putFoldedName(raw []byte) {
	started, space := false, false
	for i := 0; i < len(raw); {
		c := raw[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRune(raw[i:])
		}
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			// Invalid UTF-8: keep the byte so that distinct inputs stay distinct.
		case unicode.IsSpace(r):
			space = started
			continue
		case 0x300 <= r && r <= 0x36f:
			continue
		}
		if space {
			p.put(' ')
			space = false
		}
		started = true
		switch {
		case r == utf8.RuneError && size == 1:
			p.put(c)
		case r < utf8.RuneSelf:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			p.put(c)
		case 0xc0 <= r && r <= 0x17f && latinFold[r-0xc0] != '#':
			p.put(latinFold[r-0xc0])
		default:
			if s := foldLatinSpecial(r); s != "" {
				for k := 0; k < len(s); k++ {
					p.put(s[k])
				}
				continue
			}
			if c := foldLatinMore(r); c != 0 {
				p.put(c)
				continue
			}
			p.putRune(unicode.ToLower(unicode.ToUpper(r)))
		}
	}
}
