package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestOtelbenchComparesInOneRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--records", "100", "--duration", "1ms"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"piiproxy:", "otel redaction:", "piiproxy/otel redaction:", "piiproxy/regexp baseline:", "recall"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}
