package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestBenchSharesAndCompare(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "rules.yaml")
	// A custom rule with a lookbehind costs far more than the rest.
	if err := os.WriteFile(cfg, []byte("custom:\n  - name: order-ref\n    pattern: '(?<=order[ :#]+)[A-Z]{2}\\d{8}\\b'\n    method: redact\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := filepath.Join(dir, "report")
	var stdout, stderr bytes.Buffer
	args := []string{"bench", "--records", "200", "--duration", "1ms", "--config", cfg, "--compare", "--share-rounds", "1", "--report", rep}
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"regexp baseline:", "regexp2 baseline:", "piiproxy/regexp baseline:", "piiproxy/regexp2 baseline:",
		"time share per detector", "rule order-ref", "\n  email ", "\n  name "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if stderr.Len() > 0 {
		t.Errorf("a short run wrote progress: %q", stderr.String())
	}
	for _, f := range []string{"index.html", "throughput.svg", "detectors.svg"} {
		b, err := os.ReadFile(filepath.Join(rep, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "detectors.svg" && !bytes.Contains(b, []byte("rule order-ref")) {
			t.Errorf("%s lacks the custom rule", f)
		}
		if f == "throughput.svg" && runtime.GOMAXPROCS(0) > 1 && !bytes.Contains(b, []byte("goroutines")) {
			t.Errorf("%s lacks the all-cores run", f)
		}
	}
}

func TestBenchConfigErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--records", "10", "--duration", "1ms", "--config", filepath.Join(t.TempDir(), "missing.yaml")}, nil, &stdout, &stderr); code == 0 {
		t.Fatal("a missing --config file was accepted")
	}
	if !strings.Contains(stderr.String(), "missing.yaml") {
		t.Errorf("error does not name the file: %s", stderr.String())
	}
}

func TestBenchSharesOff(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--records", "50", "--duration", "1ms", "--shares=false"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if strings.Contains(stdout.String(), "time share") {
		t.Error("--shares=false still measured shares")
	}
}
