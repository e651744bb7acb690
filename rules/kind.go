package rules

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/piiproxy/piiproxy/redact"
)

// Kind is the name of a category of personal data as written in a
// configuration file: one of email, ip, iban, card, phone, secret, ssn,
// name or custom, and, in field rules only, none (see FieldsConfig.Keys).
// The zero value "" means "not set".
type Kind string

// KindNone, in a field rule, removes the built-in rule for the same key or
// selector, so that the value is scanned like any other.
const KindNone Kind = "none"

// UnmarshalText implements encoding.TextUnmarshaler. It accepts the names
// above in any case and stores the lower-case form.
func (k *Kind) UnmarshalText(b []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	if s == string(KindNone) {
		*k = KindNone
		return nil
	}
	if _, err := redact.ParseKind(s); err != nil {
		return fmt.Errorf("unknown kind %q (want %s)", string(b), kindList())
	}
	*k = Kind(s)
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler so that a bad value is reported
// with its line.
func (k *Kind) UnmarshalYAML(n *yaml.Node) error { return scalar(n, k) }

// redact returns the engine's kind for k, and false for "", none and
// unknown names.
func (k Kind) redact() (redact.Kind, bool) {
	if k == "" || k == KindNone {
		return redact.KindNone, false
	}
	v, err := redact.ParseKind(string(k))
	return v, err == nil
}

func kindList() string {
	var b strings.Builder
	for i, k := range redact.Kinds() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.String())
	}
	return b.String()
}

// Method is the name of what happens to a finding: pseudonymize, mask,
// redact or keep (see redact.Method). The zero value "" means "not set":
// the default of the kind applies.
type Method string

// UnmarshalText implements encoding.TextUnmarshaler. It accepts the names
// above in any case and stores the lower-case form.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := redact.ParseMethod(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("unknown method %q (want pseudonymize, mask, redact or keep)", string(b))
	}
	*m = Method(v.String())
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler so that a bad value is reported
// with its line.
func (m *Method) UnmarshalYAML(n *yaml.Node) error { return scalar(n, m) }

// redact returns the engine's method for m, and false for "" and unknown
// names.
func (m Method) redact() (redact.Method, bool) {
	if m == "" {
		return 0, false
	}
	v, err := redact.ParseMethod(string(m))
	return v, err == nil
}
