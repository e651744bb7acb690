package proxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
	"go.uber.org/zap"

	"github.com/piiproxy/piiproxy/redact"
)

// Route names, the values of the route label of the metrics and of the
// route field of log entries.
const (
	routeEnvelope = "sentry_envelope"
	routeStore    = "sentry_store"
	routeRollbar  = "rollbar_item"
	routeTunnel   = "sentry_tunnel"
	routeSecurity = "sentry_security"
	routeMinidump = "sentry_minidump"
	routeUnreal   = "sentry_unreal"
	routeOther    = "other"
)

// Error reasons, the values of the reason label of the error counter.
const (
	reasonTooLarge    = "too_large"
	reasonEncoding    = "unsupported_encoding"
	reasonCorrupt     = "corrupt_body"
	reasonMalformed   = "malformed"
	reasonInvalidJSON = "invalid_json"
	reasonSaturated   = "saturated"
	reasonUpstream    = "upstream"
	reasonBadRequest  = "bad_request"
	reasonMethod      = "method"
	reasonBinary      = "binary_payload"
	reasonInternal    = "internal"
	reasonTunnelDSN   = "tunnel_dsn"
	reasonTunnelHost  = "tunnel_host"
)

// Server is the piiproxy HTTP front end: it takes Sentry and Rollbar
// requests, scrubs their bodies with a redact.Scrubber and forwards them,
// answering the client with the upstream's answer. Build one with New; it
// is safe for concurrent use and serves until Shutdown.
type Server struct {
	cfg     Config
	sc      *redact.Scrubber
	log     *zap.Logger
	m       *metrics
	sentry  *forwarder  // nil when no Sentry upstream is configured
	tunnel  tunnelHosts // DSN hosts the tunnel route accepts
	rollbar *forwarder  // nil when no Rollbar upstream is configured
	dec     decoder
	enc     encoder
	sem     chan struct{}
	work    sync.Pool // *work
	srv     *fasthttp.Server
	metrics fasthttp.RequestHandler

	ready    atomic.Bool
	stop     chan struct{}
	stopOnce sync.Once
}

// work holds the per-request buffers, reused through a pool.
type work struct {
	sess    *redact.Session
	fsess   *redact.Session // nil without a Config.FeedbackScrubber
	env     envelopeRewriter
	decoded []byte
	out     []byte
	gz      []byte
	ip      []byte
	args    fasthttp.Args
	tunnel  tunnelTarget
}

// New returns a Server for cfg (defaults applied on a copy) that scrubs
// with sc and logs to log (never payloads). Its metrics are registered in
// reg, which /metrics serves; a nil reg means a new registry of its own.
func New(cfg Config, sc *redact.Scrubber, log *zap.Logger, reg *prometheus.Registry) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if sc == nil {
		return nil, errors.New("proxy: nil scrubber")
	}
	if log == nil {
		log = zap.NewNop()
	}
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	cfg = cfg.withDefaults()
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:     cfg,
		sc:      sc,
		log:     log.With(zap.String("component", "proxy")),
		m:       m,
		sem:     make(chan struct{}, cfg.MaxConcurrent),
		stop:    make(chan struct{}),
		metrics: fasthttpadaptor.NewFastHTTPHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})),
	}
	s.work.New = func() any {
		w := &work{sess: sc.NewSession()}
		if cfg.FeedbackScrubber != nil {
			w.fsess = cfg.FeedbackScrubber.NewSession()
		}
		return w
	}
	if cfg.SentryUpstream != "" {
		u, _ := parseUpstream(cfg.SentryUpstream)
		s.sentry = newForwarder("sentry", u, &cfg, s.stop, m, s.log)
		s.tunnel = newTunnelHosts(u, cfg.SentryTunnelHosts)
	}
	if cfg.RollbarUpstream != "" {
		u, _ := parseUpstream(cfg.RollbarUpstream)
		s.rollbar = newForwarder("rollbar", u, &cfg, s.stop, m, s.log)
	}
	s.srv = &fasthttp.Server{
		Handler:            s.Handler,
		ErrorHandler:       s.errorHandler,
		Name:               "piiproxy",
		MaxRequestBodySize: cfg.MaxBody,
		// Browsers send large cookie headers; they are read, not forwarded.
		ReadBufferSize:               32 << 10,
		ReadTimeout:                  30 * time.Second,
		WriteTimeout:                 30 * time.Second,
		IdleTimeout:                  90 * time.Second,
		DisablePreParseMultipartForm: true,
		SecureErrorLogMessage:        true,
		CloseOnShutdown:              true,
		Logger:                       fasthttpLogger{s.log.With(zap.String("component", "fasthttp"))},
	}
	return s, nil
}

// Serve accepts connections on ln until Shutdown is called, when it returns
// nil.
func (s *Server) Serve(ln net.Listener) error {
	s.ready.Store(true)
	s.log.Info("serving", zap.String("listen", ln.Addr().String()),
		zap.Bool("sentry", s.sentry != nil), zap.Bool("rollbar", s.rollbar != nil))
	return s.srv.Serve(ln)
}

// Shutdown stops accepting connections, marks the server not ready and
// waits for requests in flight to finish, until ctx is done. Waits between
// upstream retries are cut short once ctx is done.
func (s *Server) Shutdown(ctx context.Context) error {
	s.ready.Store(false)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			s.stopOnce.Do(func() { close(s.stop) })
		case <-done:
		}
	}()
	err := s.srv.ShutdownWithContext(ctx)
	s.stopOnce.Do(func() { close(s.stop) })
	return err
}

// Handler is the fasthttp request handler of the server. Tests and callers
// that run their own fasthttp.Server may use it directly.
func (s *Server) Handler(ctx *fasthttp.RequestCtx) {
	defer s.recoverPanic(ctx)
	path := ctx.Path()
	switch string(path) {
	case "/healthz":
		ctx.SetContentType("text/plain; charset=utf-8")
		ctx.SetBodyString("ok\n")
		return
	case "/readyz":
		ctx.SetContentType("text/plain; charset=utf-8")
		if !s.ready.Load() {
			ctx.SetStatusCode(fasthttp.StatusServiceUnavailable)
			ctx.SetBodyString("shutting down\n")
			return
		}
		ctx.SetBodyString("ok\n")
		return
	case "/metrics":
		s.metrics(ctx)
		return
	}
	route, fw := s.route(path)
	if fw == nil {
		ctx.Error("not found\n", fasthttp.StatusNotFound)
		s.m.request(routeOther, fasthttp.StatusNotFound)
		return
	}
	if ctx.IsOptions() {
		s.preflight(ctx, route)
		return
	}
	defer setCORS(ctx)
	if !ctx.IsPost() {
		ctx.Response.Header.Set("Allow", "POST, OPTIONS")
		s.fail(ctx, route, fasthttp.StatusMethodNotAllowed, reasonMethod, "method not allowed", nil)
		return
	}
	if route == routeMinidump || route == routeUnreal {
		// Native crash reports are binary: nothing in them can be
		// scrubbed, so they are refused rather than forwarded raw.
		s.fail(ctx, route, fasthttp.StatusUnsupportedMediaType, reasonBinary,
			"binary crash reports cannot be scrubbed and are not forwarded", nil)
		return
	}
	select {
	case s.sem <- struct{}{}:
	default:
		ctx.Response.Header.Set("Retry-After", retryAfterSeconds(s.cfg.RetryAfter))
		s.fail(ctx, route, fasthttp.StatusServiceUnavailable, reasonSaturated, "proxy saturated, retry later", nil)
		return
	}
	s.m.inflight.Inc()
	defer func() {
		s.m.inflight.Dec()
		<-s.sem
	}()

	w := s.work.Get().(*work)
	defer s.putWork(w)
	s.handle(ctx, w, route, fw)
}

// route maps a request path to its route and forwarder; a nil forwarder
// means no route.
func (s *Server) route(path []byte) (string, *forwarder) {
	if s.cfg.SentryTunnelPath != "" && string(path) == s.cfg.SentryTunnelPath && s.sentry != nil {
		return routeTunnel, s.sentry
	}
	if r := sentryRoute(path); r != "" && s.sentry != nil {
		return r, s.sentry
	}
	if isRollbarItem(path) && s.rollbar != nil {
		return routeRollbar, s.rollbar
	}
	return routeOther, nil
}

func (s *Server) putWork(w *work) {
	st := w.sess.Stats()
	s.m.addFindings(&st)
	w.sess.ResetStats()
	if w.fsess != nil {
		st = w.fsess.Stats()
		s.m.addFindings(&st)
		w.fsess.ResetStats()
	}
	const keep = 4 << 20 // do not pool the buffers of huge requests
	if cap(w.decoded) > keep || cap(w.out) > keep || cap(w.gz) > keep || cap(w.env.scratch) > keep || cap(w.env.hdr) > keep {
		*w = work{sess: w.sess, fsess: w.fsess}
	}
	w.args.Reset()
	s.work.Put(w)
}

// handle decodes, scrubs and forwards one request.
func (s *Server) handle(ctx *fasthttp.RequestCtx, w *work, route string, fw *forwarder) {
	body := ctx.Request.Body()
	s.m.bytes.WithLabelValues(route, stageReceived).Add(float64(len(body)))
	if len(body) > s.cfg.MaxBody {
		s.fail(ctx, route, fasthttp.StatusRequestEntityTooLarge, reasonTooLarge, "body too large", nil)
		return
	}
	decoded, owned, err := s.dec.decode(w.decoded[:0], body, ctx.Request.Header.ContentEncoding(), s.cfg.MaxDecompressed)
	if err != nil {
		s.failBody(ctx, route, err)
		return
	}
	if owned {
		w.decoded = decoded[:0]
	}
	s.m.bytes.WithLabelValues(route, stageDecoded).Add(float64(len(decoded)))

	w.ip = appendClientAddr(w.ip[:0], ctx, s.cfg.TrustForwarded)
	ip := w.ip
	if len(ip) == 0 {
		ip = nil
	}
	req := fasthttp.AcquireRequest()
	defer fasthttp.ReleaseRequest(req)
	var out []byte
	switch route {
	case routeEnvelope:
		out, err = s.scrubEnvelope(w, decoded, ip)
	case routeTunnel:
		if err = readTunnelTarget(&w.tunnel, decoded, s.tunnel); err == nil {
			out, err = s.scrubEnvelope(w, decoded, ip)
		}
	case routeStore:
		out, err = s.scrubStore(w, decoded, ip)
	case routeSecurity:
		// Browsers send the report themselves; it names no client address
		// to fill in.
		out, err = scrubJSONDoc(w, decoded, nil, nil)
		req.Header.SetContentType(securityContentType(ctx.Request.Header.ContentType()))
	case routeRollbar:
		out, err = s.scrubRollbar(ctx, w, decoded, ip, req)
	}
	if errors.Is(err, errNothingToForward) {
		// An envelope of binary items only, all dropped.
		ctx.SetStatusCode(fasthttp.StatusOK)
		ctx.SetContentType("application/json")
		ctx.SetBodyString("{}")
		s.m.request(route, fasthttp.StatusOK)
		return
	}
	if err != nil {
		s.failBody(ctx, route, err)
		return
	}
	w.out = out[:0]

	s.buildRequest(ctx, req, route, fw, w, out)
	s.m.bytes.WithLabelValues(route, stageForwarded).Add(float64(len(req.Body())))
	resp := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseResponse(resp)
	if err := fw.do(req, resp); err != nil {
		code := fasthttp.StatusBadGateway
		if errors.Is(err, fasthttp.ErrTimeout) {
			code = fasthttp.StatusGatewayTimeout
		}
		s.fail(ctx, route, code, reasonUpstream, "upstream unavailable", err)
		return
	}
	copyResponse(&ctx.Response, resp)
	code := resp.StatusCode()
	s.m.request(route, code)
	s.log.Debug("forwarded", zap.String("route", route), zap.Int("status", code),
		zap.Int("received", len(body)), zap.Int("forwarded", len(req.Body())))
}

// requestHeaders are the request headers forwarded upstream, per route.
// Everything else (cookies, client-address headers, proxies' headers) is
// left behind.
var (
	sentryHeaders  = []string{"X-Sentry-Auth", "Authorization", "User-Agent"}
	rollbarHeaders = []string{"X-Rollbar-Access-Token", "User-Agent"}
	// responseHeaders are the upstream's response headers passed back.
	responseHeaders = []string{
		"Content-Type", "Content-Encoding", "Retry-After", "X-Sentry-Rate-Limits",
		"X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset",
		"X-Rate-Limit-Remaining-Seconds", "X-Sentry-Error",
	}
	// queryParams are the query parameters forwarded: authentication only.
	sentryQuery = []string{"sentry_key", "sentry_version", "sentry_client", "sentry_secret"}
	// securityQuery adds what Sentry reads from a security report's URL.
	securityQuery = []string{"sentry_key", "sentry_version", "sentry_client", "sentry_secret", "sentry_environment", "sentry_release"}
	rollbarQuery  = []string{"access_token"}
)

// buildRequest fills req (whose headers the Rollbar route may already have
// set) with what is forwarded: the same path, the allowed headers and query
// parameters, and the scrubbed body, compressed as configured.
func (s *Server) buildRequest(ctx *fasthttp.RequestCtx, req *fasthttp.Request, route string, fw *forwarder, w *work, body []byte) {
	in := &ctx.Request.Header
	headers, params := sentryHeaders, sentryQuery
	switch route {
	case routeRollbar:
		headers, params = rollbarHeaders, rollbarQuery
	case routeSecurity:
		params = securityQuery
	}
	for _, h := range headers {
		if v := in.Peek(h); len(v) > 0 && len(req.Header.Peek(h)) == 0 {
			req.Header.SetBytesV(h, v)
		}
	}
	var q fasthttp.Args
	path := ctx.Path()
	if route == routeTunnel {
		// The tunnel's own query is not Sentry's; the dsn authenticates.
		path = w.tunnel.path
		q.SetBytesV("sentry_key", w.tunnel.key)
	} else {
		for _, p := range params {
			if v := ctx.QueryArgs().Peek(p); v != nil {
				q.SetBytesV(p, v)
			}
		}
	}
	req.Header.SetMethod(fasthttp.MethodPost)
	fw.setURI(req, path, q.QueryString())
	if len(req.Header.ContentType()) == 0 {
		// What is forwarded is what the proxy wrote: an envelope, or a JSON
		// event (also when the client sent the legacy base64 form).
		if route == routeEnvelope || route == routeTunnel {
			req.Header.SetContentType("application/x-sentry-envelope")
		} else {
			req.Header.SetContentType("application/json")
		}
	}
	if s.cfg.ForwardEncoding == EncodingGzip {
		w.gz = s.enc.appendGzip(w.gz[:0], body)
		req.Header.Set(fasthttp.HeaderContentEncoding, "gzip")
		req.SetBodyRaw(w.gz)
		return
	}
	req.SetBodyRaw(body)
}

// copyResponse copies the upstream's status, allowed headers and body.
func copyResponse(dst, src *fasthttp.Response) {
	dst.SetStatusCode(src.StatusCode())
	for _, h := range responseHeaders {
		if v := src.Header.Peek(h); len(v) > 0 {
			dst.Header.SetBytesV(h, v)
		}
	}
	dst.SetBody(src.Body())
}

// failBody answers a request whose body could not be decoded or scrubbed.
func (s *Server) failBody(ctx *fasthttp.RequestCtx, route string, err error) {
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		s.fail(ctx, route, fasthttp.StatusRequestEntityTooLarge, reasonTooLarge, "body too large", err)
	case errors.Is(err, ErrUnsupportedEncoding):
		s.fail(ctx, route, fasthttp.StatusUnsupportedMediaType, reasonEncoding, "unsupported content encoding", err)
	case errors.Is(err, ErrCorruptBody):
		s.fail(ctx, route, fasthttp.StatusBadRequest, reasonCorrupt, "corrupt compressed body", err)
	case errors.Is(err, ErrMalformedEnvelope):
		s.fail(ctx, route, fasthttp.StatusBadRequest, reasonMalformed, "malformed envelope", err)
	case errors.Is(err, ErrNoItemsLeft), errors.Is(err, redact.ErrInvalidJSON):
		s.fail(ctx, route, fasthttp.StatusBadRequest, reasonInvalidJSON, "invalid JSON", err)
	case errors.Is(err, ErrTunnelDSN):
		s.fail(ctx, route, fasthttp.StatusBadRequest, reasonTunnelDSN, "envelope header has no valid dsn", err)
	case errors.Is(err, ErrTunnelHost):
		s.fail(ctx, route, fasthttp.StatusForbidden, reasonTunnelHost, "dsn host not allowed", err)
	case errors.Is(err, ErrMalformedItem):
		s.fail(ctx, route, fasthttp.StatusBadRequest, reasonMalformed, "malformed item", err)
	default:
		s.fail(ctx, route, fasthttp.StatusBadRequest, reasonBadRequest, "bad request", err)
	}
}

// fail answers with code and a short reason in the route's error format,
// counts the error and logs it. err, when not nil, must not carry data
// (the proxy's own errors quote sizes and offsets only).
func (s *Server) fail(ctx *fasthttp.RequestCtx, route string, code int, reason, msg string, err error) {
	ctx.SetStatusCode(code)
	ctx.SetContentType("application/json")
	if route == routeRollbar {
		ctx.SetBodyString(`{"err":1,"message":"` + msg + `"}`)
	} else {
		ctx.SetBodyString(`{"detail":"` + msg + `"}`)
	}
	s.m.errors.WithLabelValues(reason).Inc()
	s.m.request(route, code)
	fields := []zap.Field{zap.String("route", route), zap.Int("status", code), zap.String("reason", reason),
		zap.Int("size", len(ctx.Request.Body()))}
	if err != nil {
		fields = append(fields, zap.Error(err))
	}
	s.log.Warn("request refused", fields...)
}

// errorHandler answers requests fasthttp could not read.
func (s *Server) errorHandler(ctx *fasthttp.RequestCtx, err error) {
	route, _ := s.route(ctx.Path())
	if errors.Is(err, fasthttp.ErrBodyTooLarge) {
		s.fail(ctx, route, fasthttp.StatusRequestEntityTooLarge, reasonTooLarge, "body too large", nil)
		return
	}
	s.fail(ctx, route, fasthttp.StatusBadRequest, reasonBadRequest, "bad request", nil)
}

func retryAfterSeconds(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	return strconv.Itoa(max(secs, 1))
}

var _ fasthttp.Logger = fasthttpLogger{}

// fasthttpLogger passes fasthttp's own messages to zap without their
// arguments, which may quote request bytes.
type fasthttpLogger struct{ log *zap.Logger }

// Printf implements fasthttp.Logger.
func (l fasthttpLogger) Printf(format string, _ ...any) {
	l.log.Warn("fasthttp", zap.String("format", format))
}

// recoverPanic turns a panic while handling a request into a 500 with a
// count and a log line that names the panic's type only (its message could
// quote the payload). Nothing has been forwarded at that point: forwarding
// is the handler's last step and happens only with a scrubbed body.
func (s *Server) recoverPanic(ctx *fasthttp.RequestCtx) {
	r := recover()
	if r == nil {
		return
	}
	ctx.Response.Reset()
	s.fail(ctx, "unknown", fasthttp.StatusInternalServerError, reasonInternal, "internal error", nil)
	s.log.Error("BUG: request handler panicked", zap.String("panic_type", fmt.Sprintf("%T", r)))
}
