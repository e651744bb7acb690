package corpus

import "strings"

// phonePlan builds a phone number of one country: the national significant
// number and its national and international printed forms.
type phonePlan struct {
	cc string // country calling code
	// nsn returns a national significant number (no trunk prefix).
	nsn func(g *gen) string
	// national prints nsn the way people of the country write it.
	national func(g *gen, nsn string) string
	// intl prints nsn after "+cc " with spaces, the way the country groups it.
	intl func(nsn string) string
}

// groups splits s into groups of the given sizes (the last takes the rest)
// joined by sep.
func groups(s, sep string, sizes ...int) string {
	var b strings.Builder
	i := 0
	for k, n := range sizes {
		if i >= len(s) {
			break
		}
		if k > 0 {
			b.WriteString(sep)
		}
		end := min(i+n, len(s))
		if k == len(sizes)-1 {
			end = len(s)
		}
		b.WriteString(s[i:end])
		i = end
	}
	return b.String()
}

var phonePlans = []phonePlan{
	{ // France: mobiles 06 (not 0639 and 069, which serve the overseas
		// departments) and 073-078, geographic 01-05; written 06 12 34 56 78.
		cc: "33",
		nsn: func(g *gen) string {
			p := g.pick([]string{"60", "61", "62", "65", "66", "67", "68", "73", "74", "75", "76", "77", "78", "14", "15", "240", "320", "388", "472", "491", "556", "561"})
			return p + g.digits(9-len(p))
		},
		national: func(g *gen, n string) string {
			sep := []string{" ", " ", ".", ""}[g.r.IntN(4)]
			return groups("0"+n, sep, 2, 2, 2, 2, 2)
		},
		intl: func(n string) string { return groups(n, " ", 1, 2, 2, 2, 2) },
	},
	{ // Germany: mobiles 151/152/160/170-179 + 7 or 8 digits; Berlin 30.
		cc: "49",
		nsn: func(g *gen) string {
			if g.r.IntN(4) == 0 {
				return "30" + g.digits(8)
			}
			p := []string{"151", "152", "157", "160", "170", "171", "172", "176", "178", "179"}[g.r.IntN(10)]
			return p + g.digits(8)
		},
		national: func(g *gen, n string) string {
			k := 3
			if strings.HasPrefix(n, "30") {
				k = 2
			}
			sep := []string{" ", " ", "/", "-"}[g.r.IntN(4)]
			return "0" + n[:k] + sep + n[k:]
		},
		intl: func(n string) string {
			if strings.HasPrefix(n, "30") {
				return n[:2] + " " + n[2:]
			}
			return n[:3] + " " + n[3:]
		},
	},
	{ // United Kingdom: mobiles in fully allocated 07xxx blocks; London 020.
		cc: "44",
		nsn: func(g *gen) string {
			if g.r.IntN(4) == 0 {
				return "20" + string("378"[g.r.IntN(3)]) + g.digits(7)
			}
			p := g.pick([]string{"740", "745", "750", "751", "753", "754", "771", "772", "780", "781", "788", "790", "792", "795"})
			return p + g.digits(7)
		},
		national: func(g *gen, n string) string {
			if strings.HasPrefix(n, "20") {
				return groups("0"+n, " ", 3, 4, 4)
			}
			return groups("0"+n, " ", 5, 6)
		},
		intl: func(n string) string {
			if strings.HasPrefix(n, "20") {
				return groups(n, " ", 2, 4, 4)
			}
			return groups(n, " ", 4, 6)
		},
	},
	{ // Spain: mobiles 6xx and 7[1-4]x, Madrid 91; nine digits, no trunk prefix.
		cc: "34",
		nsn: func(g *gen) string {
			switch g.r.IntN(4) {
			case 0:
				return "91" + string("2345"[g.r.IntN(4)]) + g.digits(6)
			case 1:
				return "7" + string("1234"[g.r.IntN(4)]) + g.digits(7)
			}
			return "6" + g.digits(8)
		},
		national: func(g *gen, n string) string {
			if g.r.IntN(2) == 0 {
				return groups(n, " ", 3, 3, 3)
			}
			return groups(n, " ", 3, 2, 2, 2)
		},
		intl: func(n string) string { return groups(n, " ", 3, 3, 3) },
	},
	{ // Italy: mobiles 3[2-9]x + 7 digits; Rome 06 keeps its 0 internationally.
		cc: "39",
		nsn: func(g *gen) string {
			if g.r.IntN(4) == 0 {
				return "06" + string("3456789"[g.r.IntN(7)]) + g.digits(7)
			}
			return "3" + string("234789"[g.r.IntN(6)]) + string("0123456789"[g.r.IntN(10)]) + g.digits(7)
		},
		national: func(g *gen, n string) string {
			if strings.HasPrefix(n, "06") {
				return groups(n, " ", 2, 4, 4)
			}
			return groups(n, " ", 3, 3, 4)
		},
		intl: func(n string) string {
			if strings.HasPrefix(n, "06") {
				return groups(n, " ", 2, 4, 4)
			}
			return groups(n, " ", 3, 3, 4)
		},
	},
	{ // Netherlands: mobiles 6 + 8 digits; Amsterdam 20.
		cc: "31",
		nsn: func(g *gen) string {
			if g.r.IntN(4) == 0 {
				return "20" + string("3456789"[g.r.IntN(7)]) + g.digits(6)
			}
			return "6" + string("12345"[g.r.IntN(5)]) + g.digits(7)
		},
		national: func(g *gen, n string) string {
			if strings.HasPrefix(n, "20") {
				return "020-" + n[2:5] + " " + n[5:]
			}
			return "06" + []string{"-", " ", ""}[g.r.IntN(3)] + n[1:]
		},
		intl: func(n string) string {
			if strings.HasPrefix(n, "20") {
				return groups(n, " ", 2, 3, 4)
			}
			return groups(n, " ", 1, 8)
		},
	},
	{ // Belgium: mobiles 4[5-9]x + 6 digits; Brussels 2.
		cc: "32",
		nsn: func(g *gen) string {
			if g.r.IntN(4) == 0 {
				return "2" + string("2345"[g.r.IntN(4)]) + g.digits(6)
			}
			return "4" + string("6789"[g.r.IntN(4)]) + g.digits(7)
		},
		national: func(g *gen, n string) string {
			if n[0] == '2' {
				return groups("0"+n, " ", 2, 3, 2, 2)
			}
			return groups("0"+n, " ", 4, 2, 2, 2)
		},
		intl: func(n string) string {
			if n[0] == '2' {
				return groups(n, " ", 1, 3, 2, 2)
			}
			return groups(n, " ", 3, 2, 2, 2)
		},
	},
	{ // United States: NPA NXX XXXX with real area codes.
		cc: "1",
		nsn: func(g *gen) string {
			npa := []string{"212", "202", "206", "303", "305", "312", "404", "415", "512", "617", "646", "702", "713", "818"}[g.r.IntN(14)]
			nxx := string(byte('2'+g.r.IntN(8))) + g.digits(1) + string(byte('2'+g.r.IntN(8)))
			return npa + nxx + g.digits(4)
		},
		national: func(g *gen, n string) string {
			switch g.r.IntN(3) {
			case 0:
				return "(" + n[:3] + ") " + n[3:6] + "-" + n[6:]
			case 1:
				return n[:3] + "-" + n[3:6] + "-" + n[6:]
			}
			return n[:3] + "." + n[3:6] + "." + n[6:]
		},
		intl: func(n string) string { return n[:3] + "-" + n[3:6] + "-" + n[6:] },
	},
}

// phone returns a phone number of a random country in one of the forms
// people write: E.164 (+33612345678), international with spaces
// (+33 6 12 34 56 78) or national (06 12 34 56 78).
func (g *gen) phone() string {
	p := phonePlans[g.r.IntN(len(phonePlans))]
	n := p.nsn(g)
	switch g.r.IntN(5) {
	case 0, 1:
		return "+" + p.cc + n
	case 2:
		return "+" + p.cc + " " + p.intl(n)
	default:
		return p.national(g, n)
	}
}

// phoneE164 returns a phone number in E.164 form.
func (g *gen) phoneE164() string {
	p := phonePlans[g.r.IntN(len(phonePlans))]
	return "+" + p.cc + p.nsn(g)
}
