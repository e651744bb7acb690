package redact

import (
	"strings"
	"testing"
)

func TestWebhookURLs(t *testing.T) {
	const (
		slack   = "https://hooks.slack.com/services/T01ABCDEF23/B04GHIJKL56/"
		discord = "https://discord.com/api/webhooks/123456789012345678/"
		teams   = "https://acme.webhook.office.com/webhookb2/3f2504e0-4f89-11d3-9a0c-0305e82c3301@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/"
		secret  = "AbCdEfGhIjKlMnOpQrStUvWx"
		dtoken  = "AbCdEf-GhIj_KlMnOpQrStUvWxYz0123456789abcdefGHIJKLmnop"
		teamsID = "0123456789abcdef0123456789abcdef/9c2a1e4b-7d3f-4a8e-b1c2-3d4e5f6a7b8c"
	)
	runScrubCases(t, newTestScrubber(t, nil), []scrubCase{
		// Slack: the last segment; the workspace and channel ids stay.
		{name: "slack", in: "POST " + slack + secret + " failed", want: "POST " + slack + "[redacted] failed"},
		{name: "slack host case", in: "https://Hooks.Slack.com/services/T01ABCDEF23/B04GHIJKL56/" + secret,
			want: "https://Hooks.Slack.com/services/T01ABCDEF23/B04GHIJKL56/[redacted]"},
		{name: "slack breadcrumb", in: `{"breadcrumbs":{"values":[{"category":"httplib","data":{"url":"` + slack + secret + `","method":"POST"}}]}}`,
			want: `{"breadcrumbs":{"values":[{"category":"httplib","data":{"url":"` + slack + `[redacted]","method":"POST"}}]}}`},
		{name: "slack escaped slashes", in: `{"url":"https:\/\/hooks.slack.com\/services\/T01ABCDEF23\/B04GHIJKL56\/` + secret + `"}`,
			want: `{"url":"` + slack + `[redacted]"}`},
		// Discord: the token after the numeric id.
		{name: "discord", in: "webhook " + discord + dtoken + " ok", want: "webhook " + discord + "[redacted] ok"},
		{name: "discordapp with query", in: "https://discordapp.com/api/webhooks/123456789012345678/" + dtoken + "?wait=true",
			want: "https://discordapp.com/api/webhooks/123456789012345678/[redacted]?wait=true"},
		{name: "discord span", in: `{"spans":[{"op":"http.client","description":"POST ` + discord + dtoken + `"}]}`,
			want: `{"spans":[{"op":"http.client","description":"POST ` + discord + `[redacted]"}]}`},
		// Teams: the path after IncomingWebhook/.
		{name: "teams", in: "teams " + teams + teamsID + " done", want: "teams " + teams + "[redacted] done"},
		{name: "teams v2", in: `"` + teams + teamsID + `/V2AbCdEfGh0123456789"`, want: `"` + teams + `[redacted]"`},
		{name: "teams legacy", in: "https://outlook.office.com/webhook/3f2504e0-4f89-11d3-9a0c-0305e82c3301@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/" + teamsID,
			want: "https://outlook.office.com/webhook/3f2504e0-4f89-11d3-9a0c-0305e82c3301@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/[redacted]"},
		// Near-misses.
		{name: "slack api", in: "https://slack.com/api/chat.postMessage?channel=C01ABCDEF23"},
		{name: "slack no secret", in: "https://hooks.slack.com/services/T01ABCDEF23/B04GHIJKL56/"},
		{name: "slack short", in: "https://hooks.slack.com/services/T01ABCDEF23/B04GHIJKL56/abc"},
		{name: "slack two segments", in: "https://hooks.slack.com/services/T01ABCDEF23/" + secret},
		{name: "other host same path", in: "https://example.com/services/T01ABCDEF23/B04GHIJKL56/" + secret},
		{name: "discord channel", in: "https://discord.com/channels/123456789012345678/123456789012345679"},
		{name: "discord no id", in: "https://discord.com/api/webhooks/abc/" + dtoken},
		{name: "discord id only", in: "https://discord.com/api/webhooks/123456789012345678"},
		{name: "teams no incoming webhook", in: "https://acme.webhook.office.com/webhookb2/3f2504e0-4f89-11d3-9a0c-0305e82c3301"},
		{name: "office host", in: "https://www.office.com/IncomingWebhook/" + teamsID},
		{name: "redacted again", in: "POST " + slack + "[redacted] failed"},
	})
}

// FuzzMatchWebhook checks that matchWebhook stays in bounds on any input,
// and that a webhook secret planted between any bytes and a byte that
// ends a URL path never survives the scrubber.
func FuzzMatchWebhook(f *testing.F) {
	f.Add("POST ", " failed")
	f.Add("https://hooks.slack.com/services/T/B/", "")
	f.Add("x https://acme.webhook.office.com/webhookb2/a@b/IncomingWebhook/", "/")
	f.Add(`{"url":"`, `"}`)
	s := newTestScrubber(f, nil)
	const (
		url    = "https://discord.com/api/webhooks/123456789012345678/"
		secret = "AbCdEf-GhIj_KlMnOpQrStUvWxYz0123456789"
	)
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, src := range [][]byte{[]byte(a), []byte(a + b)} {
			for i := 0; i+2 < len(src); i++ {
				if src[i] == ':' && src[i+1] == '/' && src[i+2] == '/' {
					if st, e := matchWebhook(src, i); st >= 0 && !(i+3 <= st && st < e && e <= len(src)) {
						t.Fatalf("matchWebhook(%q, %d) = %d, %d", src, i, st, e)
					}
				}
			}
		}
		if b != "" && tokenTab[b[0]] {
			return
		}
		line := a + " " + url + secret + b
		if out := s.AppendLine(nil, []byte(line)); strings.Contains(string(out), secret) {
			t.Fatalf("webhook secret survived:\n in: %q\nout: %q", line, out)
		}
	})
}
