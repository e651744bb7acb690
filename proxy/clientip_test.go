package proxy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

func TestFillClientIP(t *testing.T) {
	ip := []byte(`"198.51.100.23"`)
	tests := []struct {
		name, in, want string
		changed        bool
	}{
		{"user ip", `{"user":{"ip_address":"{{auto}}"}}`, `{"user":{"ip_address":"198.51.100.23"}}`, true},
		{"with spaces", `{ "user" : { "id":1, "ip_address" : "{{auto}}" } }`, `{ "user" : { "id":1, "ip_address" : "198.51.100.23" } }`, true},
		{"session attrs", `{"attrs":{"ip_address":"{{auto}}"}}`, `{"attrs":{"ip_address":"198.51.100.23"}}`, true},
		{"two places", `{"user":{"ip_address":"{{auto}}"},"request":{"env":{"REMOTE_ADDR":"{{auto}}"}}}`,
			`{"user":{"ip_address":"198.51.100.23"},"request":{"env":{"REMOTE_ADDR":"198.51.100.23"}}}`, true},
		// Near misses: the sentinel elsewhere, or a real address.
		{"sentinel in a message", `{"message":"{{auto}}","user":{"id":1}}`, ``, false},
		{"nested user", `{"extra":{"user":{"ip_address":"{{auto}}"}}}`, ``, false},
		{"real address", `{"user":{"ip_address":"10.0.0.1"}}`, ``, false},
		{"sentinel as a key", `{"user":{"{{auto}}":"ip_address"}}`, ``, false},
		{"invalid JSON", `{"user":{"ip_address":"{{auto}}"`, ``, false},
		{"escaped sentinel", `{"user":{"ip_address":"{{auto}}\u0020"}}`, ``, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, changed := fillClientIP([]byte("prefix:"), []byte(tc.in), sentryIPPaths, ip)
			assert.Equal(t, tc.changed, changed)
			if !changed {
				assert.Equal(t, "prefix:", string(got), "dst unchanged")
				return
			}
			assert.Equal(t, "prefix:"+tc.want, string(got))
		})
	}
	t.Run("rollbar", func(t *testing.T) {
		in := `{"data":{"request":{"user_ip":"$remote_ip"},"person":{"id":"1","ip_address":"$remote_ip"}}}`
		got, changed := fillClientIP(nil, []byte(in), rollbarIPPaths, ip)
		require.True(t, changed)
		assert.Equal(t, `{"data":{"request":{"user_ip":"198.51.100.23"},"person":{"id":"1","ip_address":"198.51.100.23"}}}`, string(got))
		assert.True(t, json.Valid(got))
	})
	t.Run("unknown client", func(t *testing.T) {
		got, changed := fillClientIP(nil, []byte(`{"user":{"ip_address":"{{auto}}"}}`), sentryIPPaths, nil)
		require.True(t, changed)
		assert.Equal(t, `{"user":{"ip_address":null}}`, string(got))
	})
}

func TestForwardedAddr(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		want    string
	}{
		{"none", nil, ""},
		{"x-forwarded-for first", map[string]string{"X-Forwarded-For": "203.0.113.7, 10.0.0.2"}, "203.0.113.7"},
		{"x-forwarded-for with port", map[string]string{"X-Forwarded-For": "203.0.113.7:4711"}, "203.0.113.7"},
		{"x-forwarded-for ipv6", map[string]string{"X-Forwarded-For": "[2001:db8::1]:4711"}, "2001:db8::1"},
		{"x-forwarded-for garbage falls through", map[string]string{"X-Forwarded-For": "unknown", "X-Real-IP": "203.0.113.8"}, "203.0.113.8"},
		{"forwarded", map[string]string{"Forwarded": `for="[2001:db8::2]:80";proto=https, for=10.0.0.1`}, "2001:db8::2"},
		{"forwarded obfuscated", map[string]string{"Forwarded": `for=_hidden;proto=https`}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h fasthttp.RequestHeader
			for k, v := range tc.headers {
				h.Set(k, v)
			}
			a := forwardedAddr(&h)
			if tc.want == "" {
				assert.False(t, a.IsValid())
				return
			}
			assert.Equal(t, tc.want, a.String())
		})
	}
}

func TestTrustForwarded(t *testing.T) {
	for _, trust := range []bool{false, true} {
		up := startUpstream(t, nil)
		p := startProxy(t, Config{SentryUpstream: up.url, TrustForwarded: trust}, nil)
		ev := envelopeWith(`{"user":{"ip_address":"{{auto}}"}}`)
		resp := post(t, p.url+"/api/42/envelope/", ev, map[string]string{"X-Forwarded-For": "203.0.113.7"})
		fasthttp.ReleaseResponse(resp)
		resp = post(t, p.url+"/api/42/envelope/", ev, nil)
		fasthttp.ReleaseResponse(resp)
		reqs := up.requests()
		require.Len(t, reqs, 2)
		ipOf := func(b []byte) string {
			_, items, err := parseEnvelope(b)
			require.NoError(t, err)
			var e struct {
				User struct {
					IP string `json:"ip_address"`
				} `json:"user"`
			}
			require.NoError(t, json.Unmarshal(items[0].payload, &e))
			return e.User.IP
		}
		a, b := ipOf(reqs[0].body), ipOf(reqs[1].body)
		// The loopback peer is no personal data and is kept by the engine.
		assert.Equal(t, "127.0.0.1", b)
		if trust {
			assert.NotEqual(t, "203.0.113.7", a, "the forwarded address is replaced by its stand-in")
			assert.NotEqual(t, "127.0.0.1", a, "the forwarded address is used")
			assert.NotEmpty(t, a)
		} else {
			assert.Equal(t, "127.0.0.1", a, "forwarding headers are not trusted")
		}
	}
}
