// Package load drives HTTP load at a piiproxy server: Sentry envelopes and
// Rollbar items with personal data, from a number of concurrent clients,
// as fast as possible or at a fixed rate, for a duration or a number of
// requests, and measures events per second and latency percentiles. It
// also provides the other ends of a load test on 127.0.0.1: a sink
// upstream and a plain pass-through proxy to compare against.
package load

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// Request is one kind of request the generator sends.
type Request struct {
	// Path is the request path, such as /api/42/envelope/.
	Path string
	// ContentType is the Content-Type header.
	ContentType string
	// Headers are further request headers (name, value pairs).
	Headers [][2]string
	// Bodies are the bodies to send, in turn; more than one keeps a cache
	// of pseudonyms from making every request the same.
	Bodies [][]byte
}

// SentryRequests returns n different Sentry envelopes of about size bytes
// each, for POST /api/42/envelope/, from seed.
func SentryRequests(n, size int, seed uint64) Request {
	rng := rand.New(rand.NewPCG(seed, 1))
	r := Request{Path: "/api/42/envelope/", ContentType: "application/x-sentry-envelope",
		Headers: [][2]string{{"X-Sentry-Auth", SentryAuth}, {"User-Agent", "sentry.go/0.50.0"}}}
	for range max(n, 1) {
		r.Bodies = append(r.Bodies, SentryEnvelope(rng, size))
	}
	return r
}

// RollbarRequests returns n different Rollbar items of about size bytes
// each, for POST /api/1/item/, from seed.
func RollbarRequests(n, size int, seed uint64) Request {
	rng := rand.New(rand.NewPCG(seed, 2))
	r := Request{Path: "/api/1/item/", ContentType: "application/json",
		Headers: [][2]string{{"X-Rollbar-Access-Token", RollbarToken}, {"User-Agent", "pyrollbar/1.0"}}}
	for range max(n, 1) {
		r.Bodies = append(r.Bodies, RollbarItem(rng, size))
	}
	return r
}

// Options tunes Run.
type Options struct {
	// URL is the base URL of the server under load (scheme, host, port).
	URL string
	// Requests are the kinds of request to send; request i uses
	// Requests[i % len(Requests)] and its bodies in turn.
	Requests []Request
	// Concurrency is the number of clients sending at once. Zero means 16.
	Concurrency int
	// Duration bounds the run in time; Count bounds it in requests. At
	// least one must be set; the run stops at whichever comes first.
	Duration time.Duration
	Count    int64
	// Rate, when positive, sends this many requests per second in all,
	// evenly spaced; a latency then counts from when the request was due,
	// so a server that falls behind is not flattered (no coordinated
	// omission). Zero sends as fast as the clients can.
	Rate float64
	// Timeout bounds one request. Zero means 10s.
	Timeout time.Duration
	// Progress, when set, is called from time to time with the share of
	// the run done, between 0 and 1.
	Progress func(done float64)
}

// Result is what Run measured.
type Result struct {
	// Requests is the number of requests answered 2xx; Failed the number
	// that failed or were answered otherwise.
	Requests, Failed int64
	// FirstError describes the first failure.
	FirstError string
	// Bytes is the request body bytes sent in successful requests.
	Bytes int64
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
	// Latencies are the latencies of the successful requests, sorted.
	Latencies []time.Duration
}

// PerSec returns successful requests (events) per second.
func (r *Result) PerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// MBPerSec returns request body megabytes (10^6 bytes) per second.
func (r *Result) MBPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds()
}

// Percentile returns the latency at percentile p (0 to 100; 100 is the
// maximum), or 0 without successful requests.
func (r *Result) Percentile(p float64) time.Duration {
	n := len(r.Latencies)
	if n == 0 {
		return 0
	}
	i := int(p / 100 * float64(n))
	return r.Latencies[min(max(i, 0), n-1)]
}

// Merge adds the requests, failures, bytes, time and latencies of o to r,
// as if both runs had been one, keeping the first error.
func (r *Result) Merge(o *Result) {
	r.Requests += o.Requests
	r.Failed += o.Failed
	r.Bytes += o.Bytes
	r.Elapsed += o.Elapsed
	if r.FirstError == "" {
		r.FirstError = o.FirstError
	}
	r.Latencies = append(r.Latencies, o.Latencies...)
	slices.Sort(r.Latencies)
}

// Run sends requests to opt.URL until opt.Duration has passed or
// opt.Count requests have been sent, or ctx is done, and measures them.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.URL == "" || len(opt.Requests) == 0 {
		return nil, errors.New("load: no URL or no requests")
	}
	for _, r := range opt.Requests {
		if len(r.Bodies) == 0 {
			return nil, fmt.Errorf("load: request %s has no body", r.Path)
		}
	}
	if opt.Duration <= 0 && opt.Count <= 0 {
		return nil, errors.New("load: set a duration or a request count")
	}
	conc := opt.Concurrency
	if conc <= 0 {
		conc = 16
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	base := strings.TrimSuffix(opt.URL, "/")
	client := &fasthttp.Client{MaxConnsPerHost: conc * 2, ReadTimeout: timeout, WriteTimeout: timeout, MaxIdleConnDuration: time.Minute}
	if opt.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Duration)
		defer cancel()
	}
	var (
		next     atomic.Int64 // tickets: request numbers handed out
		mu       sync.Mutex
		res      = &Result{}
		firstErr string
		wg       sync.WaitGroup
	)
	start := time.Now()
	var interval time.Duration
	if opt.Rate > 0 {
		interval = time.Duration(float64(time.Second) / opt.Rate)
	}
	stopProgress := make(chan struct{})
	if opt.Progress != nil {
		go func() {
			t := time.NewTicker(250 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stopProgress:
					return
				case <-t.C:
					f := 0.0
					if opt.Duration > 0 {
						f = float64(time.Since(start)) / float64(opt.Duration)
					}
					if opt.Count > 0 {
						f = max(f, float64(next.Load())/float64(opt.Count))
					}
					opt.Progress(min(f, 1))
				}
			}
		}()
	}
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := fasthttp.AcquireRequest()
			resp := fasthttp.AcquireResponse()
			defer fasthttp.ReleaseRequest(req)
			defer fasthttp.ReleaseResponse(resp)
			lat := make([]time.Duration, 0, 4096)
			var ok, failed, sent int64
			var werr string
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if opt.Count > 0 && i >= opt.Count {
					break
				}
				due := time.Now()
				if interval > 0 {
					due = start.Add(time.Duration(i) * interval)
					if d := time.Until(due); d > 0 {
						select {
						case <-time.After(d):
						case <-ctx.Done():
						}
						if ctx.Err() != nil {
							break
						}
					}
				}
				kind := &opt.Requests[int(i%int64(len(opt.Requests)))]
				body := kind.Bodies[int(i/int64(len(opt.Requests)))%len(kind.Bodies)]
				req.Reset()
				req.Header.SetMethod(fasthttp.MethodPost)
				req.SetRequestURI(base + kind.Path)
				req.Header.SetContentType(kind.ContentType)
				for _, h := range kind.Headers {
					req.Header.Set(h[0], h[1])
				}
				req.SetBodyRaw(body)
				err := client.DoTimeout(req, resp, timeout)
				d := time.Since(due)
				switch {
				case err != nil:
					failed++
					if werr == "" {
						werr = err.Error()
					}
				case resp.StatusCode() < 200 || resp.StatusCode() > 299:
					failed++
					if werr == "" {
						werr = fmt.Sprintf("%s: status %d", kind.Path, resp.StatusCode())
					}
				default:
					ok++
					sent += int64(len(body))
					lat = append(lat, d)
				}
			}
			mu.Lock()
			res.Requests += ok
			res.Failed += failed
			res.Bytes += sent
			res.Latencies = append(res.Latencies, lat...)
			if firstErr == "" {
				firstErr = werr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	close(stopProgress)
	res.FirstError = firstErr
	slices.Sort(res.Latencies)
	return res, nil
}
