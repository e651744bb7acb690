package proxy

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"errors"
	"fmt"

	"go.uber.org/zap"
)

// sentryRoute returns routeEnvelope for /api/{project_id}/envelope/,
// routeStore for /api/{project_id}/store/ and the legacy /api/store/,
// routeSecurity, routeMinidump and routeUnreal for the security, minidump
// and unreal endpoints, and "" otherwise. The trailing slash is optional; project ids are digits.
func sentryRoute(path []byte) string {
	rest, ok := bytes.CutPrefix(path, []byte("/api/"))
	if !ok {
		return ""
	}
	rest = bytes.TrimSuffix(rest, []byte{'/'})
	if string(rest) == "store" {
		return routeStore
	}
	id, endpoint, ok := bytes.Cut(rest, []byte{'/'})
	if !ok || len(id) == 0 || len(id) > 20 {
		return ""
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return ""
		}
	}
	switch string(endpoint) {
	case "envelope":
		return routeEnvelope
	case "store":
		return routeStore
	case "security":
		return routeSecurity
	case "minidump":
		return routeMinidump
	case "unreal":
		return routeUnreal
	}
	return ""
}

// securityContentTypes are the content types of security reports that are
// forwarded as the browser sent them: CSP report-uri, the Reporting API,
// and plain JSON (Expect-CT, HPKP).
var securityContentTypes = []string{"application/csp-report", "application/reports+json", "application/expect-ct-report+json", "application/json"}

// securityContentType returns the content type to forward a security report
// with: the request's own when it is a known JSON one, else
// application/json.
func securityContentType(ct []byte) string {
	mt, _, _ := bytes.Cut(ct, []byte{';'})
	mt = bytes.ToLower(bytes.TrimSpace(mt))
	for _, t := range securityContentTypes {
		if string(mt) == t {
			return t
		}
	}
	return "application/json"
}

// errNothingToForward is returned by scrubEnvelope when every item of the
// envelope was dropped as binary, so there is nothing to send.
var errNothingToForward = errors.New("proxy: nothing to forward")

// scrubEnvelope rewrites the Sentry envelope body into w.out. It returns
// errNothingToForward when no item is left to forward.
func (s *Server) scrubEnvelope(w *work, body []byte, clientIP []byte) ([]byte, error) {
	w.env.sess = w.sess
	w.env.feedback = w.fsess
	opt := envelopeOptions{passBinary: s.cfg.PassAttachments, clientIP: clientIP}
	var st envelopeStats
	out, err := w.env.rewrite(w.out[:0], body, &opt, &st)
	if st.droppedBinary > 0 {
		s.m.drops.WithLabelValues(dropBinary).Add(float64(st.droppedBinary))
	}
	if st.droppedJSON > 0 {
		s.m.drops.WithLabelValues(dropInvalidJSON).Add(float64(st.droppedJSON))
		s.log.Warn("envelope items dropped", zap.String("reason", dropInvalidJSON), zap.Int("count", st.droppedJSON))
	}
	if err != nil {
		return nil, err
	}
	if st.kept == 0 && st.items > 0 {
		return nil, errNothingToForward
	}
	return out, nil
}

// scrubStore scrubs the JSON event of a store request into w.out. Bodies
// that are not JSON are tried as the base64 of zlib-compressed JSON, which
// old SDKs send without a Content-Encoding.
func (s *Server) scrubStore(w *work, body []byte, clientIP []byte) ([]byte, error) {
	if i := skipSpace(body, 0); i < len(body) && body[i] != '{' {
		var err error
		body, err = s.legacyStoreBody(w, body)
		if err != nil {
			return nil, err
		}
	}
	return scrubJSONDoc(w, body, sentryIPPaths, clientIP)
}

// legacyStoreBody decodes a base64, zlib-compressed store body into w.gz.
func (s *Server) legacyStoreBody(w *work, body []byte) ([]byte, error) {
	body = bytes.TrimSpace(body)
	n := base64.StdEncoding.DecodedLen(len(body))
	raw := make([]byte, n)
	n, err := base64.StdEncoding.Decode(raw, body)
	if err != nil {
		return nil, fmt.Errorf("%w: store body is neither JSON nor base64", ErrCorruptBody)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw[:n]))
	if err != nil {
		return nil, fmt.Errorf("%w: store body: zlib header", ErrCorruptBody)
	}
	defer zr.Close()
	w.gz, err = readLimited(w.gz[:0], zr, s.cfg.MaxDecompressed)
	if err != nil {
		return nil, err
	}
	return w.gz, nil
}

// scrubJSONDoc fills IP sentinels at paths with clientIP and scrubs the
// JSON document doc into w.out. Invalid JSON is an error wrapping
// redact.ErrInvalidJSON.
func scrubJSONDoc(w *work, doc []byte, paths [][]string, clientIP []byte) ([]byte, error) {
	scratch, filled := fillClientIP(w.env.scratch[:0], doc, paths, clientIP)
	w.env.scratch = scratch
	if filled {
		doc = scratch
	}
	return w.sess.AppendJSON(w.out[:0], doc)
}
