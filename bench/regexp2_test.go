package bench

import (
	"strings"
	"testing"
)

func TestRegexp2BaselineMatchesRegexpBaseline(t *testing.T) {
	in := []string{
		`203.0.113.9 - - [23/Nov/2026:06:25:02 +0000] "GET /login?email=jane.doe@example.com&token=abc123 HTTP/1.1" 200 12`,
		"payment by DE89 3704 0044 0532 0130 00 card 4111 1111 1111 1111 from 2001:db8::1, Authorization: Bearer eyJhbGciOi.x.y",
		"call +49 30 1234567 about order 42",
	}
	re, re2 := NewRegexpBaseline(), NewRegexp2Baseline()
	for _, l := range in {
		want := string(re.AppendLine(nil, []byte(l)))
		got := string(re2.AppendLine([]byte("prefix:"), []byte(l)))
		if got != "prefix:"+want {
			t.Errorf("regexp2 baseline on %q:\n got %q\nwant %q", l, strings.TrimPrefix(got, "prefix:"), want)
		}
	}
	if n := re2.Timeouts(); n != 0 {
		t.Errorf("%d timeouts on short lines", n)
	}
}
