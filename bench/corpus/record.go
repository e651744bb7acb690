package corpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/piiproxy/piiproxy/redact"
)

// Format is the shape of a record. The zero value is not a valid format.
type Format string

// The record formats the generator produces.
const (
	// FormatAccess is a web server access log line: nginx "combined" or
	// Apache "common".
	FormatAccess Format = "access"
	// FormatApp is a free-text application log line.
	FormatApp Format = "app"
	// FormatJSON is a structured JSON log line (one object per line).
	FormatJSON Format = "json"
	// FormatSentry is a Sentry event payload as compact JSON.
	FormatSentry Format = "sentry"
	// FormatRollbar is a Rollbar item payload as compact JSON.
	FormatRollbar Format = "rollbar"
)

// Formats lists every format in a stable order.
func Formats() []Format {
	return []Format{FormatAccess, FormatApp, FormatJSON, FormatSentry, FormatRollbar}
}

// ParseFormat returns the format named s (case-insensitive).
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("corpus: unknown format %q (want access, app, json, sentry or rollbar)", s)
}

// IsJSON reports whether records of format f are JSON documents.
func (f Format) IsJSON() bool {
	return f == FormatJSON || f == FormatSentry || f == FormatRollbar
}

// Label is one planted personal value: its kind and its text.
type Label struct {
	Kind  redact.Kind `json:"kind"`
	Value string      `json:"value"`
}

// Record is one labelled log record. The zero value is an empty record.
type Record struct {
	// Text is the record itself, without a trailing newline.
	Text string `json:"text"`
	// Format says how Text is shaped.
	Format Format `json:"format"`
	// PII lists the personal values planted in Text.
	PII []Label `json:"pii"`
	// Keep lists near-miss values in Text that must survive scrubbing.
	Keep []string `json:"keep"`
}

// WriteJSONL writes recs to w in the label format, one record per line.
func WriteJSONL(w io.Writer, recs []Record) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range recs {
		r := recs[i]
		if r.PII == nil {
			r.PII = []Label{}
		}
		if r.Keep == nil {
			r.Keep = []string{}
		}
		if err := enc.Encode(&r); err != nil {
			return fmt.Errorf("corpus: record %d: %w", i, err)
		}
	}
	return bw.Flush()
}

// MaxLineLen bounds a line of a labelled corpus file read by ReadJSONL.
const MaxLineLen = 4 << 20

// ErrBadRecord is wrapped by ReadJSONL errors about a malformed line.
var ErrBadRecord = errors.New("corpus: bad record")

// ReadJSONL reads a labelled corpus in the label format. Blank lines are
// skipped. A line that is not a labelled record, or one longer than
// MaxLineLen, is an error that names its line number.
func ReadJSONL(r io.Reader) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineLen)
	var recs []Record
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var rec Record
		if err := json.Unmarshal(b, &rec); err != nil {
			return recs, fmt.Errorf("%w: line %d: %v", ErrBadRecord, line, err)
		}
		if rec.Format == "" {
			return recs, fmt.Errorf("%w: line %d: no format", ErrBadRecord, line)
		}
		if _, err := ParseFormat(string(rec.Format)); err != nil {
			return recs, fmt.Errorf("%w: line %d: %v", ErrBadRecord, line, err)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return recs, fmt.Errorf("%w: line %d longer than %d bytes", ErrBadRecord, line+1, MaxLineLen)
		}
		return recs, err
	}
	return recs, nil
}
