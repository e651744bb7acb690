package proxy

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/valyala/fasthttp"
	"go.uber.org/zap"
)

// ErrUpstream is wrapped by errors about an upstream that could not be
// reached or kept failing.
var ErrUpstream = errors.New("proxy: upstream unavailable")

// forwarder sends scrubbed requests to one upstream, retrying connection
// errors and 5xx answers with exponential backoff. It is safe for
// concurrent use.
type forwarder struct {
	name    string // "sentry" or "rollbar", for metrics and logs
	url     upstreamURL
	client  *fasthttp.HostClient
	timeout time.Duration
	retries int
	backoff time.Duration
	stop    <-chan struct{} // closed on shutdown: no more waiting to retry
	m       *metrics
	log     *zap.Logger
}

func newForwarder(name string, u upstreamURL, cfg *Config, stop <-chan struct{}, m *metrics, log *zap.Logger) *forwarder {
	return &forwarder{
		name: name,
		url:  u,
		client: &fasthttp.HostClient{
			Addr:                          u.addr,
			Name:                          "piiproxy",
			IsTLS:                         u.tls,
			DialDualStack:                 true,
			MaxConns:                      max(cfg.MaxConcurrent, 16),
			ReadTimeout:                   cfg.UpstreamTimeout,
			WriteTimeout:                  cfg.UpstreamTimeout,
			MaxIdleConnDuration:           30 * time.Second,
			MaxResponseBodySize:           1 << 20,
			DisableHeaderNamesNormalizing: false,
			DisablePathNormalizing:        true,
			NoDefaultUserAgentHeader:      true,
			MaxIdemponentCallAttempts:     1,
			RetryIfErr: func(*fasthttp.Request, int, error) (bool, bool) {
				// Retries are ours, with backoff and metrics.
				return false, false
			},
		},
		timeout: cfg.UpstreamTimeout,
		retries: cfg.Retries,
		backoff: cfg.RetryBackoff,
		stop:    stop,
		m:       m,
		log:     log.With(zap.String("upstream", name)),
	}
}

// setURI points req at path (which starts with '/') and the raw query
// string query on the upstream.
func (f *forwarder) setURI(req *fasthttp.Request, path, query []byte) {
	u := req.URI()
	if f.url.tls {
		u.SetScheme("https")
	} else {
		u.SetScheme("http")
	}
	u.SetHost(f.url.host)
	buf := make([]byte, 0, len(f.url.prefix)+len(path))
	buf = append(buf, f.url.prefix...)
	buf = append(buf, path...)
	u.SetPathBytes(buf)
	u.SetQueryStringBytes(query)
	req.Header.SetHost(f.url.host)
}

// retryable reports whether an answer is worth trying again: a server
// error other than 501 Not Implemented, unless it says when to come back
// (Retry-After), which the SDK must see.
func retryable(resp *fasthttp.Response) bool {
	code := resp.StatusCode()
	return code >= 500 && code != fasthttp.StatusNotImplemented && len(resp.Header.Peek("Retry-After")) == 0
}

// do sends req and leaves the final answer in resp. It returns an error
// wrapping ErrUpstream when no attempt got an answer; a 5xx answer after
// the last retry is returned in resp without error.
func (f *forwarder) do(req *fasthttp.Request, resp *fasthttp.Response) error {
	start := time.Now()
	var err error
	for attempt := 0; ; attempt++ {
		err = f.client.DoTimeout(req, resp, f.timeout)
		if err == nil && !retryable(resp) {
			f.m.upstream.WithLabelValues(f.name, "answered").Observe(time.Since(start).Seconds())
			return nil
		}
		if attempt >= f.retries || !f.wait(attempt) {
			break
		}
		f.m.retries.WithLabelValues(f.name).Inc()
	}
	if err == nil {
		f.m.upstream.WithLabelValues(f.name, "server_error").Observe(time.Since(start).Seconds())
		return nil
	}
	outcome := "error"
	if errors.Is(err, fasthttp.ErrTimeout) {
		outcome = "timeout"
	}
	f.m.upstream.WithLabelValues(f.name, outcome).Observe(time.Since(start).Seconds())
	return errors.Join(ErrUpstream, err)
}

// wait sleeps before retry attempt+1: backoff·2^attempt with ±50% jitter,
// at most maxBackoff. It returns false, at once, when the server is
// shutting down.
func (f *forwarder) wait(attempt int) bool {
	d := f.backoff << min(attempt, 16)
	d = min(d, maxBackoff)
	d = d/2 + rand.N(d+1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-f.stop:
		return false
	}
}
