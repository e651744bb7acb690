package proxy

import (
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttputil"

	"github.com/piiproxy/piiproxy/redact"
)

func addFiles(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b)
		}
	}
}

// FuzzEnvelope feeds arbitrary bodies to the envelope rewriter. Whatever
// it accepts must come out as a well-formed envelope whose JSON items are
// valid JSON and which holds no binary item; what it refuses leaves
// nothing behind.
func FuzzEnvelope(f *testing.F) {
	addFiles(f, "testdata/sentry/*.envelope")
	for _, s := range []string{
		"", "\n", "{}", "{}\n", "{}\n\n\n",
		"{}\n{\"type\":\"event\"}\n{}",
		"{}\n{\"type\":\"event\",\"length\":2}\n{}",
		"{}\n{\"type\":\"event\",\"length\":3}\n{}\n",
		"{}\n{\"type\":\"attachment\",\"length\":1}\n\x00\n",
		"{}\n{\"type\":\"x\",\"length\":0}\n\n",
		"{}\r\n{\"type\":\"event\"}\r\n{\"user\":{\"ip_address\":\"{{auto}}\"}}\r\n",
		"{\"dsn\":\"x\"}\n{\"type\":\"event\",\"length\":-0}\n",
		"{}\n{\"type\":\"event\",\"length\":1e2}\n",
		"{}\n{\"type\":\"ev\\\"ent\"}\n{}\n",
	} {
		f.Add([]byte(s))
	}
	sc, err := redact.New(redact.DefaultConfig(testKey))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r := envelopeRewriter{sess: sc.NewSession()}
		var st envelopeStats
		out, err := r.rewrite([]byte("x"), in, &envelopeOptions{clientIP: []byte(`"203.0.113.7"`)}, &st)
		if err != nil {
			if string(out) != "x" {
				t.Fatalf("failed rewrite left output behind: %q", out)
			}
			if !errors.Is(err, ErrMalformedEnvelope) && !errors.Is(err, ErrNoItemsLeft) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		out = out[1:]
		if len(out) > 64*len(in)+4096 {
			t.Fatalf("output of %d bytes for %d bytes of input", len(out), len(in))
		}
		_, items, perr := parseEnvelope(out)
		if perr != nil {
			t.Fatalf("output is not a well-formed envelope: %v\ninput %q\noutput %q", perr, in, out)
		}
		if len(items) != st.kept {
			t.Fatalf("%d items written, %d counted", len(items), st.kept)
		}
		for _, it := range items {
			typ, _ := it.header["type"].(string)
			switch itemClasses[typ] {
			case classJSON:
				if !json.Valid(it.payload) {
					t.Fatalf("JSON item %q is not valid JSON: %q", typ, it.payload)
				}
			case classBinary:
				t.Fatalf("binary item %q forwarded", typ)
			}
		}
	})
}

// FuzzEnvelopeSecret wraps arbitrary text around a planted email in an
// event and checks that the email never reaches the output.
func FuzzEnvelopeSecret(f *testing.F) {
	for _, s := range []string{"", "hello", "\n", "mailto:", "\"", "\\u0040", "Ä", "<>", "{{auto}}x"} {
		f.Add(s)
	}
	sc, err := redact.New(redact.DefaultConfig(testKey))
	if err != nil {
		f.Fatal(err)
	}
	const secret = "jane.doe@example.com"
	f.Fuzz(func(t *testing.T, s string) {
		msg, _ := json.Marshal(map[string]any{"message": s + " " + secret + " " + s, "user": map[string]string{"email": secret}})
		in := "{}\n{\"type\":\"event\"}\n" + string(msg) + "\n"
		r := envelopeRewriter{sess: sc.NewSession()}
		var st envelopeStats
		out, err := r.rewrite(nil, []byte(in), &envelopeOptions{}, &st)
		if err != nil {
			t.Fatalf("valid envelope refused: %v", err)
		}
		if strings.Contains(string(out), secret) {
			t.Fatalf("planted email survived: %q", out)
		}
	})
}

// FuzzRollbar feeds arbitrary bodies to the Rollbar decoder and rewriter:
// what is accepted comes out as valid JSON with its access token kept.
func FuzzRollbar(f *testing.F) {
	addFiles(f, "testdata/rollbar/*.json")
	for _, s := range []string{
		"", "{}", "payload=", "payload=%7B%7D", "payload={}&access_token=x",
		`{"access_token":"t","data":{"request":{"user_ip":"$remote_ip"}}}`,
		`{"access_token":7}`, `{"access_token":"a\"b"}`, "payload=%7B%22access_token%22%3A%22t%22%7D",
	} {
		f.Add([]byte(s))
	}
	sc, err := redact.New(redact.DefaultConfig(testKey))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var args fasthttp.Args
		doc, _, err := rollbarDocument(&args, in, nil)
		if err != nil {
			if !errors.Is(err, ErrMalformedItem) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		w := &work{sess: sc.NewSession()}
		out, err := rewriteRollbar(w, doc, []byte(`"203.0.113.7"`))
		if err != nil {
			if !errors.Is(err, redact.ErrInvalidJSON) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("output is not JSON: %q", out)
		}
		var before, after struct {
			AccessToken any `json:"access_token"`
		}
		if json.Unmarshal(doc, &before) == nil {
			if s, ok := before.AccessToken.(string); ok {
				if json.Unmarshal(out, &after) != nil || after.AccessToken != s {
					t.Fatalf("access token %q not kept: %q", s, out)
				}
			}
		}
	})
}

// FuzzFillClientIP checks that replacing IP sentinels keeps valid JSON
// valid.
func FuzzFillClientIP(f *testing.F) {
	for _, s := range []string{
		`{"user":{"ip_address":"{{auto}}"}}`,
		`{"attrs":{"ip_address":"{{auto}}"},"user":{"ip_address":"{{auto}}"}}`,
		`{"data":{"request":{"user_ip":"$remote_ip"}}}`,
		`{"user":[{"ip_address":"{{auto}}"}]}`,
		`{"user":{"ip_address":"{{auto}}"`,
		`["{{auto}}"]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, paths := range [][][]string{sentryIPPaths, rollbarIPPaths} {
			out, changed := fillClientIP(nil, in, paths, []byte(`"203.0.113.7"`))
			if !changed {
				if len(out) != 0 {
					t.Fatalf("unchanged input left output behind")
				}
				continue
			}
			if json.Valid(in) && !json.Valid(out) {
				t.Fatalf("valid input %q became invalid %q", in, out)
			}
		}
	})
}

// FuzzDecode feeds arbitrary bodies to every decoder: no panic, and never
// more than the limit out.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(0))
	f.Add([]byte{0x78, 0x9c, 3, 0, 0, 0, 0, 1}, uint8(1))
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0x58, 0x1, 0, 0}, uint8(3))
	f.Add([]byte("plain"), uint8(4))
	encs := []string{"gzip", "deflate", "br", "zstd", "identity", "gzip, br"}
	var d decoder
	const limit = 64 << 10
	f.Fuzz(func(t *testing.T, in []byte, which uint8) {
		enc := encs[int(which)%len(encs)]
		out, _, err := d.decode(nil, in, []byte(enc), limit)
		if err == nil && len(out) > limit {
			t.Fatalf("%s: %d bytes out, limit %d", enc, len(out), limit)
		}
		if err != nil && !errors.Is(err, ErrCorruptBody) && !errors.Is(err, ErrBodyTooLarge) {
			t.Fatalf("%s: unexpected error type: %v", enc, err)
		}
	})
}

// FuzzHandler drives the whole request path (decoding, scrubbing,
// forwarding) with arbitrary bodies and Content-Encoding values, against an
// in-memory upstream. The server must answer every request with a known
// status and forward only well-formed envelopes and JSON.
func FuzzHandler(f *testing.F) {
	addFiles(f, "testdata/sentry/*.envelope")
	for _, s := range []string{"", "{}\n", "{}\n{\"type\":\"event\"}\n{}\n", "\x1f\x8b",
		"{\"dsn\":\"http://k@upstream.invalid/42\"}\n{\"type\":\"event\"}\n{}\n",
		`{"csp-report":{"document-uri":"https://x.example/"}}`} {
		f.Add([]byte(s))
	}
	ln := fasthttputil.NewInmemoryListener()
	var mu sync.Mutex
	var last []byte
	up := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		mu.Lock()
		last = append(last[:0], ctx.Request.Body()...)
		mu.Unlock()
		ctx.SetBodyString(`{"id":"1"}`)
	}}
	go func() { _ = up.Serve(ln) }()
	f.Cleanup(func() { _ = up.Shutdown() })
	srv, err := New(Config{SentryUpstream: "http://upstream.invalid", RollbarUpstream: "http://upstream.invalid", Retries: -1,
		SentryTunnelPath: "/tunnel"},
		newTestScrubber(f), nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	dial := func(string) (net.Conn, error) { return ln.Dial() }
	srv.sentry.client.Dial = dial
	srv.rollbar.client.Dial = dial
	encodings := []string{"", "gzip", "deflate", "br", "zstd", "UTF-8", "snappy"}
	paths := []string{"/api/42/envelope/", "/tunnel", "/api/42/store/", "/api/1/item/", "/api/42/security/"}
	remote := &net.TCPAddr{IP: net.IPv4(203, 0, 113, 7), Port: 4711}
	f.Fuzz(func(t *testing.T, body []byte) {
		for i, path := range paths {
			var req fasthttp.Request
			req.Header.SetMethod(fasthttp.MethodPost)
			req.SetRequestURI(path)
			req.Header.Set("Content-Encoding", encodings[(len(body)+i)%len(encodings)])
			req.SetBody(body)
			var ctx fasthttp.RequestCtx
			ctx.Init(&req, remote, nil)
			mu.Lock()
			last = last[:0]
			mu.Unlock()
			srv.Handler(&ctx)
			switch code := ctx.Response.StatusCode(); code {
			case 200:
				mu.Lock()
				fwd := append([]byte(nil), last...)
				mu.Unlock()
				if len(fwd) == 0 {
					continue // nothing left to forward
				}
				if path == paths[0] || path == paths[1] {
					if _, _, err := parseEnvelope(fwd); err != nil {
						t.Fatalf("forwarded a malformed envelope: %v: %q", err, fwd)
					}
				} else if !json.Valid(fwd) {
					t.Fatalf("forwarded invalid JSON: %q", fwd)
				}
			case 400, 403, 413, 415:
			default:
				t.Fatalf("%s: unexpected status %d: %s", path, code, ctx.Response.Body())
			}
		}
	})
}
