package redact

// IBAN check-digit arithmetic (ISO 13616, ISO 7064 MOD 97-10), shared by the
// IBAN detector (validation) and the pseudonymizer (check digits of the
// stand-in).

// mod97Feed continues the MOD 97-10 remainder r over s, where digits count
// as themselves and upper-case letters as 10 (A) to 35 (Z). It returns -1
// when s holds any other byte.
func mod97Feed(r int, s []byte) int {
	for _, c := range s {
		switch {
		case '0' <= c && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case 'A' <= c && c <= 'Z':
			r = (r*100 + int(c-'A') + 10) % 97
		default:
			return -1
		}
	}
	return r
}

// ibanMod97 returns the MOD 97-10 remainder of the compact upper-case IBAN
// iban, read as the standard says: the BBAN first, then the country code and
// check digits moved to the end. A valid IBAN gives 1. It returns -1 when
// iban is shorter than five bytes or holds a byte other than an ASCII digit
// or upper-case letter.
func ibanMod97(iban []byte) int {
	if len(iban) < 5 {
		return -1
	}
	r := mod97Feed(0, iban[4:])
	if r < 0 {
		return -1
	}
	return mod97Feed(r, iban[:4])
}

// ibanCheckDigits returns the two ASCII check digits (02 to 98) of the IBAN
// made of country (two upper-case letters) and the compact upper-case
// bbanCompact. It returns "00", which no valid IBAN carries, when either
// holds a byte other than an ASCII digit or upper-case letter.
func ibanCheckDigits(country []byte, bbanCompact []byte) [2]byte {
	r := mod97Feed(0, bbanCompact)
	if r >= 0 {
		r = mod97Feed(r, country)
	}
	if r < 0 {
		return [2]byte{'0', '0'}
	}
	r = r * 100 % 97 // the placeholder check digits "00"
	c := 98 - r
	return [2]byte{byte('0' + c/10), byte('0' + c%10)}
}
