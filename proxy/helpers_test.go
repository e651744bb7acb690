package proxy

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
	"go.uber.org/zap"

	"github.com/piiproxy/piiproxy/redact"
)

// testKey is the fixed pseudonymization key of the tests and golden files.
var testKey = mustHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic("BUG: " + err.Error())
	}
	return b
}

func newTestScrubber(tb testing.TB) *redact.Scrubber {
	tb.Helper()
	sc, err := redact.New(redact.DefaultConfig(testKey))
	require.NoError(tb, err)
	return sc
}

// recorded is one request an upstream received.
type recorded struct {
	path    string
	query   string
	headers map[string]string
	body    []byte // as received (possibly compressed)
}

// upstream is a fake Sentry/Rollbar: a fasthttp server on 127.0.0.1 that
// records requests and answers as told.
type upstream struct {
	mu       sync.Mutex
	reqs     []recorded
	respond  func(n int, ctx *fasthttp.RequestCtx) // n counts requests from 1
	url      string
	srv      *fasthttp.Server
	received int
}

func startUpstream(tb testing.TB, respond func(n int, ctx *fasthttp.RequestCtx)) *upstream {
	tb.Helper()
	u := &upstream{respond: respond}
	u.srv = &fasthttp.Server{Handler: u.handle, MaxRequestBodySize: 256 << 20}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	u.url = "http://" + ln.Addr().String()
	go func() { _ = u.srv.Serve(ln) }()
	tb.Cleanup(func() { _ = u.srv.Shutdown() })
	return u
}

func (u *upstream) handle(ctx *fasthttp.RequestCtx) {
	r := recorded{
		path:    string(ctx.Path()),
		query:   string(ctx.QueryArgs().QueryString()),
		headers: map[string]string{},
		body:    append([]byte(nil), ctx.Request.Body()...),
	}
	for k, v := range ctx.Request.Header.All() {
		r.headers[string(k)] = string(v)
	}
	u.mu.Lock()
	u.reqs = append(u.reqs, r)
	u.received++
	n := u.received
	u.mu.Unlock()
	if u.respond != nil {
		u.respond(n, ctx)
		return
	}
	ctx.SetContentType("application/json")
	ctx.SetBodyString(`{"id":"` + strconv.Itoa(n) + `"}`)
}

func (u *upstream) requests() []recorded {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]recorded(nil), u.reqs...)
}

// testProxy is a Server listening on 127.0.0.1.
type testProxy struct {
	srv *Server
	url string
	reg *prometheus.Registry
}

func startProxy(tb testing.TB, cfg Config, log *zap.Logger) *testProxy {
	tb.Helper()
	reg := prometheus.NewRegistry()
	srv, err := New(cfg, newTestScrubber(tb), log, reg)
	require.NoError(tb, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	tb.Cleanup(func() {
		_ = srv.Shutdown(tb.Context())
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			tb.Error("proxy did not stop")
		}
	})
	return &testProxy{srv: srv, url: "http://" + ln.Addr().String(), reg: reg}
}

// post sends body to the proxy and returns the response (to be released by
// the caller).
func post(tb testing.TB, url string, body []byte, headers map[string]string) *fasthttp.Response {
	tb.Helper()
	req := fasthttp.AcquireRequest()
	defer fasthttp.ReleaseRequest(req)
	req.SetRequestURI(url)
	req.Header.SetMethod(fasthttp.MethodPost)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.SetBodyRaw(body)
	resp := fasthttp.AcquireResponse()
	require.NoError(tb, fasthttp.DoTimeout(req, resp, 10*time.Second))
	return resp
}

// parsedItem is one item of an envelope, read by the reference parser of
// the tests.
type parsedItem struct {
	header  map[string]any
	payload []byte
}

// parseEnvelope is an independent, strict reader of the envelopes the
// proxy writes: every item has a length that matches its payload, each
// payload is followed by a newline.
func parseEnvelope(b []byte) (map[string]any, []parsedItem, error) {
	line, rest, ok := bytes.Cut(b, []byte{'\n'})
	if !ok {
		return nil, nil, fmt.Errorf("no newline after the envelope header")
	}
	var hdr map[string]any
	if err := json.Unmarshal(line, &hdr); err != nil {
		return nil, nil, fmt.Errorf("envelope header: %w", err)
	}
	var items []parsedItem
	for len(rest) > 0 {
		line, after, ok := bytes.Cut(rest, []byte{'\n'})
		if !ok {
			return nil, nil, fmt.Errorf("item %d: no newline after its header", len(items)+1)
		}
		var ih map[string]any
		if err := json.Unmarshal(line, &ih); err != nil {
			return nil, nil, fmt.Errorf("item %d header: %w", len(items)+1, err)
		}
		n, ok := ih["length"].(float64)
		if !ok || int(n) > len(after) || int(n) < len(after) && after[int(n)] != '\n' {
			return nil, nil, fmt.Errorf("item %d: bad length %v", len(items)+1, ih["length"])
		}
		items = append(items, parsedItem{header: ih, payload: after[:int(n)]})
		rest = after[min(int(n)+1, len(after)):]
	}
	return hdr, items, nil
}
