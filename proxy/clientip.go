package proxy

import (
	"bytes"
	"net"
	"net/netip"

	"github.com/valyala/fasthttp"
)

// SDKs that cannot know the user's address ask the ingest service to fill
// it in from the connection: Sentry with "{{auto}}" in user.ip_address (and
// attrs.ip_address of sessions), Rollbar with "$remote_ip" in
// request.user_ip. Behind piiproxy the upstream would see the proxy's own
// address, so the proxy puts the client's address there itself before
// scrubbing; the engine then replaces it with its stand-in, and per-user
// grouping keeps working.
var ipSentinels = [][]byte{[]byte(`"{{auto}}"`), []byte(`"$remote_ip"`)}

// sentryIPPaths are the members of Sentry JSON items that may hold the
// "{{auto}}" sentinel.
var sentryIPPaths = [][]string{
	{"user", "ip_address"},
	{"attrs", "ip_address"},
	{"request", "env", "REMOTE_ADDR"},
}

// rollbarIPPaths are the members of a Rollbar item that may hold the
// "$remote_ip" sentinel.
var rollbarIPPaths = [][]string{
	{"data", "request", "user_ip"},
	{"data", "person", "ip_address"},
	{"data", "person", "user_ip"},
}

// sentinelCores are the sentinels without their quotes: bytes.Index skips
// to the candidates of a rare first byte ('{' twice, '$') quickly, while
// the '"' that starts a sentinel is on every value of a JSON document.
var sentinelCores = [][]byte{[]byte(`{{auto}}"`), []byte(`$remote_ip"`)}

// hasSentinel reports whether doc may hold an IP sentinel at all: the
// cheap test before walking it.
func hasSentinel(doc []byte) bool {
	for _, s := range sentinelCores {
		if bytes.Contains(doc, s) {
			return true
		}
	}
	return false
}

func isSentinel(raw []byte) bool {
	for _, s := range ipSentinels {
		if bytes.Equal(raw, s) {
			return true
		}
	}
	return false
}

// fillClientIP appends doc to dst with every sentinel at one of paths
// replaced by the JSON string clientIP (quotes included), and reports
// whether it replaced any. When it replaces none, dst is returned
// unchanged. With an empty clientIP the sentinel becomes null, so that the
// upstream does not fill in the proxy's own address.
func fillClientIP(dst, doc []byte, paths [][]string, clientIP []byte) ([]byte, bool) {
	if !hasSentinel(doc) {
		return dst, false
	}
	repl := clientIP
	if len(repl) == 0 {
		repl = []byte("null")
	}
	orig := len(dst)
	cur := doc
	changed := false
	for _, p := range paths {
		start, end, ok := lookup(cur, p...)
		if !ok || !isSentinel(cur[start:end]) {
			continue
		}
		base := len(dst)
		dst = splice(dst, cur, start, end, repl)
		cur = dst[base:]
		changed = true
	}
	if !changed {
		return dst[:orig], false
	}
	// Each replacement appended a whole new copy; keep only the last one.
	n := copy(dst[orig:], cur)
	return dst[:orig+n], true
}

// appendClientAddr appends the client's address as a quoted JSON string to
// dst, or nothing when it is not known: the TCP peer, or, when
// trustForwarded is set, the first valid address in X-Forwarded-For,
// X-Real-IP or Forwarded.
func appendClientAddr(dst []byte, ctx *fasthttp.RequestCtx, trustForwarded bool) []byte {
	var addr netip.Addr
	if trustForwarded {
		addr = forwardedAddr(&ctx.Request.Header)
	}
	if !addr.IsValid() {
		if ta, ok := ctx.RemoteAddr().(*net.TCPAddr); ok {
			addr, _ = netip.AddrFromSlice(ta.IP)
		}
	}
	if !addr.IsValid() {
		return dst
	}
	dst = append(dst, '"')
	dst = addr.Unmap().WithZone("").AppendTo(dst)
	return append(dst, '"')
}

// forwardedAddr returns the client address a trusted front proxy recorded:
// the first entry of X-Forwarded-For, else X-Real-IP, else the first for=
// of Forwarded.
func forwardedAddr(h *fasthttp.RequestHeader) netip.Addr {
	if v := h.Peek("X-Forwarded-For"); len(v) > 0 {
		first, _, _ := bytes.Cut(v, []byte{','})
		if a, ok := parseHostAddr(bytes.TrimSpace(first)); ok {
			return a
		}
	}
	if v := h.Peek("X-Real-IP"); len(v) > 0 {
		if a, ok := parseHostAddr(bytes.TrimSpace(v)); ok {
			return a
		}
	}
	if v := h.Peek("Forwarded"); len(v) > 0 {
		for part := range bytes.SplitSeq(v, []byte{';'}) {
			for elem := range bytes.SplitSeq(part, []byte{','}) {
				k, val, ok := bytes.Cut(bytes.TrimSpace(elem), []byte{'='})
				if !ok || !bytes.EqualFold(k, []byte("for")) {
					continue
				}
				val = bytes.Trim(val, `"`)
				if a, ok := parseHostAddr(val); ok {
					return a
				}
			}
		}
	}
	return netip.Addr{}
}

// parseHostAddr parses an address that may carry a port or IPv6 brackets.
func parseHostAddr(b []byte) (netip.Addr, bool) {
	s := string(b)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	if len(s) > 1 && s[0] == '[' && s[len(s)-1] == ']' {
		s = s[1 : len(s)-1]
	}
	a, err := netip.ParseAddr(s)
	return a, err == nil
}
