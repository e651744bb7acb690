package redact

import (
	"strings"
	"testing"
)

// scrubCase is one input scrubbed as a text line, or as a JSON document
// when it starts with '{' or '['. want is the exact output; an empty want
// means the input must come out unchanged. gone lists bytes that must not
// survive and keep bytes that must, for outputs holding keyed stand-ins.
type scrubCase struct {
	name       string
	in, want   string
	gone, keep []string
}

func runScrubCases(t *testing.T, s *Scrubber, cases []scrubCase) {
	t.Helper()
	for _, tt := range cases {
		var out []byte
		if tt.in[0] == '{' || tt.in[0] == '[' {
			var err error
			if out, err = s.AppendJSON(nil, []byte(tt.in)); err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
		} else {
			out = s.AppendText(nil, []byte(tt.in))
		}
		got := string(out)
		if tt.gone != nil || tt.keep != nil {
			for _, g := range tt.gone {
				if strings.Contains(got, g) {
					t.Errorf("%s: %q kept:\n got %s", tt.name, g, got)
				}
			}
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("%s: %q lost:\n got %s", tt.name, k, got)
				}
			}
			continue
		}
		want := tt.want
		if want == "" {
			want = tt.in
		}
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, want)
		}
	}
}
