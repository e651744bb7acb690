package redact

import (
	"math/rand/v2"
	"testing"
)

func TestLuhnValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// Valid numbers.
		{"visa test card", "4111111111111111", true},
		{"mastercard", "5555555555554444", true},
		{"amex", "378282246310005", true},
		{"discover", "6011111111111117", true},
		{"single zero", "0", true},
		{"zeros", "0000000000000000", true},
		{"textbook 79927398713", "79927398713", true},
		// Near misses.
		{"last digit off", "4111111111111112", false},
		{"one digit changed", "4111111111111161", false},
		{"textbook wrong check", "79927398710", false},
		{"empty", "", false},
		{"separator inside", "4111 1111 1111 1111", false},
		{"letter", "411111111111111a", false},
		{"non-ascii digit", "４111111111111111", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := luhnValid([]byte(tc.in)); got != tc.want {
				t.Errorf("luhnValid(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestLuhnCheckDigit(t *testing.T) {
	tests := []struct{ payload, want string }{
		{"411111111111111", "1"},
		{"555555555555444", "4"},
		{"37828224631000", "5"},
		{"7992739871", "3"},
		{"", "0"},
		{"0", "0"},
		{"1", "8"},
	}
	for _, tc := range tests {
		if got := string(luhnCheckDigit([]byte(tc.payload))); got != tc.want {
			t.Errorf("luhnCheckDigit(%q) = %s, want %s", tc.payload, got, tc.want)
		}
	}
	// Property: the check digit makes any payload valid, and no other digit does.
	rng := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		p := fpeRandDigits(rng, 1+rng.IntN(25))
		c := luhnCheckDigit(p)
		for d := byte('0'); d <= '9'; d++ {
			if got := luhnValid(append(p, d)); got != (d == c) {
				t.Fatalf("payload %s: luhnValid with check %c = %v (check digit %c)", p, d, got, c)
			}
		}
	}
}

func TestLuhnFix(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 2000 {
		d := fpeRandDigits(rng, 2+rng.IntN(20))
		pos := rng.IntN(len(d))
		luhnFix(d, pos)
		if !luhnValid(d) {
			t.Fatalf("luhnFix(pos %d) left %s invalid", pos, d)
		}
		// Exactly one digit at pos passes.
		n := 0
		for c := byte('0'); c <= '9'; c++ {
			d[pos] = c
			if luhnValid(d) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d digits pass at position %d of %s", n, pos, d)
		}
	}
}

func TestIBANMod97(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		// Valid IBANs give 1.
		{"DE", "DE89370400440532013000", 1},
		{"GB", "GB29NWBK60161331926819", 1},
		{"FR", "FR1420041010050500013M02606", 1},
		{"NL", "NL91ABNA0417164300", 1},
		{"NO shortest", "NO9386011117947", 1},
		{"MT", "MT84MALT011000012345MTLCAST001S", 1},
		// Near misses.
		{"wrong check digits", "DE88370400440532013000", 0},
		{"last digit changed", "DE89370400440532013001", 28},
		{"lower case", "de89370400440532013000", -1},
		{"space", "DE89 3704 0044 0532 0130 00", -1},
		{"too short", "DE89", -1},
		{"punctuation", "DE89370400440532013-00", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ibanMod97([]byte(tc.in)); got != tc.want {
				t.Errorf("ibanMod97(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestIBANCheckDigits(t *testing.T) {
	tests := []struct{ country, bban, want string }{
		{"DE", "370400440532013000", "89"},
		{"GB", "NWBK60161331926819", "29"},
		{"FR", "20041010050500013M02606", "14"},
		{"NO", "86011117947", "93"},
		{"de", "370400440532013000", "00"}, // not upper case
		{"DE", "3704-0044", "00"},
	}
	for _, tc := range tests {
		got := ibanCheckDigits([]byte(tc.country), []byte(tc.bban))
		if string(got[:]) != tc.want {
			t.Errorf("ibanCheckDigits(%s, %s) = %s, want %s", tc.country, tc.bban, got[:], tc.want)
		}
	}
	// Property: recomputed check digits always validate.
	rng := rand.New(rand.NewPCG(11, 12))
	for range 2000 {
		bban := make([]byte, 10+rng.IntN(20))
		for i := range bban {
			if rng.IntN(4) == 0 {
				bban[i] = byte('A' + rng.IntN(26))
			} else {
				bban[i] = byte('0' + rng.IntN(10))
			}
		}
		country := []byte{byte('A' + rng.IntN(26)), byte('A' + rng.IntN(26))}
		ck := ibanCheckDigits(country, bban)
		iban := append(append(append([]byte{}, country...), ck[:]...), bban...)
		if ibanMod97(iban) != 1 {
			t.Fatalf("%s does not validate", iban)
		}
	}
}

func FuzzLuhn(f *testing.F) {
	for _, s := range []string{"4111111111111111", "", "0", "79927398713", "12a4"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v := luhnValid(b)
		if len(b) == 0 || !fpeAllDigits(b) {
			if v {
				t.Fatalf("luhnValid(%q) = true", b)
			}
			return
		}
		if v != (luhnCheckDigit(b[:len(b)-1]) == b[len(b)-1]) {
			t.Fatalf("luhnValid and luhnCheckDigit disagree on %s", b)
		}
	})
}

func FuzzIBANMod97(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "GB29NWBK60161331926819", "", "DE8", "de89370400440532013000"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := ibanMod97(b)
		if r < -1 || r > 96 {
			t.Fatalf("ibanMod97(%q) = %d", b, r)
		}
		if r < 0 || !isDigit(b[2]) || !isDigit(b[3]) {
			return
		}
		ck := ibanCheckDigits(b[:2], b[4:])
		if ck == [2]byte{'0', '0'} {
			return // country code is not two letters
		}
		// Check digits count modulo 97: "00" and "97" are the same.
		have := (int(b[2]-'0')*10 + int(b[3]-'0')) % 97
		want := (int(ck[0]-'0')*10 + int(ck[1]-'0')) % 97
		if (r == 1) != (have == want) {
			t.Fatalf("%s: mod 97 = %d but check digits %s", b, r, ck[:])
		}
	})
}
