package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/piiproxy/piiproxy/redact"
)

// These tests run configurations through the engine, end to end.

func newScrubber(t *testing.T, yaml string) *redact.Scrubber {
	t.Helper()
	c, err := Parse([]byte(yaml), "cfg.yaml")
	require.NoError(t, err)
	rc, err := c.Redact(testKey)
	require.NoError(t, err)
	s, err := redact.New(rc)
	require.NoError(t, err)
	return s
}

func TestEngineCustomRuleInText(t *testing.T) {
	s := newScrubber(t, `
custom:
  - name: employee-id
    pattern: '\bEMP-\d{6}\b'
    method: redact
`)
	out := string(s.AppendText(nil, []byte("Zoë (EMP-123456) opened ticket 42")))
	assert.NotContains(t, out, "EMP-123456")
	assert.True(t, strings.HasPrefix(out, "Zoë ("), out)
	assert.True(t, strings.HasSuffix(out, ") opened ticket 42"), out)
}

func TestEngineCustomRuleTimeoutKeepsOtherRules(t *testing.T) {
	s := newScrubber(t, `
custom:
  - name: evil
    pattern: '(a+)+$'
    timeout: 5ms
`)
	w := s.NewSession()
	line := "mail jane.doe@mailbox.org " + strings.Repeat("a", 5000) + "!"
	out := string(w.AppendText(nil, []byte(line)))
	assert.NotContains(t, out, "jane.doe@mailbox.org", "the built-in detectors still run")
	assert.Equal(t, uint64(1), w.Stats().RuleTimeouts)
}

func TestEngineFieldRules(t *testing.T) {
	s := newScrubber(t, `
fields:
  keys:
    employee_id: secret
    login: none
  safe:
    - request.headers.user-agent
allow:
  - support@example.com
`)
	in := `{"employee_id":"E1","login":"2026-11-23","password":"hunter2","request":{"headers":{"user-agent":"Mozilla/5.0 (jane.doe@mailbox.org)"}},"to":"support@example.com"}`
	out, err := s.AppendJSON(nil, []byte(in))
	require.NoError(t, err)
	got := string(out)
	assert.NotContains(t, got, `"E1"`, "a configured key")
	assert.Contains(t, got, `"login":"2026-11-23"`, "a removed built-in key")
	assert.NotContains(t, got, "hunter2", "a built-in key")
	assert.Contains(t, got, "Mozilla/5.0 (jane.doe@mailbox.org)", "a safe selector")
	assert.Contains(t, got, `"to":"support@example.com"`, "an allowed value")
}

func TestEngineDisabledKind(t *testing.T) {
	s := newScrubber(t, `
kinds:
  email:
    enabled: false
`)
	out := string(s.AppendText(nil, []byte("mail jane.doe@mailbox.org from 81.2.69.142")))
	assert.Contains(t, out, "jane.doe@mailbox.org")
	assert.NotContains(t, out, "81.2.69.142")
}
