package proxy

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/piiproxy/piiproxy/redact"
)

// metrics are the Prometheus collectors of a Server. Labels carry routes,
// status codes, kinds and reasons, never data.
type metrics struct {
	requests  *prometheus.CounterVec   // route, code
	bytes     *prometheus.CounterVec   // route, stage
	findings  *prometheus.CounterVec   // kind
	drops     *prometheus.CounterVec   // reason
	errors    *prometheus.CounterVec   // reason
	upstream  *prometheus.HistogramVec // upstream, outcome
	retries   *prometheus.CounterVec   // upstream
	inflight  prometheus.Gauge
	kindNames [redact.NumKinds]prometheus.Counter
}

// Byte-counter stages.
const (
	stageReceived  = "received"
	stageDecoded   = "decoded"
	stageForwarded = "forwarded"
)

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "piiproxy_requests_total",
			Help: "Requests handled, by route and the status code answered.",
		}, []string{"route", "code"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "piiproxy_bytes_total",
			Help: "Body bytes by route and stage: received (as sent), decoded (decompressed) and forwarded (scrubbed, as sent upstream).",
		}, []string{"route", "stage"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "piiproxy_findings_total",
			Help: "Personal data found and replaced (or kept, where configured), by kind.",
		}, []string{"kind"}),
		drops: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "piiproxy_dropped_items_total",
			Help: "Envelope items not forwarded, by reason.",
		}, []string{"reason"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "piiproxy_errors_total",
			Help: "Requests refused or failed, by reason.",
		}, []string{"reason"}),
		upstream: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "piiproxy_upstream_duration_seconds",
			Help:    "Time to get an answer from an upstream, retries included, by upstream and outcome.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"upstream", "outcome"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "piiproxy_upstream_retries_total",
			Help: "Attempts made again after a connection error or a 5xx answer, by upstream.",
		}, []string{"upstream"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "piiproxy_inflight_requests",
			Help: "Requests being scrubbed and forwarded now.",
		}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.bytes, m.findings, m.drops, m.errors, m.upstream, m.retries, m.inflight} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	for _, k := range redact.Kinds() {
		m.kindNames[k] = m.findings.WithLabelValues(k.String())
	}
	return m, nil
}

// addFindings adds a session's counts to the findings counter.
func (m *metrics) addFindings(st *redact.Stats) {
	for k, n := range st.Found {
		if n != 0 && m.kindNames[k] != nil {
			m.kindNames[k].Add(float64(n))
		}
	}
}

// request counts one answered request.
func (m *metrics) request(route string, code int) {
	m.requests.WithLabelValues(route, codeText(code)).Inc()
}

// codeTexts holds the decimal text of every HTTP status code, so that
// counting a request does not format one.
var codeTexts = func() (t [600]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

func codeText(code int) string {
	if code >= 0 && code < len(codeTexts) {
		return codeTexts[code]
	}
	return strconv.Itoa(code)
}
