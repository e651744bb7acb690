package load

import (
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// Server is an HTTP server of the load test listening on 127.0.0.1.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:<port>.
	URL  string
	srv  *fasthttp.Server
	ln   net.Listener
	done chan error
}

// Addr returns the server's host:port.
func (s *Server) Addr() string { return strings.TrimPrefix(s.URL, "http://") }

// Close stops the server and waits for it to return.
func (s *Server) Close() error {
	err := s.srv.Shutdown()
	// Shutdown misses a listener whose Serve has not started yet.
	s.ln.Close()
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		return errors.Join(err, errors.New("load: server did not stop"))
	}
	return err
}

func serve(h fasthttp.RequestHandler, maxBody int) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{
		URL:  "http://" + ln.Addr().String(),
		srv:  &fasthttp.Server{Handler: h, MaxRequestBodySize: maxBody, Name: "bench", CloseOnShutdown: true},
		ln:   ln,
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Sink counts what reaches the upstream.
type Sink struct {
	*Server
	requests, bytes atomic.Int64
}

// Requests returns the number of requests the sink answered.
func (s *Sink) Requests() int64 { return s.requests.Load() }

// Bytes returns the request body bytes the sink received.
func (s *Sink) Bytes() int64 { return s.bytes.Load() }

// StartSink starts an upstream on 127.0.0.1 that answers every request 200
// with a small JSON body, as Sentry and Rollbar do, and keeps nothing.
func StartSink() (*Sink, error) {
	k := &Sink{}
	srv, err := serve(func(ctx *fasthttp.RequestCtx) {
		k.requests.Add(1)
		k.bytes.Add(int64(len(ctx.Request.Body())))
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"id":"9ec79c33ec9942ab8353589fcb2e04dc"}`)
	}, 64<<20)
	if err != nil {
		return nil, err
	}
	k.Server = srv
	return k, nil
}

// StartPassthrough starts a plain fasthttp reverse proxy on 127.0.0.1 that
// forwards each request's path, content type, authentication headers and
// body unchanged to upstream (a base URL such as a Sink's) and answers with
// the upstream's status and body: the baseline that shows what scrubbing
// costs.
func StartPassthrough(upstream string) (*Server, error) {
	addr := strings.TrimPrefix(upstream, "http://")
	client := &fasthttp.HostClient{Addr: addr, MaxConns: 4096, ReadTimeout: 15 * time.Second, WriteTimeout: 15 * time.Second}
	return serve(func(ctx *fasthttp.RequestCtx) {
		req := fasthttp.AcquireRequest()
		defer fasthttp.ReleaseRequest(req)
		resp := fasthttp.AcquireResponse()
		defer fasthttp.ReleaseResponse(resp)
		req.Header.SetMethod(fasthttp.MethodPost)
		req.SetRequestURI("http://" + addr + string(ctx.Path()))
		req.Header.SetContentTypeBytes(ctx.Request.Header.ContentType())
		for _, h := range []string{"X-Sentry-Auth", "X-Rollbar-Access-Token", "User-Agent"} {
			if v := ctx.Request.Header.Peek(h); len(v) > 0 {
				req.Header.SetBytesV(h, v)
			}
		}
		req.SetBodyRaw(ctx.Request.Body())
		if err := client.DoTimeout(req, resp, 15*time.Second); err != nil {
			ctx.Error("upstream unavailable", fasthttp.StatusBadGateway)
			return
		}
		ctx.SetStatusCode(resp.StatusCode())
		ctx.SetContentTypeBytes(resp.Header.ContentType())
		ctx.SetBody(resp.Body())
	}, 64<<20)
}
