package proxy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"
)

// cspReport is what a browser POSTs to a policy's report-uri (Content-Type
// application/csp-report), with the account page's URL carrying the
// signed-in user's address and session.
const cspReport = `{"csp-report":{"document-uri":"https://shop.example.org/account?email=jane.doe%40example.com&session=s3ss10n-c00k13-v4lue","referrer":"https://mail.example.net/inbox/jane.doe@example.com","violated-directive":"script-src-elem","effective-directive":"script-src-elem","original-policy":"default-src 'self'; script-src 'self'; report-uri https://proxy.example.org/api/42/security/?sentry_key=e12d836b15bb49d7bbf99e64295d995b","disposition":"enforce","blocked-uri":"https://cdn.evil.example/track.js?u=jane.doe@example.com","line-number":12,"column-number":7,"source-file":"https://shop.example.org/static/app.js","status-code":200,"script-sample":""}}`

// reportingAPIReport is the Reporting API's form (report-to, Content-Type
// application/reports+json): an array of reports.
const reportingAPIReport = `[{"age":3,"body":{"blockedURL":"inline","columnNumber":39,"disposition":"enforce","documentURL":"https://shop.example.org/profile/jane.doe@example.com","effectiveDirective":"script-src-elem","lineNumber":121,"originalPolicy":"script-src 'self'","referrer":"","sample":"console.log(\"203.0.113.7\")","sourceFile":"https://shop.example.org/profile","statusCode":200},"type":"csp-violation","url":"https://shop.example.org/profile/jane.doe@example.com","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}]`

func TestSecurityReports(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	query := "?sentry_key=e12d836b15bb49d7bbf99e64295d995b&sentry_environment=production&sentry_release=shop%401.2.3&user=jane.doe%40example.com"
	for _, tc := range []struct {
		name, contentType, body string
	}{
		{"report-uri", "application/csp-report", cspReport},
		{"reporting api", "application/reports+json", reportingAPIReport},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(up.requests())
			resp := post(t, p.url+"/api/42/security/"+query, []byte(tc.body), map[string]string{"Content-Type": tc.contentType})
			defer fasthttp.ReleaseResponse(resp)
			require.Equal(t, fasthttp.StatusOK, resp.StatusCode(), string(resp.Body()))
			reqs := up.requests()
			require.Len(t, reqs, n+1)
			r := reqs[n]
			assert.Equal(t, "/api/42/security/", r.path)
			assert.Equal(t, "sentry_key=e12d836b15bb49d7bbf99e64295d995b&sentry_environment=production&sentry_release=shop%401.2.3", r.query,
				"authentication, environment and release only")
			assert.Equal(t, tc.contentType, r.headers["Content-Type"])
			require.True(t, json.Valid(r.body), "the report stays JSON")
			assertNoPlanted(t, r.body)
			assert.NotContains(t, string(r.body), "jane.doe")
		})
	}
	reqs := up.requests()
	require.Len(t, reqs, 2)
	var csp struct {
		Report map[string]any `json:"csp-report"`
	}
	require.NoError(t, json.Unmarshal(reqs[0].body, &csp))
	assert.Equal(t, "script-src-elem", csp.Report["violated-directive"], "what is not personal is kept")
	assert.Equal(t, "https://shop.example.org/static/app.js", csp.Report["source-file"])
	assert.Contains(t, csp.Report["document-uri"], "https://shop.example.org/account?email=")
	var api []struct {
		Type string         `json:"type"`
		Body map[string]any `json:"body"`
	}
	require.NoError(t, json.Unmarshal(reqs[1].body, &api))
	require.Len(t, api, 1)
	assert.Equal(t, "csp-violation", api[0].Type)
	assert.Equal(t, "inline", api[0].Body["blockedURL"])

	// A report that is not JSON is refused, not forwarded.
	resp := post(t, p.url+"/api/42/security/", []byte(`csp-report document-uri=https://x.example/?u=jane.doe@example.com`), map[string]string{"Content-Type": "application/csp-report"})
	assert.Equal(t, fasthttp.StatusBadRequest, resp.StatusCode())
	fasthttp.ReleaseResponse(resp)
	assert.Len(t, up.requests(), 2)
}

func TestBinaryCrashReportsRefused(t *testing.T) {
	up := startUpstream(t, nil)
	p := startProxy(t, Config{SentryUpstream: up.url}, nil)
	// A minidump upload as Crashpad and sentry-native send it: multipart
	// with the MDMP file; and an Unreal Engine crash report archive.
	minidump := []byte("--b\r\nContent-Disposition: form-data; name=\"upload_file_minidump\"; filename=\"crash.dmp\"\r\n" +
		"Content-Type: application/octet-stream\r\n\r\nMDMP\x93\xa7\x00\x00jane.doe@example.com\r\n--b--\r\n")
	unreal := []byte("CR1\x00\x00\x00jane.doe@example.com\x00\x01\x02")
	for _, tc := range []struct {
		path        string
		body        []byte
		contentType string
	}{
		{"/api/42/minidump/?sentry_key=e12d836b15bb49d7bbf99e64295d995b", minidump, "multipart/form-data; boundary=b"},
		{"/api/42/unreal/e12d836b15bb49d7bbf99e64295d995b/", nil, ""},
		{"/api/42/unreal/", unreal, "application/octet-stream"},
	} {
		resp := post(t, p.url+tc.path, tc.body, map[string]string{"Content-Type": tc.contentType})
		if tc.path == "/api/42/unreal/e12d836b15bb49d7bbf99e64295d995b/" {
			// Unreal's key-in-path form is not a route of the proxy.
			assert.Equal(t, fasthttp.StatusNotFound, resp.StatusCode(), tc.path)
		} else {
			assert.Equal(t, fasthttp.StatusUnsupportedMediaType, resp.StatusCode(), tc.path)
			assert.Contains(t, string(resp.Body()), "cannot be scrubbed")
		}
		assert.NotContains(t, string(resp.Body()), "jane.doe")
		fasthttp.ReleaseResponse(resp)
	}
	assert.Empty(t, up.requests(), "binary crash reports are never forwarded")
	m := scrape(t, p.url)
	assert.Contains(t, m, `piiproxy_errors_total{reason="binary_payload"} 2`)
	assert.Contains(t, m, `piiproxy_requests_total{code="415",route="sentry_minidump"} 1`)
	assert.Contains(t, m, `piiproxy_requests_total{code="415",route="sentry_unreal"} 1`)
}
