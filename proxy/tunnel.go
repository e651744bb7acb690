package proxy

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrTunnelDSN is wrapped by errors about a tunnelled envelope whose header
// has no usable dsn. Its messages never quote the dsn.
var ErrTunnelDSN = errors.New("proxy: tunnel: envelope header has no valid dsn")

// ErrTunnelHost is returned for a tunnelled envelope whose dsn names a host
// that is neither the Sentry upstream's nor one of Config.SentryTunnelHosts.
var ErrTunnelHost = errors.New("proxy: tunnel: dsn host not allowed")

// tunnelTarget is where a tunnelled envelope goes: the project's envelope
// endpoint on the Sentry upstream, authenticated with the dsn's key.
type tunnelTarget struct {
	path []byte // /api/{project_id}/envelope/
	key  []byte // the dsn's public key
}

// tunnelHosts is the set of DSN host names a tunnel accepts, lower case,
// without ports.
type tunnelHosts map[string]struct{}

// newTunnelHosts returns the host names accepted in a tunnelled dsn: the
// upstream's and the extra ones configured.
func newTunnelHosts(upstream upstreamURL, extra []string) tunnelHosts {
	h := tunnelHosts{}
	h[strings.ToLower(hostOnly(upstream.host))] = struct{}{}
	for _, e := range extra {
		h[strings.ToLower(hostOnly(strings.TrimSpace(e)))] = struct{}{}
	}
	return h
}

// hostOnly returns hostport without its port and IPv6 brackets.
func hostOnly(hostport string) string {
	return (&url.URL{Host: hostport}).Hostname()
}

// readTunnelTarget reads the dsn of the envelope body's header line and
// returns where the envelope is forwarded. The dsn must be
// http(s)://{public_key}@{host}[/{path}]/{project_id} with a host in hosts.
func readTunnelTarget(dst *tunnelTarget, body []byte, hosts tunnelHosts) error {
	line, _, _ := cutLine(body)
	vs, ve, ok := lookup(line, "dsn")
	if !ok {
		return fmt.Errorf("%w: no dsn", ErrTunnelDSN)
	}
	raw, ok := stringValue(line[vs:ve])
	if !ok || len(raw) == 0 || len(raw) > 2048 {
		return fmt.Errorf("%w: dsn is not a plain string", ErrTunnelDSN)
	}
	u, err := url.Parse(string(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User == nil || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%w: not a dsn URL", ErrTunnelDSN)
	}
	key := u.User.Username()
	if !isAlnum(key) {
		return fmt.Errorf("%w: public key is not alphanumeric", ErrTunnelDSN)
	}
	path := strings.TrimRight(u.Path, "/")
	project := path[strings.LastIndexByte(path, '/')+1:]
	if len(project) == 0 || len(project) > 20 || strings.Trim(project, "0123456789") != "" {
		return fmt.Errorf("%w: project id is not a number", ErrTunnelDSN)
	}
	if _, ok := hosts[strings.ToLower(u.Hostname())]; !ok {
		return ErrTunnelHost
	}
	dst.path = append(append(append(dst.path[:0], "/api/"...), project...), "/envelope/"...)
	dst.key = append(dst.key[:0], key...)
	return nil
}

// isAlnum reports whether s is a non-empty ASCII letters-and-digits string
// of at most 64 bytes, the shape of a Sentry public key.
func isAlnum(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
