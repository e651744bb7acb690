package proxy

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/valyala/fasthttp"
)

// ErrMalformedItem is wrapped by errors about a Rollbar request body that
// holds no item.
var ErrMalformedItem = errors.New("proxy: malformed Rollbar item")

// rollbarTokenHeader is the header Rollbar SDKs authenticate with.
const rollbarTokenHeader = "X-Rollbar-Access-Token"

// isRollbarItem reports whether path is Rollbar's item endpoint,
// /api/1/item/ (the trailing slash optional).
func isRollbarItem(path []byte) bool {
	return string(bytes.TrimSuffix(path, []byte{'/'})) == "/api/1/item"
}

// scrubRollbar scrubs the Rollbar item in body into w.out. A form body's
// payload is forwarded as JSON, and its access_token, when the request has
// no token header, as the X-Rollbar-Access-Token header of req.
func (s *Server) scrubRollbar(ctx *fasthttp.RequestCtx, w *work, body, clientIP []byte, req *fasthttp.Request) ([]byte, error) {
	doc, token, err := rollbarDocument(&w.args, body, ctx.Request.Header.ContentType())
	if err != nil {
		return nil, err
	}
	if len(token) > 0 && len(ctx.Request.Header.Peek(rollbarTokenHeader)) == 0 {
		req.Header.SetBytesV(rollbarTokenHeader, token)
	}
	req.Header.SetContentType("application/json")
	return rewriteRollbar(w, doc, clientIP)
}

// rollbarDocument returns the JSON item of a Rollbar request body: the body
// itself, or the payload field of a form body together with the form's
// access_token. The results alias body or args.
func rollbarDocument(args *fasthttp.Args, body, contentType []byte) (doc, token []byte, err error) {
	form := bytes.HasPrefix(bytes.ToLower(bytes.TrimSpace(contentType)), []byte("application/x-www-form-urlencoded"))
	if !form {
		i := skipSpace(body, 0)
		form = i < len(body) && body[i] != '{' && bytes.Contains(body, []byte("payload="))
	}
	if !form {
		return body, nil, nil
	}
	args.Reset()
	args.ParseBytes(body)
	doc = args.Peek("payload")
	if len(doc) == 0 {
		return nil, nil, fmt.Errorf("%w: form body without a payload field", ErrMalformedItem)
	}
	return doc, args.Peek("access_token"), nil
}

// rewriteRollbar fills the item's IP sentinels and scrubs it into w.out.
// The top-level access_token is kept as sent: it is the credential the
// upstream authenticates the request with, like the token header.
func rewriteRollbar(w *work, doc, clientIP []byte) ([]byte, error) {
	out, err := scrubJSONDoc(w, doc, rollbarIPPaths, clientIP)
	if err != nil {
		return nil, err
	}
	ts, te, ok := lookup(doc, "access_token")
	if !ok || doc[ts] != '"' {
		return out, nil
	}
	ss, se, ok := lookup(out, "access_token")
	if !ok {
		return out, nil
	}
	w.env.scratch = splice(w.env.scratch[:0], out, ss, se, doc[ts:te])
	return append(out[:0], w.env.scratch...), nil
}
