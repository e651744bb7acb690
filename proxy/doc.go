// Package proxy is piiproxy's HTTP front end: a fasthttp server that takes
// the requests error-tracking SDKs send to Sentry and Rollbar, scrubs their
// payloads with a redact.Scrubber and forwards them to the real service,
// answering the SDK with the service's own answer.
//
// Routes:
//
//	POST /api/{project_id}/envelope/   Sentry envelope
//	POST /api/{project_id}/store/      Sentry event (JSON)
//	POST /api/store/                   Sentry event, legacy path
//	POST /api/1/item/                  Rollbar item (JSON, or form with payload=)
//	POST /api/{project_id}/security/   CSP and other browser security reports
//	POST /api/{project_id}/minidump/   refused (415): binary, cannot be scrubbed
//	POST /api/{project_id}/unreal/     refused (415): binary, cannot be scrubbed
//	POST {Config.SentryTunnelPath}     Sentry envelope from the JS SDK's tunnel
//	OPTIONS on each of these           CORS preflight
//	GET  /healthz, /readyz, /metrics   health, readiness, Prometheus metrics
//
// What is forwarded is what was scrubbed, and nothing else:
//
//   - Bodies are decoded (gzip, x-gzip, deflate, br, zstd; an empty or
//     "UTF-8" Content-Encoding is identity) within Config.MaxBody and
//     Config.MaxDecompressed.
//   - Sentry envelopes are parsed item by item. JSON items are scrubbed
//     structurally and their length recomputed; items of unknown type are
//     scrubbed as text; binary items (attachments, minidumps, replay
//     recordings, profile chunks) are dropped and counted unless
//     Config.PassAttachments is set; JSON items that are not valid JSON
//     are dropped and counted. The envelope header's dsn is kept.
//   - user_report and feedback items are scrubbed with
//     Config.FeedbackScrubber, whose rules (FeedbackConfig) also take the
//     reporter's name and contact email where the item carries them.
//   - Security reports (CSP report-uri, the Reporting API, Expect-CT) are
//     JSON, scrubbed structurally and forwarded with their content type.
//   - Minidump and Unreal crash uploads are binary: they are refused with
//     415 and counted (errors, reason binary_payload), never forwarded.
//   - The "{{auto}}" (Sentry) and "$remote_ip" (Rollbar) placeholders that
//     ask the service to record the client's address are replaced by that
//     address before scrubbing, so the engine gives it its stand-in.
//   - Only authentication travels in headers and query parameters
//     (X-Sentry-Auth, Authorization, sentry_key …, X-Rollbar-Access-Token);
//     cookies and client-address headers stay behind.
//   - Input that cannot be read (malformed envelopes, corrupt compression,
//     oversize bodies) is refused with a 4xx and a short reason; it is
//     never forwarded raw.
//
// The tunnel route reads the dsn of the envelope header and forwards the
// scrubbed envelope to /api/{project_id}/envelope/?sentry_key={key} on the
// Sentry upstream, only when the dsn's host is the upstream's or one of
// Config.SentryTunnelHosts (403 otherwise; 400 without a valid dsn).
//
// Browser SDKs (Sentry JavaScript, Rollbar.js) are served across origins:
// an OPTIONS preflight on a route is answered 204 with the request's Origin,
// POST and OPTIONS, the requested headers (or those Sentry Relay allows) and
// a max age; answers to requests with an Origin allow it and expose
// X-Sentry-Error, X-Sentry-Rate-Limits and Retry-After.
//
// The upstream's status, body and rate-limit headers (Retry-After,
// X-Sentry-Rate-Limits, X-Rate-Limit-*) are passed back, so SDK rate
// limiting keeps working. Connection errors and 5xx answers are retried
// with backoff; when Config.MaxConcurrent requests are in progress,
// further ones get 503 with Retry-After.
//
// The server logs counts, routes, status codes and sizes through the zap
// logger it is given, never payloads, query strings or client addresses.
package proxy
