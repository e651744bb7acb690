package rules

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/piiproxy/piiproxy/redact"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

func TestLoadValid(t *testing.T) {
	c, err := Load("testdata/valid.yaml")
	require.NoError(t, err)

	assert.Equal(t, "testdata/valid.yaml", c.Source())
	assert.Equal(t, Method("mask"), c.Kinds.Card.Method)
	assert.True(t, c.Kinds.Card.KeepLast4)
	assert.Equal(t, 16, c.Kinds.IP.PrefixBits)
	assert.Equal(t, Method("redact"), c.Kinds.Secret.Method)
	assert.Equal(t, Kind("custom"), c.Fields.Keys["employee_id"])
	require.Len(t, c.Custom, 3)
	// Defaults filled in: kind custom, the kind's method, 50ms.
	assert.Equal(t, Kind("custom"), c.Custom[1].Kind)
	assert.Equal(t, Method("keep"), c.Custom[1].Method)
	assert.Equal(t, Duration(DefaultRuleTimeout), c.Custom[1].Timeout)
	// A built-in kind without a method takes the kind's configured method.
	assert.Equal(t, Method("redact"), c.Custom[2].Method)
	assert.Equal(t, Duration(20*time.Millisecond), c.Custom[2].Timeout)
	assert.Equal(t, ByteSize(20<<20), c.Proxy.MaxBody)
	assert.Equal(t, ByteSize(100<<20), c.Proxy.MaxDecompressed)
	assert.Equal(t, ByteSize(1<<20), c.Pipe.MaxLine)

	rc, err := c.Redact(testKey)
	require.NoError(t, err)
	assert.Equal(t, redact.MethodMask, rc.Kinds[redact.KindCard].Method)
	assert.True(t, rc.Kinds[redact.KindCard].KeepLast4)
	assert.Equal(t, 16, rc.Kinds[redact.KindIP].PrefixBits)
	assert.Equal(t, redact.KindCustom, rc.Fields.Keys["employeeid"])
	assert.Equal(t, redact.KindSecret, rc.Fields.Keys["xsessiontoken"])
	_, hasLogin := rc.Fields.Keys["login"]
	assert.False(t, hasLogin, "kind none removes the built-in key")
	assert.Equal(t, redact.PathRule{Selector: "request.headers.x-customer", Kind: redact.KindName}, rc.Fields.Paths[0])
	for _, p := range rc.Fields.Paths {
		assert.NotEqual(t, "**.account.name", p.Selector, "kind none removes the built-in path")
	}
	assert.Contains(t, rc.Fields.Paths, redact.PathRule{Selector: "**.user.name", Kind: redact.KindName})
	assert.Equal(t, []string{"request.headers.user-agent", "**.release"}, rc.Fields.Safe)
	assert.Equal(t, []string{"support@example.com", "10.0.0.1"}, rc.Allow)
	assert.Equal(t, []string{"Jenkins", "Grafana", "Hermes"}, rc.Names.Stop)
	require.Len(t, rc.Custom, 3)
	assert.Equal(t, "internal-token", rc.Custom[2].Name())
	assert.Equal(t, redact.KindSecret, rc.Custom[2].Kind())
	assert.Equal(t, redact.MethodRedact, rc.Custom[2].Method())

	_, err = redact.New(rc)
	require.NoError(t, err)
}

func TestLoadEmptyIsDefault(t *testing.T) {
	c, err := Load("testdata/empty.yaml")
	require.NoError(t, err)
	d := Default()
	d.source = c.source
	assert.Equal(t, d, c)

	got, err := c.Redact(testKey)
	require.NoError(t, err)
	want := redact.DefaultConfig(testKey)
	assert.Equal(t, want.Kinds, got.Kinds)
	assert.Equal(t, want.Names.FreeText, got.Names.FreeText)
	assert.Equal(t, want.DecodePercent, got.DecodePercent)
	assert.Equal(t, BuiltinFieldRules().Keys, got.Fields.Keys)
	assert.Empty(t, got.Custom)
}

func TestLoadInvalid(t *testing.T) {
	_, err := Load("testdata/invalid.yaml")
	require.Error(t, err)
	msg := err.Error()
	// Every problem is reported, each with its line and field or rule.
	for _, want := range []string{
		`testdata/invalid.yaml:5: kinds.email.method: unknown method "scramble"`,
		`testdata/invalid.yaml:7: kinds.ip.prefix_bits: 200 is out of range 0..128`,
		`testdata/invalid.yaml:10: fields.keys.password: unknown kind "secrets"`,
		`testdata/invalid.yaml:12: fields.paths "user..email": selector "user..email" has an empty segment`,
		`testdata/invalid.yaml:16: custom rule "broken": invalid pattern:`,
		`testdata/invalid.yaml:18: custom rule "empty-match": pattern matches the empty string`,
		`testdata/invalid.yaml:19: custom rule #3: name is required`,
		`testdata/invalid.yaml:21: proxy.sentry_upstream: "ftp://sentry.example.com": want an http:// or https:// URL`,
		`testdata/invalid.yaml:23: proxy.max_decompressed: 10MiB is less than max_body (30MiB)`,
	} {
		assert.Contains(t, msg, want)
	}
	assert.Len(t, strings.Split(msg, "\n"), 9, msg)

	var ce *Error
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, "testdata/invalid.yaml", ce.File)
	assert.Positive(t, ce.Line)
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/does-not-exist.yaml")
	require.Error(t, err)
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error, in any order
	}{
		// Unknown fields, at every level.
		{"unknown top-level field", "kind:\n  email: {}\n", []string{`cfg.yaml:1: unknown field "kind"`}},
		{"unknown kind", "kinds:\n  mail:\n    enabled: false\n", []string{`cfg.yaml:2: kinds: unknown field "mail"`}},
		{"option of another kind", "kinds:\n  email:\n    keep_last4: true\n", []string{`cfg.yaml:3: kinds.email: unknown field "keep_last4"`}},
		{"unknown rule field", "custom:\n  - name: a\n    pattern: x\n    regex: y\n", []string{`cfg.yaml:4: custom.0: unknown field "regex"`}},
		{"unknown proxy field", "proxy:\n  upstream: https://x\n", []string{`cfg.yaml:2: proxy: unknown field "upstream"`}},

		// Malformed values.
		{"bad bool", "kinds:\n  email:\n    enabled: maybe\n", []string{`cfg.yaml:3: kinds.email.enabled: want true or false, not a string`}},
		{"bad size", "proxy:\n  max_body: 20 parsecs\n", []string{`cfg.yaml:2: proxy.max_body: invalid size "20 parsecs"`}},
		{"negative size", "pipe:\n  max_line: -1\n", []string{`cfg.yaml:2: pipe.max_line: invalid size "-1"`}},
		{"tiny line limit", "pipe:\n  max_line: 100B\n", []string{`cfg.yaml:2: pipe.max_line: 100B is less than the minimum, 1KiB`}},
		{"tiny body limit", "proxy:\n  max_body: 10\n", []string{`cfg.yaml:2: proxy.max_body: 10B is less than the minimum, 1KiB`}},
		{"bad duration", "custom:\n  - name: a\n    pattern: x\n    timeout: soon\n", []string{`cfg.yaml:4: custom.0.timeout: invalid duration "soon"`}},
		{"bad duration in a flow mapping", "custom:\n  - {name: a, pattern: x, timeout: soon}\n", []string{`cfg.yaml:2: custom.0: invalid duration "soon"`}},
		{"bad method on an item's first line", "custom:\n  - method: scramble\n    name: a\n    pattern: x\n", []string{`cfg.yaml:2: custom.0.method: unknown method "scramble"`}},
		{"list for a kind", "kinds:\n  email: [on]\n", []string{`cfg.yaml:2: kinds.email: want a mapping, not a list`}},
		{"mapping for a method", "kinds:\n  email:\n    method: {a: b}\n", []string{`cfg.yaml:3: kinds.email.method: want a single value, not a mapping`}},
		{"list at top", "- email\n", []string{`cfg.yaml:1: the configuration must be a mapping`}},
		{"syntax error", "kinds:\n  email:\n method: mask\n", []string{`cfg.yaml:2: did not find expected key`}},
		{"duplicate key", "allow: [a]\nallow: [b]\n", []string{`cfg.yaml:2: `, `already defined at line 1`}},
		{"self-referencing alias", "allow: &a [*a]\n", []string{`cfg.yaml:1: `}},
		{"two documents", "allow: [a]\n---\nallow: [b]\n", []string{`cfg.yaml:2: more than one YAML document`}},

		// Field rules.
		{"empty key", "fields:\n  keys:\n    \"-\": secret\n", []string{`fields.keys "-": empty key name`}},
		{"conflicting keys", "fields:\n  keys:\n    First-Name: name\n    first_name: email\n", []string{`cfg.yaml:4: fields.keys "first_name": conflicts with "First-Name"`}},
		{"path without kind", "fields:\n  paths:\n    - selector: a.b\n", []string{`cfg.yaml:3: fields.paths "a.b": kind is required`}},
		{"partial wildcard", "fields:\n  safe: [\"user.e*\"]\n", []string{`cfg.yaml:2: fields.safe: selector "user.e*": '*' must be a whole segment`}},
		{"empty allow", "allow: [\"\"]\n", []string{`cfg.yaml:1: allow: empty value`}},
		{"empty stop word", "names:\n  stop:\n    - ok\n    - \" \"\n", []string{`cfg.yaml:4: names.stop: empty word`}},

		// Custom rules.
		{"duplicate rule", "custom:\n  - {name: a, pattern: x}\n  - {name: a, pattern: y}\n", []string{`cfg.yaml:3: custom rule "a": duplicate name (also rule #1)`}},
		{"bad rule name", "custom:\n  - {name: \"a b\", pattern: x}\n", []string{`custom rule "a b": name may contain only`}},
		{"rule kind none", "custom:\n  - {name: a, pattern: x, kind: none}\n", []string{`custom rule "a": unknown kind "none"`}},
		{"rule timeout too long", "custom:\n  - {name: a, pattern: x, timeout: 1m}\n", []string{`custom rule "a": timeout 1m0s is out of range 1ms..10s`}},
		{"rule without pattern", "custom:\n  - name: a\n", []string{`cfg.yaml:2: custom rule "a": pattern is required`}},

		// Proxy.
		{"listen without port", "proxy:\n  listen: localhost\n", []string{`cfg.yaml:2: proxy.listen: "localhost" is not host:port`}},
		{"upstream with credentials", "proxy:\n  rollbar_upstream: https://u:hunter2@rollbar.example\n", []string{`proxy.rollbar_upstream: upstream URL must not carry credentials`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.yaml), "cfg.yaml")
			require.Error(t, err)
			assert.Nil(t, c)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "hunter2", "errors never carry credentials")
			assert.NotContains(t, err.Error(), "rules.", "errors speak of the file, not of Go types")
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		check func(t *testing.T, c *Config)
	}{
		{"enum case folded", "kinds:\n  email:\n    method: MASK\n", func(t *testing.T, c *Config) {
			assert.Equal(t, Method("mask"), c.Kinds.Email.Method)
		}},
		{"disabled kind", "kinds:\n  name:\n    enabled: false\n", func(t *testing.T, c *Config) {
			assert.False(t, *c.Kinds.Name.Enabled)
			assert.True(t, *c.Kinds.Email.Enabled)
		}},
		{"null section", "kinds:\nfields:\n", func(t *testing.T, c *Config) {
			assert.Equal(t, Default().Kinds, c.Kinds)
		}},
		{"max_decompressed follows a larger max_body", "proxy:\n  max_body: 200MiB\n", func(t *testing.T, c *Config) {
			assert.Equal(t, ByteSize(200<<20), c.Proxy.MaxDecompressed)
		}},
		{"builtin off", "fields:\n  builtin: false\n  keys: {pin: secret}\n", func(t *testing.T, c *Config) {
			rc, err := c.Redact(testKey)
			require.NoError(t, err)
			assert.Equal(t, map[string]redact.Kind{"pin": redact.KindSecret}, rc.Fields.Keys)
			assert.Empty(t, rc.Fields.Paths)
		}},
		{"null document", "---\n# nothing yet\n~\n", func(t *testing.T, c *Config) {
			assert.Equal(t, Default().Kinds, c.Kinds)
		}},
		{"yaml anchors", "x-common: &c {enabled: false}\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.yaml), "cfg.yaml")
			if tc.check == nil {
				require.Error(t, err, "unknown fields are errors, even for anchors")
				return
			}
			require.NoError(t, err)
			tc.check(t, c)
		})
	}
}

func TestValidateDoesNotMutate(t *testing.T) {
	c := &Config{Custom: []RuleConfig{{Name: "r", Pattern: `\d{4}`}}}
	before := *c
	before.Custom = append([]RuleConfig(nil), c.Custom...)
	require.NoError(t, c.Validate())
	assert.Equal(t, before, *c)
}

func TestRedactOnGoConfig(t *testing.T) {
	// A Config built in Go, with nothing set, gets the defaults without
	// being changed itself.
	c := &Config{Custom: []RuleConfig{{Name: "r", Pattern: `\bEMP-\d+`}}}
	rc, err := c.Redact(testKey)
	require.NoError(t, err)
	assert.Nil(t, c.Kinds.Email.Enabled, "Redact must not change its receiver")
	assert.Equal(t, Kind(""), c.Custom[0].Kind)
	assert.True(t, rc.Kinds[redact.KindEmail].Enabled)
	require.Len(t, rc.Custom, 1)
	assert.Equal(t, redact.KindCustom, rc.Custom[0].Kind())
	assert.Equal(t, redact.MethodPseudonymize, rc.Custom[0].Method())

	_, err = c.Redact(testKey[:16])
	assert.ErrorIs(t, err, redact.ErrShortKey)

	bad := &Config{Custom: []RuleConfig{{Name: "r", Pattern: `(`}}}
	_, err = bad.Redact(testKey)
	assert.ErrorContains(t, err, `custom rule "r": invalid pattern`)
}

func TestFieldRulesMerge(t *testing.T) {
	c, err := Parse([]byte(`
fields:
  keys:
    Password: custom
    LOGIN: none
    order_id: custom
  paths:
    - {selector: "**.User.Name", kind: none}
    - {selector: "a.b", kind: email}
`), "cfg.yaml")
	require.NoError(t, err)
	f := c.fieldRules()
	assert.Equal(t, redact.KindCustom, f.Keys["password"], "a configured key replaces the built-in one")
	assert.NotContains(t, f.Keys, "login")
	assert.Equal(t, redact.KindCustom, f.Keys["orderid"])
	assert.Equal(t, redact.KindSecret, f.Keys["authorization"])
	assert.Equal(t, redact.PathRule{Selector: "a.b", Kind: redact.KindEmail}, f.Paths[0], "configured paths come first")
	assert.NotContains(t, f.Paths, redact.PathRule{Selector: "**.user.name", Kind: redact.KindName})
	assert.Contains(t, f.Paths, redact.PathRule{Selector: "**.person.name", Kind: redact.KindName})
}
