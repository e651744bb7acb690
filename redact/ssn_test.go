package redact

import "testing"

func TestMatchSSN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		at   int
		want int
	}{
		// Valid numbers.
		{"plain", "123-45-6789", 0, 11},
		{"area 001", "001-01-0001", 0, 11},
		{"area 899", "899-99-9999", 0, 11},
		{"area 665", "665-12-3456", 0, 11},
		{"area 667", "667-12-3456", 0, 11},
		{"in text", "ssn: 123-45-6789.", 5, 16},
		{"in quotes", `"123-45-6789"`, 1, 12},
		{"followed by space digit", "123-45-6789 2024", 0, 11},
		{"after dash without digit", "ssn-123-45-6789", 4, 15},

		// Never-issued ranges.
		{"area 000", "000-12-3456", 0, -1},
		{"area 666", "666-12-3456", 0, -1},
		{"area 900", "900-12-3456", 0, -1},
		{"area 999", "999-12-3456", 0, -1},
		{"group 00", "123-00-6789", 0, -1},
		{"serial 0000", "123-45-0000", 0, -1},

		// Other shapes.
		{"undashed", "123456789", 0, -1},
		{"spaces", "123 45 6789", 0, -1},
		{"date", "2024-01-15", 0, -1},
		{"phone", "202-555-0173", 0, -1},
		{"short serial", "123-45-678", 0, -1},
		{"dots", "123.45.6789", 0, -1},
		{"mixed", "123-45.6789", 0, -1},

		// Runs that continue.
		{"more digits", "123-45-67890", 0, -1},
		{"letter after", "123-45-6789a", 0, -1},
		{"dash digit after", "123-45-6789-1", 0, -1},
		{"decimal after", "123-45-6789.5", 0, -1},
		{"dash digit before", "1-123-45-6789", 2, -1},
		{"dot digit before", "1.123-45-6789", 2, -1},
		{"underscore before", "x_123-45-6789", 2, -1},
		{"letter before", "a123-45-6789", 1, -1},

		// Defensive calls.
		{"too short", "123-45-67", 0, -1},
		{"index past end", "123-45-6789", 11, -1},
		{"negative index", "123-45-6789", -1, -1},
		{"empty", "", 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchSSN([]byte(tt.in), tt.at); got != tt.want {
				t.Errorf("matchSSN(%q, %d) = %d, want %d", tt.in, tt.at, got, tt.want)
			}
		})
	}
}
