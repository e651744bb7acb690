package proxy

import (
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

// benchEvent returns a Sentry envelope holding one event of about size
// bytes: a user, a request with headers, an exception and breadcrumbs,
// with personal data in a few places, like an event of a web shop.
func benchEvent(size int) []byte {
	ev := map[string]any{
		"event_id":    "9ec79c33ec9942ab8353589fcb2e04dc",
		"timestamp":   "2026-11-23T10:00:00Z",
		"platform":    "go",
		"level":       "error",
		"release":     "shop@1.2.3",
		"environment": "production",
		"server_name": "web-1",
		"user":        map[string]any{"id": "u-1042", "email": "jane.doe@example.com", "ip_address": "203.0.113.7", "username": "jdoe1987"},
		"request": map[string]any{
			"url": "https://shop.example.org/checkout?step=2", "method": "POST",
			"headers": map[string]string{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)", "Accept": "application/json", "Cookie": "sid=s3ss10n-c00k13-v4lue"},
		},
		"exception": []any{map[string]any{
			"type": "*errors.errorString", "value": "payment failed: card 4111 1111 1111 1111 declined for IBAN DE89370400440532013000",
			"stacktrace": map[string]any{"frames": []any{
				map[string]any{"function": "charge", "module": "shop/payments", "abs_path": "/srv/shop/payments/charge.go", "lineno": 88, "in_app": true},
				map[string]any{"function": "ServeHTTP", "module": "shop/http", "abs_path": "/srv/shop/http/handler.go", "lineno": 120, "in_app": true},
			}},
		}},
		"tags": map[string]string{"plan": "pro", "region": "eu-central-1"},
	}
	var crumbs []any
	for i := 0; ; i++ {
		b, _ := json.Marshal(ev)
		if len(b) >= size-200 {
			break
		}
		crumbs = append(crumbs, map[string]any{
			"category": "http", "type": "http", "timestamp": "2026-11-23T09:59:59Z",
			"data": map[string]any{"url": fmt.Sprintf("/api/cart/items/%d", i), "method": "GET", "status_code": 200},
		})
		ev["breadcrumbs"] = crumbs
	}
	b, _ := json.Marshal(ev)
	return []byte(`{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"http://e12d836b15bb49d7bbf99e64295d995b@127.0.0.1/42"}` + "\n" +
		fmt.Sprintf(`{"type":"event","length":%d}`, len(b)) + "\n" + string(b) + "\n")
}

// benchSink is the result sink of the benchmarks.
var benchSink []byte

// BenchmarkEnvelopeRewrite measures scrubbing a 4 KB event envelope,
// without HTTP.
func BenchmarkEnvelopeRewrite(b *testing.B) {
	env := benchEvent(4 << 10)
	sc := newTestScrubber(b)
	r := envelopeRewriter{sess: sc.NewSession()}
	opt := envelopeOptions{clientIP: []byte(`"198.51.100.23"`)}
	var out []byte
	b.SetBytes(int64(len(env)))
	b.ReportAllocs()
	for b.Loop() {
		var st envelopeStats
		var err error
		out, err = r.rewrite(out[:0], env, &opt, &st)
		if err != nil {
			b.Fatal(err)
		}
	}
	benchSink = out
	if strings.Contains(string(out), "jane.doe@example.com") {
		b.Fatal("email not scrubbed")
	}
}

// BenchmarkProxy sends 4 KB Sentry events over loopback through piiproxy
// and, for comparison in the same run, through a plain fasthttp
// pass-through proxy, both forwarding to the same fasthttp upstream. It
// reports events per second and the p50 and p99 latency seen by the
// client.
func BenchmarkProxy(b *testing.B) {
	env := benchEvent(4 << 10)
	// An upstream that answers like Sentry and keeps nothing.
	noRecord := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) { ctx.SetBodyString(`{"id":"9ec79c33ec9942ab8353589fcb2e04dc"}`) }}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	go func() { _ = noRecord.Serve(ln) }()
	b.Cleanup(func() { _ = noRecord.Shutdown() })
	upURL := "http://" + ln.Addr().String()

	b.Run("piiproxy", func(b *testing.B) {
		p := startProxy(b, Config{SentryUpstream: upURL, MaxConcurrent: 4096}, nil)
		runLoad(b, p.url+"/api/42/envelope/", env)
	})
	b.Run("passthrough", func(b *testing.B) {
		runLoad(b, startPassthrough(b, ln.Addr().String())+"/api/42/envelope/", env)
	})
}

// startPassthrough starts a fasthttp proxy that forwards bodies unchanged:
// the baseline that shows what scrubbing costs.
func startPassthrough(b *testing.B, upstreamAddr string) string {
	client := &fasthttp.HostClient{Addr: upstreamAddr, MaxConns: 4096, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second}
	srv := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		req := fasthttp.AcquireRequest()
		defer fasthttp.ReleaseRequest(req)
		resp := fasthttp.AcquireResponse()
		defer fasthttp.ReleaseResponse(resp)
		req.Header.SetMethod(fasthttp.MethodPost)
		req.SetRequestURI("http://" + upstreamAddr + string(ctx.Path()))
		req.Header.SetContentTypeBytes(ctx.Request.Header.ContentType())
		req.SetBodyRaw(ctx.Request.Body())
		if err := client.DoTimeout(req, resp, 10*time.Second); err != nil {
			ctx.Error("upstream", fasthttp.StatusBadGateway)
			return
		}
		ctx.SetStatusCode(resp.StatusCode())
		ctx.SetBody(resp.Body())
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Shutdown() })
	return "http://" + ln.Addr().String()
}

// runLoad posts body to url b.N times from parallel clients and reports
// events/s, p50 and p99.
func runLoad(b *testing.B, url string, body []byte) {
	client := &fasthttp.Client{MaxConnsPerHost: 4096, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second}
	var mu sync.Mutex
	var all []time.Duration
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		req := fasthttp.AcquireRequest()
		resp := fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		req.SetRequestURI(url)
		req.Header.SetMethod(fasthttp.MethodPost)
		req.Header.SetContentType("application/x-sentry-envelope")
		req.Header.Set("X-Sentry-Auth", sentryAuth)
		lat := make([]time.Duration, 0, 1024)
		for pb.Next() {
			req.SetBodyRaw(body)
			t0 := time.Now()
			if err := client.DoTimeout(req, resp, 10*time.Second); err != nil {
				b.Error(err)
				return
			}
			lat = append(lat, time.Since(t0))
			if resp.StatusCode() != 200 {
				b.Errorf("status %d: %s", resp.StatusCode(), resp.Body())
				return
			}
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(all[min(len(all)-1, len(all)*99/100)].Microseconds()), "p99-µs")
}
