package redact

import "testing"

func TestMatchEmail(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the address found, "" for none
	}{
		// Realistic addresses.
		{"plain", "mail jane@example.com now", "jane@example.com"},
		{"dots and plus tag", "to Jane.Doe+billing@example.com.", "Jane.Doe+billing@example.com"},
		{"digits hyphen", "x j-doe42@mail-01.example.org,", "j-doe42@mail-01.example.org"},
		{"co.uk", "<john.smith@bbc.co.uk>", "john.smith@bbc.co.uk"},
		{"mixed case domain", "JANE@EXAMPLE.COM", "JANE@EXAMPLE.COM"},
		{"quoted", `"jane@example.com"`, "jane@example.com"},
		{"apostrophe", "o'brien@example.ie", "o'brien@example.ie"},
		{"mailto", "mailto:jane@example.com", "jane@example.com"},
		{"json escaped context", `email=jane@example.com&x=1`, "jane@example.com"},
		{"idn tld", "user@example.xn--p1ai", "user@example.xn--p1ai"},
		{"unicode escape", `mail jos\u00e9@example.com x`, `jos\u00e9@example.com`},
		{"unicode escapes", `"ren\u00e9e.m\u00fcller@example.com"`, `ren\u00e9e.m\u00fcller@example.com`},
		// Near-misses.
		{"retina image", "logo@2x.png", ""},
		{"npm version", "lodash@4.17.21", ""},
		{"java identity hash", "java.lang.Object@4b1c1ea0", ""},
		{"ssh remote no tld", "git@github:org/repo.git", ""},
		{"ssh remote", "git@github.com:org/repo.git", ""},
		{"stand-in", "abc@def.invalid", ""},
		{"reserved example tld", "user@host.example", ""},
		{"no domain dot", "user@localhost", ""},
		{"trailing at", "user@", ""},
		{"leading at", "@example.com", ""},
		{"decorator", "@Override", ""},
		{"scoped npm", "@babel/core@7.1.0", ""},
		{"double dot", "jane@example..com", ""},
		{"local ends with dot", "jane.@example.com", ""},
		{"tld followed by word", "jane@example.comx", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.in)
			got := ""
			for i, c := range src {
				if c == '@' {
					if s, e := matchEmail(src, i, 1, 0); s >= 0 {
						got = string(src[s:e])
						break
					}
				}
			}
			if got != tt.want {
				t.Errorf("matchEmail(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMatchEmailPercentEncoded(t *testing.T) {
	src := []byte("/login?user=jane.doe%40example.com&next=%2F")
	at := 0
	for i := range src {
		if src[i] == '%' && src[i+1] == '4' {
			at = i
			break
		}
	}
	s, e := matchEmail(src, at, 3, 0)
	if s < 0 || string(src[s:e]) != "jane.doe%40example.com" {
		t.Fatalf("got %d %d", s, e)
	}
}

// An escaped '=', '&', '/', ':' or '%' (double encoding) ends what comes
// before the local part; an escaped '+' or '.' belongs to it.
func TestMatchEmailAfterEscapes(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"next=%2Fu%3Femail%3Djane.doe%40example.com", "jane.doe%40example.com"},
		// A double-encoded redirect as the scanner sees it, decoded once.
		{"r=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1%26email%3Djane.doe%40example.com", "jane.doe%40example.com"},
		{"a%25b%40example.com", "b%40example.com"},
		{"x%26to%3Djane.doe@example.com", "jane.doe@example.com"},
		{"mailto:jane%2Bnews%40example.com", "jane%2Bnews%40example.com"},
		{"to=jane%2Edoe%40example.com", "jane%2Edoe%40example.com"},
	} {
		src := []byte(tt.in)
		got := ""
		for i := range src {
			sep := 0
			switch {
			case src[i] == '@':
				sep = 1
			case i+2 < len(src) && string(src[i:i+3]) == "%40":
				sep = 3
			}
			if sep > 0 && got == "" {
				if s, e := matchEmail(src, i, sep, 0); s >= 0 {
					got = string(src[s:e])
				}
			}
		}
		if got != tt.want {
			t.Errorf("matchEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The two-letter table and the map agree on every pair of letters.
func TestTLDTwoLetters(t *testing.T) {
	for a := byte('a'); a <= 'z'; a++ {
		for b := byte('a'); b <= 'z'; b++ {
			_, want := tlds[string([]byte{a, b})]
			if got := isTLD([]byte{a, b}); got != want {
				t.Errorf("isTLD(%c%c) = %v, want %v", a, b, got, want)
			}
			if got := isTLD([]byte{a - 32, b}); got != want {
				t.Errorf("isTLD(%c%c) = %v, want %v", a-32, b, got, want)
			}
		}
	}
	for _, l := range []string{"1a", "a1", "-a", "é"} {
		if isTLD([]byte(l)) {
			t.Errorf("isTLD(%q) = true", l)
		}
	}
}
