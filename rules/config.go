package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/piiproxy/piiproxy/redact"
)

// Default values that are not taken from package redact.
const (
	// DefaultListen is the default of ProxyConfig.Listen: loopback only, as
	// befits a sidecar that shares the application's network namespace.
	DefaultListen = "127.0.0.1:8080"
	// DefaultSentryUpstream is the default of ProxyConfig.SentryUpstream.
	DefaultSentryUpstream = "https://sentry.io"
	// DefaultRollbarUpstream is the default of ProxyConfig.RollbarUpstream.
	DefaultRollbarUpstream = "https://api.rollbar.com"
	// DefaultMaxBody is the default of ProxyConfig.MaxBody.
	DefaultMaxBody ByteSize = 20 << 20
	// DefaultMaxDecompressed is the default of ProxyConfig.MaxDecompressed.
	DefaultMaxDecompressed ByteSize = 100 << 20
	// DefaultMaxLine is the default of PipeConfig.MaxLine.
	DefaultMaxLine ByteSize = 1 << 20
	// DefaultRuleTimeout is the default of RuleConfig.Timeout.
	DefaultRuleTimeout = 50 * time.Millisecond
	// MaxRuleTimeout is the largest RuleConfig.Timeout accepted.
	MaxRuleTimeout = 10 * time.Second
	// MinMaxBody is the smallest ProxyConfig.MaxBody and MaxDecompressed
	// accepted.
	MinMaxBody ByteSize = 1 << 10
	// MinMaxLine is the smallest PipeConfig.MaxLine accepted.
	MinMaxLine ByteSize = 1 << 10
)

// Config is a piiproxy configuration: what to find, what to do with each
// finding, and the settings of the proxy and pipe front ends.
//
// Load and Parse return a Config with every default filled in (see
// applyDefaults), validated and with its custom rules compiled once to
// prove they compile. A Config built in Go may leave fields unset; Redact
// fills in the same defaults on a copy. A Config is a plain value: it is not
// safe to modify while another goroutine reads it, and nothing in this
// package modifies one after Parse returns it.
type Config struct {
	// Kinds holds the per-kind settings. Unset kinds keep the engine's
	// defaults (see redact.DefaultConfig).
	Kinds KindsConfig `yaml:"kinds"`

	// Fields decides the kind of whole JSON values by key name or path.
	Fields FieldsConfig `yaml:"fields"`

	// Allow lists values that are never replaced, such as the company's own
	// support address. They are compared after normalization (emails
	// case-folded, IPs canonical, numbers digits only). Default: none.
	Allow []string `yaml:"allow"`

	// Names tunes the person-name detector.
	Names NamesConfig `yaml:"names"`

	// Custom lists user-defined regular-expression rules, run on every
	// scanned string in addition to the built-in detectors. Default: none.
	Custom []RuleConfig `yaml:"custom"`

	// DecodePercent also finds values that are percent-encoded in URLs and
	// form bodies (jane%40example.com). Default true.
	DecodePercent *bool `yaml:"decode_percent"`

	// Proxy holds the settings of `piiproxy serve`.
	Proxy ProxyConfig `yaml:"proxy"`

	// Pipe holds the settings of `piiproxy pipe`.
	Pipe PipeConfig `yaml:"pipe"`

	// source is the file name given to Parse, for messages; "" for Default.
	source string
}

// KindsConfig holds the settings of each built-in kind. Findings of custom
// rules are governed by the rules themselves (RuleConfig).
type KindsConfig struct {
	Email  EmailConfig `yaml:"email"`
	IP     IPConfig    `yaml:"ip"`
	IBAN   KindConfig  `yaml:"iban"`
	Card   CardConfig  `yaml:"card"`
	Phone  KindConfig  `yaml:"phone"`
	Secret KindConfig  `yaml:"secret"`
	SSN    KindConfig  `yaml:"ssn"`
	Name   KindConfig  `yaml:"name"`
}

// KindConfig is the setting shared by every kind.
type KindConfig struct {
	// Enabled turns detection of the kind on. A disabled kind is not looked
	// for at all, in text or by field name. Default true.
	Enabled *bool `yaml:"enabled"`
	// Method is what happens to a finding. Default pseudonymize, except for
	// secret and ssn, whose default is redact.
	Method Method `yaml:"method"`
}

// EmailConfig is the setting of the email kind.
type EmailConfig struct {
	KindConfig `yaml:",inline"`
	// KeepDomain keeps the real domain and replaces only the local part.
	// Default false: the stand-in domain is <token>.invalid.
	KeepDomain bool `yaml:"keep_domain"`
}

// IPConfig is the setting of the ip kind.
type IPConfig struct {
	KindConfig `yaml:",inline"`
	// PrefixBits keeps this many leading bits of an address unchanged
	// (pseudonymize), or keeps them and zeroes the rest (mask). 0 to 128.
	// Default 0: the whole address is pseudonymized, prefix-preserving.
	PrefixBits int `yaml:"prefix_bits"`
}

// CardConfig is the setting of the card kind.
type CardConfig struct {
	KindConfig `yaml:",inline"`
	// KeepLast4 keeps the last four digits of a card number. Default false.
	KeepLast4 bool `yaml:"keep_last4"`
}

// FieldsConfig decides the kind of whole JSON values by key name or path.
// A field rule wins over scanning: the value of "password" is a secret
// whatever it looks like.
type FieldsConfig struct {
	// Builtin includes the built-in sensitive key names and paths (see
	// BuiltinFieldRules): Sentry Relay's and the Sentry and Rollbar SDKs'
	// default scrub lists, plus common names of emails, IPs, phones, card
	// numbers, IBANs, SSNs and person names. Default true.
	Builtin *bool `yaml:"builtin"`
	// Keys maps a key name to the kind of its value, wherever the key
	// appears. Names are compared after redact.NormalizeKey (case folded;
	// '_', '-', '.' and ' ' removed). An entry overrides the built-in entry
	// for the same name; kind none removes it, so the value is scanned like
	// any other. Default: none beyond the built-in names.
	Keys map[string]Kind `yaml:"keys"`
	// Paths are selector rules, tried in order before Keys and before the
	// built-in paths. A selector is a dot-separated path of key names
	// anchored at the document root ("user.email",
	// "request.headers.authorization"); "*" matches one key, "**" any number
	// ("**.password"). Kind none removes the built-in path rule with the
	// same selector. Default: none beyond the built-in paths.
	Paths []PathConfig `yaml:"paths"`
	// Safe lists selectors whose values are never scanned or replaced.
	// Default: none.
	Safe []string `yaml:"safe"`
}

// PathConfig gives the kind of the values a selector matches.
type PathConfig struct {
	// Selector is the path, required.
	Selector string `yaml:"selector"`
	// Kind is the kind of the values, required.
	Kind Kind `yaml:"kind"`
}

// NamesConfig tunes the person-name detector.
type NamesConfig struct {
	// FreeText finds names in free text (dictionary and cue based). When
	// false, names are still replaced in fields that name them
	// (user.name, first_name). Default true.
	FreeText *bool `yaml:"free_text"`
	// ExtraFirst adds given names to the built-in dictionary. Default: none.
	ExtraFirst []string `yaml:"extra_first"`
	// ExtraLast adds surnames to the built-in dictionary. Default: none.
	ExtraLast []string `yaml:"extra_last"`
	// Stop adds words that are never taken for names (product names, team
	// jargon). Default: none.
	Stop []string `yaml:"stop"`
}

// RuleConfig is a custom rule: a regular expression in regexp2 syntax
// (.NET-style backtracking; lookarounds and backreferences allowed) whose
// matches are replaced.
type RuleConfig struct {
	// Name identifies the rule in findings, stats and errors. Required,
	// unique; letters, digits, '_', '-' and '.'.
	Name string `yaml:"name"`
	// Pattern is the regular expression. Required; it must not match the
	// empty string. Inline options such as (?i) are allowed.
	Pattern string `yaml:"pattern"`
	// Kind is the kind reported for matches: a built-in kind, or custom.
	// Default custom.
	Kind Kind `yaml:"kind"`
	// Method is what happens to a match. Default: the method of Kind when it
	// is a built-in kind, pseudonymize for custom.
	Method Method `yaml:"method"`
	// Timeout bounds the time the rule may spend on one string, from 1ms to
	// 10s; a rule that runs out is abandoned for that string, counted, and
	// the string is scrubbed by the other rules. Default 50ms.
	Timeout Duration `yaml:"timeout"`
}

// ProxyConfig holds the settings of `piiproxy serve`.
type ProxyConfig struct {
	// Listen is the host:port the proxy listens on. Default 127.0.0.1:8080.
	Listen string `yaml:"listen"`
	// SentryUpstream is the base URL scrubbed Sentry envelopes and events
	// are forwarded to. Default https://sentry.io.
	SentryUpstream string `yaml:"sentry_upstream"`
	// RollbarUpstream is the base URL scrubbed Rollbar items are forwarded
	// to. Default https://api.rollbar.com.
	RollbarUpstream string `yaml:"rollbar_upstream"`
	// MaxBody is the largest request body accepted, as received (possibly
	// compressed); at least 1KiB. Default 20MiB.
	MaxBody ByteSize `yaml:"max_body"`
	// MaxDecompressed is the largest body accepted after decompression; at
	// least MaxBody. Default 100MiB, or MaxBody when that is larger.
	MaxDecompressed ByteSize `yaml:"max_decompressed"`
	// PassAttachments forwards Sentry attachment items (files, minidumps),
	// which cannot be scrubbed, unchanged. Default false: they are dropped
	// and counted. Turning it on lets whatever they contain reach the
	// upstream.
	PassAttachments bool `yaml:"pass_attachments"`
}

// PipeConfig holds the settings of `piiproxy pipe`.
type PipeConfig struct {
	// MaxLine is the longest input line kept whole, at least 1KiB.
	// Default 1MiB.
	MaxLine ByteSize `yaml:"max_line"`
}

// Default returns the built-in configuration, used when there is no
// configuration file: every kind on with the engine's default method, the
// built-in field rules, names in free text, no custom rules.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

// Load reads, decodes, validates and compiles the configuration file at
// path. See Parse.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return Parse(data, path)
}

// Parse decodes the YAML configuration data, applies the defaults,
// validates the result and compiles the custom rules. name is used in error
// messages (usually the file name). Unknown fields, malformed values,
// invalid selectors and patterns that do not compile are errors; every
// problem found is reported, each as an *Error with its line. An empty
// document (no content, only comments, or null) yields the defaults.
func Parse(data []byte, name string) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(err, name, nil)
	}
	idx := indexNodes(&root)
	if doc := documentBody(&root); doc != nil && doc.Kind != yaml.MappingNode && doc.ShortTag() != "!!null" {
		return nil, &Error{File: name, Line: doc.Line, Err: errors.New("the configuration must be a mapping of sections (kinds, fields, custom, …)")}
	}

	c := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var decodeErr error
	switch err := dec.Decode(c); {
	case errors.Is(err, io.EOF):
		// An empty document: defaults only.
	case err != nil:
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, yamlError(err, name, idx)
		}
		// Type errors leave the rest decoded: validate it too, so that
		// every problem is reported at once.
		decodeErr = yamlError(err, name, idx)
	default:
		var extra yaml.Node
		if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Line: extra.Line, Err: errors.New("more than one YAML document; a configuration is a single document")}
		}
	}
	c.source = name
	c.applyDefaults()
	if err := c.Validate(); err != nil || decodeErr != nil {
		return nil, merge(decodeErr, locate(err, name, idx))
	}
	return c, nil
}

// merge joins the decoding errors with the validation errors, leaving out
// validation errors on a line that already has a decoding error (a value
// that did not decode is left unset, which validation may then report
// again).
func merge(decodeErr, validateErr error) error {
	lines := map[int]bool{}
	var out []error
	for _, e := range unjoin(decodeErr) {
		var ce *Error
		if errors.As(e, &ce) && ce.Line > 0 {
			lines[ce.Line] = true
		}
		out = append(out, e)
	}
	for _, e := range unjoin(validateErr) {
		var ce *Error
		if errors.As(e, &ce) && lines[ce.Line] {
			continue
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// Source returns the name the configuration was parsed from, or "" for
// Default.
func (c *Config) Source() string { return c.source }

// applyDefaults fills every unset field with its default. It is the one
// place where defaults are applied.
func (c *Config) applyDefaults() {
	engine := redact.DefaultConfig(nil)
	for _, k := range c.Kinds.all() {
		if k.cfg.Enabled == nil {
			k.cfg.Enabled = ptr(engine.Kinds[k.kind].Enabled)
		}
		if k.cfg.Method == "" {
			k.cfg.Method = Method(engine.Kinds[k.kind].Method.String())
		}
	}
	if c.Fields.Builtin == nil {
		c.Fields.Builtin = ptr(true)
	}
	if c.Names.FreeText == nil {
		c.Names.FreeText = ptr(engine.Names.FreeText)
	}
	if c.DecodePercent == nil {
		c.DecodePercent = ptr(engine.DecodePercent)
	}
	for i := range c.Custom {
		r := &c.Custom[i]
		if r.Kind == "" {
			r.Kind = Kind(redact.KindCustom.String())
		}
		if r.Method == "" {
			r.Method = Method(redact.MethodPseudonymize.String())
			if k := c.Kinds.byName(r.Kind); k != nil && k.Method != "" {
				r.Method = k.Method
			}
		}
		if r.Timeout == 0 {
			r.Timeout = Duration(DefaultRuleTimeout)
		}
	}
	p := &c.Proxy
	if p.Listen == "" {
		p.Listen = DefaultListen
	}
	if p.SentryUpstream == "" {
		p.SentryUpstream = DefaultSentryUpstream
	}
	if p.RollbarUpstream == "" {
		p.RollbarUpstream = DefaultRollbarUpstream
	}
	if p.MaxBody == 0 {
		p.MaxBody = DefaultMaxBody
	}
	if p.MaxDecompressed == 0 {
		p.MaxDecompressed = max(DefaultMaxDecompressed, p.MaxBody)
	}
	if c.Pipe.MaxLine == 0 {
		c.Pipe.MaxLine = DefaultMaxLine
	}
}

// clone returns a copy of c that shares nothing mutable with it.
func (c *Config) clone() *Config {
	d := *c
	for _, k := range d.Kinds.all() {
		if k.cfg.Enabled != nil {
			k.cfg.Enabled = ptr(*k.cfg.Enabled)
		}
	}
	if c.Fields.Builtin != nil {
		d.Fields.Builtin = ptr(*c.Fields.Builtin)
	}
	if c.Names.FreeText != nil {
		d.Names.FreeText = ptr(*c.Names.FreeText)
	}
	if c.DecodePercent != nil {
		d.DecodePercent = ptr(*c.DecodePercent)
	}
	if c.Fields.Keys != nil {
		d.Fields.Keys = make(map[string]Kind, len(c.Fields.Keys))
		for k, v := range c.Fields.Keys {
			d.Fields.Keys[k] = v
		}
	}
	d.Fields.Paths = append([]PathConfig(nil), c.Fields.Paths...)
	d.Fields.Safe = append([]string(nil), c.Fields.Safe...)
	d.Allow = append([]string(nil), c.Allow...)
	d.Names.ExtraFirst = append([]string(nil), c.Names.ExtraFirst...)
	d.Names.ExtraLast = append([]string(nil), c.Names.ExtraLast...)
	d.Names.Stop = append([]string(nil), c.Names.Stop...)
	d.Custom = append([]RuleConfig(nil), c.Custom...)
	return &d
}

// kindEntry ties a kind's configuration to its engine kind and YAML name.
type kindEntry struct {
	kind redact.Kind
	cfg  *KindConfig
}

// all returns the settings of every kind in redact.Kinds order.
func (k *KindsConfig) all() []kindEntry {
	return []kindEntry{
		{redact.KindEmail, &k.Email.KindConfig},
		{redact.KindIP, &k.IP.KindConfig},
		{redact.KindIBAN, &k.IBAN},
		{redact.KindCard, &k.Card.KindConfig},
		{redact.KindPhone, &k.Phone},
		{redact.KindSecret, &k.Secret},
		{redact.KindSSN, &k.SSN},
		{redact.KindName, &k.Name},
	}
}

// byName returns the settings of the built-in kind named n, or nil.
func (k *KindsConfig) byName(n Kind) *KindConfig {
	rk, ok := n.redact()
	if !ok {
		return nil
	}
	for _, e := range k.all() {
		if e.kind == rk {
			return e.cfg
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
