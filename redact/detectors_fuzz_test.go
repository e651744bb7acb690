package redact

import "testing"

// Fuzz targets for the card, IBAN, phone and SSN detectors. Each is called
// at every index of the input, as the scanner would at token starts and
// more, and must not panic, must report an end within the input and past
// the start, and must only report what validates.

var detectorSeeds = []string{
	"",
	"4111111111111111",
	"4111 1111 1111 1111",
	"3782-822463-10005",
	"4111111111111111.5",
	"41111111111111111111",
	"a4111111111111111",
	"DE89370400440532013000",
	"DE89 3704 0044 0532 0130 00",
	"GB29 NWBK 6016 1331 9268 19 EUR",
	"LC55HEMM000100010012001200023015",
	"+49 170 1234567",
	"+44 (0)20 7946 0958",
	"+1 (202) 555-0173",
	"0049 170 1234567",
	"06 12 34 56 78",
	"(030) 12345678",
	"1 (202) 555-0173",
	"612 345 678",
	"123-45-6789",
	"2024-01-15 10:22:33",
	"192.168.1.1",
	"((((((((",
	"020-345 6789",
	"02/123.45.67",
	"+49 0170 1234567",
	"%2B447700900123",
	"3733 7915 6685 965",
	"MU17 BOMM 0101 1010 3030 0200 000M UR",
	"+(0)",
	"0 0 0 0 0 0 0 0 0 0 0 0",
	"user=jane card=4111-1111-1111-1111 iban=FR1420041010050500013M02606 tel=+33612345678 ssn=123-45-6789",
}

func FuzzMatchCard(f *testing.F) {
	for _, s := range detectorSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for i := -1; i <= len(src); i++ {
			end := matchCard(src, i)
			if end == -1 {
				continue
			}
			if end <= i || end > len(src) {
				t.Fatalf("matchCard(%q, %d) = %d: out of range", src, i, end)
			}
			raw := src[i:end]
			var digits []byte
			for _, b := range raw {
				switch {
				case isDigit(b):
					digits = append(digits, b)
				case b != ' ' && b != '-':
					t.Fatalf("matchCard(%q, %d) = %d: byte %q in %q", src, i, end, b, raw)
				}
			}
			n := len(digits)
			if n < 13 || n > 19 || !luhnValid(digits) || !boundaryBefore(src, i) || !boundaryAfter(src, end) {
				t.Fatalf("matchCard(%q, %d) = %d: %q does not validate", src, i, end, raw)
			}
		}
	})
}

func FuzzMatchIBAN(f *testing.F) {
	for _, s := range detectorSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for i := -1; i <= len(src); i++ {
			end := matchIBAN(src, i)
			if end == -1 {
				continue
			}
			if end <= i || end > len(src) {
				t.Fatalf("matchIBAN(%q, %d) = %d: out of range", src, i, end)
			}
			raw := src[i:end]
			c := ibanLookup(raw[0], raw[1])
			var compact []byte
			for _, b := range raw {
				if b != ' ' {
					compact = append(compact, b)
				}
			}
			if c == nil || len(compact) != int(c.length) || ibanMod97(compact) != 1 || !boundaryAfter(src, end) {
				t.Fatalf("matchIBAN(%q, %d) = %d: %q does not validate", src, i, end, raw)
			}
		}
	})
}

func FuzzMatchPhone(f *testing.F) {
	for _, s := range detectorSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for i := -1; i <= len(src); i++ {
			end, keep := matchPhone(src, i)
			if end == -1 {
				continue
			}
			if end <= i || end > len(src) || end-i > phoneMaxScan+1 {
				t.Fatalf("matchPhone(%q, %d) = %d: out of range", src, i, end)
			}
			raw := src[i:end]
			n := 0
			for _, b := range raw {
				switch {
				case isDigit(b):
					n++
				case b != '+' && b != '(' && b != ')' && !isPhoneSep(b):
					t.Fatalf("matchPhone(%q, %d) = %d: byte %q in %q", src, i, end, b, raw)
				}
			}
			if n < 7 || keep < 0 || keep > 6 || keep >= n || !boundaryAfter(src, end) {
				t.Fatalf("matchPhone(%q, %d) = %d, %d: %q does not validate", src, i, end, keep, raw)
			}
			if raw[0] == '+' {
				if cc, ccLen := phoneCallingCode(raw[1:], 3); ccLen == 0 || phoneCodes[cc].lengths == 0 || keep != ccLen && keep != ccLen+1 {
					t.Fatalf("matchPhone(%q, %d) = %d, %d: bad calling code", src, i, end, keep)
				}
			}
		}
		for i := -1; i <= len(src); i++ {
			end, keep := matchPhoneIntl(src, i)
			if end == -1 {
				continue
			}
			if end <= i || end > len(src) || end-i > phoneMaxScan {
				t.Fatalf("matchPhoneIntl(%q, %d) = %d: out of range", src, i, end)
			}
			cc, ccLen := phoneCallingCode(src[i:end], 3)
			if ccLen == 0 || phoneCodes[cc].lengths == 0 || keep != ccLen && keep != ccLen+1 || !boundaryAfter(src, end) {
				t.Fatalf("matchPhoneIntl(%q, %d) = %d, %d: does not validate", src, i, end, keep)
			}
		}
	})
}

func FuzzMatchSSN(f *testing.F) {
	for _, s := range detectorSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for i := -1; i <= len(src); i++ {
			end := matchSSN(src, i)
			if end == -1 {
				continue
			}
			if end != i+11 || end > len(src) {
				t.Fatalf("matchSSN(%q, %d) = %d: out of range", src, i, end)
			}
			s := string(src[i:end])
			if s[3] != '-' || s[6] != '-' || s[:3] == "000" || s[:3] == "666" || s[0] == '9' ||
				s[4:6] == "00" || s[7:] == "0000" || !boundaryAfter(src, end) {
				t.Fatalf("matchSSN(%q, %d) = %d: %q does not validate", src, i, end, s)
			}
		}
	})
}
