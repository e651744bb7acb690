package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

func FuzzAppendLine(f *testing.F) {
	for _, tc := range lineCases {
		f.Add(tc.line, "")
	}
	f.Add(`{"a":"`, `"}`)
	f.Add("password=", "&x=1")
	f.Add(`-----BEGIN RSA PRIVATE KEY-----`, ``)
	f.Add("[", "]")
	f.Add("\xff\xfe", "%4")
	f.Add(`81.2.69.160 - - [23/Nov/2026:06:25:02 +0000] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0" "Digest username=\"hmueller\", realm=\"x\"`, `" 0.003 "203.0.113.7"`)
	f.Add(`x "Authorization: Digest username=\"a\"`, `\" "NTLM TlRMTVNTUAABAAAAB4II=" "`)
	f.Add("Authorization: Bearer abc%2BDEF123%3", "%3D")
	f.Add(`"_shop_session=BAh7; wordpress_logged_in_5c016e8f0f95f039102cbe8366c5c7f3=`, `; .ASPXAUTH=8F14"`)
	f.Add("GET /cb?code=4%2F0AX4XfWh1234", "&key=Zx9YwVuTsRqPoNmLkJiHgFeDcBa")
	f.Add("    password = request.POST['password']", "$password = $_POST['password'];")
	f.Add(`    password = getpass("Password: `, `")`)
	f.Add("mutation($pw: String!) { login(pw: $pw) }", "(using password: YES)")
	f.Add("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=", ";EndpointSuffix=core.windows.net")
	s := newTestScrubber(f, nil)
	f.Fuzz(func(t *testing.T, a, b string) {
		const planted = "jane.doe@example.com"
		line := a + " " + planted + " " + b
		out := s.AppendLine(nil, []byte(line))
		if strings.Contains(string(out), planted) {
			t.Fatalf("planted address survived:\n in: %q\nout: %q", line, out)
		}
		if len(out) > 64*len(line)+1024 {
			t.Fatalf("output grew from %d to %d bytes", len(line), len(out))
		}
		// Whatever a is, scrubbing it alone must not panic and JSON stays JSON.
		out = s.AppendLine(nil, []byte(a))
		if json.Valid([]byte(a)) && !json.Valid(out) {
			t.Fatalf("valid JSON became invalid:\n in: %q\nout: %q", a, out)
		}
	})
}

func FuzzAppendJSON(f *testing.F) {
	f.Add([]byte(`{"user":{"email":"jane@example.com","name":"Jane Roe"},"a":[1,"x",null]}`))
	f.Add([]byte(`[["Cookie","a=b"],["Authorization","Basic dXNlcjpwYXNz"]]`))
	f.Add([]byte(`{"s":"\ud83d\ude00 \u0040 \"q\" \\"}`))
	f.Add([]byte(`{"pin":1234,"phone":4917012345678}`))
	s := newTestScrubber(f, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := s.AppendJSON(nil, data)
		if json.Valid(data) {
			if err != nil {
				t.Fatalf("valid JSON rejected: %v\n%q", err, data)
			}
			if !json.Valid(out) {
				t.Fatalf("valid JSON became invalid:\n in: %q\nout: %q", data, out)
			}
		}
		if err != nil && len(out) != 0 {
			t.Fatalf("output on error: %q", out)
		}
	})
}
