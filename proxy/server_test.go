package proxy

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// envelopeWith returns a one-event envelope whose event is ev.
func envelopeWith(ev string) []byte {
	return []byte(`{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"http://e12d836b15bb49d7bbf99e64295d995b@127.0.0.1/42"}` + "\n" +
		`{"type":"event"}` + "\n" + ev + "\n")
}

const sentryAuth = "Sentry sentry_version=7, sentry_client=test/1.0, sentry_key=e12d836b15bb49d7bbf99e64295d995b"

func TestForwardedHeadersAndQuery(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	resp := post(t, p.url+"/api/42/envelope/?sentry_key=e12d836b15bb49d7bbf99e64295d995b&sentry_version=7&user=jane.doe%40example.com", envelopeWith(`{"message":"hi"}`), map[string]string{
		"X-Sentry-Auth":   sentryAuth,
		"Authorization":   "Sentry sentry_key=e12d836b15bb49d7bbf99e64295d995b",
		"Cookie":          "session=s3cr3t-cookie-value",
		"X-Forwarded-For": "203.0.113.7",
		"X-Real-IP":       "203.0.113.7",
		"Forwarded":       "for=203.0.113.7",
		"Content-Type":    "application/x-sentry-envelope",
		"User-Agent":      "sentry.go/0.50.0",
	})
	defer fasthttp.ReleaseResponse(resp)
	require.Equal(t, 200, resp.StatusCode(), string(resp.Body()))
	assert.JSONEq(t, `{"id":"1"}`, string(resp.Body()))

	reqs := up.requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, "/api/42/envelope/", r.path)
	assert.Equal(t, "sentry_key=e12d836b15bb49d7bbf99e64295d995b&sentry_version=7", r.query, "only authentication parameters")
	assert.Equal(t, sentryAuth, r.headers["X-Sentry-Auth"])
	assert.Equal(t, "Sentry sentry_key=e12d836b15bb49d7bbf99e64295d995b", r.headers["Authorization"])
	assert.Equal(t, "application/x-sentry-envelope", r.headers["Content-Type"])
	assert.Equal(t, "sentry.go/0.50.0", r.headers["User-Agent"])
	for _, h := range []string{"Cookie", "X-Forwarded-For", "X-Real-Ip", "Forwarded"} {
		assert.NotContains(t, r.headers, h)
	}
	for k, v := range r.headers {
		assert.NotContains(t, v, "203.0.113.7", k)
		assert.NotContains(t, v, "s3cr3t", k)
	}
}

func TestRateLimitsPassedBack(t *testing.T) {
	up := startUpstream(t, func(_ int, ctx *fasthttp.RequestCtx) {
		ctx.SetStatusCode(429)
		ctx.Response.Header.Set("Retry-After", "60")
		ctx.Response.Header.Set("X-Sentry-Rate-Limits", "60:error;transaction:organization:quota_exceeded")
		ctx.Response.Header.Set("Set-Cookie", "upstream=1")
		ctx.SetBodyString(`{"detail":"rate limited"}`)
	})
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
	defer fasthttp.ReleaseResponse(resp)
	assert.Equal(t, 429, resp.StatusCode())
	assert.Equal(t, "60", string(resp.Header.Peek("Retry-After")))
	assert.Equal(t, "60:error;transaction:organization:quota_exceeded", string(resp.Header.Peek("X-Sentry-Rate-Limits")))
	assert.Equal(t, `{"detail":"rate limited"}`, string(resp.Body()))
	assert.Empty(t, resp.Header.Peek("Set-Cookie"))
	assert.Len(t, up.requests(), 1, "a 429 is not retried")
}

func TestRetries(t *testing.T) {
	t.Run("5xx then success", func(t *testing.T) {
		up := startUpstream(t, func(n int, ctx *fasthttp.RequestCtx) {
			if n < 3 {
				ctx.SetStatusCode(503)
				return
			}
			ctx.SetBodyString(`{"id":"ok"}`)
		})
		p := startProxy(t, Config{SentryUpstream: up.url, Retries: 2, RetryBackoff: time.Millisecond}, nil)
		resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
		defer fasthttp.ReleaseResponse(resp)
		assert.Equal(t, 200, resp.StatusCode())
		reqs := up.requests()
		require.Len(t, reqs, 3)
		assert.Equal(t, reqs[0].body, reqs[2].body, "every attempt sends the same body")
		assert.Equal(t, 2.0, testutil.ToFloat64(p.srv.m.retries.WithLabelValues("sentry")))
	})
	t.Run("5xx every time", func(t *testing.T) {
		up := startUpstream(t, func(_ int, ctx *fasthttp.RequestCtx) { ctx.SetStatusCode(500) })
		p := startProxy(t, Config{SentryUpstream: up.url, Retries: 1, RetryBackoff: time.Millisecond}, nil)
		resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
		defer fasthttp.ReleaseResponse(resp)
		assert.Equal(t, 500, resp.StatusCode(), "the last answer is passed back")
		assert.Len(t, up.requests(), 2)
	})
	t.Run("503 with Retry-After is not retried", func(t *testing.T) {
		up := startUpstream(t, func(_ int, ctx *fasthttp.RequestCtx) {
			ctx.SetStatusCode(503)
			ctx.Response.Header.Set("Retry-After", "30")
		})
		p := startProxy(t, Config{SentryUpstream: up.url, RetryBackoff: time.Millisecond}, nil)
		resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
		defer fasthttp.ReleaseResponse(resp)
		assert.Equal(t, 503, resp.StatusCode())
		assert.Equal(t, "30", string(resp.Header.Peek("Retry-After")))
		assert.Len(t, up.requests(), 1)
	})
	t.Run("upstream down", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		dead := "http://" + ln.Addr().String()
		require.NoError(t, ln.Close())
		p := startProxy(t, Config{SentryUpstream: dead, Retries: 2, RetryBackoff: time.Millisecond, UpstreamTimeout: time.Second}, nil)
		resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
		defer fasthttp.ReleaseResponse(resp)
		assert.Equal(t, 502, resp.StatusCode())
		assert.JSONEq(t, `{"detail":"upstream unavailable"}`, string(resp.Body()))
	})
}

func TestSaturation(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	up := startUpstream(t, func(_ int, ctx *fasthttp.RequestCtx) {
		entered <- struct{}{}
		<-release
		ctx.SetBodyString(`{}`)
	})
	p := startProxy(t, Config{SentryUpstream: up.url, MaxConcurrent: 1, RetryAfter: 3 * time.Second}, nil)
	var wg sync.WaitGroup
	wg.Add(1)
	first := 0
	go func() {
		defer wg.Done()
		resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"one"}`), nil)
		first = resp.StatusCode()
		fasthttp.ReleaseResponse(resp)
	}()
	select {
	case <-entered:
	case <-time.After(5 * time.Second):
		t.Fatal("first request did not reach the upstream")
	}
	resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"two"}`), nil)
	assert.Equal(t, 503, resp.StatusCode())
	assert.Equal(t, "3", string(resp.Header.Peek("Retry-After")))
	fasthttp.ReleaseResponse(resp)
	close(release)
	wg.Wait()
	assert.Equal(t, 200, first)
}

func compress(t testing.TB, enc string, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch enc {
	case "gzip", "x-gzip":
		w = gzip.NewWriter(&buf)
	case "deflate":
		w = zlib.NewWriter(&buf)
	case "raw-deflate":
		w, _ = flate.NewWriter(&buf, flate.DefaultCompression)
	case "br":
		w = brotli.NewWriter(&buf)
	case "zstd":
		w, _ = zstd.NewWriter(&buf)
	default:
		return b
	}
	_, err := w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func TestContentEncodings(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	env := envelopeWith(`{"message":"mail jane.doe@example.com","user":{"email":"jane.doe@example.com"}}`)
	cases := []struct{ header, alg string }{
		{"", ""}, {"identity", ""}, {"UTF-8", ""}, {"utf-8", ""},
		{"gzip", "gzip"}, {"x-gzip", "gzip"}, {"GZIP", "gzip"}, {"deflate", "deflate"},
		{"deflate", "raw-deflate"}, {"br", "br"}, {"zstd", "zstd"},
	}
	var want []byte
	for _, tc := range cases {
		resp := post(t, p.url+"/api/42/envelope/", compress(t, tc.alg, env), map[string]string{"Content-Encoding": tc.header})
		assert.Equal(t, 200, resp.StatusCode(), "%s/%s: %s", tc.header, tc.alg, resp.Body())
		fasthttp.ReleaseResponse(resp)
	}
	reqs := up.requests()
	require.Len(t, reqs, len(cases))
	for i, r := range reqs {
		assert.NotContains(t, r.headers, "Content-Encoding", "forwarded uncompressed")
		if want == nil {
			want = r.body
		}
		assert.Equal(t, string(want), string(r.body), "case %d (%s) forwards the same scrubbed body", i, cases[i].header)
		_, _, err := parseEnvelope(r.body)
		assert.NoError(t, err)
	}

	t.Run("stacked codings", func(t *testing.T) {
		body := compress(t, "gzip", compress(t, "br", env))
		resp := post(t, p.url+"/api/42/envelope/", body, map[string]string{"Content-Encoding": "br, gzip"})
		defer fasthttp.ReleaseResponse(resp)
		assert.Equal(t, 200, resp.StatusCode(), string(resp.Body()))
		reqs := up.requests()
		assert.Equal(t, string(want), string(reqs[len(reqs)-1].body))
	})
	t.Run("forwarded gzip", func(t *testing.T) {
		up := startUpstream(t, nil)
		p := startProxy(t, Config{SentryUpstream: up.url, ForwardEncoding: EncodingGzip}, nil)
		resp := post(t, p.url+"/api/42/envelope/", compress(t, "zstd", env), map[string]string{"Content-Encoding": "zstd"})
		defer fasthttp.ReleaseResponse(resp)
		require.Equal(t, 200, resp.StatusCode())
		r := up.requests()[0]
		assert.Equal(t, "gzip", r.headers["Content-Encoding"])
		zr, err := gzip.NewReader(bytes.NewReader(r.body))
		require.NoError(t, err)
		plain, err := io.ReadAll(zr)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(plain))
	})
}

func TestBadBodies(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url, RollbarUpstream: up.url, MaxBody: 4 << 10, MaxDecompressed: 64 << 10}, nil)
	big := envelopeWith(`{"message":"` + strings.Repeat("a", 8<<10) + `"}`)
	bomb := compress(t, "gzip", envelopeWith(`{"message":"`+strings.Repeat("a", 1<<20)+`"}`))
	require.Less(t, len(bomb), 4<<10)
	gz := compress(t, "gzip", envelopeWith(`{"message":"jane.doe@example.com"}`))
	corrupt := append([]byte(nil), gz...)
	corrupt[len(corrupt)/2] ^= 0xff
	truncated := gz[:len(gz)-12]
	tests := []struct {
		name   string
		path   string
		body   []byte
		enc    string
		code   int
		reason string
	}{
		{"body over max-body", "/api/42/envelope/", big, "", 413, "body too large"},
		{"decompresses past the limit", "/api/42/envelope/", bomb, "gzip", 413, "body too large"},
		{"zstd past the limit", "/api/42/envelope/", compress(t, "zstd", envelopeWith(`{"message":"`+strings.Repeat("a", 1<<20)+`"}`)), "zstd", 413, "body too large"},
		{"corrupt gzip", "/api/42/envelope/", corrupt, "gzip", 400, "corrupt compressed body"},
		{"truncated gzip", "/api/42/envelope/", truncated, "gzip", 400, "corrupt compressed body"},
		{"not gzip at all", "/api/42/envelope/", []byte("jane.doe@example.com"), "gzip", 400, "corrupt compressed body"},
		{"unknown encoding", "/api/42/envelope/", gz, "compress", 415, "unsupported content encoding"},
		{"malformed envelope", "/api/42/envelope/", []byte(`{"type":"event","length":99}` + "\n{}\n"), "", 400, "malformed envelope"},
		{"invalid JSON item", "/api/42/envelope/", envelopeWith(`{"message":"jane.doe@example.com"`), "", 400, "invalid JSON"},
		{"invalid store JSON", "/api/42/store/", []byte(`{"message":"jane.doe@example.com"`), "", 400, "invalid JSON"},
		{"store neither JSON nor base64", "/api/42/store/", []byte(`message=jane.doe@example.com`), "", 400, "corrupt compressed body"},
		{"invalid Rollbar JSON", "/api/1/item/", []byte(`{"data":{"body":"jane.doe@example.com"}`), "", 400, "invalid JSON"},
		{"Rollbar form without payload", "/api/1/item/", []byte(`access_token=abc&x=jane.doe%40example.com`), "", 400, "malformed item"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.enc != "" {
				h["Content-Encoding"] = tc.enc
			}
			if strings.HasPrefix(tc.path, "/api/1/") && bytes.HasPrefix(tc.body, []byte("access_token")) {
				h["Content-Type"] = "application/x-www-form-urlencoded"
			}
			resp := post(t, p.url+tc.path, tc.body, h)
			defer fasthttp.ReleaseResponse(resp)
			assert.Equal(t, tc.code, resp.StatusCode())
			assert.Contains(t, string(resp.Body()), tc.reason)
			assert.NotContains(t, string(resp.Body()), "jane")
		})
	}
	assert.Empty(t, up.requests(), "nothing is forwarded")

	// The proxy keeps serving.
	resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
	defer fasthttp.ReleaseResponse(resp)
	assert.Equal(t, 200, resp.StatusCode())
}

func TestStore(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	ev := []byte(`{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","message":"contact jane.doe@example.com","user":{"ip_address":"{{auto}}","email":"jane.doe@example.com"}}`)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(ev)
	_ = zw.Close()
	legacy := []byte(base64.StdEncoding.EncodeToString(z.Bytes()))
	for _, tc := range []struct {
		path string
		body []byte
	}{
		{"/api/42/store/", ev},
		{"/api/store/", ev},
		{"/api/42/store", legacy},
	} {
		resp := post(t, p.url+tc.path, tc.body, map[string]string{"X-Sentry-Auth": sentryAuth, "Content-Type": "application/json"})
		assert.Equal(t, 200, resp.StatusCode(), tc.path)
		fasthttp.ReleaseResponse(resp)
	}
	reqs := up.requests()
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		var doc map[string]any
		require.NoError(t, json.Unmarshal(r.body, &doc), "request %d forwards JSON", i)
		assert.NotContains(t, string(r.body), "jane.doe@example.com")
		assert.NotContains(t, string(r.body), "{{auto}}")
		assert.Equal(t, "application/json", r.headers["Content-Type"])
		assert.Equal(t, sentryAuth, r.headers["X-Sentry-Auth"])
	}
	assert.Equal(t, "/api/42/store/", reqs[0].path)
	assert.Equal(t, "/api/store/", reqs[1].path)
	assert.Equal(t, string(reqs[0].body), string(reqs[2].body), "the legacy encoding forwards the same event")
}

func TestRoutes(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	for _, tc := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/api/42/envelope/", 405},
		{"OPTIONS", "/api/42/envelope/", 204},
		{"POST", "/api/42/minidump/", 415},
		{"POST", "/api/42/unknown/", 404},
		{"POST", "/api/abc/envelope/", 404},
		{"POST", "/api/1/item/", 404}, // no Rollbar upstream configured
		{"POST", "/", 404},
		{"GET", "/healthz", 200},
		{"GET", "/readyz", 200},
	} {
		req := fasthttp.AcquireRequest()
		req.SetRequestURI(p.url + tc.path)
		req.Header.SetMethod(tc.method)
		resp := fasthttp.AcquireResponse()
		require.NoError(t, fasthttp.DoTimeout(req, resp, 5*time.Second))
		assert.Equal(t, tc.code, resp.StatusCode(), "%s %s", tc.method, tc.path)
		fasthttp.ReleaseRequest(req)
		fasthttp.ReleaseResponse(resp)
	}
	assert.Empty(t, up.requests())
}

func TestMetrics(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	env := string(envelopeWith(`{"user":{"email":"jane.doe@example.com"}}`)) +
		`{"type":"attachment","length":3}` + "\nabc\n"
	resp := post(t, p.url+"/api/42/envelope/", []byte(env), nil)
	fasthttp.ReleaseResponse(resp)
	resp = post(t, p.url+"/api/42/envelope/", []byte("nope"), nil)
	fasthttp.ReleaseResponse(resp)

	req := fasthttp.AcquireRequest()
	defer fasthttp.ReleaseRequest(req)
	req.SetRequestURI(p.url + "/metrics")
	resp = fasthttp.AcquireResponse()
	defer fasthttp.ReleaseResponse(resp)
	require.NoError(t, fasthttp.DoTimeout(req, resp, 5*time.Second))
	body := string(resp.Body())
	for _, want := range []string{
		`piiproxy_requests_total{code="200",route="sentry_envelope"} 1`,
		`piiproxy_requests_total{code="400",route="sentry_envelope"} 1`,
		`piiproxy_findings_total{kind="email"} 1`,
		`piiproxy_dropped_items_total{reason="binary_item"} 1`,
		`piiproxy_errors_total{reason="malformed"} 1`,
		`piiproxy_upstream_duration_seconds_count{outcome="answered",upstream="sentry"} 1`,
		`piiproxy_bytes_total{route="sentry_envelope",stage="forwarded"}`,
	} {
		assert.Contains(t, body, want)
	}
}

// TestLogsCarryNoPayload plants a secret in every kind of request, good
// and bad, and checks that the debug log never shows it.
func TestLogsCarryNoPayload(t *testing.T) {
	const secret = "planted-s3cr3t-4111111111111111"
	var buf syncBuffer
	log := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), &buf, zap.DebugLevel))
	up := startUpstream(t, func(n int, ctx *fasthttp.RequestCtx) {
		if n%2 == 0 {
			ctx.SetStatusCode(500)
		}
	})
	p := startProxy(t, Config{SentryUpstream: up.url, RollbarUpstream: up.url, MaxBody: 2 << 10, RetryBackoff: time.Millisecond,
		SentryTunnelPath: "/tunnel", FeedbackScrubber: newFeedbackScrubber(t)}, log)
	bodies := []struct {
		path string
		body string
		enc  string
	}{
		{"/api/42/envelope/", string(envelopeWith(`{"message":"` + secret + `"}`)), ""},
		{"/api/42/envelope/", string(envelopeWith(`{"message":"` + secret + `"`)), ""},
		{"/api/42/envelope/", `{"x":"` + secret + `"}` + "\n" + `{"type":"` + secret + `","length":1000}` + "\n", ""},
		{"/api/42/envelope/", secret + strings.Repeat("x", 3<<10), ""},
		{"/api/42/envelope/", secret, "gzip"},
		{"/api/42/envelope/", secret, secret},
		{"/api/42/store/?sentry_key=" + secret, `{"message":"` + secret + `"}`, ""},
		{"/api/1/item/", `{"access_token":"` + secret + `","data":{"body":{"message":{"body":"` + secret + `"}}}}`, ""},
		{"/api/1/item/", `payload=` + secret, ""},
		{"/api/9/" + secret + "/", "{}", ""},
		{"/tunnel", `{"dsn":"https://` + secret + `@sentry.example.net/42"}` + "\n" + `{"type":"event"}` + "\n{}\n", ""},
		{"/tunnel", `{"dsn":"https://k@sentry.example.net/` + secret + `"}` + "\n", ""},
		{"/tunnel", `{"dsn":"` + strings.Replace(up.url, "//", "//k@", 1) + `/42"}` + "\n" + `{"type":"user_report"}` + "\n" + `{"name":"` + secret + `"}` + "\n", ""},
		{"/api/42/security/?sentry_key=" + secret, `{"csp-report":{"document-uri":"https://x.example/?q=` + secret + `"}}`, ""},
		{"/api/42/security/", `{"csp-report":` + secret, ""},
		{"/api/42/minidump/?sentry_key=" + secret, "MDMP" + secret, ""},
		{"/api/42/unreal/", secret, ""},
	}
	for _, b := range bodies {
		h := map[string]string{"Cookie": "c=" + secret, "X-Forwarded-For": "203.0.113.9"}
		if b.enc != "" {
			h["Content-Encoding"] = b.enc
		}
		resp := post(t, p.url+b.path, []byte(b.body), h)
		fasthttp.ReleaseResponse(resp)
	}
	out := buf.String()
	require.NotEmpty(t, out)
	assert.NotContains(t, out, secret)
	assert.NotContains(t, out, "s3cr3t")
	assert.NotContains(t, out, "203.0.113.9")
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Sync() error { return nil }

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestGracefulShutdown(t *testing.T) {
	entered := make(chan struct{}, 1)
	up := startUpstream(t, func(_ int, ctx *fasthttp.RequestCtx) {
		entered <- struct{}{}
		time.Sleep(300 * time.Millisecond)
		ctx.SetBodyString(`{"id":"late"}`)
	})
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	code := make(chan int, 1)
	go func() {
		resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
		code <- resp.StatusCode()
		fasthttp.ReleaseResponse(resp)
	}()
	<-entered
	require.NoError(t, p.srv.Shutdown(t.Context()))
	assert.False(t, p.srv.ready.Load())
	select {
	case c := <-code:
		assert.Equal(t, 200, c, "the request in flight completes")
	case <-time.After(5 * time.Second):
		t.Fatal("request in flight did not complete")
	}
}

func TestAttachments(t *testing.T) {
	att := `{"type":"attachment","length":12,"filename":"notes.txt"}` + "\n" + "binary\x00\x01data" + "\n"
	t.Run("dropped", func(t *testing.T) {
		up := startUpstream(t, nil)
		p := startProxy(t, Config{SentryUpstream: up.url}, nil)
		resp := post(t, p.url+"/api/42/envelope/", []byte(string(envelopeWith(`{"message":"hi"}`))+att), nil)
		fasthttp.ReleaseResponse(resp)
		reqs := up.requests()
		require.Len(t, reqs, 1)
		_, items, err := parseEnvelope(reqs[0].body)
		require.NoError(t, err)
		require.Len(t, items, 1)
		assert.Equal(t, "event", items[0].header["type"])

		// An envelope of attachments only is answered without a trip upstream.
		resp = post(t, p.url+"/api/42/envelope/", []byte("{}\n"+att), nil)
		defer fasthttp.ReleaseResponse(resp)
		assert.Equal(t, 200, resp.StatusCode())
		assert.Len(t, up.requests(), 1)
	})
	t.Run("passed", func(t *testing.T) {
		up := startUpstream(t, nil)
		p := startProxy(t, Config{SentryUpstream: up.url, PassAttachments: true}, nil)
		resp := post(t, p.url+"/api/42/envelope/", []byte(string(envelopeWith(`{"message":"hi"}`))+att), nil)
		fasthttp.ReleaseResponse(resp)
		reqs := up.requests()
		require.Len(t, reqs, 1)
		_, items, err := parseEnvelope(reqs[0].body)
		require.NoError(t, err)
		require.Len(t, items, 2)
		assert.Equal(t, "binary\x00\x01data", string(items[1].payload))
	})
}

func TestLargeCookieHeader(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), map[string]string{"Cookie": strings.Repeat("c=0123456789; ", 2000)})
	defer fasthttp.ReleaseResponse(resp)
	assert.Equal(t, 200, resp.StatusCode())
	require.Len(t, up.requests(), 1)
	assert.NotContains(t, up.requests()[0].headers, "Cookie")
}

func TestUpstreamPathPrefix(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url + "/relay/", RollbarUpstream: up.url + "/rb"}, nil)
	resp := post(t, p.url+"/api/42/envelope/", envelopeWith(`{"message":"hi"}`), nil)
	fasthttp.ReleaseResponse(resp)
	resp = post(t, p.url+"/api/1/item/", []byte(`{"data":{}}`), nil)
	fasthttp.ReleaseResponse(resp)
	reqs := up.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/relay/api/42/envelope/", reqs[0].path)
	assert.Equal(t, "/rb/api/1/item/", reqs[1].path)
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no upstream", Config{}, "no upstream"},
		{"bad scheme", Config{SentryUpstream: "ftp://sentry.io"}, "http:// or https://"},
		{"credentials", Config{RollbarUpstream: "https://u:p@api.rollbar.com"}, "without credentials"},
		{"query", Config{SentryUpstream: "https://sentry.io/?x=1"}, "without credentials, query"},
		{"limits reversed", Config{SentryUpstream: "https://sentry.io", MaxBody: 2 << 20, MaxDecompressed: 1 << 20}, "less than max body"},
		{"encoding", Config{SentryUpstream: "https://sentry.io", ForwardEncoding: "br"}, "forward encoding"},
		{"negative", Config{SentryUpstream: "https://sentry.io", MaxConcurrent: -1}, "max concurrent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			_, err = New(tc.cfg, newTestScrubber(t), nil, nil)
			assert.Error(t, err)
		})
	}
	c := Config{SentryUpstream: "https://o1.ingest.sentry.io"}
	require.NoError(t, c.Validate())
	d := c.withDefaults()
	assert.Equal(t, DefaultMaxBody, d.MaxBody)
	assert.Equal(t, DefaultMaxDecompressed, d.MaxDecompressed)
	assert.Equal(t, DefaultRetries, d.Retries)
	assert.Equal(t, 0, Config{Retries: -1}.withDefaults().Retries, "a negative value means none")
	assert.Equal(t, 200<<20, Config{MaxBody: 200 << 20}.withDefaults().MaxDecompressed, "at least MaxBody")
}
