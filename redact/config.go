package redact

import (
	"errors"
	"fmt"
)

// Config describes what a Scrubber finds and what it does with each finding.
// The zero value is not useful; start from DefaultConfig and change fields.
// A Config is read by New and not retained, so callers may reuse it.
type Config struct {
	// Key is the pseudonymization key, at least 32 bytes. New fails when it is
	// shorter; callers that have no key generate a random one (see RandomKey).
	Key []byte

	// Kinds holds per-kind settings, indexed by Kind. DefaultConfig turns every
	// built-in kind on with its default method.
	Kinds [NumKinds]KindConfig

	// Fields decides, by key name or path, the kind of whole JSON values.
	Fields FieldRules

	// Names tunes the person-name detector.
	Names NameConfig

	// Custom rules run on every scanned string in addition to the built-in
	// detectors. Empty means none.
	Custom []CustomRule

	// Allow lists values that are never replaced (for example the company's
	// own support address). Comparison is on the normalized form: emails are
	// case-folded, IPs canonical, numbers digits-only. Empty means none.
	Allow []string

	// DecodePercent makes the scanner also find values that are percent-encoded
	// in URLs and form bodies (jane%40example.com, John%20Smith). Default true.
	DecodePercent bool
}

// KindConfig is the setting for one kind.
type KindConfig struct {
	// Enabled turns detection of the kind on. A disabled kind is not looked
	// for at all (cheaper than MethodKeep, which still counts findings).
	Enabled bool
	// Method is what happens to a finding. Default MethodPseudonymize, except
	// KindSecret and KindSSN, whose default is MethodRedact.
	Method Method
	// KeepDomain keeps the real domain of an email and replaces only the
	// local part. Default false: the stand-in domain is <token>.invalid.
	KeepDomain bool
	// KeepLast4 keeps the last four digits of a card number (mask and
	// pseudonymize). Default false.
	KeepLast4 bool
	// PrefixBits keeps this many leading bits of an IP address unchanged
	// (pseudonymize), or keeps them and zeroes the rest (mask). Default 0:
	// the whole address is pseudonymized, prefix-preserving.
	PrefixBits int
}

// NameConfig tunes the person-name detector.
type NameConfig struct {
	// FreeText enables names in free text (dictionary and cue based). When
	// false, names are still replaced in fields that name them (user.name).
	// Default true.
	FreeText bool
	// ExtraFirst and ExtraLast add given names and surnames to the built-in
	// dictionaries. Empty means none.
	ExtraFirst, ExtraLast []string
	// Stop adds words that are never taken for names (product names, team
	// jargon). Empty means none.
	Stop []string
}

// CustomRule is a user-defined detector, typically a regular expression with
// a match timeout (see package rules). Implementations must be safe for
// concurrent use.
type CustomRule interface {
	// Name identifies the rule in stats, findings and errors.
	Name() string
	// Kind is the kind reported for matches (KindCustom when none fits).
	Kind() Kind
	// Method is what happens to a match.
	Method() Method
	// FindAll calls fn with the byte offsets of each non-overlapping match in
	// src, in order. It returns an error (for example a match timeout) when
	// it could not finish; matches reported before the error still count.
	FindAll(src []byte, fn func(start, end int)) error
}

// ErrShortKey is returned by New and NewPseudonymizer for keys under 32 bytes.
var ErrShortKey = errors.New("redact: key must be at least 32 bytes")

// MinKeyLen is the minimum pseudonymization key length in bytes.
const MinKeyLen = 32

// DefaultConfig returns the built-in defaults for the given key: every kind
// on, pseudonyms for identities, labels for secrets and SSNs, the default
// sensitive field names, names in free text, percent-decoding on.
func DefaultConfig(key []byte) Config {
	c := Config{Key: key, DecodePercent: true, Fields: DefaultFieldRules()}
	for k := KindEmail; k < numKinds; k++ {
		c.Kinds[k] = KindConfig{Enabled: true, Method: MethodPseudonymize}
	}
	c.Kinds[KindSecret].Method = MethodRedact
	c.Kinds[KindSSN].Method = MethodRedact
	c.Names.FreeText = true
	return c
}

// Validate reports the first problem with c. It does not modify c.
func (c *Config) Validate() error {
	if len(c.Key) < MinKeyLen {
		return ErrShortKey
	}
	for k := KindEmail; k < numKinds; k++ {
		kc := c.Kinds[k]
		if kc.Method > MethodKeep {
			return fmt.Errorf("redact: kind %s: unknown method %d", k, kc.Method)
		}
		if kc.PrefixBits < 0 || kc.PrefixBits > 128 {
			return fmt.Errorf("redact: kind %s: prefix bits %d out of range 0..128", k, kc.PrefixBits)
		}
	}
	for i, r := range c.Custom {
		if r == nil {
			return fmt.Errorf("redact: custom rule %d is nil", i)
		}
	}
	return c.Fields.validate()
}
