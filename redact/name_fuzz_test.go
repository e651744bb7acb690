package redact

import "testing"

var nameSeeds = []string{
	"",
	"John Smith",
	"Mr Smith",
	"Mr. ",
	"M.",
	"M. X",
	"Dr van der ",
	"Jan van der Berg",
	"John F. Kennedy",
	"John F.",
	"Smith, John",
	"Smith, ",
	"name=Smith",
	"name is ",
	" is Garcia",
	"Jean-Luc Moreau",
	"Jean-",
	"O'Brien",
	"O'",
	"O\u2019Brien",
	"O\xe2\x80",
	"McDonald",
	"Mc",
	"Łukasz Kowalski",
	"\xc5",
	"\xff\xfe",
	"Ærø Øystein",
	"Straße",
	"NullPointerException",
	"com.example.Smith",
	"Smith.java",
	"Taylor()",
	"Europe/Paris",
	"Name-1a2b3c4d",
	"Dear Olivia,",
	"«Jean Dupont»",
	"„\xe2",
	"•\xff",
	"Smith</",
	"user.first_name=Olivia",
	nameBenchText,
}

// FuzzNameMatch calls the name matcher at every offset: it must not panic,
// and a span must start at or after the offset and end within the input,
// after its start.
func FuzzNameMatch(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add([]byte(s))
	}
	m := newNameMatcher(NameConfig{FreeText: true, ExtraFirst: []string{"Zorblax"}, Stop: []string{"Zyxco"}})
	f.Fuzz(func(t *testing.T, src []byte) {
		for i := -1; i <= len(src); i++ {
			s, e := m.match(src, i)
			if s == -1 && e == -1 {
				continue
			}
			if s < i || e <= s || e > len(src) {
				t.Fatalf("match(%q, %d) = %d, %d: out of range", src, i, s, e)
			}
		}
		findNamesCount(m, src)
	})
}
