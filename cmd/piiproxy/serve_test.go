package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// startSink starts a fasthttp server on 127.0.0.1 that records the bodies
// it receives.
func startSink(t *testing.T) (url string, bodies func() []string) {
	t.Helper()
	var mu sync.Mutex
	var got []string
	srv := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		mu.Lock()
		got = append(got, string(ctx.Path())+" "+string(ctx.Request.Body()))
		mu.Unlock()
		ctx.SetBodyString(`{"id":"1"}`)
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return "http://" + ln.Addr().String(), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

func TestServe(t *testing.T) {
	sentryURL, sentryBodies := startSink(t)
	rollbarURL, rollbarBodies := startSink(t)
	keyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(keyFile, []byte(strings.Repeat("ab", 32)+"\n"), 0o600))
	env := map[string]string{
		listenEnv:          "127.0.0.1:0",
		sentryUpstreamEnv:  sentryURL,
		rollbarUpstreamEnv: "http://127.0.0.1:1", // overridden by the flag
		tunnelPathEnv:      "/tunnel",
	}
	var logBuf bytes.Buffer
	var logMu sync.Mutex
	log := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()),
		zapcore.AddSync(writerFunc(func(p []byte) (int, error) {
			logMu.Lock()
			defer logMu.Unlock()
			return logBuf.Write(p)
		})), zap.DebugLevel))
	ready := make(chan string, 1)
	stop := make(chan struct{})
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- serve([]string{"--key-file", keyFile, "--rollbar-upstream", rollbarURL, "--max-body", "64KiB",
			"--sentry-tunnel-hosts", "o1.ingest.sentry.io, o2.ingest.sentry.io"},
			func(k string) string { return env[k] }, &stderr, &serveHooks{ready: ready, stop: stop, log: log})
	}()
	var addr string
	select {
	case addr = <-ready:
	case c := <-code:
		t.Fatalf("serve exited with %d: %s", c, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}

	do := func(path, body string) int {
		req := fasthttp.AcquireRequest()
		defer fasthttp.ReleaseRequest(req)
		resp := fasthttp.AcquireResponse()
		defer fasthttp.ReleaseResponse(resp)
		req.SetRequestURI("http://" + addr + path)
		req.Header.SetMethod(fasthttp.MethodPost)
		req.SetBodyString(body)
		require.NoError(t, fasthttp.DoTimeout(req, resp, 5*time.Second))
		return resp.StatusCode()
	}
	assert.Equal(t, 200, do("/api/42/envelope/", "{}\n"+`{"type":"event"}`+"\n"+`{"message":"mail jane.doe@example.com"}`+"\n"))
	assert.Equal(t, 200, do("/api/1/item/", `{"data":{"body":{"message":{"body":"mail jane.doe@example.com"}}}}`))
	assert.Equal(t, 413, do("/api/42/envelope/", strings.Repeat("x", 70<<10)))
	// A user report's reporter is replaced by the feedback rules.
	assert.Equal(t, 200, do("/api/42/envelope/", "{}\n"+`{"type":"user_report"}`+"\n"+
		`{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","name":"Zorbek Quillfeather","comments":"froze"}`+"\n"))

	// The tunnel forwards to the dsn's project on the upstream.
	assert.Equal(t, 200, do("/tunnel", `{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o2.ingest.sentry.io/7"}`+"\n"+
		`{"type":"event"}`+"\n"+`{"message":"mail jane.doe@example.com"}`+"\n"))
	assert.Equal(t, 403, do("/tunnel", `{"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@sentry.example.net/7"}`+"\n"+
		`{"type":"event"}`+"\n"+`{"message":"hi"}`+"\n"))

	require.Len(t, sentryBodies(), 3)
	assert.True(t, strings.HasPrefix(sentryBodies()[2], "/api/7/envelope/ "))
	require.Len(t, rollbarBodies(), 1)
	assert.True(t, strings.HasPrefix(sentryBodies()[0], "/api/42/envelope/ "))
	assert.True(t, strings.HasPrefix(rollbarBodies()[0], "/api/1/item/ "))
	for _, b := range append(sentryBodies(), rollbarBodies()...) {
		assert.NotContains(t, b, "jane.doe@example.com")
		assert.NotContains(t, b, "Quillfeather")
	}

	close(stop)
	select {
	case c := <-code:
		assert.Equal(t, 0, c, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.NotContains(t, stderr.String(), "random key", "the key file is used")
	logMu.Lock()
	defer logMu.Unlock()
	assert.NotContains(t, logBuf.String(), "jane.doe")
	assert.Contains(t, logBuf.String(), "shutting down")
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestServeFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad upstream", []string{"--sentry-upstream", "ftp://x"}, "sentry upstream"},
		{"bad size", []string{"--max-body", "lots"}, "max-body"},
		{"limits reversed", []string{"--max-body", "2MiB", "--max-decompressed", "1MiB"}, "max decompressed"},
		{"bad encoding", []string{"--forward-encoding", "lz4"}, "forward encoding"},
		{"tunnel path", []string{"--sentry-tunnel-path", "tunnel"}, "sentry tunnel path"},
		{"bad log level", []string{"--log-level", "loud"}, "log-level"},
		{"stray argument", []string{"extra"}, "unexpected argument"},
		{"missing config", []string{"--config", "/nonexistent/piiproxy.yaml"}, "nonexistent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := serve(tc.args, func(string) string { return "" }, &stderr, nil)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr.String(), tc.want)
		})
	}
}
