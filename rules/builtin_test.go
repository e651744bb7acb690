package rules

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/piiproxy/piiproxy/redact"
)

func TestBuiltinFieldRules(t *testing.T) {
	f := BuiltinFieldRules()
	want := map[redact.Kind][]string{
		// Sentry Relay @password keys, Sentry SDK denylist, Relay cookies.
		redact.KindSecret: {"password", "passwd", "secret", "api_key", "apikey", "auth",
			"credentials", "mysql_pwd", "privatekey", "private_key", "token", "bearer",
			"session", "csrf", "xsrf", "access_token", "sessionid", "stripetoken",
			"csrftoken",
			// Rollbar SDK scrub fields.
			"confirm_password", "password_confirmation", "auth_token", "csrf_token",
			"secret_token", "accessToken", "session_id",
			// Headers.
			"authorization", "cookie", "set-cookie", "Set_Cookie", "x-api-key", "X-CSRF-Token"},
		redact.KindEmail: {"email", "e_mail", "mail", "email_address", "user_email", "E-Mail"},
		redact.KindIP: {"ip_address", "ip", "client_ip", "remote_addr", "remote_ip",
			"x_forwarded_for", "X-Forwarded-For", "x_real_ip", "X-Real-IP"},
		redact.KindPhone: {"phone", "phone_number", "mobile", "tel", "fax"},
		redact.KindIBAN:  {"iban", "bank_account"},
		redact.KindCard:  {"card_number", "cc_number", "pan", "credit_card"},
		redact.KindSSN:   {"ssn", "social_security_number"},
		redact.KindName: {"first_name", "firstname", "given_name", "last_name", "surname",
			"family_name", "full_name", "display_name", "username", "user_name", "login",
			"customer_name", "cardholder_name", "billing_name", "recipient", "author", "owner",
			"firstName", "First-Name"},
	}
	for kind, keys := range want {
		for _, k := range keys {
			assert.Equal(t, kind, f.Keys[redact.NormalizeKey(k)], "key %q", k)
		}
	}
	for _, sel := range []string{"**.user.name", "**.person.name", "**.customer.name",
		"**.contact.name", "**.account.name", "**.profile.name", "**.member.name",
		"**.employee.name", "**.patient.name"} {
		assert.Contains(t, f.Paths, redact.PathRule{Selector: sel, Kind: redact.KindName})
	}
}

func TestBuiltinFieldRulesLeaveOperationalKeys(t *testing.T) {
	// Keys that name machines, files and code, not people: replacing them
	// would break grouping in Sentry and Rollbar for no privacy gain.
	f := BuiltinFieldRules()
	for _, k := range []string{"server_name", "hostname", "host", "filename", "function",
		"module", "name", "message", "level", "release", "environment", "url", "type"} {
		assert.NotContains(t, f.Keys, redact.NormalizeKey(k), "key %q", k)
	}
	for _, p := range f.Paths {
		for _, bad := range []string{"server_name", "hostname", "filename", "function"} {
			assert.NotContains(t, p.Selector, bad)
		}
	}
}

func TestBuiltinKeysHaveOneKindEach(t *testing.T) {
	seen := map[string]redact.Kind{}
	for _, g := range builtinKeys {
		for _, k := range g.keys {
			n := redact.NormalizeKey(k)
			if prev, ok := seen[n]; ok {
				assert.Equal(t, prev, g.kind, "key %q is listed under two kinds", k)
			}
			seen[n] = g.kind
		}
	}
}

func TestBuiltinAgreesWithEngineDefaults(t *testing.T) {
	// The built-in rules extend the engine's defaults and never give one
	// of its names another kind.
	engine := redact.DefaultFieldRules()
	for k, kind := range engine.Keys {
		for _, g := range builtinKeys {
			for _, name := range g.keys {
				if redact.NormalizeKey(name) == k {
					assert.Equal(t, kind, g.kind, "key %q", name)
				}
			}
		}
	}
	f := BuiltinFieldRules()
	for k, kind := range engine.Keys {
		assert.Equal(t, kind, f.Keys[k], "key %q", k)
	}
	for _, p := range engine.Paths {
		assert.Contains(t, f.Paths, p)
	}
}

func TestBuiltinFieldRulesAreValid(t *testing.T) {
	rc := redact.DefaultConfig(testKey)
	rc.Fields = BuiltinFieldRules()
	assert.NoError(t, rc.Validate())
	// Each call returns a fresh value.
	a := BuiltinFieldRules()
	a.Keys["password"] = redact.KindEmail
	assert.Equal(t, redact.KindSecret, BuiltinFieldRules().Keys["password"])
}

// The configuration built from the defaults treats keys that contain a
// secret word as secrets, as the engine's own defaults do.
func TestDefaultsKeepSecretWords(t *testing.T) {
	rc, err := Default().Redact(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Fields.SecretWords) == 0 {
		t.Fatal("no secret words in the default configuration")
	}
	s, err := redact.New(rc)
	if err != nil {
		t.Fatal(err)
	}
	out := string(s.AppendLine(nil, []byte(`DB_PASSWORD=abc12345 {"x":1}`)))
	if strings.Contains(out, "abc12345") {
		t.Errorf("DB_PASSWORD survived: %s", out)
	}
	// ... and keeps the public names that hold one.
	in := "Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a token_type=Bearer"
	if out := string(s.AppendLine(nil, []byte(in))); out != in {
		t.Errorf("public key names changed:\n got %s\nwant %s", out, in)
	}
}
