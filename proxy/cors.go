package proxy

import (
	"github.com/valyala/fasthttp"
)

// CORS for browser SDKs (Sentry JavaScript, Rollbar.js), after what Sentry
// Relay answers: a preflight is allowed from any origin, with the headers
// the SDKs send, and the headers SDKs read for rate limiting are exposed.
const (
	// corsAllowMethods is the Access-Control-Allow-Methods of a preflight.
	corsAllowMethods = "POST, OPTIONS"
	// corsAllowHeaders is the Access-Control-Allow-Headers of a preflight
	// that does not list the headers it wants: the set Relay allows, and
	// Rollbar's token header.
	corsAllowHeaders = "x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, " +
		"content-type, authentication, authorization, content-encoding, transfer-encoding, " +
		"sentry-trace, baggage, x-rollbar-access-token"
	// corsExposeHeaders are the response headers a browser SDK may read.
	corsExposeHeaders = "x-sentry-error, x-sentry-rate-limits, retry-after"
	// corsMaxAge is how long, in seconds, a browser may cache a preflight.
	corsMaxAge = "3600"
	// maxCORSHeaderLen bounds the Origin and Access-Control-Request-Headers
	// values echoed back; longer ones are not echoed.
	maxCORSHeaderLen = 4096
)

// preflight answers a CORS preflight (OPTIONS) request on a proxy route
// with 204: the request's Origin (or "*" without one), the allowed
// methods, the requested headers (or the default set) and a max age.
func (s *Server) preflight(ctx *fasthttp.RequestCtx, route string) {
	h := &ctx.Response.Header
	origin := ctx.Request.Header.Peek("Origin")
	if len(origin) == 0 || len(origin) > maxCORSHeaderLen {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.SetBytesV("Access-Control-Allow-Origin", origin)
	}
	h.Set("Access-Control-Allow-Methods", corsAllowMethods)
	if req := ctx.Request.Header.Peek("Access-Control-Request-Headers"); len(req) > 0 && len(req) <= maxCORSHeaderLen {
		h.SetBytesV("Access-Control-Allow-Headers", req)
	} else {
		h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
	}
	h.Set("Access-Control-Max-Age", corsMaxAge)
	h.Add("Vary", "Origin")
	h.Add("Vary", "Access-Control-Request-Headers")
	ctx.SetStatusCode(fasthttp.StatusNoContent)
	s.m.request(route, fasthttp.StatusNoContent)
}

// setCORS adds Access-Control-Allow-Origin (the request's Origin) and
// Access-Control-Expose-Headers to the answer of a request that carried
// an Origin, whatever its status, so that a browser SDK can read errors
// and rate limits. Requests without an Origin are left as they are.
func setCORS(ctx *fasthttp.RequestCtx) {
	origin := ctx.Request.Header.Peek("Origin")
	if len(origin) == 0 || len(origin) > maxCORSHeaderLen {
		return
	}
	h := &ctx.Response.Header
	h.SetBytesV("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
	h.Add("Vary", "Origin")
}
