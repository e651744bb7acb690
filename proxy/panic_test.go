package proxy

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/piiproxy/piiproxy/redact"
)

// panicRule is a custom rule with a bug: it panics on every record.
type panicRule struct{}

func (panicRule) Name() string          { return "buggy" }
func (panicRule) Kind() redact.Kind     { return redact.KindCustom }
func (panicRule) Method() redact.Method { return redact.MethodRedact }
func (panicRule) FindAll(src []byte, fn func(s, e int)) error {
	panic("index out of range while looking at " + string(src))
}

// A panic while scrubbing answers 500, forwards nothing, keeps the server
// serving, and logs neither the payload nor the panic's message.
func TestHandlerPanicFailsClosed(t *testing.T) {
	up := startUpstream(t, nil)
	cfg := redact.DefaultConfig(testKey)
	cfg.Custom = []redact.CustomRule{panicRule{}}
	sc, err := redact.New(cfg)
	require.NoError(t, err)
	var logs bytes.Buffer
	log := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&logs), zap.DebugLevel))
	srv, err := New(Config{SentryUpstream: up.url}, sc, log, prometheus.NewRegistry())
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go srv.Serve(ln)
	t.Cleanup(func() { _ = srv.Shutdown(t.Context()) })

	body := []byte("{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n{\"type\":\"event\"}\n{\"message\":\"jane.doe@example.com\"}\n")
	url := "http://" + ln.Addr().String() + "/api/42/envelope/?sentry_key=abc"
	for i := 0; i < 2; i++ {
		resp := post(t, url, body, map[string]string{"Content-Type": "application/x-sentry-envelope"})
		require.Equal(t, fasthttp.StatusInternalServerError, resp.StatusCode())
		fasthttp.ReleaseResponse(resp)
	}
	time.Sleep(50 * time.Millisecond)
	require.Empty(t, up.requests(), "nothing may be forwarded")
	require.NotContains(t, logs.String(), "jane.doe")
	require.Contains(t, logs.String(), "BUG: request handler panicked")
}
