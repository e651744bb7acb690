package proxy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"

	"github.com/piiproxy/piiproxy/redact"
)

// reporter is a name no dictionary holds, so only a field rule finds it.
const reporter = "Zorbek Quillfeather"

// userReportEnvelope is what the Sentry JavaScript SDK's
// createUserFeedbackEnvelope sends: a user_report item whose payload has
// the reporter at its top level.
const userReportEnvelope = `{"event_id":"4c1e2a6f0b6d4f1c9e8a7b6c5d4e3f2a","sent_at":"2026-11-23T10:00:00.000Z","sdk":{"name":"sentry.javascript.browser","version":"8.50.0"},"dsn":"https://e12d836b15bb49d7bbf99e64295d995b@127.0.0.1/42"}
{"type":"user_report"}
{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","name":"` + reporter + `","email":"zorbek.q@example.com","comments":"The checkout froze after I pressed Pay."}
`

// feedbackEnvelope is what the user feedback widget sends: a feedback item,
// an event with the reporter under contexts.feedback.
const feedbackEnvelope = `{"event_id":"b2f1c8e0a9d34c7e8f6a5b4c3d2e1f00","sent_at":"2026-11-23T10:00:01.000Z","sdk":{"name":"sentry.javascript.browser","version":"8.50.0"}}
{"type":"feedback"}
{"type":"feedback","event_id":"b2f1c8e0a9d34c7e8f6a5b4c3d2e1f00","timestamp":1763892001.0,"level":"info","platform":"javascript","environment":"production","contexts":{"feedback":{"contact_email":"zq@shop-mail.example","name":"` + reporter + `","message":"The checkout froze after I pressed Pay.","url":"https://shop.example.org/checkout","source":"widget"}},"user":{"id":"8815"}}
`

func newFeedbackScrubber(t *testing.T) *redact.Scrubber {
	t.Helper()
	sc, err := redact.New(FeedbackConfig(redact.DefaultConfig(testKey)))
	require.NoError(t, err)
	return sc
}

func TestFeedbackItems(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url, FeedbackScrubber: newFeedbackScrubber(t)}, nil)
	for _, env := range []string{userReportEnvelope, feedbackEnvelope} {
		resp := post(t, p.url+"/api/42/envelope/", []byte(env), nil)
		require.Equal(t, fasthttp.StatusOK, resp.StatusCode())
		fasthttp.ReleaseResponse(resp)
	}
	reqs := up.requests()
	require.Len(t, reqs, 2)

	_, items, err := parseEnvelope(reqs[0].body)
	require.NoError(t, err)
	require.Len(t, items, 1)
	var report map[string]any
	require.NoError(t, json.Unmarshal(items[0].payload, &report))
	assert.NotEqual(t, reporter, report["name"])
	assert.NotEmpty(t, report["name"], "the name is replaced by a stand-in, not removed")
	assert.NotContains(t, report["email"], "zorbek.q@example.com")
	assert.Equal(t, "9ec79c33ec9942ab8353589fcb2e04dc", report["event_id"])
	assert.Equal(t, "The checkout froze after I pressed Pay.", report["comments"])

	_, items, err = parseEnvelope(reqs[1].body)
	require.NoError(t, err)
	require.Len(t, items, 1)
	var ev struct {
		Contexts struct {
			Feedback map[string]any `json:"feedback"`
		} `json:"contexts"`
	}
	require.NoError(t, json.Unmarshal(items[0].payload, &ev))
	fb := ev.Contexts.Feedback
	assert.NotEqual(t, reporter, fb["name"])
	assert.NotEmpty(t, fb["name"])
	assert.NotEqual(t, "zq@shop-mail.example", fb["contact_email"])
	assert.Equal(t, "https://shop.example.org/checkout", fb["url"])
	assert.Equal(t, "widget", fb["source"])

	for _, r := range reqs {
		assert.NotContains(t, string(r.body), "Zorbek")
		assert.NotContains(t, string(r.body), "Quillfeather")
	}
	assert.Contains(t, scrape(t, p.url), `piiproxy_findings_total{kind="name"} 2`)
}

// TestFeedbackNeedsItsScrubber shows what the feedback scrubber is for: the
// main scrubber alone keeps a reporter name it has no dictionary entry for,
// and the feedback scrubber gives it the same stand-in wherever it is.
func TestFeedbackNeedsItsScrubber(t *testing.T) {
	main := newTestScrubber(t)
	fb := newFeedbackScrubber(t)
	out, err := main.AppendJSON(nil, []byte(`{"name":"`+reporter+`"}`))
	require.NoError(t, err)
	assert.Contains(t, string(out), reporter, "the default rules do not take a top-level name")

	out, err = fb.AppendJSON(nil, []byte(`{"name":"`+reporter+`"}`))
	require.NoError(t, err)
	assert.NotContains(t, string(out), reporter)
	viaUser, err := main.AppendJSON(nil, []byte(`{"user":{"name":"`+reporter+`"}}`))
	require.NoError(t, err)
	var a struct{ Name string }
	var b struct{ User struct{ Name string } }
	require.NoError(t, json.Unmarshal(out, &a))
	require.NoError(t, json.Unmarshal(viaUser, &b))
	assert.Equal(t, b.User.Name, a.Name, "one reporter, one stand-in")

	// Other items keep the main scrubber's rules: a top-level name of an
	// event (a transaction or check-in name) is not a person.
	r := envelopeRewriter{sess: main.NewSession(), feedback: fb.NewSession()}
	var st envelopeStats
	env := strings.Replace(userReportEnvelope, `"user_report"`, `"event"`, 1)
	got, err := r.rewrite(nil, []byte(env), &envelopeOptions{}, &st)
	require.NoError(t, err)
	assert.Contains(t, string(got), reporter)

	c := redact.DefaultConfig(testKey)
	n := len(c.Fields.Paths)
	_ = FeedbackConfig(c)
	assert.Len(t, c.Fields.Paths, n, "FeedbackConfig does not modify its argument")
}
