package corpus

import (
	"strconv"
	"strings"
)

// ibanFormat is one country's BBAN structure from the SWIFT IBAN registry,
// written in the registry's notation: a count followed by n (digits),
// a (upper-case letters) or c (letters and digits), e.g. "5n5n11c2n".
type ibanFormat struct {
	country string
	bban    string
}

// ibanFormats covers the SEPA countries and a few others. The total IBAN
// length is 4 plus the BBAN length.
var ibanFormats = []ibanFormat{
	{"AD", "4n4n12c"}, {"AE", "3n16n"}, {"AT", "5n11n"}, {"BE", "3n7n2n"},
	{"BG", "4a4n2n8c"}, {"BR", "8n5n10n1a1c"}, {"CH", "5n12c"}, {"CY", "3n5n16c"},
	{"CZ", "4n6n10n"}, {"DE", "8n10n"}, {"DK", "4n9n1n"}, {"EE", "2n2n11n1n"},
	{"ES", "4n4n1n1n10n"}, {"FI", "3n11n"}, {"FR", "5n5n11c2n"}, {"GB", "4a6n8n"},
	{"GR", "3n4n16c"}, {"HR", "7n10n"}, {"HU", "3n4n1n15n1n"}, {"IE", "4a6n8n"},
	{"IS", "4n2n6n10n"}, {"IT", "1a5n5n12c"}, {"LI", "5n12c"}, {"LT", "5n11n"},
	{"LU", "3n13c"}, {"LV", "4a13c"}, {"MC", "5n5n11c2n"}, {"MT", "4a5n18c"},
	{"NL", "4a10n"}, {"NO", "4n6n1n"}, {"PL", "8n16n"}, {"PT", "4n4n11n2n"},
	{"RO", "4a16c"}, {"SA", "2n18c"}, {"SE", "3n16n1n"}, {"SI", "5n8n2n"},
	{"SK", "4n6n10n"}, {"SM", "1a5n5n12c"}, {"TR", "5n1n16c"},
}

// bbanLen returns the number of characters the BBAN format spec describes.
func bbanLen(spec string) int {
	n, total := 0, 0
	for i := 0; i < len(spec); i++ {
		c := spec[i]
		if '0' <= c && c <= '9' {
			n = n*10 + int(c-'0')
			continue
		}
		total += n
		n = 0
	}
	return total
}

// ibanCheckDigits returns the two mod-97 check digits (ISO 13616) for the
// country code and BBAN.
func ibanCheckDigits(country, bban string) string {
	rem := ibanMod97(bban + country + "00")
	return twoDigits(98 - rem)
}

// ibanMod97 returns the ISO 7064 mod-97 remainder of s, where letters count
// as 10..35. s must hold only digits and upper-case letters.
func ibanMod97(s string) int {
	rem := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v int
		if '0' <= c && c <= '9' {
			v = int(c - '0')
			rem = (rem*10 + v) % 97
			continue
		}
		v = int(c-'A') + 10
		rem = (rem*100 + v) % 97
	}
	return rem
}

// ValidIBAN reports whether s (compact, upper-case) has a known country,
// that country's length and a correct mod-97 check.
func ValidIBAN(s string) bool {
	if len(s) < 5 {
		return false
	}
	for _, f := range ibanFormats {
		if f.country == s[:2] {
			if len(s) != 4+bbanLen(f.bban) {
				return false
			}
			return ibanMod97(s[4:]+s[:4]) == 1
		}
	}
	return false
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// groupIBAN writes s in the print format: groups of four separated by
// spaces.
func groupIBAN(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// iban returns a valid compact IBAN of a random listed country.
func (g *gen) iban() string {
	f := ibanFormats[g.r.IntN(len(ibanFormats))]
	if g.r.IntN(2) == 0 {
		// Weight the countries whose users the corpus is about.
		f = ibanFormatOf(g.pick(ibanCommon))
	}
	bban := g.bban(f.bban)
	return f.country + ibanCheckDigits(f.country, bban) + bban
}

// ibanCommon are the countries the corpus is mostly about.
var ibanCommon = []string{"BE", "DE", "ES", "FR", "GB", "IT", "NL", "PL", "PT", "SE"}

// ibanFormatOf returns the format of the listed country cc.
func ibanFormatOf(cc string) ibanFormat {
	for _, f := range ibanFormats {
		if f.country == cc {
			return f
		}
	}
	panic("BUG: corpus: no IBAN format for " + cc)
}

func (g *gen) bban(spec string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(spec); i++ {
		c := spec[i]
		if '0' <= c && c <= '9' {
			n = n*10 + int(c-'0')
			continue
		}
		for ; n > 0; n-- {
			switch c {
			case 'n':
				b.WriteByte(byte('0' + g.r.IntN(10)))
			case 'a':
				b.WriteByte(byte('A' + g.r.IntN(26)))
			default:
				if g.r.IntN(3) == 0 {
					b.WriteByte(byte('A' + g.r.IntN(26)))
				} else {
					b.WriteByte(byte('0' + g.r.IntN(10)))
				}
			}
		}
	}
	return b.String()
}

// badIBAN returns an IBAN of valid shape and length whose check digits are
// wrong.
func (g *gen) badIBAN() string {
	s := g.iban()
	ck, _ := strconv.Atoi(s[2:4])
	for {
		bad := 2 + g.r.IntN(97)
		if bad != ck {
			return s[:2] + twoDigits(bad) + s[4:]
		}
	}
}
