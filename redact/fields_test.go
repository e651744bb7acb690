package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMatchPathIndexed checks the indexed path-rule lookup against trying
// every rule in order, with rules that overlap: the first matching rule
// must win however the rules are indexed.
func TestMatchPathIndexed(t *testing.T) {
	f := FieldRules{Paths: []PathRule{
		{"user.name", KindEmail},
		{"**.a.b", KindPhone},
		{"**.x.name", KindName},
		{"*.b", KindIBAN},
		{"**.user.name", KindName},
		{"**.a.b", KindCard},
		{"**.b", KindSSN},
		{"a.**.b", KindSecret},
		{"**.c.*", KindIP},
		{"**.x.y.name", KindSecret},
	}}
	m := newFieldMatcher(&f)
	segs := []string{"a", "b", "c", "x", "y", "user", "name", strings.Repeat("k", 70)}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		path := make([][]byte, 1+rng.IntN(5))
		for i := range path {
			path[i] = []byte(segs[rng.IntN(len(segs))])
		}
		gk, gs := m.matchPath(path)
		wk, ws := m.matchPathSlow(path)
		if gk != wk || gs != ws {
			t.Fatalf("%q: got %v %v, want %v %v", path, gk, gs, wk, ws)
		}
	}
	// The first of two identical pair rules wins.
	if k, _ := m.matchPath([][]byte{[]byte("z"), []byte("a"), []byte("b")}); k != KindPhone {
		t.Errorf("z.a.b: got %v, want %v", k, KindPhone)
	}
	// A rule before a pair rule still wins over it.
	if k, _ := m.matchPath([][]byte{[]byte("user"), []byte("name")}); k != KindEmail {
		t.Errorf("user.name: got %v, want %v", k, KindEmail)
	}
}

// TestKeyNames asks the default field rules about key names as text and
// JSON write them.
func TestKeyNames(t *testing.T) {
	f := DefaultFieldRules()
	m := newFieldMatcher(&f)
	tests := []struct {
		key  string
		kind Kind
		weak bool
	}{
		// Session cookies by their "session" ending: strings only.
		{"_shop_session", KindSecret, true},
		{"grafana_session", KindSecret, true},
		{"_gitlab_session", KindSecret, true},
		{"ci_session", KindSecret, true},
		{"MoodleSession", KindSecret, true},
		{"rack.session", KindSecret, true},
		{"mod_auth_openidc_session", KindSecret, true},
		{".AspNetCore.Session", KindSecret, true},
		{"is_session", KindSecret, true},
		// Cookies named with a hash, and exact names.
		{"SESS8a1b2c3d4e5f60718293a4b5c6d7e8f9", KindSecret, false},
		{"SSESS8a1b2c3d4e5f60718293a4b5c6d7e8f9", KindSecret, false},
		{"wordpress_logged_in_5c016e8f0f95f039102cbe8366c5c7f3", KindSecret, false},
		{"wordpress_sec_5c016e8f0f95f039102cbe8366c5c7f3", KindSecret, false},
		{"wordpress_5c016e8f0f95f039102cbe8366c5c7f3", KindSecret, false},
		{"remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d", KindSecret, false},
		{".ASPXAUTH", KindSecret, false},
		{"auth_tkt", KindSecret, false},
		{"_oauth2_proxy", KindSecret, false},
		{"express.sid", KindSecret, false},
		{"sess", KindSecret, false},
		{"XSRF-TOKEN", KindSecret, false},
		{"laravel_session", KindSecret, false},
		{".AspNetCore.Cookies", KindSecret, true},
		{"session", KindSecret, false},
		{"session_id", KindSecret, false},
		// Logins of proxies and servers.
		{"ClientUsername", KindName, false},
		{"authUser", KindName, false},
		{"basic_auth_user", KindName, false},
		{"remote_user", KindName, false},
		{"cs-username", KindName, false},
		{"cs_username", KindName, false},
		{"user_name", KindName, false},
		{"db_username", KindName, false},
		// Near-misses: "session" inside a name, hashes too short or not hex.
		{"session_count", KindNone, false},
		{"sessions", KindNone, false},
		{"session_duration_ms", KindNone, false},
		{"sessionStorage", KindNone, false},
		{"session_state", KindNone, false},
		{"sessionize", KindNone, false},
		{"SESS_TIMEOUT", KindNone, false},
		{"sess8a1b", KindNone, false},
		{"wordpress_test_cookie", KindSecret, true}, // "cookie", as before
		{"wordpress_version", KindNone, false},
		{"wp-settings-1", KindNone, false},
		{"remember_me", KindNone, false},
		{"theme", KindNone, false},
		{"_", KindNone, false},
		{"_ga", KindNone, false},
	}
	for _, tt := range tests {
		kind, weak := m.key([]byte(tt.key))
		if kind != tt.kind || weak != tt.weak {
			t.Errorf("key(%q) = %v, %v; want %v, %v", tt.key, kind, weak, tt.kind, tt.weak)
		}
	}
}

// Session cookies in a cookie string are redacted by name; the others, and
// counts and flags under keys that mention sessions, stay.
func TestSessionCookies(t *testing.T) {
	s := newTestScrubber(t, nil)
	line := `81.2.69.160 - - [23/Nov/2026:06:25:02 +0000] "GET /dashboard HTTP/1.1" 200 4523 "-" "Mozilla/5.0" "_shop_session=BAh7CEkiD3Nlc3Npb25faWQ; wordpress_logged_in_5c016e8f0f95f039102cbe8366c5c7f3=hmueller%7C1764052702%7CZx9YwVuTsRqPoNmLkJiHgFeDcBa; grafana_session=a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6; .ASPXAUTH=8F14E45FCEEA167A5A36DEDD4BEA2543; theme=dark; lang=en"`
	out := string(s.AppendText(nil, []byte(line)))
	for _, g := range []string{"BAh7CEkiD3Nlc3Npb25faWQ", "hmueller", "Zx9YwVuTsRqPoNmLkJiHgFeDcBa", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "8F14E45FCEEA167A5A36DEDD4BEA2543"} {
		if strings.Contains(out, g) {
			t.Errorf("%q survived: %s", g, out)
		}
	}
	for _, k := range []string{`"_shop_session=[redacted]; wordpress_logged_in_5c016e8f0f95f039102cbe8366c5c7f3=[redacted]; grafana_session=[redacted]; .ASPXAUTH=[redacted]; theme=dark; lang=en"`} {
		if !strings.Contains(out, k) {
			t.Errorf("%q lost: %s", k, out)
		}
	}
	for _, in := range []string{
		"session_count=3 sessions=12 session_state=active sessionStorage=available is_session=true new_session=False",
		"Session: started for worker 3",
	} {
		if out := string(s.AppendText(nil, []byte(in))); out != in {
			t.Errorf("changed:\n got %s\nwant %s", out, in)
		}
	}
	const event = `{"session_count":3,"sessions":[],"session_duration_ms":1200,"sessionStorage":true,"is_session":false,"last_session":{"started":"2026-11-23"},"grafana_session":"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"}`
	const want = `{"session_count":3,"sessions":[],"session_duration_ms":1200,"sessionStorage":true,"is_session":false,"last_session":{"started":"2026-11-23"},"grafana_session":"[redacted]"}`
	got, err := s.AppendJSON(nil, []byte(event))
	if err != nil || string(got) != want {
		t.Errorf("JSON:\n got %s (%v)\nwant %s", got, err, want)
	}
}

// Logins written by proxies and servers are names, in JSON and in logfmt;
// placeholders and keys that only mention a user name stay.
func TestLoginFields(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, in := range []string{
		`{"ClientAddr":"10.0.0.1:51234","ClientUsername":"hmueller","DownstreamStatus":200}`,
		`{"authUser":"hmueller","basic_auth_user":"hmueller","remote_user":"hmueller","cs-username":"hmueller","cs_username":"hmueller","user_name":"hmueller"}`,
	} {
		out, err := s.AppendJSON(nil, []byte(in))
		if err != nil || strings.Contains(string(out), "hmueller") || !strings.Contains(string(out), "Name-") {
			t.Errorf("login kept: %s (%v)", out, err)
		}
	}
	line := "remote_user=hmueller authUser=hmueller ClientUsername=hmueller cs_username=hmueller status=200"
	if out := string(s.AppendText(nil, []byte(line))); strings.Contains(out, "hmueller") || !strings.Contains(out, "status=200") {
		t.Errorf("login kept: %s", out)
	}
	for _, in := range []string{
		`{"ClientUsername":"-","authUser":"","basic_auth_user":null,"username_length":8}`,
		"username_length=8 user_name_policy=strict ClientUsername=-",
	} {
		var out []byte
		if in[0] == '{' {
			out, _ = s.AppendJSON(nil, []byte(in))
		} else {
			out = s.AppendText(nil, []byte(in))
		}
		if string(out) != in {
			t.Errorf("changed:\n got %s\nwant %s", out, in)
		}
	}
}

// Keys named in the security review: connection-string and application
// keys are secrets, social handles are names, and public identifiers that
// hold a secret word (PublicKeyToken, token_type, SharedAccessKeyName) stay.
func TestReviewedKeys(t *testing.T) {
	const azure = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefGHIJ+/==;EndpointSuffix=core.windows.net"
	const asm = "System.Runtime, Version=4.2.2.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"
	runScrubCases(t, newTestScrubber(t, nil), []scrubCase{
		// Secrets.
		{name: "azure storage", in: "conn " + azure,
			want: "conn DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=[redacted];EndpointSuffix=core.windows.net"},
		{name: "azure storage in json", in: `{"message":"` + azure + `"}`,
			want: `{"message":"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=[redacted];EndpointSuffix=core.windows.net"}`},
		{name: "service bus", in: "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=AbCdEfGhIjKlMnOp0123=",
			want: "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=[redacted]"},
		{name: "sas", in: "BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sp=rl&sig=AbCdEf%2BGh%3D",
			want: "BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sp=rl&sig=[redacted]"},
		{name: "ado.net", in: "Server=tcp:x.database.windows.net,1433;Initial Catalog=shop;Database=shop;User ID=admin;Password=hunter2;Encrypt=True;",
			want: "Server=tcp:x.database.windows.net,1433;Initial Catalog=shop;Database=shop;User ID=admin;Password=[redacted];Encrypt=True;"},
		{name: "odbc", in: "Driver={ODBC Driver 18};Server=x;Uid=admin;Pwd=hunter2;", want: "Driver={ODBC Driver 18};Server=x;Uid=admin;Pwd=[redacted];"},
		{name: "account key json", in: `{"AccountKey":"AbCdEfGh0123=="}`, want: `{"AccountKey":"[redacted]"}`},
		{name: "laravel app key", in: "APP_KEY=base64:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg=", want: "APP_KEY=[redacted]"},
		{name: "laravel app key json", in: `{"APP_KEY":"base64:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg="}`, want: `{"APP_KEY":"[redacted]"}`},
		// Names.
		{name: "handles", in: "nickname=jdoe screen_name=jdoe42 handle=jdoe status=200", gone: []string{"jdoe"}, keep: []string{"nickname=Name-", "screen_name=Name-", "handle=Name-", "status=200"}},
		{name: "handles json", in: `{"nickname":"jdoe","screen_name":"jdoe42","handle":"jdoe"}`, gone: []string{"jdoe"}, keep: []string{`"handle":"Name-`}},
		// Near-misses.
		{name: "account name in log", in: "account_name=hmueller", gone: []string{"hmueller"}},
		{name: "AccountName without connection string", in: "AccountName=hmueller", gone: []string{"hmueller"}},
		{name: "handle number", in: "handle=0x1f4 handle=42"},
		{name: "handle number json", in: `{"handle":42,"file_handle":"0x1f4"}`},
		{name: "app key name", in: "app_key_name=main appkeyring=gnome"},
		{name: "public key token", in: `  at Foo.Bar() in ` + asm},
		{name: "public key token json", in: `{"modules":{"System.Runtime":"` + asm + `"}}`},
		{name: "public key token exception", in: `{"exception":{"values":[{"value":"Could not load file or assembly 'Foo, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null'"}]}}`},
		{name: "token type", in: "access_token=abc123def456ghi789&token_type=Bearer&expires_in=3600", want: "access_token=[redacted]&token_type=Bearer&expires_in=3600"},
		{name: "token type json", in: `{"access_token":"abc123def456","token_type":"bearer","expires_in":3600}`, want: `{"access_token":"[redacted]","token_type":"bearer","expires_in":3600}`},
		{name: "public key token is no private key", in: "private_key_token=AbCdEf0123456789", want: "private_key_token=[redacted]"},
	})
}
