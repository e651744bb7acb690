package proxy

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getsentry/sentry-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The personal data an application hands the Sentry SDK in the end-to-end
// test, by what it is.
var sdkPlanted = map[string]string{
	"email":       "jane.doe@example.com",
	"ip":          "203.0.113.7",
	"name":        "Jane Doe",
	"iban":        "DE89370400440532013000",
	"card":        "4111 1111 1111 1111",
	"card digits": "4111111111111111",
	"phone":       "+49 170 1234567",
	"cookie":      "s3ss10n-c00k13-v4lue",
	"username":    "jdoe1987",
}

const testDSNKey = "e12d836b15bb49d7bbf99e64295d995b"

// sdkCapture makes a sentry-go client that sends to proxyURL and captures
// one exception and one message full of personal data, as an application
// handling a request for Jane would. Each capture is one envelope.
func sdkCapture(t testing.TB, proxyURL string) {
	t.Helper()
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:            "http://" + testDSNKey + "@" + strings.TrimPrefix(proxyURL, "http://") + "/42",
		Transport:      sentry.NewHTTPSyncTransport(),
		SendDefaultPII: true,
		ServerName:     "web-1",
		Release:        "shop@1.2.3",
		Environment:    "test",
	})
	require.NoError(t, err)
	hub := sentry.NewHub(client, sentry.NewScope())
	sdkScope(hub)
	hub.CaptureException(sdkError())
	hub.CaptureMessage("Please call " + sdkPlanted["name"] + " back on " + sdkPlanted["phone"] +
		" or write to " + sdkPlanted["email"] + " (card " + sdkPlanted["card"] + ")")
	require.True(t, hub.Flush(5*time.Second))
}

// sdkScope sets on hub's scope what an application handling a request
// for Jane would: the request with her cookie and address, her user
// record, a tag, a context and a breadcrumb.
func sdkScope(hub *sentry.Hub) {
	req := httptest.NewRequest(http.MethodPost, "https://shop.example.org/checkout?email=jane.doe%40example.com", strings.NewReader(""))
	req.RemoteAddr = sdkPlanted["ip"] + ":51234"
	req.Header.Set("Cookie", "session="+sdkPlanted["cookie"])
	req.Header.Set("X-Forwarded-For", sdkPlanted["ip"])
	hub.Scope().SetRequest(req)
	hub.Scope().SetUser(sentry.User{
		ID:        "u-1042",
		Email:     sdkPlanted["email"],
		IPAddress: sdkPlanted["ip"],
		Username:  sdkPlanted["username"],
		Name:      sdkPlanted["name"],
	})
	hub.Scope().SetTag("customer_email", sdkPlanted["email"])
	hub.Scope().SetContext("billing", sentry.Context{"iban": sdkPlanted["iban"], "holder": sdkPlanted["name"]})
	hub.AddBreadcrumb(&sentry.Breadcrumb{Category: "auth", Message: "login by " + sdkPlanted["email"]}, nil)
}

// sdkError is the exception the application captures.
func sdkError() error {
	return errors.New("payment failed for " + sdkPlanted["name"] + ": card " + sdkPlanted["card"] +
		" declined, IBAN " + sdkPlanted["iban"])
}

// sdkEvent is the part of a Sentry event the end-to-end test compares.
type sdkEvent struct {
	User struct {
		Email     string `json:"email"`
		IPAddress string `json:"ip_address"`
		Name      string `json:"name"`
		Username  string `json:"username"`
		ID        string `json:"id"`
	} `json:"user"`
	Request struct {
		Cookies string            `json:"cookies"`
		Headers map[string]string `json:"headers"`
	} `json:"request"`
	Message string `json:"message"`
}

// TestSentrySDKEndToEnd sends events from the real Sentry Go SDK through
// the proxy to a recording upstream and checks what arrived: valid
// envelopes, the SDK's authentication, none of the planted values, and the
// same stand-ins for the same user in two rounds of events.
func TestSentrySDKEndToEnd(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)

	sdkCapture(t, p.url)
	sdkCapture(t, p.url)

	reqs := up.requests()
	require.Len(t, reqs, 4, "two envelopes per round")
	var events []sdkEvent
	for i, r := range reqs {
		assert.Equal(t, "/api/42/envelope/", r.path)
		assert.Contains(t, r.headers["X-Sentry-Auth"], "sentry_key="+testDSNKey, "authentication passes through")
		assert.NotContains(t, r.headers, "Cookie")
		hdr, items, err := parseEnvelope(r.body)
		require.NoError(t, err, "request %d is a valid envelope", i)
		assert.Contains(t, hdr["dsn"], testDSNKey, "the dsn is kept")
		require.NotEmpty(t, items)
		for _, it := range items {
			if it.header["type"] != "event" {
				continue
			}
			var ev sdkEvent
			require.NoError(t, json.Unmarshal(it.payload, &ev))
			events = append(events, ev)
		}
		body := string(r.body)
		for what, v := range sdkPlanted {
			assert.NotContains(t, body, v, "request %d leaks the planted %s", i, what)
		}
		assert.NotContains(t, body, "jane.doe%40example.com", "request %d leaks the percent-encoded email", i)
	}
	require.Len(t, events, 4)

	// The same user gets the same stand-ins in every event.
	first := events[0].User
	assert.NotEmpty(t, first.Email)
	assert.NotEmpty(t, first.IPAddress)
	for i, ev := range events[1:] {
		assert.Equal(t, first.Email, ev.User.Email, "event %d", i+1)
		assert.Equal(t, first.IPAddress, ev.User.IPAddress, "event %d", i+1)
		assert.Equal(t, first.Name, ev.User.Name, "event %d", i+1)
		assert.Equal(t, first.Username, ev.User.Username, "event %d", i+1)
	}
	assert.Equal(t, "u-1042", first.ID, "ids that are not personal data stay")
	assert.Equal(t, events[1].Message, events[3].Message, "the same message scrubs the same way")
}
