package bench

import (
	"bytes"
	"net/netip"
	"net/url"

	"github.com/piiproxy/piiproxy/bench/corpus"
	"github.com/piiproxy/piiproxy/redact"
)

// ShapeChecked reports whether ShapeValid has a rule for kind k: email, ip,
// iban, card, phone, ssn and name.
func ShapeChecked(k redact.Kind) bool {
	switch k {
	case redact.KindEmail, redact.KindIP, redact.KindIBAN, redact.KindCard,
		redact.KindPhone, redact.KindSSN, redact.KindName:
		return true
	}
	return false
}

// IsLabelOrMask reports whether a replacement is a redaction label such as
// "[email]" or a mask holding '*', which have no shape to check.
func IsLabelOrMask(rep []byte) bool {
	return len(rep) >= 2 && rep[0] == '[' && rep[len(rep)-1] == ']' || bytes.IndexByte(rep, '*') >= 0
}

// ShapeValid reports whether the stand-in rep has the shape of kind k, as
// the design promises downstream parsers: an email address with a dotted
// domain, a parseable IP address, an IBAN with its country's length and a
// valid check, a Luhn-valid card number of 12 to 19 digits, a phone number
// of 7 to 15 digits, an SSN as ddd-dd-dddd, a name starting with a letter.
// Percent-encoded stand-ins are decoded first. Kinds without a rule
// (ShapeChecked) are always valid.
func ShapeValid(k redact.Kind, rep []byte) bool {
	s := string(rep)
	if bytes.IndexByte(rep, '%') >= 0 {
		if d, err := url.PathUnescape(s); err == nil {
			s = d
		}
	}
	switch k {
	case redact.KindEmail:
		at := -1
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '@':
				if at >= 0 {
					return false
				}
				at = i
			case c <= ' ':
				return false
			}
		}
		if at <= 0 {
			return false
		}
		dot := bytes.LastIndexByte([]byte(s[at+1:]), '.')
		return dot > 0 && dot < len(s[at+1:])-1
	case redact.KindIP:
		if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
			s = s[1 : len(s)-1]
		}
		_, err := netip.ParseAddr(s)
		return err == nil
	case redact.KindIBAN:
		return corpus.ValidIBAN(stripBytes(s, " "))
	case redact.KindCard:
		d := stripBytes(s, " -")
		return len(d) >= 12 && len(d) <= 19 && allDigits(d) && corpus.LuhnValid(d)
	case redact.KindPhone:
		d := stripBytes(s, "+ -./()")
		return len(d) >= 7 && len(d) <= 15 && allDigits(d)
	case redact.KindSSN:
		return len(s) == 11 && s[3] == '-' && s[6] == '-' && allDigits(s[:3]+s[4:6]+s[7:])
	case redact.KindName:
		for _, r := range s {
			return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0x80
		}
		return false
	}
	return true
}

func stripBytes(s, cut string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if bytes.IndexByte([]byte(cut), s[i]) < 0 {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
