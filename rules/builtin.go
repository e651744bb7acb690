package rules

import (
	"github.com/piiproxy/piiproxy/redact"
)

// builtinKeys are the sensitive key names of the built-in field rules, by
// kind. Names are compared after redact.NormalizeKey, so "X-Api-Key",
// "x_api_key" and "xapikey" are one entry; spellings are kept as the
// sources write them.
//
// Deliberately absent: names that hold no personal data in Sentry and
// Rollbar payloads but look like they might (server_name, hostname,
// filename, function, module, name).
var builtinKeys = []struct {
	kind redact.Kind
	keys []string
}{
	{redact.KindSecret, []string{
		// Sentry Relay: the key pattern of the @password rule (password,
		// secret, passwd, api[-_]key, apikey, auth, credentials, mysql_pwd,
		// privatekey, private[-_]key, token, otp, two[-_]factor), the
		// @bearer rule, and the sensitive cookie names.
		"password", "passwd", "secret", "api_key", "apikey", "auth",
		"credentials", "mysql_pwd", "privatekey", "private_key", "token",
		"otp", "two_factor",
		"sentrysid", "session", "__session", "sessionid", "user_session",
		"symfony", "phpsessid", "fasthttpsessionid", "mysession",
		"irissessionid", "_vercel_jwt", "csrf", "xsrf", "_xsrf", "_csrf",
		"csrf-token", "csrf_token", "xsrf-token", "xsrf_token", "fastcsrf",
		"_iris_csrf",
		// Sentry SDKs' default denylist (sentry-python EventScrubber).
		"csrftoken", "x_csrftoken", "set_cookie", "cookie", "authorization",
		"x_api_key", "aiohttp_session", "connect.sid", "_csrf_token",
		"_session",
		// Rollbar SDKs' default scrub fields and headers (rollbar.js,
		// pyrollbar, rollbar-gem).
		"pw", "pass", "confirm_password", "confirmPassword",
		"password_confirmation", "passwordConfirmation", "accessToken",
		"X-Rollbar-Access-Token", "secret_key", "secretKey", "secretToken",
		"secret_token", "authenticity_token", "oauth_token",
		"user_session_secret", "authentication", "session_id", "auth_token",
		"www-authorization", "http_authorization", "omniauth.auth",
		"oauth-access-token", "x-access-token", "x_csrf_token",
		"http_x_csrf_token",
		// Common HTTP headers and credential names.
		"bearer", "access_token", "stripetoken",
		"set-cookie", "cookies", "x-api-key", "proxy-authorization",
		"x-auth-token", "x-csrf-token", "x-xsrf-token", "client_secret",
		"refresh_token", "id_token", "api_secret", "api_token",
		"private_token", "new_password", "old_password", "current_password",
	}},
	{redact.KindEmail, []string{
		"email", "e_mail", "mail", "email_address", "user_email",
		"contact_email", "customer_email", "billing_email",
	}},
	{redact.KindIP, []string{
		"ip_address", "ip", "client_ip", "remote_addr", "remote_ip",
		"x_forwarded_for", "x_real_ip", "user_ip", "x-client-ip",
		"true-client-ip", "cf-connecting-ip", "client.address",
	}},
	{redact.KindPhone, []string{
		"phone", "phone_number", "mobile", "tel", "fax", "telephone",
		"mobile_number", "mobile_phone",
	}},
	{redact.KindIBAN, []string{
		"iban", "bank_account", "bank_account_number",
	}},
	{redact.KindCard, []string{
		"card_number", "cc_number", "pan", "credit_card",
		"credit_card_number", "cc_num",
	}},
	{redact.KindSSN, []string{
		"ssn", "social_security_number",
	}},
	{redact.KindName, []string{
		"first_name", "firstname", "given_name", "last_name", "surname",
		"family_name", "full_name", "display_name", "username", "user_name",
		"login", "customer_name", "cardholder_name", "billing_name",
		"recipient", "author", "owner",
	}},
}

// builtinPaths are the selector rules of the built-in field rules: "name"
// is too common a key to be a person's name everywhere, but it is one
// under these objects.
var builtinPaths = []redact.PathRule{
	{Selector: "**.user.name", Kind: redact.KindName},
	{Selector: "**.person.name", Kind: redact.KindName},
	{Selector: "**.customer.name", Kind: redact.KindName},
	{Selector: "**.contact.name", Kind: redact.KindName},
	{Selector: "**.account.name", Kind: redact.KindName},
	{Selector: "**.profile.name", Kind: redact.KindName},
	{Selector: "**.member.name", Kind: redact.KindName},
	{Selector: "**.employee.name", Kind: redact.KindName},
	{Selector: "**.patient.name", Kind: redact.KindName},
}

// BuiltinFieldRules returns the built-in field rules that
// FieldsConfig.Builtin turns on: the engine's defaults
// (redact.DefaultFieldRules) together with the names and paths above, keys
// normalized with redact.NormalizeKey. It returns a new value on every
// call; the caller owns it.
//
// The secret names include access_token, which Rollbar's item API also
// uses at the top level of its request body for the project token: a
// proxy that forwards to Rollbar keeps that one value aside before
// scrubbing.
func BuiltinFieldRules() redact.FieldRules {
	f := redact.DefaultFieldRules()
	if f.Keys == nil {
		f.Keys = map[string]redact.Kind{}
	}
	for _, g := range builtinKeys {
		for _, k := range g.keys {
			f.Keys[redact.NormalizeKey(k)] = g.kind
		}
	}
	have := make(map[string]bool, len(f.Paths))
	for _, p := range f.Paths {
		have[normalizeSelector(p.Selector)] = true
	}
	for _, p := range builtinPaths {
		if !have[normalizeSelector(p.Selector)] {
			f.Paths = append(f.Paths, p)
		}
	}
	f.Safe = nil
	return f
}
