package redact

import "testing"

func TestMatchCard(t *testing.T) {
	tests := []struct {
		name string
		in   string
		at   int
		want int // end, or -1
	}{
		// Plain numbers of each brand.
		{"visa 16", "4111111111111111", 0, 16},
		{"visa 13", "4222222222222", 0, 13},
		{"visa 19", "4111111111111111110", 0, 19},
		{"mastercard 51", "5105105105105100", 0, 16},
		{"mastercard 55", "5555555555554444", 0, 16},
		{"mastercard 2-series", "2221000000000009", 0, 16},
		{"mastercard 2720", "2720992718079513", 0, 16},
		{"amex 34", "340000000000009", 0, 15},
		{"amex 37", "378282246310005", 0, 15},
		{"discover 6011", "6011111111111117", 0, 16},
		{"discover 65", "6500000000000002", 0, 16},
		{"discover 644", "6445644564456445", 0, 16},
		{"jcb", "3530111333300000", 0, 16},
		{"jcb 3566", "3566002020360505", 0, 16},
		{"diners 300", "30569309025904", 0, 14},
		{"diners 36", "36148900647913", 0, 14},
		{"diners 38", "38520000023237", 0, 14},
		{"unionpay", "6200000000000005", 0, 16},
		{"maestro 50", "5018000000000009", 0, 16},
		{"maestro 67 19 digits", "6759649826438453003", 0, 19},
		{"maestro 67 luhn invalid", "6759649826438453000", 0, -1},
		{"maestro 67 13 digits", "6759000000005", 0, 13},

		// Grouped numbers.
		{"spaces 4-4-4-4", "4111 1111 1111 1111", 0, 19},
		{"dashes 4-4-4-4", "4111-1111-1111-1111", 0, 19},
		{"amex 4-6-5", "3782 822463 10005", 0, 17},
		{"amex 4-6-5 dashes", "3782-822463-10005", 0, 17},
		{"diners 4-6-4", "3056 930902 5904", 0, 16},
		{"visa 4-4-4-4-3", "4111 1111 1111 1111 110", 0, 23},
		{"visa 4-4-4-1", "4222 2222 2222 2", 0, 16},

		// In context.
		{"after label", "card=4111111111111111 exp", 5, 21},
		{"in quotes", `"4111111111111111"`, 1, 17},
		{"followed by comma", "4111111111111111,5555555555554444", 0, 16},
		{"second in list", "4111111111111111,5555555555554444", 17, 33},
		{"followed by space digit", "4111111111111111 12/25", 0, 16},
		{"followed by period", "paid with 4111111111111111.", 10, 26},
		{"dashed then space digit", "4111-1111-1111-1111 2025", 0, 19},
		{"followed by utf8 space", "4111111111111111\u00a0", 0, -1},

		// Near misses: checksum, brand, length.
		{"luhn invalid", "4111111111111112", 0, -1},
		{"luhn invalid order id", "4532015112830367", 0, -1},
		{"luhn valid unknown brand", "1234567812345670", 0, -1},
		{"luhn valid brand 9", "9111111111111111", 0, -1},
		{"mastercard wrong length", "555555555555444", 0, -1},
		{"amex wrong length", "3782822463100050", 0, -1},
		{"visa 14 digits", "41111111111111", 0, -1},
		{"12 digits", "411111111111", 0, -1},
		{"20 digit run", "41111111111111111111", 0, -1},
		{"20 digit run luhn valid", "41111111111111111114", 0, -1},
		{"timestamp ms", "1700000000000", 0, -1},
		{"timestamp ms luhn valid", "1700000000008", 0, -1},

		// Near misses: runs that continue.
		{"embedded after letter", "a4111111111111111", 1, -1},
		{"hex hash", "deadbeef4111111111111111", 8, -1},
		{"followed by letter", "4111111111111111a", 0, -1},
		{"followed by hex", "4111111111111111ff", 0, -1},
		{"decimal", "4111111111111111.5", 0, -1},
		{"decimal before", "0.4111111111111111", 2, -1},
		{"dash suffix", "4111111111111111-1", 0, -1},
		{"slash suffix", "4111111111111111/2", 0, -1},
		{"underscore before", "id_4111111111111111", 3, -1},
		{"underscore after", "4111111111111111_x", 0, -1},
		{"dash prefix digits", "2024-4111111111111111", 5, -1},
		{"longer grouped run", "4111 1111 1111 1111 1111", 0, -1},
		{"grouped tail of longer run", "1234 4111 1111 1111 1111", 5, -1},
		{"grouped then dash digit", "4111 1111 1111 1111-12", 0, -1},
		{"grouped then decimal", "4111 1111 1111 1111.5", 0, -1},
		{"mixed separators", "4111-1111 1111 1111", 0, -1},
		{"double space", "4111  1111  1111  1111", 0, -1},
		{"groups of 3", "411 111 111 111 111 1", 0, -1},
		{"groups of 5", "41111 11111 11111 1", 0, -1},
		{"bad last group", "4111 1111 1111 11111", 0, -1},

		// Defensive calls.
		{"not at boundary", "x4111111111111111", 1, -1},
		{"not a digit", "card", 0, -1},
		{"index past end", "4111", 4, -1},
		{"negative index", "4111111111111111", -1, -1},
		{"empty", "", 0, -1},
		{"short tail", "41", 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchCard([]byte(tt.in), tt.at); got != tt.want {
				t.Errorf("matchCard(%q, %d) = %d, want %d", tt.in, tt.at, got, tt.want)
			}
		})
	}
}

func TestIsCard(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"4111111111111111", true},
		{"4111 1111 1111 1111", true},
		{"3782-822463-10005", true},
		{"4111111111111111 ", false},
		{"4111111111111111x", false},
		{"card 4111111111111111", false},
		{"4111111111111112", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isCard([]byte(tt.in)); got != tt.want {
			t.Errorf("isCard(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
