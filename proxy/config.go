package proxy

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/piiproxy/piiproxy/redact"
)

// Defaults of Config, applied by Config.withDefaults to fields left zero.
const (
	// DefaultMaxBody is the default of Config.MaxBody: 20 MiB.
	DefaultMaxBody = 20 << 20
	// DefaultMaxDecompressed is the default of Config.MaxDecompressed: 100 MiB.
	DefaultMaxDecompressed = 100 << 20
	// DefaultUpstreamTimeout is the default of Config.UpstreamTimeout.
	DefaultUpstreamTimeout = 15 * time.Second
	// DefaultRetries is the default of Config.Retries.
	DefaultRetries = 2
	// DefaultRetryBackoff is the default of Config.RetryBackoff.
	DefaultRetryBackoff = 200 * time.Millisecond
	// DefaultMaxConcurrent is the default of Config.MaxConcurrent.
	DefaultMaxConcurrent = 256
	// DefaultRetryAfter is the default of Config.RetryAfter.
	DefaultRetryAfter = 1 * time.Second
	// maxBackoff caps one wait between attempts.
	maxBackoff = 5 * time.Second
)

// Forward encodings, the values of Config.ForwardEncoding.
const (
	// EncodingIdentity forwards bodies uncompressed.
	EncodingIdentity = "identity"
	// EncodingGzip forwards bodies gzip-compressed.
	EncodingGzip = "gzip"
)

// Config holds the settings of a Server. The zero value of each field
// means its default; New applies them on a copy and never modifies the
// caller's Config.
type Config struct {
	// SentryUpstream is the base URL (scheme, host and an optional path
	// prefix) Sentry requests are forwarded to, such as https://sentry.io or
	// https://o1.ingest.sentry.io. Empty disables the Sentry routes (404).
	SentryUpstream string
	// RollbarUpstream is the base URL Rollbar items are forwarded to, such as
	// https://api.rollbar.com. Empty disables the Rollbar route (404).
	RollbarUpstream string

	// SentryTunnelPath, when not empty, is the path (such as /tunnel) of a
	// route for the Sentry JavaScript SDK's tunnel option: it takes an
	// envelope whose header carries the dsn and forwards it, scrubbed, to
	// the project's envelope endpoint on SentryUpstream. Default empty: no
	// tunnel route. It needs SentryUpstream.
	SentryTunnelPath string
	// SentryTunnelHosts are host names, besides SentryUpstream's, that a
	// tunnelled envelope's dsn may name (for example o1.ingest.sentry.io
	// when the upstream is a Relay in front of it). Envelopes for any other
	// host are refused, so the tunnel is never an open relay. Default
	// empty: the upstream's host only.
	SentryTunnelHosts []string

	// MaxBody is the largest request body accepted as received (possibly
	// compressed), in bytes. Default 20 MiB.
	MaxBody int
	// MaxDecompressed is the largest body accepted after decompression, in
	// bytes. Default 100 MiB, or MaxBody when that is larger.
	MaxDecompressed int

	// FeedbackScrubber scrubs Sentry user_report and feedback items; build
	// it with redact.New(FeedbackConfig(cfg)) from the Config of the main
	// scrubber. Default nil: those items are scrubbed by the main scrubber,
	// which misses a reporter's name that is not in its dictionaries.
	FeedbackScrubber *redact.Scrubber

	// PassAttachments forwards Sentry binary items (attachments, minidumps,
	// replay recordings and videos, profile chunks), which cannot be
	// scrubbed, unchanged. Default false: they are dropped and counted.
	PassAttachments bool
	// TrustForwarded takes the client address that replaces IP sentinels
	// from X-Forwarded-For, X-Real-IP or Forwarded. Default false: the TCP
	// peer. Turn it on only behind a proxy that sets these headers itself.
	TrustForwarded bool

	// ForwardEncoding is how bodies are sent upstream: EncodingIdentity or
	// EncodingGzip. Default identity.
	ForwardEncoding string
	// UpstreamTimeout bounds one attempt to reach an upstream, from
	// connecting to reading the whole response. Default 15s.
	UpstreamTimeout time.Duration
	// Retries is how many times a request is tried again after a connection
	// error or a 5xx answer (other than 501), with exponential backoff.
	// Default 2; a negative value means none.
	Retries int
	// RetryBackoff is the wait before the first retry; it doubles for each
	// further one (with jitter, at most 5s). Default 200ms.
	RetryBackoff time.Duration
	// MaxConcurrent bounds the requests being scrubbed and forwarded at
	// once; further ones are answered 503 with Retry-After. Default 256.
	MaxConcurrent int
	// RetryAfter is the Retry-After sent with that 503. Default 1s.
	RetryAfter time.Duration
}

// withDefaults returns c with its zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.MaxBody == 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.MaxDecompressed == 0 {
		c.MaxDecompressed = max(DefaultMaxDecompressed, c.MaxBody)
	}
	if c.ForwardEncoding == "" {
		c.ForwardEncoding = EncodingIdentity
	}
	if c.UpstreamTimeout == 0 {
		c.UpstreamTimeout = DefaultUpstreamTimeout
	}
	switch {
	case c.Retries == 0:
		c.Retries = DefaultRetries
	case c.Retries < 0:
		c.Retries = 0
	}
	if c.RetryBackoff == 0 {
		c.RetryBackoff = DefaultRetryBackoff
	}
	if c.MaxConcurrent == 0 {
		c.MaxConcurrent = DefaultMaxConcurrent
	}
	if c.RetryAfter == 0 {
		c.RetryAfter = DefaultRetryAfter
	}
	return c
}

// Validate reports every problem with c, joined. It does not modify c.
func (c *Config) Validate() error {
	var errs []error
	if c.SentryUpstream == "" && c.RollbarUpstream == "" {
		errs = append(errs, errors.New("proxy: no upstream: set the Sentry or the Rollbar upstream"))
	}
	for _, u := range []struct{ name, v string }{{"sentry upstream", c.SentryUpstream}, {"rollbar upstream", c.RollbarUpstream}} {
		if u.v == "" {
			continue
		}
		if _, err := parseUpstream(u.v); err != nil {
			errs = append(errs, fmt.Errorf("proxy: %s: %w", u.name, err))
		}
	}
	if p := c.SentryTunnelPath; p != "" {
		switch {
		case c.SentryUpstream == "":
			errs = append(errs, errors.New("proxy: the sentry tunnel needs a sentry upstream"))
		case !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?# \t") || len(p) > 256:
			errs = append(errs, fmt.Errorf("proxy: sentry tunnel path %q: want an absolute path without query", p))
		case p == "/healthz" || p == "/readyz" || p == "/metrics" || strings.HasPrefix(p, "/api/"):
			errs = append(errs, fmt.Errorf("proxy: sentry tunnel path %q is taken by another route", p))
		}
	}
	for _, h := range c.SentryTunnelHosts {
		if hostOnly(strings.TrimSpace(h)) == "" || strings.ContainsAny(h, "/@?#") {
			errs = append(errs, fmt.Errorf("proxy: sentry tunnel host %q: want a host name", h))
		}
	}
	if c.MaxBody < 0 || c.MaxDecompressed < 0 {
		errs = append(errs, errors.New("proxy: body limits must not be negative"))
	}
	if c.MaxBody > 0 && c.MaxDecompressed > 0 && c.MaxDecompressed < c.MaxBody {
		errs = append(errs, fmt.Errorf("proxy: max decompressed (%d) is less than max body (%d)", c.MaxDecompressed, c.MaxBody))
	}
	switch c.ForwardEncoding {
	case "", EncodingIdentity, EncodingGzip:
	default:
		errs = append(errs, fmt.Errorf("proxy: forward encoding %q: want identity or gzip", c.ForwardEncoding))
	}
	if c.UpstreamTimeout < 0 || c.RetryBackoff < 0 || c.RetryAfter < 0 {
		errs = append(errs, errors.New("proxy: durations must not be negative"))
	}
	if c.MaxConcurrent < 0 {
		errs = append(errs, errors.New("proxy: max concurrent must not be negative"))
	}
	return errors.Join(errs...)
}

// upstreamURL is a parsed upstream base URL.
type upstreamURL struct {
	tls    bool
	addr   string // host:port
	host   string // Host header
	prefix string // path prefix without trailing slash
}

func parseUpstream(s string) (upstreamURL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return upstreamURL{}, errors.New("not a URL")
	}
	var up upstreamURL
	switch u.Scheme {
	case "http":
	case "https":
		up.tls = true
	default:
		return upstreamURL{}, errors.New("want an http:// or https:// URL")
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return upstreamURL{}, errors.New("want scheme://host[:port][/prefix] without credentials, query or fragment")
	}
	up.host = u.Host
	up.addr = u.Host
	if u.Port() == "" {
		if up.tls {
			up.addr += ":443"
		} else {
			up.addr += ":80"
		}
	}
	up.prefix = strings.TrimRight(u.EscapedPath(), "/")
	return up, nil
}
