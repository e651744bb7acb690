package proxy

import (
	"bytes"
	"encoding/json"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getsentry/sentry-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

var (
	update  = flag.Bool("update", false, "rewrite the .golden files of testdata from the current scrubber")
	capture = flag.Bool("capture", false, "capture the Sentry SDK's envelopes into testdata/sentry (then run with -update)")
)

// goldenClientIP is the client address the golden files are made with.
var goldenClientIP = []byte(`"198.51.100.23"`)

// TestGoldenSentry scrubs every testdata/sentry/*.envelope and compares
// the result with its .golden file.
func TestGoldenSentry(t *testing.T) {
	files, err := filepath.Glob("testdata/sentry/*.envelope")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sc := newTestScrubber(t)
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			require.NoError(t, err)
			r := envelopeRewriter{sess: sc.NewSession()}
			var st envelopeStats
			got, err := r.rewrite(nil, src, &envelopeOptions{clientIP: goldenClientIP}, &st)
			require.NoError(t, err)
			_, items, err := parseEnvelope(got)
			require.NoError(t, err, "the output is a valid envelope")
			for _, it := range items {
				if itemClasses[it.header["type"].(string)] == classJSON {
					assert.True(t, json.Valid(it.payload), "item %v stays JSON", it.header["type"])
				}
			}
			assert.NotContains(t, string(got), "{{auto}}")
			assertNoPlanted(t, got)
			checkGolden(t, strings.TrimSuffix(in, ".envelope")+".golden", got)
		})
	}
}

// TestGoldenRollbar scrubs every testdata/rollbar/*.json (items written
// after the Rollbar API's item format) and compares with its .golden file.
func TestGoldenRollbar(t *testing.T) {
	files, err := filepath.Glob("testdata/rollbar/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sc := newTestScrubber(t)
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			require.NoError(t, err)
			w := &work{sess: sc.NewSession()}
			got, err := rewriteRollbar(w, src, goldenClientIP)
			require.NoError(t, err)
			require.True(t, json.Valid(got))
			var item struct {
				AccessToken string `json:"access_token"`
			}
			require.NoError(t, json.Unmarshal(src, &item))
			var out struct {
				AccessToken string `json:"access_token"`
			}
			require.NoError(t, json.Unmarshal(got, &out))
			assert.Equal(t, item.AccessToken, out.AccessToken, "the access token is kept")
			assert.NotContains(t, string(got), "$remote_ip")
			assertNoPlanted(t, got)
			checkGolden(t, strings.TrimSuffix(in, ".json")+".golden", got)
		})
	}
}

// assertNoPlanted checks that none of the personal data planted in the
// test inputs survived.
func assertNoPlanted(t *testing.T, got []byte) {
	t.Helper()
	for what, v := range sdkPlanted {
		assert.NotContains(t, string(got), v, "planted %s", what)
	}
	for _, v := range []string{"jane.doe%40example.com", "s3ss10n", "hunter2", "+491701234567", "%2B491701234567"} {
		assert.NotContains(t, string(got), v)
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./proxy -run Golden -update to create it")
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the scrubbed input (run with -update if the change is intended)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// TestCaptureSentryEnvelopes records what the Sentry Go SDK sends for an
// exception, a message, a transaction and a check-in of an application
// handling a request for a user full of personal data, into
// testdata/sentry. It only runs with -capture.
func TestCaptureSentryEnvelopes(t *testing.T) {
	if !*capture {
		t.Skip("run with -capture to record the SDK's envelopes")
	}
	var mu sync.Mutex
	var bodies [][]byte
	srv := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		mu.Lock()
		bodies = append(bodies, append([]byte(nil), ctx.Request.Body()...))
		mu.Unlock()
		ctx.SetBodyString(`{}`)
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	defer func() { _ = srv.Shutdown() }()

	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:              "http://" + testDSNKey + "@" + ln.Addr().String() + "/42",
		Transport:        sentry.NewHTTPSyncTransport(),
		SendDefaultPII:   true,
		ServerName:       "web-1",
		Release:          "shop@1.2.3",
		Environment:      "production",
		EnableTracing:    true,
		TracesSampleRate: 1,
	})
	require.NoError(t, err)
	hub := sentry.NewHub(client, sentry.NewScope())
	sdkScope(hub)

	names := []string{"sdk_exception", "sdk_message", "sdk_transaction", "sdk_check_in"}
	hub.CaptureException(sdkError())
	hub.CaptureMessage("Please call " + sdkPlanted["name"] + " back on " + sdkPlanted["phone"] +
		" or write to " + sdkPlanted["email"] + " (card " + sdkPlanted["card"] + ")")
	ctx := sentry.SetHubOnContext(t.Context(), hub)
	span := sentry.StartTransaction(ctx, "POST /checkout?email="+sdkPlanted["email"])
	child := span.StartChild("db.query")
	child.Description = "SELECT * FROM users WHERE email = '" + sdkPlanted["email"] + "'"
	child.Finish()
	span.Finish()
	hub.CaptureCheckIn(&sentry.CheckIn{MonitorSlug: "nightly-billing", Status: sentry.CheckInStatusOK, Duration: time.Second}, nil)
	require.True(t, hub.Flush(5*time.Second))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, bodies, len(names))
	for i, b := range bodies {
		require.NoError(t, os.WriteFile(filepath.Join("testdata", "sentry", names[i]+".envelope"), b, 0o644))
	}
}
