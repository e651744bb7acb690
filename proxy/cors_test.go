package proxy

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

// do sends one request to the proxy and returns the response (to be
// released by the caller).
func do(t *testing.T, method, url string, headers map[string]string, body []byte) *fasthttp.Response {
	t.Helper()
	req := fasthttp.AcquireRequest()
	defer fasthttp.ReleaseRequest(req)
	req.SetRequestURI(url)
	req.Header.SetMethod(method)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if body != nil {
		req.SetBodyRaw(body)
	}
	resp := fasthttp.AcquireResponse()
	require.NoError(t, fasthttp.DoTimeout(req, resp, 5*time.Second))
	return resp
}

func TestCORSPreflight(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url, RollbarUpstream: up.url}, nil)
	for _, tc := range []struct {
		name        string
		path        string
		headers     map[string]string
		wantOrigin  string
		wantHeaders string
	}{
		// What the Sentry JavaScript SDK's fetch transport asks for.
		{"sentry envelope", "/api/42/envelope/?sentry_key=abc&sentry_version=7",
			map[string]string{"Origin": "https://shop.example.org", "Access-Control-Request-Method": "POST",
				"Access-Control-Request-Headers": "content-type"},
			"https://shop.example.org", "content-type"},
		// Rollbar.js sends its token in a header.
		{"rollbar item", "/api/1/item/",
			map[string]string{"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
				"Access-Control-Request-Headers": "content-type,x-rollbar-access-token"},
			"https://app.example.com", "content-type,x-rollbar-access-token"},
		// No requested headers: the default set.
		{"store without requested headers", "/api/42/store/",
			map[string]string{"Origin": "https://shop.example.org", "Access-Control-Request-Method": "POST"},
			"https://shop.example.org", corsAllowHeaders},
		// No Origin at all (a tool, not a browser).
		{"no origin", "/api/42/envelope/", nil, "*", corsAllowHeaders},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := do(t, fasthttp.MethodOptions, p.url+tc.path, tc.headers, nil)
			defer fasthttp.ReleaseResponse(resp)
			assert.Equal(t, fasthttp.StatusNoContent, resp.StatusCode())
			assert.Equal(t, tc.wantOrigin, string(resp.Header.Peek("Access-Control-Allow-Origin")))
			assert.Equal(t, corsAllowMethods, string(resp.Header.Peek("Access-Control-Allow-Methods")))
			assert.Equal(t, tc.wantHeaders, string(resp.Header.Peek("Access-Control-Allow-Headers")))
			assert.Equal(t, corsMaxAge, string(resp.Header.Peek("Access-Control-Max-Age")))
			assert.Empty(t, resp.Body())
		})
	}
	// A preflight on an unknown path is not answered as a route.
	resp := do(t, fasthttp.MethodOptions, p.url+"/api/42/unknown/", map[string]string{"Origin": "https://x.example"}, nil)
	assert.Equal(t, fasthttp.StatusNotFound, resp.StatusCode())
	assert.Empty(t, resp.Header.Peek("Access-Control-Allow-Origin"))
	fasthttp.ReleaseResponse(resp)
	assert.Empty(t, up.requests(), "preflights are answered by the proxy")
	assert.Contains(t, scrape(t, p.url), `piiproxy_requests_total{code="204",route="sentry_envelope"} 2`)
}

func TestCORSOnPost(t *testing.T) {
	up := startUpstream(t, func(_ int, ctx *fasthttp.RequestCtx) {
		ctx.Response.Header.Set("Access-Control-Allow-Origin", "*")
		ctx.Response.Header.Set("X-Sentry-Rate-Limits", "60:error:organization")
		ctx.SetStatusCode(fasthttp.StatusTooManyRequests)
		ctx.Response.Header.Set("Retry-After", "60")
	})
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	env := envelopeWith(`{"message":"hello"}`)

	resp := do(t, fasthttp.MethodPost, p.url+"/api/42/envelope/", map[string]string{"Origin": "https://shop.example.org"}, env)
	assert.Equal(t, fasthttp.StatusTooManyRequests, resp.StatusCode())
	assert.Equal(t, "https://shop.example.org", string(resp.Header.Peek("Access-Control-Allow-Origin")), "the proxy's answer, not the upstream's")
	assert.Equal(t, corsExposeHeaders, string(resp.Header.Peek("Access-Control-Expose-Headers")))
	assert.Equal(t, "60:error:organization", string(resp.Header.Peek("X-Sentry-Rate-Limits")))
	fasthttp.ReleaseResponse(resp)

	// Errors the proxy answers itself are readable by the browser too.
	resp = do(t, fasthttp.MethodPost, p.url+"/api/42/envelope/", map[string]string{"Origin": "https://shop.example.org"}, []byte("nope"))
	assert.Equal(t, fasthttp.StatusBadRequest, resp.StatusCode())
	assert.Equal(t, "https://shop.example.org", string(resp.Header.Peek("Access-Control-Allow-Origin")))
	fasthttp.ReleaseResponse(resp)

	// Without an Origin no CORS header is added, and the upstream's is not passed.
	resp = do(t, fasthttp.MethodPost, p.url+"/api/42/envelope/", nil, env)
	assert.Empty(t, resp.Header.Peek("Access-Control-Allow-Origin"))
	assert.Empty(t, resp.Header.Peek("Access-Control-Expose-Headers"))
	fasthttp.ReleaseResponse(resp)
}

// scrape returns the proxy's /metrics page.
func scrape(t *testing.T, base string) string {
	t.Helper()
	resp := do(t, fasthttp.MethodGet, base+"/metrics", nil, nil)
	defer fasthttp.ReleaseResponse(resp)
	require.Equal(t, fasthttp.StatusOK, resp.StatusCode())
	return string(resp.Body())
}
