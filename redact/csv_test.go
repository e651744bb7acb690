package redact

import (
	"strings"
	"testing"
)

// The rows of a CSV or TSV export are decided by the names in its header
// line; a line with another number of fields ends the table.
func TestCSVTable(t *testing.T) {
	s := newTestScrubber(t, nil)
	w := s.NewSession()
	lines := []string{
		"id,first_name,last_name,email,password",
		"43,Hans,Müller,hans@example.de,S3cr3tP4ss",
		`44,"Zxqwv","Plorbk, Jr.",z@example.com,pw123456`,
		"45,Ann,Lee,,",
		"2026-11-23 this line ends the table, says Bob, twice",
		"46,Zorro,Quux,q@example.com,hunter2",
		"user_id\tusername\tnote",
		"7\tpwilliams\tcall back",
	}
	var out []string
	for _, l := range lines {
		out = append(out, string(w.AppendText(nil, []byte(l))))
	}
	if out[0] != lines[0] {
		t.Errorf("header changed: %s", out[0])
	}
	for _, g := range []string{"Hans", "Müller", "S3cr3tP4ss", "Zxqwv", "Plorbk", "pw123456", "Ann", "Lee"} {
		if strings.Contains(strings.Join(out[1:4], "\n"), g) {
			t.Errorf("%q kept in the rows:\n%s", g, strings.Join(out[1:4], "\n"))
		}
	}
	if !strings.HasPrefix(out[1], "43,Name-") || !strings.HasSuffix(out[1], ",[redacted]") ||
		!strings.HasPrefix(out[2], `44,"Name-`) || !strings.Contains(out[2], `","Name-`) ||
		len(out[3]) != len("45,Name-0123456789,Name-0123456789,,") || !strings.HasSuffix(out[3], ",,") {
		t.Errorf("rows lost their shape:\n%s", strings.Join(out[1:4], "\n"))
	}
	// After the table ended, a comma-separated line is text again: only
	// the detectors decide it.
	if !strings.Contains(out[5], "Zorro,Quux,") || strings.Contains(out[5], "q@example.com") {
		t.Errorf("line after the table: %s", out[5])
	}
	if strings.Contains(out[7], "pwilliams") || !strings.HasSuffix(out[7], "\tcall back") {
		t.Errorf("TSV row: %q", out[7])
	}
}
