package redact

import (
	"fmt"
	"strings"
)

// FieldRules decide the kind of a whole JSON value by its key name or its
// path. A field rule wins over scanning: the value of "password" is a
// secret whatever it looks like. The zero value has no rules, so every
// string value is scanned.
type FieldRules struct {
	// Keys maps a key name to the kind of its value. Names are compared after
	// normalization (ASCII case folded; '_', '-', '.' and ' ' removed), so
	// "First-Name" and "first_name" are one rule. Empty means none.
	Keys map[string]Kind
	// Paths are selector rules, tried in order before Keys. Empty means none.
	Paths []PathRule
	// Safe lists selectors whose values are never scanned or replaced.
	// Empty means none.
	Safe []string
}

// PathRule gives the kind of the values a selector matches.
//
// A selector is a dot-separated path of key names: "user.email",
// "request.headers.authorization". A "*" segment matches one key of any
// name, "**" any number of keys (none included): "**.password",
// "**.user.name". A selector that does not start with "**" is anchored at
// the root of the document. Array indexes are not segments: "breadcrumbs.
// values.message" matches inside the array. Segments are normalized like
// keys.
type PathRule struct {
	Selector string
	Kind     Kind
}

// NormalizeKey returns the normalized form of a key name used by field rules.
func NormalizeKey(k string) string {
	var b strings.Builder
	b.Grow(len(k))
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_' || c == '-' || c == '.' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (f *FieldRules) validate() error {
	for key, k := range f.Keys {
		if NormalizeKey(key) == "" {
			return fmt.Errorf("redact: field rule with an empty key name")
		}
		if k == KindNone || int(k) >= NumKinds {
			return fmt.Errorf("redact: field rule %q: invalid kind", key)
		}
	}
	for _, p := range f.Paths {
		if err := validSelector(p.Selector); err != nil {
			return err
		}
		if p.Kind == KindNone || int(p.Kind) >= NumKinds {
			return fmt.Errorf("redact: path rule %q: invalid kind", p.Selector)
		}
	}
	for _, s := range f.Safe {
		if err := validSelector(s); err != nil {
			return err
		}
	}
	return nil
}

func validSelector(s string) error {
	if s == "" {
		return fmt.Errorf("redact: empty selector")
	}
	for _, seg := range strings.Split(s, ".") {
		if seg == "" {
			return fmt.Errorf("redact: selector %q has an empty segment", s)
		}
	}
	return nil
}
