package redact

import "testing"

func TestMatchPhone(t *testing.T) {
	tests := []struct {
		name string
		in   string
		at   int
		end  int // -1: no match
		keep int
	}{
		// International, with '+'.
		{"DE mobile", "+49 170 1234567", 0, 15, 2},
		{"US dashed", "+1-202-555-0173", 0, 15, 1},
		{"US spaced", "+1 202 555 0173", 0, 15, 1},
		{"US parens", "+1 (202) 555-0173", 0, 17, 1},
		{"US compact", "+12025550173", 0, 12, 1},
		{"UK London", "+44 20 7946 0958", 0, 16, 2},
		{"UK trunk in parens", "+44 (0)20 7946 0958", 0, 19, 3},
		{"UK trunk glued", "+44(0)20 7946 0958", 0, 18, 3},
		{"FR spaced", "+33 6 12 34 56 78", 0, 17, 2},
		{"FR compact", "+33612345678", 0, 12, 2},
		{"FR dotted", "+33.6.12.34.56.78", 0, 17, 2},
		{"ES", "+34 612 345 678", 0, 15, 2},
		{"IT landline", "+39 06 1234 5678", 0, 16, 2},
		{"NL", "+31 6 12345678", 0, 14, 2},
		{"BE", "+32 470 12 34 56", 0, 16, 2},
		{"CH", "+41 44 668 18 00", 0, 16, 2},
		{"IN", "+91 98765 43210", 0, 15, 2},
		{"RU", "+7 912 345-67-89", 0, 16, 1},
		{"three digit code", "+353 1 234 5678", 0, 15, 3},
		{"three digit code with trunk", "+353 (0)1 234 5678", 0, 18, 4},
		{"trunk in parens spaced", "+44 (0) 20 7946 0958", 0, 20, 3},
		{"FR trunk in parens", "+33 (0)6 12 34 56 78", 0, 20, 3},
		{"area in parens", "+49 (170) 1234567", 0, 17, 2},
		{"RU area in parens", "+7 (912) 345-67-89", 0, 18, 1},
		{"IN dashed", "+91-98765-43210", 0, 15, 2},
		{"BR", "+55 11 91234-5678", 0, 17, 2},
		{"CN", "+86 138 0013 8000", 0, 17, 2},
		{"AU", "+61 4 1234 5678", 0, 15, 2},
		{"extension word", "+1 202 555 0173 ext 5", 0, 15, 1},
		{"freephone 800", "+800 1234 5678", 0, 14, 3},

		{"trunk 0 after code", "+49 0170 1234567", 0, 16, 3},
		{"trunk 0 after code UK", "+44 020 7946 0958", 0, 17, 3},
		{"Italy keeps its 0", "+39 06 1234 5678", 0, 16, 2},

		// International, with 00.
		{"00 DE", "0049 170 1234567", 0, 16, 4},
		{"00 UK code apart", "0044 20 7946 0958", 0, 17, 4},
		{"00 CH", "0041 44 668 18 00", 0, 17, 4},

		// International in context.
		{"after label", "tel:+49 170 1234567;", 4, 19, 2},
		{"in quotes", `"+33612345678"`, 1, 13, 2},
		{"followed by period", "call +1 202 555 0173.", 5, 20, 1},
		{"followed by date", "+49 170 1234567 2024-01-15", 0, 15, 2},
		{"followed by count", "+33 6 12 34 56 78 42", 0, 17, 2},
		{"followed by word", "+49 170 1234567 mobile", 0, 15, 2},
		{"followed by paren word", "+49 170 1234567 (mobile)", 0, 15, 2},

		// International near misses.
		{"plus one", "+1", 0, -1, 0},
		{"plus vote", "+1 to that", 0, -1, 0},
		{"plus percent", "+20%", 0, -1, 0},
		{"plus count", "+100 points", 0, -1, 0},
		{"too short for UK", "+441234", 0, -1, 0},
		{"too long for FR", "+336123456789", 0, -1, 0},
		{"NANP area starts 1", "+1 123 555 0173", 0, -1, 0},
		{"NANP exchange starts 0", "+1 202 055 0173", 0, -1, 0},
		{"NANP N11 area", "+1 911 555 0173", 0, -1, 0},
		{"unassigned code", "+999 123 456 789", 0, -1, 0},
		{"code split", "+4 9170 1234567", 0, -1, 0},
		{"plus zero", "+0 170 1234567", 0, -1, 0},
		{"plus letter", "+a", 0, -1, 0},
		{"plus space", "+ 49 170 1234567", 0, -1, 0},
		{"followed by letter", "+49 170 1234567x", 0, -1, 0},
		{"followed by at", "+33612345678@example.com", 0, -1, 0},
		{"00 unassigned", "0099 170 1234567", 0, -1, 0},
		{"first digit not used", "+44 4123 456789", 0, -1, 0},
		{"ES first digit 1", "+34 112 345 678", 0, -1, 0},
		{"glued zero", "+490170 1234567", 0, -1, 0},
		{"00 in IBAN tail", "0044 0532 0130 00", 0, -1, 0},
		{"00 too short", "00491701", 0, -1, 0},
		{"000 padded id", "000012345678", 0, -1, 0},
		{"00 tracking number", "00810385673750021600", 0, -1, 0},
		{"00 compact", "00442079460958", 0, -1, 0},
		{"00 compact id", "004326052756", 0, -1, 0},
		{"00 code glued to number", "0049170 1234567", 0, -1, 0},
		{"uuid tail", "c5d7c386-6605-4498-a2cd-008110065735", 24, -1, 0},
		{"uuid tail national", "c5d7c386-6605-4498-a2cd-061234567890", 24, -1, 0},
		{"host tail", "db-0612345678", 3, -1, 0},
		{"00 spaced zero-led", "0039 06 1234 5678", 0, 17, 4},
		{"over 15 digits", "+49 170 1234567 8901", 0, 15, 2},
		{"over 15 digits compact", "+4917012345678901", 0, -1, 0},

		// FR national.
		{"FR spaced", "06 12 34 56 78", 0, 14, 1},
		{"FR dotted", "01.23.45.67.89", 0, 14, 1},
		{"FR dashed", "06-12-34-56-78", 0, 14, 1},
		{"FR compact", "0612345678", 0, 10, 1},
		{"FR in text", "appeler le 06 12 34 56 78 svp", 11, 25, 1},

		// DE national.
		{"DE mobile", "0170 1234567", 0, 12, 1},
		{"DE Berlin", "030 12345678", 0, 12, 1},
		{"DE slash", "030/1234567", 0, 11, 1},
		{"DE dash", "089-1234567", 0, 11, 1},
		{"DE area in parens", "(030) 12345678", 0, 14, 1},
		{"DE compact mobile", "01701234567", 0, 11, 1},

		// UK national.
		{"UK London", "020 7946 0958", 0, 13, 1},
		{"UK mobile", "07700 900123", 0, 12, 1},
		{"UK Leeds", "0113 496 0000", 0, 13, 1},
		{"UK area in parens", "(020) 7946 0958", 0, 15, 1},

		// ES national.
		{"ES mobile", "612 345 678", 0, 11, 0},
		{"ES landline", "912 345 678", 0, 11, 0},
		{"ES 3-2-2-2", "912 34 56 78", 0, 12, 0},

		// IT national.
		{"IT Rome", "06 1234 5678", 0, 12, 1},
		{"IT mobile", "347 123 4567", 0, 12, 0},
		{"IT mobile 3-7", "347 1234567", 0, 11, 0},

		// NL national.
		{"NL mobile", "06 12345678", 0, 11, 1},
		{"NL Amsterdam", "020 123 4567", 0, 12, 1},
		{"NL Rotterdam dash", "010-1234567", 0, 11, 1},
		{"NL area dash", "020-345 6789", 0, 12, 1},
		{"NL area slash", "020/345 6789", 0, 12, 1},

		// BE national.
		{"BE Brussels", "02 123 45 67", 0, 12, 1},
		{"BE mobile", "0470 12 34 56", 0, 13, 1},
		{"BE Bruges", "050 12 34 56", 0, 12, 1},
		{"BE slash and dots", "02/123.45.67", 0, 12, 1},
		{"BE mobile slash and dots", "0470/12.34.56", 0, 13, 1},
		{"BE dots", "0470.12.34.56", 0, 13, 1},

		// US national.
		{"US parens", "(202) 555-0173", 0, 14, 0},
		{"US parens glued", "(202)555-0173", 0, 13, 0},
		{"US dashed", "202-555-0173", 0, 12, 0},
		{"US dotted", "202.555.0173", 0, 12, 0},
		{"US spaced", "202 555 0173", 0, 12, 0},
		{"US with 1", "1-202-555-0173", 0, 14, 1},
		{"US with 1 parens", "1 (202) 555-0173", 0, 16, 1},
		{"US in text", "call (202) 555-0173 now", 5, 19, 0},

		// National near misses: timestamps, dates, versions, addresses, sizes.
		{"timestamp", "2024-01-15 10:22:33", 0, -1, 0},
		{"timestamp compact", "20240115102233", 0, -1, 0},
		{"time part", "2024-01-15 10:22:33", 11, -1, 0},
		{"date part", "2024-01-15", 5, -1, 0},
		{"order id", "4432198761", 0, -1, 0},
		{"plain run", "2025550173", 0, -1, 0},
		{"byte count", "1048576", 0, -1, 0},
		{"version", "1.2.3", 0, -1, 0},
		{"version long", "10.20.30.40.50", 0, -1, 0},
		{"ipv4", "192.168.1.1", 0, -1, 0},
		{"ipv4 zeros", "010.001.002.003", 0, -1, 0},
		{"date dotted", "12.03.2024", 0, -1, 0},
		{"date dotted leading zero", "01.03.2024", 0, -1, 0},
		{"date slashed", "2024/01/15", 0, -1, 0},
		{"date slashed dmy", "05/01/2024", 0, -1, 0},
		{"range", "100-200", 0, -1, 0},
		{"money", "1,234.56", 0, -1, 0},
		{"money spaced thousands", "1 234 567", 0, -1, 0},
		{"thousands tail", "1 612 345 678", 2, -1, 0},
		{"ES dotted thousands", "612.345.678", 0, -1, 0},
		{"ES run on", "612 345 678 901", 0, -1, 0},
		{"ES starts 5", "512 345 678", 0, -1, 0},
		{"NANP area 123", "123-456-7890", 0, -1, 0},
		{"NANP exchange 055", "202-055-0173", 0, -1, 0},
		{"NANP mixed separators", "202-555.0173", 0, -1, 0},
		{"NANP run on", "202-555-0173-1", 0, -1, 0},
		{"FR mixed separators", "06 12.34 56 78", 0, -1, 0},
		{"NL mixed subscriber separators", "020-345 67-89", 0, -1, 0},
		{"BE mixed subscriber separators", "02/123.45 67", 0, -1, 0},
		{"UK dotted area", "020.7946 0958", 0, -1, 0},
		{"FR six groups", "06 12 34 56 78 90", 0, -1, 0},
		{"FR run on letters", "06 12 34 56 78ab", 0, -1, 0},
		{"zero padded", "0000012345", 0, -1, 0},
		{"compact too short", "061234567", 0, -1, 0},
		{"compact too long", "061234567890", 0, -1, 0},
		{"decimal fraction", "0.0612345678", 2, -1, 0},
		{"hex", "0x1234567890", 0, -1, 0},
		{"uuid part", "0612-3456-7890", 0, -1, 0},
		{"port", "0612345678:8080", 0, -1, 0},
		{"email local part", "0612345678@example.com", 0, -1, 0},
		{"area only", "030 1234", 0, -1, 0},
		{"unclosed paren", "(202 555-0173", 0, -1, 0},
		{"glued extension", "(202) 555-0173x12", 0, -1, 0},
		{"parens elsewhere", "202 (555) 0173", 0, -1, 0},
		{"too many groups", "1 2 3 4 5 6 7 8 9 0", 0, -1, 0},
		{"letter before", "x0612345678", 1, -1, 0},
		{"utc offset", "2024-01-15T10:22:33+01:00", 19, -1, 0},
		{"gmt offset", "GMT +0200", 4, -1, 0},
		{"plus count long", "+100500", 0, -1, 0},
		{"spaced thousands", "1 048 576 bytes", 0, -1, 0},
		{"date dmy slashes", "06/12/2024", 0, -1, 0},
		{"zero led pair", "0612 2024", 0, -1, 0},
		{"mac address", "00-1B-63-84-45-E6", 0, -1, 0},
		{"coordinate", "0.1278", 0, -1, 0},
		{"four hundreds", "100 200 300 400", 0, -1, 0},
		{"windows build", "10.0.19045.3693", 0, -1, 0},
		{"dotted version", "1.2.3.4.5", 0, -1, 0},
		{"zero padded ip", "010.010.010.010", 0, -1, 0},
		{"duration", "took 0.123456789s", 5, -1, 0},
		{"hex id", "0123456789abcdef", 0, -1, 0},
		{"underscore before", "id_0612345678", 3, -1, 0},

		// Defensive calls.
		{"index past end", "0612345678", 10, -1, 0},
		{"negative index", "0612345678", -1, -1, 0},
		{"empty", "", 0, -1, 0},
		{"lone paren", "(", 0, -1, 0},
		{"lone zero", "0", 0, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end, keep := matchPhone([]byte(tt.in), tt.at)
			if end != tt.end || end >= 0 && keep != tt.keep {
				t.Errorf("matchPhone(%q, %d) = %d, %d; want %d, %d", tt.in, tt.at, end, keep, tt.end, tt.keep)
			}
		})
	}
}

func TestMatchPhoneLongInput(t *testing.T) {
	// A run longer than the look-ahead cap is not a phone number, and the
	// detector does not read it to its end.
	long := []byte("+49 ")
	for range 100 {
		long = append(long, "12 "...)
	}
	if end, _ := matchPhone(long, 0); end != -1 {
		t.Errorf("matchPhone(long run) = %d, want -1", end)
	}
}

func TestIsPhone(t *testing.T) {
	tests := []struct {
		in   string
		keep int
		ok   bool
	}{
		{"+49 170 1234567", 2, true},
		{"0612345678", 1, true},
		{"(202) 555-0173", 0, true},
		{"+49 170 1234567 ", 0, false},
		{"tel +49 170 1234567", 0, false},
		{"+1 202 555 0173 2024", 0, false},
		{"4432198761", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		keep, ok := isPhone([]byte(tt.in))
		if ok != tt.ok || ok && keep != tt.keep {
			t.Errorf("isPhone(%q) = %d, %v; want %d, %v", tt.in, keep, ok, tt.keep, tt.ok)
		}
	}
}

func TestPhoneCallingCodes(t *testing.T) {
	tests := []struct {
		digits string
		cc     int
		ccLen  int
	}{
		{"12025550173", 1, 1},
		{"4917012345", 49, 2},
		{"35312345678", 353, 3},
		{"7912345", 7, 1},
		{"2901234", 290, 3},
		{"99912345", 0, 0},
		{"0491701234", 0, 0},
		{"", 0, 0},
	}
	for _, tt := range tests {
		cc, n := phoneCallingCode([]byte(tt.digits), 3)
		if cc != tt.cc || n != tt.ccLen {
			t.Errorf("phoneCallingCode(%q) = %d, %d; want %d, %d", tt.digits, cc, n, tt.cc, tt.ccLen)
		}
	}
	// The table is prefix-free: no code is a prefix of another.
	for cc := 1; cc < 1000; cc++ {
		if phoneCodes[cc].lengths == 0 {
			continue
		}
		for p := cc / 10; p > 0; p /= 10 {
			if phoneCodes[p].lengths != 0 {
				t.Errorf("calling code %d has the assigned prefix %d", cc, p)
			}
		}
	}
}

func TestMatchPhoneIntl(t *testing.T) {
	tests := []struct {
		name string
		in   string
		at   int
		end  int
		keep int
	}{
		{"percent encoded plus", "to=%2B447700900123&x=1", 6, 18, 2},
		{"NANP", "phone=%2B14155550123", 9, 20, 1},
		{"spaced", "+33 6 12 34 56 78", 1, 17, 2},
		{"too short", "%2B4477", 3, -1, 0},
		{"not a digit", "%2Bx", 3, -1, 0},
		{"run on", "%2B447700900123abc", 3, -1, 0},
		{"index past end", "%2B", 3, -1, 0},
		{"negative index", "4477009001230", -1, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end, keep := matchPhoneIntl([]byte(tt.in), tt.at)
			if end != tt.end || end >= 0 && keep != tt.keep {
				t.Errorf("matchPhoneIntl(%q, %d) = %d, %d; want %d, %d", tt.in, tt.at, end, keep, tt.end, tt.keep)
			}
		})
	}
}
