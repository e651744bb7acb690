package rules

import (
	"fmt"

	"github.com/piiproxy/piiproxy/redact"
)

// Redact builds the engine configuration for c with the pseudonymization
// key: per-kind settings, field rules (built-in ones first overridden by the
// configuration's), names, allow list and compiled custom rules. It works on
// a copy of c with defaults applied, so c may be a Config built in Go with
// fields left unset; it returns the validation errors of c, and
// redact.ErrShortKey for a key under redact.MinKeyLen bytes. The returned
// Config shares nothing with c; its custom rules (*Rule) are safe for
// concurrent use.
func (c *Config) Redact(key []byte) (redact.Config, error) {
	d := c.clone()
	d.applyDefaults()
	if err := d.Validate(); err != nil {
		return redact.Config{}, locate(err, d.source, nil)
	}
	rc := redact.DefaultConfig(key)
	for _, k := range d.Kinds.all() {
		m, _ := k.cfg.Method.redact()
		rc.Kinds[k.kind].Enabled = *k.cfg.Enabled
		rc.Kinds[k.kind].Method = m
	}
	rc.Kinds[redact.KindEmail].KeepDomain = d.Kinds.Email.KeepDomain
	rc.Kinds[redact.KindIP].PrefixBits = d.Kinds.IP.PrefixBits
	rc.Kinds[redact.KindCard].KeepLast4 = d.Kinds.Card.KeepLast4
	rc.Fields = d.fieldRules()
	rc.Names = redact.NameConfig{
		FreeText:   *d.Names.FreeText,
		ExtraFirst: append([]string(nil), d.Names.ExtraFirst...),
		ExtraLast:  append([]string(nil), d.Names.ExtraLast...),
		Stop:       append([]string(nil), d.Names.Stop...),
	}
	rc.Allow = append([]string(nil), d.Allow...)
	rc.DecodePercent = *d.DecodePercent
	rc.Custom = make([]redact.CustomRule, 0, len(d.Custom))
	for _, r := range d.Custom {
		cr, err := Compile(r)
		if err != nil {
			return redact.Config{}, err
		}
		rc.Custom = append(rc.Custom, cr)
	}
	if err := rc.Validate(); err != nil {
		return redact.Config{}, fmt.Errorf("rules: %w", err)
	}
	return rc, nil
}

// fieldRules merges the built-in field rules (when on) with the
// configuration's: configured paths come first, configured keys replace
// built-in ones, kind none removes a built-in key or path. c has its
// defaults applied and is valid.
func (c *Config) fieldRules() redact.FieldRules {
	f := redact.FieldRules{Keys: map[string]redact.Kind{}}
	var builtin redact.FieldRules
	if *c.Fields.Builtin {
		builtin = BuiltinFieldRules()
		f.Keys = builtin.Keys
	}
	for k, kind := range c.Fields.Keys {
		n := redact.NormalizeKey(k)
		if rk, ok := kind.redact(); ok {
			f.Keys[n] = rk
		} else {
			delete(f.Keys, n)
		}
	}
	removed := map[string]bool{}
	for _, p := range c.Fields.Paths {
		if rk, ok := p.Kind.redact(); ok {
			f.Paths = append(f.Paths, redact.PathRule{Selector: p.Selector, Kind: rk})
		} else {
			removed[normalizeSelector(p.Selector)] = true
		}
	}
	for _, p := range builtin.Paths {
		if !removed[normalizeSelector(p.Selector)] {
			f.Paths = append(f.Paths, p)
		}
	}
	f.Safe = append([]string(nil), c.Fields.Safe...)
	f.SecretWords = builtin.SecretWords
	f.PublicKeys = builtin.PublicKeys
	return f
}

// normalizeSelector normalizes each segment of a selector like a key, so
// that "**.User.Name" and "**.user.name" compare equal.
func normalizeSelector(s string) string {
	out := make([]byte, 0, len(s))
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			seg := s[start:i]
			if seg != "*" && seg != "**" {
				seg = redact.NormalizeKey(seg)
			}
			if len(out) > 0 {
				out = append(out, '.')
			}
			out = append(out, seg...)
			start = i + 1
		}
	}
	return string(out)
}
