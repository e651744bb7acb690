package redact

import (
	"strconv"
	"testing"
)

func TestMatchIBAN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		at   int
		want int
	}{
		// Compact and grouped forms.
		{"DE compact", "DE89370400440532013000", 0, 22},
		{"DE grouped", "DE89 3704 0044 0532 0130 00", 0, 27},
		{"GB compact", "GB29NWBK60161331926819", 0, 22},
		{"GB grouped", "GB29 NWBK 6016 1331 9268 19", 0, 27},
		{"FR letters in account", "FR1420041010050500013M02606", 0, 27},
		{"FR grouped", "FR14 2004 1010 0505 0001 3M02 606", 0, 33},
		{"NO shortest", "NO9386011117947", 0, 15},
		{"LC longest", "LC55HEMM000100010012001200023015", 0, 32},
		{"BE exact fours", "BE68 5390 0754 7034", 0, 19},
		{"NL", "NL91ABNA0417164300", 0, 18},
		{"MT", "MT84MALT011000012345MTLCAST001S", 0, 31},
		{"BR", "BR1800360305000010009795493C1", 0, 29},

		// In context.
		{"after label", "iban=DE89370400440532013000&x=1", 5, 27},
		{"in quotes", `"GB29NWBK60161331926819"`, 1, 23},
		{"grouped then currency", "DE89 3704 0044 0532 0130 00 EUR", 0, 27},
		{"exact fours then word", "BE68 5390 0754 7034 EUR", 0, 19},
		{"followed by period", "to DE89370400440532013000.", 3, 25},

		// Near misses.
		{"wrong check digits", "DE88370400440532013000", 0, -1},
		{"transposed digits", "DE89370400440532013300", 0, -1},
		{"check digits 99 alias", "GB99NWBK60161331926819", 0, -1},
		{"unknown country", "XX89370400440532013000", 0, -1},
		{"US is not an IBAN country", "US64SVBKUS6S3300958879", 0, -1},
		{"too short", "DE8937040044053201300", 0, -1},
		{"too long", "DE893704004405320130001", 0, -1},
		{"followed by letters", "DE89370400440532013000AB", 0, -1},
		{"grouped run on", "DE89 3704 0044 0532 0130 001", 0, -1},
		{"lower case", "de89370400440532013000", 0, -1},
		{"lower case bank code", "GB29nwbk60161331926819", 0, -1},
		{"digit where letters", "GB291WBK60161331926819", 0, -1},
		{"letter where digits", "DE8937040044053201300A", 0, -1},
		{"mixed grouping", "DE89 37040044 0532 0130 00", 0, -1},
		{"groups of five", "DE89 37040 04405 32013 000", 0, -1},
		{"double space", "DE89  3704 0044 0532 0130 00", 0, -1},
		{"dash grouped", "DE89-3704-0044-0532-0130-00", 0, -1},
		{"letter before", "XDE89370400440532013000", 1, -1},
		{"embedded in word", "ibanDE89370400440532013000", 4, -1},

		// Defensive calls.
		{"index past end", "DE89", 4, -1},
		{"negative index", "DE89370400440532013000", -1, -1},
		{"three bytes", "DE8", 0, -1},
		{"empty", "", 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchIBAN([]byte(tt.in), tt.at); got != tt.want {
				t.Errorf("matchIBAN(%q, %d) = %d, want %d", tt.in, tt.at, got, tt.want)
			}
		})
	}
}

// TestMatchIBANRegistry builds an IBAN for every registry country and
// territory, compact and grouped, and checks that it is found whole, and
// that a wrong check digit, a wrong length and a wrong character class are not.
func TestMatchIBANRegistry(t *testing.T) {
	codes := make([]string, 0, len(ibanRegistry)+len(ibanTerritories))
	for _, c := range ibanRegistry {
		codes = append(codes, c.code)
	}
	for _, c := range ibanTerritories {
		codes = append(codes, c.code)
	}
	for _, code := range codes {
		c := ibanLookup(code[0], code[1])
		if c == nil {
			t.Fatalf("%s: not in the index", code)
		}
		iban := testIBAN(code, testBBAN(c.bban, '7', 'K'))
		if len(iban) != int(c.length) {
			t.Fatalf("%s: built %q of length %d, registry says %d", code, iban, len(iban), c.length)
		}
		if got := matchIBAN([]byte(iban), 0); got != len(iban) {
			t.Errorf("%s: matchIBAN(%q) = %d, want %d", code, iban, got, len(iban))
		}
		if g := groupFours(iban); matchIBAN([]byte(g), 0) != len(g) {
			t.Errorf("%s: grouped %q not found", code, g)
		}
		bad := []byte(iban)
		bad[3] = '0' + (bad[3]-'0'+1)%10
		if matchIBAN(bad, 0) != -1 {
			t.Errorf("%s: %q with a wrong check digit was found", code, bad)
		}
		if long := testIBAN(code, testBBAN(c.bban, '7', 'K')+"7"); matchIBAN([]byte(long), 0) != -1 {
			t.Errorf("%s: %q one character too long was found", code, long)
		}
		if short := testIBAN(code, testBBAN(c.bban, '7', 'K')[1:]); matchIBAN([]byte(short), 0) != -1 {
			t.Errorf("%s: %q one character too short was found", code, short)
		}
		if hasClass(c.bban, 'n') {
			if wrong := testIBAN(code, testBBAN(c.bban, 'Q', 'K')); matchIBAN([]byte(wrong), 0) != -1 {
				t.Errorf("%s: %q with letters where digits belong was found", code, wrong)
			}
		}
	}
}

func TestIBANRegistryTable(t *testing.T) {
	seen := map[string]bool{}
	for k, c := range ibanRegistry {
		if len(c.code) != 2 || !isUpper(c.code[0]) || !isUpper(c.code[1]) {
			t.Errorf("entry %d: bad code %q", k, c.code)
		}
		if k > 0 && ibanRegistry[k-1].code >= c.code {
			t.Errorf("entry %d: %s not sorted after %s", k, c.code, ibanRegistry[k-1].code)
		}
		seen[c.code] = true
		n, pos := 0, 0
		for pos < len(c.bban) {
			run := 0
			for pos < len(c.bban) && isDigit(c.bban[pos]) {
				run = run*10 + int(c.bban[pos]-'0')
				pos++
			}
			if run == 0 || pos+1 >= len(c.bban) || c.bban[pos] != '!' || !phoneSepIn(c.bban[pos+1], "nac") {
				t.Fatalf("%s: malformed structure %q", c.code, c.bban)
			}
			n += run
			pos += 2
		}
		if 4+n != int(c.length) || c.length > 34 {
			t.Errorf("%s: structure %q gives length %d, table says %d", c.code, c.bban, 4+n, c.length)
		}
	}
	if len(ibanRegistry) != 89 {
		t.Errorf("registry has %d countries, release 100 has 89", len(ibanRegistry))
	}
	for _, tr := range ibanTerritories {
		if seen[tr.code] || !seen[tr.parent] {
			t.Errorf("territory %s: code already a country or parent %s missing", tr.code, tr.parent)
		}
	}
}

func TestIsIBAN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"DE89370400440532013000", true},
		{"DE89 3704 0044 0532 0130 00", true},
		{"DE89 3704 0044 0532 0130 00 ", false},
		{" DE89370400440532013000", false},
		{"DE89370400440532013001", false},
		{"iban DE89370400440532013000", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isIBAN([]byte(tt.in)); got != tt.want {
			t.Errorf("isIBAN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// testBBAN returns a BBAN of the registry structure s, with digit for every
// n position and letter for every a and c position.
func testBBAN(s string, digit, letter byte) string {
	var b []byte
	for pos := 0; pos < len(s); {
		run := 0
		for ; isDigit(s[pos]); pos++ {
			run = run*10 + int(s[pos]-'0')
		}
		class := s[pos+1]
		pos += 2
		for ; run > 0; run-- {
			if class == 'n' {
				b = append(b, digit+byte(run%3))
			} else {
				b = append(b, letter)
			}
		}
	}
	return string(b)
}

func hasClass(s string, class byte) bool {
	for k := 0; k+1 < len(s); k++ {
		if s[k] == '!' && s[k+1] == class {
			return true
		}
	}
	return false
}

// testIBAN returns the IBAN of country code and bban with the check digits
// computed as ISO 13616 says.
func testIBAN(code, bban string) string {
	r := 0
	for _, b := range []byte(bban + code + "00") {
		if isDigit(b) {
			r = (r*10 + int(b-'0')) % 97
		} else {
			r = (r*100 + int(b-'A') + 10) % 97
		}
	}
	cd := strconv.Itoa(98 - r)
	if len(cd) == 1 {
		cd = "0" + cd
	}
	return code + cd + bban
}

func groupFours(s string) string {
	var b []byte
	for k := 0; k < len(s); k++ {
		if k > 0 && k%4 == 0 {
			b = append(b, ' ')
		}
		b = append(b, s[k])
	}
	return string(b)
}
