package proxy

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

func TestTunnel(t *testing.T) {
	// What the Sentry JavaScript SDK sends to its tunnel: an envelope whose
	// header names the dsn, here for o1.ingest.sentry.io.
	browser, err := os.ReadFile("testdata/sentry/browser_mixed.envelope")
	require.NoError(t, err)
	require.Contains(t, string(browser), `"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/42"`)

	up := startUpstream(t, nil)
	p := startProxy(t, Config{
		SentryUpstream:    up.url,
		SentryTunnelPath:  "/tunnel",
		SentryTunnelHosts: []string{"o1.ingest.sentry.io"},
	}, nil)

	resp := post(t, p.url+"/tunnel", browser, map[string]string{"Content-Type": "text/plain;charset=UTF-8"})
	require.Equal(t, fasthttp.StatusOK, resp.StatusCode(), string(resp.Body()))
	fasthttp.ReleaseResponse(resp)
	reqs := up.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/api/42/envelope/", reqs[0].path)
	assert.Equal(t, "sentry_key=e12d836b15bb49d7bbf99e64295d995b", reqs[0].query)
	assert.Equal(t, "application/x-sentry-envelope", reqs[0].headers["Content-Type"])
	hdr, items, err := parseEnvelope(reqs[0].body)
	require.NoError(t, err)
	assert.Equal(t, "https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/42", hdr["dsn"], "the dsn is kept")
	assert.NotEmpty(t, items)
	assertNoPlanted(t, reqs[0].body)

	// The upstream's own host, with a path prefix in the dsn.
	env := `{"dsn":"` + strings.Replace(up.url, "http://", "http://e12d836b15bb49d7bbf99e64295d995b@", 1) + `/sentry/7"}` + "\n" +
		`{"type":"event"}` + "\n" + `{"message":"mail jane.doe@example.com"}` + "\n"
	resp = post(t, p.url+"/tunnel", []byte(env), nil)
	require.Equal(t, fasthttp.StatusOK, resp.StatusCode(), string(resp.Body()))
	fasthttp.ReleaseResponse(resp)
	reqs = up.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/api/7/envelope/", reqs[1].path)
	assert.NotContains(t, string(reqs[1].body), "jane.doe@example.com")

	for _, tc := range []struct {
		name, header string
		code         int
		reason       string
	}{
		// Never an open relay.
		{"foreign host", `{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@sentry.evil.example/42"}`, 403, reasonTunnelHost},
		{"allowed host as a suffix", `{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io.evil.example/42"}`, 403, reasonTunnelHost},
		{"userinfo trick", `{"dsn":"https://o1.ingest.sentry.io@sentry.evil.example/42"}`, 400, reasonTunnelDSN},
		// No usable dsn.
		{"no dsn", `{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}`, 400, reasonTunnelDSN},
		{"dsn not a string", `{"dsn":42}`, 400, reasonTunnelDSN},
		{"no key", `{"dsn":"https://o1.ingest.sentry.io/42"}`, 400, reasonTunnelDSN},
		{"project not a number", `{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/shop"}`, 400, reasonTunnelDSN},
		{"no project", `{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io"}`, 400, reasonTunnelDSN},
		{"not http", `{"dsn":"ftp://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/42"}`, 400, reasonTunnelDSN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.header + "\n" + `{"type":"event"}` + "\n" + `{"message":"hi"}` + "\n"
			resp := post(t, p.url+"/tunnel", []byte(body), nil)
			defer fasthttp.ReleaseResponse(resp)
			assert.Equal(t, tc.code, resp.StatusCode())
			assert.NotContains(t, string(resp.Body()), "evil")
		})
	}
	assert.Len(t, up.requests(), 2, "refused envelopes are not forwarded")
	m := scrape(t, p.url)
	assert.Contains(t, m, `piiproxy_errors_total{reason="tunnel_host"} 2`)
	assert.Contains(t, m, `piiproxy_errors_total{reason="tunnel_dsn"} 7`)
	assert.Contains(t, m, `piiproxy_requests_total{code="200",route="sentry_tunnel"} 2`)
}

func TestTunnelOff(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	resp := post(t, p.url+"/tunnel", envelopeWith(`{"message":"hi"}`), nil)
	defer fasthttp.ReleaseResponse(resp)
	assert.Equal(t, fasthttp.StatusNotFound, resp.StatusCode())
	assert.Empty(t, up.requests())
}

func TestTunnelConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no sentry upstream", Config{RollbarUpstream: "http://127.0.0.1:1", SentryTunnelPath: "/tunnel"}, "needs a sentry upstream"},
		{"relative path", Config{SentryUpstream: "http://127.0.0.1:1", SentryTunnelPath: "tunnel"}, "absolute path"},
		{"with query", Config{SentryUpstream: "http://127.0.0.1:1", SentryTunnelPath: "/tunnel?x=1"}, "absolute path"},
		{"taken", Config{SentryUpstream: "http://127.0.0.1:1", SentryTunnelPath: "/api/42/envelope/"}, "taken"},
		{"host with path", Config{SentryUpstream: "http://127.0.0.1:1", SentryTunnelHosts: []string{"sentry.io/x"}}, "want a host name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	ok := Config{SentryUpstream: "http://127.0.0.1:1", SentryTunnelPath: "/monitoring", SentryTunnelHosts: []string{"o1.ingest.sentry.io"}}
	assert.NoError(t, ok.Validate())
}

// FuzzTunnelTarget feeds arbitrary envelope headers to the tunnel's dsn
// reader. Whatever it accepts must name an allowed host, and the target it
// returns must be an envelope endpoint of a numeric project with an
// alphanumeric key, whatever the input: nothing of the dsn but the project
// id and the key reaches the upstream request.
func FuzzTunnelTarget(f *testing.F) {
	for _, s := range []string{
		`{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/42"}`,
		`{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/prefix/42/"}`,
		`{"dsn":"https://k@O1.INGEST.SENTRY.IO:443/42"}`,
		`{"dsn":"https://k@o1.ingest.sentry.io@evil.example/42"}`,
		`{"dsn":"https://k@evil.example#@o1.ingest.sentry.io/42"}`,
		`{"dsn":"https://k@evil.example\\@o1.ingest.sentry.io/42"}`,
		`{"dsn":"https://k@[::1]/42"}`,
		`{"dsn":"https://k@o1.ingest.sentry.io/../42"}`,
		`{"dsn":"https://k@o1.ingest.sentry.io/%34%32"}`,
		`{"dsn":"https:\/\/k@o1.ingest.sentry.io\/42"}`,
		`{"dsn":null}`, `{"dsn":"x","dsn":"y"}`, `{}`, ``,
	} {
		f.Add([]byte(s))
	}
	up, err := parseUpstream("https://sentry.example.com")
	if err != nil {
		f.Fatal(err)
	}
	hosts := newTunnelHosts(up, []string{"o1.ingest.sentry.io"})
	f.Fuzz(func(t *testing.T, header []byte) {
		var tt tunnelTarget
		body := append(append([]byte(nil), header...), "\n{\"type\":\"event\"}\n{}\n"...)
		if err := readTunnelTarget(&tt, body, hosts); err != nil {
			if !errors.Is(err, ErrTunnelDSN) && !errors.Is(err, ErrTunnelHost) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		p, ok := strings.CutPrefix(string(tt.path), "/api/")
		if !ok {
			t.Fatalf("path %q", tt.path)
		}
		id, ok := strings.CutSuffix(p, "/envelope/")
		if !ok || id == "" || strings.Trim(id, "0123456789") != "" {
			t.Fatalf("path %q", tt.path)
		}
		if !isAlnum(string(tt.key)) {
			t.Fatalf("key %q", tt.key)
		}
		vs, ve, _ := lookup(body, "dsn")
		raw, _ := stringValue(body[vs:ve])
		u, err := url.Parse(string(raw))
		if err != nil {
			t.Fatalf("accepted a dsn url.Parse refuses: %v", err)
		}
		if _, ok := hosts[strings.ToLower(u.Hostname())]; !ok {
			t.Fatalf("accepted host %q", u.Hostname())
		}
	})
}
