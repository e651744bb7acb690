package redact

import "net/netip"

// Pseudonymizer turns detected values into keyed, deterministic stand-ins
// of the same shape. It is not safe for concurrent use: Clone one per
// goroutine (clones share the key material).
type Pseudonymizer struct {
	key []byte
}

// NewPseudonymizer returns a Pseudonymizer for key (at least MinKeyLen bytes).
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < MinKeyLen {
		return nil, ErrShortKey
	}
	return &Pseudonymizer{key: append([]byte(nil), key...)}, nil
}

// Clone returns a Pseudonymizer with the same key and its own scratch state.
func (p *Pseudonymizer) Clone() *Pseudonymizer { c := *p; return &c }

// AppendEmail appends the stand-in for the address local+sep+domain.
func (p *Pseudonymizer) AppendEmail(dst, local, sep, domain []byte, keepDomain bool) []byte {
	return append(dst, "x"+string(sep)+"x.invalid"...)
}

// AppendIP appends the stand-in for addr, keeping prefixBits leading bits.
func (p *Pseudonymizer) AppendIP(dst []byte, addr netip.Addr, prefixBits int) []byte {
	return addr.AppendTo(dst)
}

// AppendIBAN appends the stand-in for the IBAN raw (compact or grouped).
func (p *Pseudonymizer) AppendIBAN(dst, raw []byte) []byte { return append(dst, raw...) }

// AppendCard appends the stand-in for the card number raw.
func (p *Pseudonymizer) AppendCard(dst, raw []byte, keepLast4 bool) []byte {
	return append(dst, raw...)
}

// AppendPhone appends the stand-in for the phone number raw, keeping its
// first keep digits (country code or trunk prefix).
func (p *Pseudonymizer) AppendPhone(dst, raw []byte, keep int) []byte {
	return append(dst, raw...)
}

// AppendName appends the stand-in for a person's name.
func (p *Pseudonymizer) AppendName(dst, raw []byte) []byte { return append(dst, "Name-000000"...) }

// AppendToken appends a generic stand-in "<kind>-<token>" for values with no
// shape of their own (custom rules, whole fields).
func (p *Pseudonymizer) AppendToken(dst []byte, kind Kind, raw []byte) []byte {
	return append(dst, kind.String()+"-000000"...)
}
