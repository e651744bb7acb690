package corpus

import "strings"

// cardBrand is a card scheme with its issuer prefixes (IIN ranges written
// as the prefixes the generator picks from), lengths and print grouping.
type cardBrand struct {
	name     string
	prefixes []string
	lengths  []int
	groups   []int // digit groups for the printed form; nil means 4-4-4-4…
}

var cardBrands = []cardBrand{
	{"visa", []string{"4"}, []int{16, 16, 16, 13, 19}, nil},
	{"mastercard", []string{"51", "52", "53", "54", "55", "2221", "2300", "2720"}, []int{16}, nil},
	{"amex", []string{"34", "37"}, []int{15}, []int{4, 6, 5}},
	{"discover", []string{"6011", "644", "649", "65"}, []int{16}, nil},
	{"jcb", []string{"3528", "3530", "3566", "3589"}, []int{16}, nil},
	{"diners", []string{"36", "300", "305", "38"}, []int{14}, []int{4, 6, 4}},
	{"unionpay", []string{"62"}, []int{16, 19}, nil},
	{"maestro", []string{"6759", "5018", "5020", "6304"}, []int{16, 19}, nil},
}

// luhnCheckDigit returns the digit that, appended to payload, makes the
// number pass the Luhn check.
func luhnCheckDigit(payload string) byte {
	sum := 0
	double := true
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// LuhnValid reports whether the digit string s passes the Luhn check.
func LuhnValid(s string) bool {
	if len(s) < 2 {
		return false
	}
	return luhnCheckDigit(s[:len(s)-1]) == s[len(s)-1]
}

// card returns a Luhn-valid card number of a random brand, in compact or
// printed form.
func (g *gen) card() string {
	b := cardBrands[g.r.IntN(len(cardBrands))]
	if g.r.IntN(3) > 0 {
		// Visa and Mastercard dominate real traffic.
		b = cardBrands[g.r.IntN(2)]
	}
	p := b.prefixes[g.r.IntN(len(b.prefixes))]
	n := b.lengths[g.r.IntN(len(b.lengths))]
	digits := p + g.digits(n-1-len(p))
	num := digits + string(luhnCheckDigit(digits))
	switch g.r.IntN(4) {
	case 0, 1:
		return num
	case 2:
		return groupDigits(num, b.groups, " ")
	default:
		return groupDigits(num, b.groups, "-")
	}
}

func groupDigits(num string, groups []int, sep string) string {
	var b strings.Builder
	i := 0
	for k := 0; i < len(num); k++ {
		size := 4
		if k < len(groups) {
			size = groups[k]
		}
		if i > 0 {
			b.WriteString(sep)
		}
		end := min(i+size, len(num))
		b.WriteString(num[i:end])
		i = end
	}
	return b.String()
}

// luhnInvalid returns a 16-digit number with a card-like prefix that fails
// the Luhn check: an order id that must not be taken for a card.
func (g *gen) luhnInvalid() string {
	p := []string{"4", "5", "3", "6", "1", "2", "7", "8", "9"}[g.r.IntN(9)]
	digits := p + g.digits(14)
	good := luhnCheckDigit(digits)
	bad := byte('0' + (int(good-'0')+1+g.r.IntN(9))%10)
	return digits + string(bad)
}
