package proxy

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rewriteString(t *testing.T, in string, opt envelopeOptions) (string, envelopeStats, error) {
	t.Helper()
	r := envelopeRewriter{sess: newTestScrubber(t).NewSession()}
	var st envelopeStats
	out, err := r.rewrite(nil, []byte(in), &opt, &st)
	return string(out), st, err
}

func TestEnvelopeFraming(t *testing.T) {
	const hdr = `{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://e12d836b15bb49d7bbf99e64295d995b@sentry.io/42"}`
	tests := []struct {
		name  string
		in    string
		items []string // expected item types, in order
		pays  []string // expected payloads (only for items without PII)
	}{
		// Framing variants of the envelope spec.
		{"header only", hdr + "\n", nil, nil},
		{"header only without newline", hdr, nil, nil},
		{"empty header", "{}\n" + `{"type":"event"}` + "\n" + `{"a":"b"}` + "\n", []string{"event"}, []string{`{"a":"b"}`}},
		{"length given", hdr + "\n" + `{"type":"event","length":9}` + "\n" + `{"a":"b"}` + "\n", []string{"event"}, []string{`{"a":"b"}`}},
		{"length given, no final newline", hdr + "\n" + `{"type":"event","length":9}` + "\n" + `{"a":"b"}`, []string{"event"}, []string{`{"a":"b"}`}},
		{"no length", hdr + "\n" + `{"type":"event"}` + "\n" + `{"a":"b"}` + "\n", []string{"event"}, []string{`{"a":"b"}`}},
		{"no length, no final newline", hdr + "\n" + `{"type":"event"}` + "\n" + `{"a":"b"}`, []string{"event"}, []string{`{"a":"b"}`}},
		{"length null", hdr + "\n" + `{"type":"event","length":null}` + "\n" + `{"a":"b"}` + "\n", []string{"event"}, []string{`{"a":"b"}`}},
		{"payload holds a newline", hdr + "\n" + `{"type":"event","length":10}` + "\n" + "{\"a\":\n\"b\"}\n", []string{"event"}, []string{"{\"a\":\n\"b\"}"}},
		{"CRLF lines", hdr + "\r\n" + `{"type":"event"}` + "\r\n" + `{"a":"b"}` + "\r\n", []string{"event"}, []string{`{"a":"b"}`}},
		{"empty payload", hdr + "\n" + `{"type":"statsd","length":0}` + "\n\n", []string{"statsd"}, []string{""}},
		{"two items", hdr + "\n" + `{"type":"event"}` + "\n" + `{"a":1}` + "\n" + `{"type":"client_report","length":7}` + "\n" + `{"b":2}` + "\n",
			[]string{"event", "client_report"}, []string{`{"a":1}`, `{"b":2}`}},
		{"blank line between items", hdr + "\n" + `{"type":"event"}` + "\n" + `{"a":1}` + "\n\n" + `{"type":"event"}` + "\n" + `{"a":2}` + "\n",
			[]string{"event", "event"}, []string{`{"a":1}`, `{"a":2}`}},
		{"unknown type as text", hdr + "\n" + `{"type":"future_thing"}` + "\n" + `plain words` + "\n", []string{"future_thing"}, []string{"plain words"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, st, err := rewriteString(t, tc.in, envelopeOptions{})
			require.NoError(t, err)
			h, items, err := parseEnvelope([]byte(out))
			require.NoError(t, err, "output:\n%s", out)
			if strings.HasPrefix(tc.in, hdr) {
				assert.Equal(t, "https://e12d836b15bb49d7bbf99e64295d995b@sentry.io/42", h["dsn"], "dsn kept")
			}
			require.Len(t, items, len(tc.items))
			assert.Equal(t, len(tc.items), st.kept)
			for i, it := range items {
				assert.Equal(t, tc.items[i], it.header["type"])
				assert.Equal(t, tc.pays[i], string(it.payload))
			}
		})
	}
}

func TestEnvelopeMalformed(t *testing.T) {
	const hdr = `{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}`
	tests := []struct{ name, in string }{
		{"empty body", ""},
		{"blank header", "\n" + `{"type":"event"}` + "\n{}\n"},
		{"header not JSON", "event_id=1\n"},
		{"header a JSON string", `""` + "\n"},
		{"header a JSON array", `[{}]` + "\n"},
		{"header truncated", `{"event_id":"9ec7` + "\n"},
		{"item header not JSON", hdr + "\n" + `type=event` + "\n{}\n"},
		{"item header without type", hdr + "\n" + `{"length":2}` + "\n{}\n"},
		{"item type not a string", hdr + "\n" + `{"type":7}` + "\n{}\n"},
		{"negative length", hdr + "\n" + `{"type":"event","length":-1}` + "\n{}\n"},
		{"fractional length", hdr + "\n" + `{"type":"event","length":1.5}` + "\n{}\n"},
		{"huge length", hdr + "\n" + `{"type":"event","length":99999999999}` + "\n{}\n"},
		{"length past the end", hdr + "\n" + `{"type":"event","length":30}` + "\n{}\n"},
		{"repeated length", hdr + "\n" + `{"type":"event","length":2,"length":9}` + "\n{}\n"},
		{"escaped length", hdr + "\n" + `{"type":"event","\u006cength":9}` + "\n{}\n"},
		{"repeated type", hdr + "\n" + `{"type":"attachment","type":"event"}` + "\n{}\n"},
		{"no newline after payload", hdr + "\n" + `{"type":"event","length":2}` + "\n{}x\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := rewriteString(t, tc.in, envelopeOptions{})
			require.ErrorIs(t, err, ErrMalformedEnvelope)
			assert.Empty(t, out)
		})
	}
}

func TestEnvelopeItemClasses(t *testing.T) {
	const hdr = `{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}` + "\n"
	const att = `{"type":"attachment","length":10,"filename":"dump.bin"}` + "\n" + "\x00\x01binary\xff\xfe" + "\n"
	const ev = `{"type":"event"}` + "\n" + `{"message":"hello"}` + "\n"

	t.Run("binary dropped by default", func(t *testing.T) {
		out, st, err := rewriteString(t, hdr+ev+att, envelopeOptions{})
		require.NoError(t, err)
		_, items, err := parseEnvelope([]byte(out))
		require.NoError(t, err)
		require.Len(t, items, 1)
		assert.Equal(t, "event", items[0].header["type"])
		assert.Equal(t, 1, st.droppedBinary)
		assert.NotContains(t, out, "binary")
	})
	t.Run("binary passed when configured", func(t *testing.T) {
		out, st, err := rewriteString(t, hdr+att, envelopeOptions{passBinary: true})
		require.NoError(t, err)
		_, items, err := parseEnvelope([]byte(out))
		require.NoError(t, err)
		require.Len(t, items, 1)
		assert.Equal(t, "\x00\x01binary\xff\xfe", string(items[0].payload))
		assert.Equal(t, "dump.bin", items[0].header["filename"])
		assert.Zero(t, st.droppedBinary)
	})
	t.Run("only binary items", func(t *testing.T) {
		_, st, err := rewriteString(t, hdr+att+att, envelopeOptions{})
		require.NoError(t, err)
		assert.Equal(t, 0, st.kept)
		assert.Equal(t, 2, st.droppedBinary)
	})
	for _, typ := range []string{"replay_recording", "replay_video", "profile_chunk"} {
		t.Run(typ+" dropped", func(t *testing.T) {
			_, st, err := rewriteString(t, hdr+`{"type":"`+typ+`","length":3}`+"\nabc\n", envelopeOptions{})
			require.NoError(t, err)
			assert.Equal(t, 1, st.droppedBinary)
		})
	}
	t.Run("invalid JSON item dropped, others kept", func(t *testing.T) {
		out, st, err := rewriteString(t, hdr+`{"type":"event"}`+"\n"+`{"message":"jane.doe@example.com"`+"\n"+ev, envelopeOptions{})
		require.NoError(t, err)
		assert.Equal(t, 1, st.droppedJSON)
		assert.NotContains(t, out, "jane.doe")
		_, items, err := parseEnvelope([]byte(out))
		require.NoError(t, err)
		require.Len(t, items, 1)
	})
	t.Run("every JSON item invalid", func(t *testing.T) {
		out, _, err := rewriteString(t, hdr+`{"type":"event"}`+"\n"+`{"message":`+"\n", envelopeOptions{})
		require.ErrorIs(t, err, ErrNoItemsLeft)
		assert.Empty(t, out)
	})
	t.Run("length added to headers without one", func(t *testing.T) {
		out, _, err := rewriteString(t, hdr+`{ }`+"\n", envelopeOptions{})
		// An item header without a type is malformed.
		require.ErrorIs(t, err, ErrMalformedEnvelope)
		assert.Empty(t, out)
	})
}

func TestEnvelopeClientIP(t *testing.T) {
	const in = `{}` + "\n" +
		`{"type":"event"}` + "\n" + `{"user":{"id":"1","ip_address":"{{auto}}"}}` + "\n" +
		`{"type":"session"}` + "\n" + `{"sid":"x","attrs":{"release":"1.0","ip_address":"{{auto}}"}}` + "\n" +
		`{"type":"event"}` + "\n" + `{"user":{"id":"1","ip_address":"10.1.2.3"},"message":"{{auto}}"}` + "\n"
	out, _, err := rewriteString(t, in, envelopeOptions{clientIP: []byte(`"198.51.100.23"`)})
	require.NoError(t, err)
	assert.NotContains(t, out, `"ip_address":"{{auto}}"`, "sentinel replaced")
	_, items, err := parseEnvelope([]byte(out))
	require.NoError(t, err)
	require.Len(t, items, 3)
	var ev struct {
		User    map[string]any `json:"user"`
		Message string         `json:"message"`
	}
	require.NoError(t, json.Unmarshal(items[0].payload, &ev))
	assert.NotEqual(t, "{{auto}}", ev.User["ip_address"])
	assert.NotEmpty(t, ev.User["ip_address"])
	require.NoError(t, json.Unmarshal(items[2].payload, &ev))
	assert.Equal(t, "{{auto}}", ev.Message, "only the ip_address members are sentinels")

	// Without a known client address the sentinel becomes null.
	out, _, err = rewriteString(t, in, envelopeOptions{})
	require.NoError(t, err)
	assert.NotContains(t, out, `"ip_address":"{{auto}}"`)
	assert.Contains(t, out, `"ip_address":null`)
}

func TestEnvelopeHeaderKeepsDSN(t *testing.T) {
	const dsn = "https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/4504"
	in := `{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"` + dsn + `","trace":{"public_key":"e12d836b15bb49d7bbf99e64295d995b","trace_id":"4c79f60c11214eb38604f4ae0781bfb2"}}` + "\n"
	out, _, err := rewriteString(t, in, envelopeOptions{})
	require.NoError(t, err)
	h, _, err := parseEnvelope([]byte(out))
	require.NoError(t, err)
	assert.Equal(t, dsn, h["dsn"])
	assert.Equal(t, "e12d836b15bb49d7bbf99e64295d995b", h["trace"].(map[string]any)["public_key"])
}

func TestAppendItemHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"type":"event","length":3}`, `{"type":"event","length":42}`},
		{`{"type":"event"}`, `{"length":42,"type":"event"}`},
		{`{}`, `{"length":42}`},
		{` { "type" : "event" }`, ` {"length":42, "type" : "event" }`},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, string(appendItemHeader(nil, []byte(tc.in), 42)), tc.in)
	}
}

func TestEnvelopeErrorsCarryNoData(t *testing.T) {
	const secret = "jane.doe@example.com"
	for _, in := range []string{
		`{"x":"` + secret + `"` + "\n",
		`{}` + "\n" + `{"type":"` + secret + `","length":999}` + "\n",
		`{}` + "\n" + `{"type":"event","length":2}` + "\n" + secret + "\n",
	} {
		_, _, err := rewriteString(t, in, envelopeOptions{})
		require.Error(t, err)
		assert.NotContains(t, err.Error(), secret)
		assert.False(t, strings.Contains(err.Error(), "jane"), err.Error())
		assert.True(t, errors.Is(err, ErrMalformedEnvelope))
	}
}

// TestEnvelopeRewriteAllocs checks that a warmed-up rewriter scrubs an
// envelope without allocating.
func TestEnvelopeRewriteAllocs(t *testing.T) {
	env := []byte(`{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.sentry.io/42"}` + "\n" +
		`{"type":"event"}` + "\n" + `{"message":"checkout failed","level":"error","user":{"id":"42","ip_address":"{{auto}}"},"tags":{"plan":"pro"}}` + "\n" +
		`{"type":"client_report","length":24}` + "\n" + `{"discarded_events":[]}` + " \n" +
		`{"type":"attachment","length":3}` + "\nabc\n")
	r := envelopeRewriter{sess: newTestScrubber(t).NewSession()}
	opt := envelopeOptions{clientIP: []byte(`"127.0.0.1"`)}
	var out []byte
	run := func() {
		var st envelopeStats
		var err error
		out, err = r.rewrite(out[:0], env, &opt, &st)
		if err != nil || st.kept != 2 {
			t.Fatalf("rewrite: %v, %d items", err, st.kept)
		}
	}
	run()
	if n := testing.AllocsPerRun(100, run); n != 0 {
		t.Errorf("%v allocations per envelope, want 0", n)
	}
}
