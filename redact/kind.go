package redact

import (
	"fmt"
	"strings"
)

// Kind names a category of personal data. The zero value is KindNone.
type Kind uint8

// The kinds the engine knows. KindCustom is reported by user-defined rules
// that do not map onto a built-in kind.
const (
	KindNone Kind = iota
	KindEmail
	KindIP
	KindIBAN
	KindCard
	KindPhone
	KindSecret
	KindSSN
	KindName
	KindCustom
	numKinds
)

// NumKinds is the number of kinds, KindNone included; arrays indexed by Kind
// have this length.
const NumKinds = int(numKinds)

var kindNames = [numKinds]string{
	KindNone:   "none",
	KindEmail:  "email",
	KindIP:     "ip",
	KindIBAN:   "iban",
	KindCard:   "card",
	KindPhone:  "phone",
	KindSecret: "secret",
	KindSSN:    "ssn",
	KindName:   "name",
	KindCustom: "custom",
}

// Kinds lists every kind except KindNone, in a stable order.
func Kinds() []Kind {
	out := make([]Kind, 0, NumKinds-1)
	for k := KindEmail; k < numKinds; k++ {
		out = append(out, k)
	}
	return out
}

// String returns the lower-case name of k, as used in configuration and stats.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseKind returns the kind named s (case-insensitive).
func ParseKind(s string) (Kind, error) {
	for k, n := range kindNames {
		if k != 0 && strings.EqualFold(s, n) {
			return Kind(k), nil
		}
	}
	return KindNone, fmt.Errorf("redact: unknown kind %q", s)
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Method says what happens to a detected value. The zero value is
// MethodPseudonymize.
type Method uint8

// The replacement methods.
const (
	// MethodPseudonymize replaces the value with a keyed, deterministic
	// stand-in of the same shape.
	MethodPseudonymize Method = iota
	// MethodMask replaces letters and digits with '*', keeping separators
	// (and, where the kind allows, a few characters such as a card's last 4).
	MethodMask
	// MethodRedact replaces the value with a label such as "[email]".
	MethodRedact
	// MethodKeep leaves the value as it is but still counts and reports it.
	MethodKeep
)

var methodNames = [...]string{"pseudonymize", "mask", "redact", "keep"}

// String returns the lower-case name of m.
func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("method(%d)", uint8(m))
}

// ParseMethod returns the method named s (case-insensitive).
func ParseMethod(s string) (Method, error) {
	for m, n := range methodNames {
		if strings.EqualFold(s, n) {
			return Method(m), nil
		}
	}
	return 0, fmt.Errorf("redact: unknown method %q (want pseudonymize, mask, redact or keep)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := ParseMethod(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
