package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/piiproxy/piiproxy/proxy"
	"github.com/piiproxy/piiproxy/redact"
	"github.com/piiproxy/piiproxy/rules"
)

func init() {
	commands["serve"] = command{
		summary: "run the Sentry/Rollbar scrubbing proxy",
		run:     runServe,
	}
}

// Environment variables read by serve; flags win over them, and they win
// over the --config file.
const (
	listenEnv          = "PIIPROXY_LISTEN"
	sentryUpstreamEnv  = "PIIPROXY_SENTRY_UPSTREAM"
	rollbarUpstreamEnv = "PIIPROXY_ROLLBAR_UPSTREAM"
	tunnelPathEnv      = "PIIPROXY_SENTRY_TUNNEL_PATH"
)

// serveOptions are the flags of `piiproxy serve`.
type serveOptions struct {
	keyFile         string
	config          string
	listen          string
	sentryUpstream  string
	rollbarUpstream string
	tunnelPath      string
	tunnelHosts     string
	maxBody         rules.ByteSize
	maxDecompressed rules.ByteSize
	passAttachments bool
	trustForwarded  bool
	forwardEncoding string
	upstreamTimeout time.Duration
	retries         int
	retryBackoff    time.Duration
	maxConcurrent   int
	shutdownTimeout time.Duration
	logLevel        string
}

func runServe(args []string, _ io.Reader, _, stderr io.Writer) int {
	return serve(args, os.Getenv, stderr, nil)
}

// serve runs the proxy until SIGTERM or SIGINT, or until ready (when not
// nil) has been sent the listener's address and stop is closed: tests
// drive it that way.
func serve(args []string, getenv func(string) string, stderr io.Writer, hooks *serveHooks) int {
	var o serveOptions
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: piiproxy serve [flags]")
		fmt.Fprintln(stderr, "\nListens for Sentry (/api/{project}/envelope/, /api/{project}/store/, /api/store/, /api/{project}/security/) and")
		fmt.Fprintln(stderr, "Rollbar (/api/1/item/) requests (and, with --sentry-tunnel-path, tunnelled Sentry envelopes), scrubs their payloads and forwards them upstream.")
		fmt.Fprintf(stderr, "The key comes from --key-file or $%s (hex or base64, at least 32 bytes).\n", keyEnv)
		fmt.Fprintf(stderr, "$%s, $%s, $%s and $%s set the flags of the same name.\n\n", listenEnv, sentryUpstreamEnv, rollbarUpstreamEnv, tunnelPathEnv)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.keyFile, "key-file", "", "file holding the pseudonymization key")
	fs.StringVar(&o.config, "config", "", "YAML rules file; its proxy section sets defaults for these flags (default: the built-in rules)")
	fs.StringVar(&o.listen, "listen", "", "host:port to listen on (default "+rules.DefaultListen+")")
	fs.StringVar(&o.sentryUpstream, "sentry-upstream", "", "Sentry base URL to forward to (default "+rules.DefaultSentryUpstream+")")
	fs.StringVar(&o.rollbarUpstream, "rollbar-upstream", "", "Rollbar base URL to forward to (default "+rules.DefaultRollbarUpstream+")")
	fs.StringVar(&o.tunnelPath, "sentry-tunnel-path", "", "path of a route for the Sentry JavaScript SDK's tunnel option, such as /tunnel (default: no tunnel)")
	fs.StringVar(&o.tunnelHosts, "sentry-tunnel-hosts", "", "comma-separated DSN hosts the tunnel accepts besides the Sentry upstream's")
	fs.TextVar(&o.maxBody, "max-body", rules.ByteSize(0), "largest request body as received, such as 20MiB (default 20MiB)")
	fs.TextVar(&o.maxDecompressed, "max-decompressed", rules.ByteSize(0), "largest request body once decompressed (default 100MiB)")
	fs.BoolVar(&o.passAttachments, "pass-attachments", false, "forward Sentry attachments, minidumps and replay recordings unscrubbed instead of dropping them")
	fs.BoolVar(&o.trustForwarded, "trust-forwarded", false, "take the client address from X-Forwarded-For / X-Real-IP / Forwarded (only behind a proxy that sets them)")
	fs.StringVar(&o.forwardEncoding, "forward-encoding", proxy.EncodingIdentity, "body encoding sent upstream: identity or gzip")
	fs.DurationVar(&o.upstreamTimeout, "upstream-timeout", proxy.DefaultUpstreamTimeout, "timeout of one upstream attempt")
	fs.IntVar(&o.retries, "retries", proxy.DefaultRetries, "retries after an upstream connection error or 5xx (0 for none)")
	fs.DurationVar(&o.retryBackoff, "retry-backoff", proxy.DefaultRetryBackoff, "wait before the first retry, doubled for each further one")
	fs.IntVar(&o.maxConcurrent, "max-concurrent", proxy.DefaultMaxConcurrent, "requests processed at once; more are answered 503 with Retry-After")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 20*time.Second, "how long SIGTERM waits for requests in flight")
	fs.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "piiproxy serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg := rules.Default()
	if o.config != "" {
		c, err := rules.Load(o.config)
		if err != nil {
			fmt.Fprintf(stderr, "piiproxy serve: %v\n", err)
			return 2
		}
		cfg = c
	}
	pick := func(flagName, flagVal, env, fromConfig, def string) string {
		switch {
		case set[flagName]:
			return flagVal
		case getenv(env) != "":
			return getenv(env)
		case fromConfig != "":
			return fromConfig
		}
		return def
	}
	listen := pick("listen", o.listen, listenEnv, cfg.Proxy.Listen, rules.DefaultListen)
	pc := proxy.Config{
		SentryUpstream:    pick("sentry-upstream", o.sentryUpstream, sentryUpstreamEnv, cfg.Proxy.SentryUpstream, rules.DefaultSentryUpstream),
		RollbarUpstream:   pick("rollbar-upstream", o.rollbarUpstream, rollbarUpstreamEnv, cfg.Proxy.RollbarUpstream, rules.DefaultRollbarUpstream),
		SentryTunnelPath:  pick("sentry-tunnel-path", o.tunnelPath, tunnelPathEnv, "", ""),
		SentryTunnelHosts: splitList(o.tunnelHosts),
		MaxBody:           int(cfg.Proxy.MaxBody),
		MaxDecompressed:   int(cfg.Proxy.MaxDecompressed),
		PassAttachments:   o.passAttachments || cfg.Proxy.PassAttachments && !set["pass-attachments"],
		TrustForwarded:    o.trustForwarded,
		ForwardEncoding:   o.forwardEncoding,
		UpstreamTimeout:   o.upstreamTimeout,
		Retries:           o.retries,
		RetryBackoff:      o.retryBackoff,
		MaxConcurrent:     o.maxConcurrent,
	}
	if o.retries == 0 {
		pc.Retries = -1
	}
	if set["max-body"] {
		pc.MaxBody = int(o.maxBody)
	}
	if set["max-decompressed"] {
		pc.MaxDecompressed = int(o.maxDecompressed)
	}
	if err := pc.Validate(); err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: %v\n", err)
		return 2
	}
	level, err := zapcore.ParseLevel(o.logLevel)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: --log-level: %v\n", err)
		return 2
	}

	key, err := loadKey(o.keyFile, getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: %v\n", err)
		return 2
	}
	rc, err := cfg.Redact(key)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: %v\n", err)
		return 2
	}
	sc, err := redact.New(rc)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: %v\n", err)
		return 2
	}
	pc.FeedbackScrubber, err = redact.New(proxy.FeedbackConfig(rc))
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: feedback rules: %v\n", err)
		return 2
	}

	zc := zap.NewProductionConfig()
	zc.Level = zap.NewAtomicLevelAt(level)
	zc.OutputPaths = []string{"stderr"}
	zc.ErrorOutputPaths = []string{"stderr"}
	log, err := zc.Build()
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: logger: %v\n", err)
		return 1
	}
	if hooks != nil && hooks.log != nil {
		log = hooks.log
	}
	defer func() { _ = log.Sync() }()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := proxy.New(pc, sc, log, reg)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintf(stderr, "piiproxy serve: %v\n", err)
		return 1
	}

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	if hooks != nil {
		hooks.ready <- ln.Addr().String()
		go func() {
			select {
			case <-hooks.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		if err != nil {
			log.Error("serve failed", zap.Error(err))
			return 1
		}
		return 0
	case <-ctx.Done():
	}
	log.Info("shutting down", zap.Duration("timeout", o.shutdownTimeout))
	sctx, scancel := context.WithTimeout(context.Background(), o.shutdownTimeout)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Error("shutdown", zap.Error(err))
		return 1
	}
	if err := <-errc; err != nil {
		log.Error("serve failed", zap.Error(err))
		return 1
	}
	return 0
}

// splitList returns the non-empty, trimmed elements of a comma-separated
// list.
func splitList(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// serveHooks let a test learn the listening address, replace the logger
// and stop the server without a signal.
type serveHooks struct {
	ready chan<- string
	stop  <-chan struct{}
	log   *zap.Logger
}
