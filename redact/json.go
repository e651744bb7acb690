package redact

import "errors"

// ErrInvalidJSON is wrapped by errors about input that is not valid JSON.
var ErrInvalidJSON = errors.New("redact: invalid JSON")

type pathKey struct{ start, end int }

type fieldMatcher struct{}

func newFieldMatcher(f *FieldRules) *fieldMatcher { return &fieldMatcher{} }

// DefaultFieldRules returns the built-in sensitive key names and paths.
func DefaultFieldRules() FieldRules { return FieldRules{} }

// AppendJSON appends the scrubbed form of the JSON document src to dst.
func (w *Session) AppendJSON(dst, src []byte) ([]byte, error) {
	return w.AppendText(dst, src), nil
}

// AppendLine appends the scrubbed form of one log line.
func (w *Session) AppendLine(dst, src []byte) []byte {
	return w.AppendText(dst, src)
}
