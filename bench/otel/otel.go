// Package otel measures the OpenTelemetry Collector's redaction processor
// (contrib processor/redactionprocessor) on the bench corpus, as the peer
// the design names for comparison. It is a module of its own so that the
// collector's dependencies stay out of piiproxy's module.
//
// The processor is given the regular expressions of bench.RegexpBaseline as
// blocked_values and keyed HMAC-SHA256 hashing, and each line is a string
// log body, which is how an access or application log reaches it from a
// filelog receiver without a parser.
package otel

import (
	"context"
	"errors"
	"fmt"

	"github.com/open-telemetry/opentelemetry-collector-contrib/processor/redactionprocessor"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"

	"github.com/piiproxy/piiproxy/bench"
)

// Redaction runs one redaction processor over single log lines. It
// implements bench.LineScrubber and is not safe for concurrent use.
type Redaction struct {
	proc processor.Logs
	ld   plog.Logs
	rec  plog.LogRecord
	got  plog.Logs
}

var _ bench.LineScrubber = (*Redaction)(nil)

// Config returns the processor configuration used for the comparison: the
// baseline's patterns as blocked values, HMAC-SHA256 with key, every
// attribute key allowed (bodies have no keys), no summary attributes.
func Config(key string) *redactionprocessor.Config {
	cfg := redactionprocessor.NewFactory().CreateDefaultConfig().(*redactionprocessor.Config)
	cfg.AllowAllKeys = true
	cfg.BlockedValues = bench.BaselineExpressions()
	cfg.HashFunction = redactionprocessor.HMACSHA256
	cfg.HMACKey = configopaque.String(key)
	cfg.Summary = "silent"
	return cfg
}

// New starts a redaction processor with cfg.
func New(cfg *redactionprocessor.Config) (*Redaction, error) {
	r := &Redaction{ld: plog.NewLogs()}
	r.rec = r.ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	next, err := consumer.NewLogs(func(_ context.Context, ld plog.Logs) error {
		r.got = ld
		return nil
	})
	if err != nil {
		return nil, err
	}
	f := redactionprocessor.NewFactory()
	set := processor.Settings{
		ID:                component.NewID(f.Type()),
		TelemetrySettings: componenttest.NewNopTelemetrySettings(),
		BuildInfo:         component.NewDefaultBuildInfo(),
	}
	p, err := f.CreateLogs(context.Background(), set, cfg, next)
	if err != nil {
		return nil, fmt.Errorf("otel: redaction processor: %w", err)
	}
	if err := p.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		return nil, fmt.Errorf("otel: start: %w", err)
	}
	r.proc = p
	return r, nil
}

// Close shuts the processor down.
func (r *Redaction) Close() error { return r.proc.Shutdown(context.Background()) }

// errNoOutput is returned when the processor passes nothing on.
var errNoOutput = errors.New("otel: processor passed no log record on")

// AppendLine sets src as the body of the log record, runs the processor and
// appends the resulting body to dst. On a processor error it appends
// nothing.
func (r *Redaction) AppendLine(dst, src []byte) []byte {
	out, err := r.scrub(src)
	if err != nil {
		return dst
	}
	return append(dst, out...)
}

func (r *Redaction) scrub(src []byte) (string, error) {
	r.rec.Body().SetStr(string(src))
	r.rec.Attributes().Clear()
	r.got = plog.Logs{}
	if err := r.proc.ConsumeLogs(context.Background(), r.ld); err != nil {
		return "", err
	}
	rl := r.got.ResourceLogs()
	if rl.Len() == 0 || rl.At(0).ScopeLogs().Len() == 0 || rl.At(0).ScopeLogs().At(0).LogRecords().Len() == 0 {
		return "", errNoOutput
	}
	return rl.At(0).ScopeLogs().At(0).LogRecords().At(0).Body().Str(), nil
}
