package proxy

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

const rollbarToken = "aaaabbbbccccddddeeeeffff00001111"

func rollbarItem(token string) string {
	tok := ""
	if token != "" {
		tok = `"access_token":"` + token + `",`
	}
	return `{` + tok + `"data":{"environment":"production","body":{"message":{"body":"signup failed for jane.doe@example.com"}},` +
		`"request":{"user_ip":"$remote_ip","headers":{"Cookie":"sid=s3ss10n"}},"person":{"id":"7","email":"jane.doe@example.com"}}}`
}

func TestRollbarForwarding(t *testing.T) {
	up := startUpstream(t, func(n int, ctx *fasthttp.RequestCtx) {
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"err":0,"result":{"id":null,"uuid":"d4c5b6a7-0000-4abc-9def-00000000000` + string(rune('0'+n)) + `"}}`)
	})
	p := startProxy(t, Config{RollbarUpstream: up.url}, nil)
	form := "payload=" + url.QueryEscape(rollbarItem("")) + "&access_token=" + rollbarToken
	tests := []struct {
		name      string
		body      string
		headers   map[string]string
		wantToken string // X-Rollbar-Access-Token upstream
	}{
		{"JSON with token in body", rollbarItem(rollbarToken), map[string]string{"Content-Type": "application/json"}, ""},
		{"JSON with token header", rollbarItem(""), map[string]string{"X-Rollbar-Access-Token": rollbarToken}, rollbarToken},
		{"form body", form, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, rollbarToken},
		{"form body without content type", form, nil, rollbarToken},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{"Cookie": "sid=s3ss10n", "X-Forwarded-For": "203.0.113.7"}
			for k, v := range tc.headers {
				h[k] = v
			}
			resp := post(t, p.url+"/api/1/item/", []byte(tc.body), h)
			defer fasthttp.ReleaseResponse(resp)
			require.Equal(t, 200, resp.StatusCode(), string(resp.Body()))
			var answer struct {
				Err    int            `json:"err"`
				Result map[string]any `json:"result"`
			}
			require.NoError(t, json.Unmarshal(resp.Body(), &answer), "the upstream's answer is passed back")
			assert.Equal(t, 0, answer.Err)
			assert.NotEmpty(t, answer.Result["uuid"])

			r := up.requests()[i]
			assert.Equal(t, "/api/1/item/", r.path)
			assert.Equal(t, "application/json", r.headers["Content-Type"])
			assert.Equal(t, tc.wantToken, r.headers["X-Rollbar-Access-Token"])
			assert.NotContains(t, r.headers, "Cookie")
			assert.NotContains(t, r.headers, "X-Forwarded-For")
			var item struct {
				AccessToken string `json:"access_token"`
				Data        struct {
					Request struct {
						UserIP string `json:"user_ip"`
					} `json:"request"`
				} `json:"data"`
			}
			require.NoError(t, json.Unmarshal(r.body, &item), "forwarded as JSON: %s", r.body)
			if tc.name == "JSON with token in body" {
				assert.Equal(t, rollbarToken, item.AccessToken, "the body's token is kept")
			}
			// The peer is loopback, which is no personal data and which the
			// engine keeps: the sentinel became the client address.
			assert.Equal(t, "127.0.0.1", item.Data.Request.UserIP)
			assert.NotContains(t, string(r.body), "jane.doe")
			assert.NotContains(t, string(r.body), "s3ss10n")
		})
	}
}

func TestRollbarRateLimit(t *testing.T) {
	up := startUpstream(t, func(_ int, ctx *fasthttp.RequestCtx) {
		ctx.SetStatusCode(429)
		ctx.Response.Header.Set("X-Rate-Limit-Limit", "5000")
		ctx.Response.Header.Set("X-Rate-Limit-Remaining", "0")
		ctx.Response.Header.Set("X-Rate-Limit-Reset", "1763892060")
		ctx.Response.Header.Set("X-Rate-Limit-Remaining-Seconds", "42")
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"err":1,"message":"account is over its rate limit"}`)
	})
	p := startProxy(t, Config{RollbarUpstream: up.url}, nil)
	resp := post(t, p.url+"/api/1/item/", []byte(rollbarItem(rollbarToken)), nil)
	defer fasthttp.ReleaseResponse(resp)
	assert.Equal(t, 429, resp.StatusCode())
	for h, v := range map[string]string{"X-Rate-Limit-Limit": "5000", "X-Rate-Limit-Remaining": "0",
		"X-Rate-Limit-Reset": "1763892060", "X-Rate-Limit-Remaining-Seconds": "42"} {
		assert.Equal(t, v, string(resp.Header.Peek(h)), h)
	}
	assert.JSONEq(t, `{"err":1,"message":"account is over its rate limit"}`, string(resp.Body()))
	assert.Len(t, up.requests(), 1)
}

func TestRollbarDocument(t *testing.T) {
	var args fasthttp.Args
	tests := []struct {
		name, body, ctype string
		doc, token        string
		err               bool
	}{
		{"JSON", `{"data":{}}`, "application/json", `{"data":{}}`, "", false},
		{"JSON without content type", ` {"data":{}}`, "", ` {"data":{}}`, "", false},
		{"form", "payload=%7B%22data%22%3A%7B%7D%7D", "application/x-www-form-urlencoded; charset=utf-8", `{"data":{}}`, "", false},
		{"form with token", "access_token=t0k&payload=%7B%7D", "", `{}`, "t0k", false},
		{"form without payload", "access_token=t0k", "application/x-www-form-urlencoded", "", "", true},
		{"form with empty payload", "payload=", "application/x-www-form-urlencoded", "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, tok, err := rollbarDocument(&args, []byte(tc.body), []byte(tc.ctype))
			if tc.err {
				require.ErrorIs(t, err, ErrMalformedItem)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.doc, string(doc))
			assert.Equal(t, tc.token, string(tok))
		})
	}
}
