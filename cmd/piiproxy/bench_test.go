package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piiproxy/piiproxy/bench/corpus"
)

func TestBenchGenWritesLabelledCorpus(t *testing.T) {
	out := filepath.Join(t.TempDir(), "c.jsonl")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "gen", "--format", "access=1,sentry=1", "--records", "40", "--seed", "3", "--out", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := corpus.ReadJSONL(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 40 {
		t.Fatalf("wrote %d records, want 40", len(recs))
	}
	for _, r := range recs {
		if r.Format != corpus.FormatAccess && r.Format != corpus.FormatSentry {
			t.Errorf("format %s not in the mix", r.Format)
		}
	}
	stdout.Reset()
	if code := run([]string{"bench", "gen", "--records", "7", "--text"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("--text exit %d: %s", code, stderr.String())
	}
	if n := strings.Count(stdout.String(), "\n"); n != 7 || strings.Contains(stdout.String(), `"pii"`) {
		t.Errorf("--text wrote %d lines, labels present: %.200s", n, stdout.String())
	}
}

func TestBenchReportsThroughputAndAccuracy(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--records", "300", "--duration", "1ms", "--parallel", "2"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"300 generated records", "MB/s", "records/s", "allocs/record", "p99", "piiproxy x2:", "recall", "near-misses kept"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestBenchPlainCorpus(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "access.log")
	if err := os.WriteFile(plain, []byte("203.0.113.9 - - [23/Nov/2026:06:25:02 +0000] \"GET / HTTP/1.1\" 200 12\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--corpus", plain, "--duration", "1ms"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"1 records (plain lines)", "findings per kind:", "MB/s"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	if code := run([]string{"bench", "--corpus", filepath.Join(dir, "missing")}, nil, &stdout, &stderr); code != 1 {
		t.Errorf("missing corpus: exit %d, want 1", code)
	}
}

func TestBenchMethodFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--records", "50", "--duration", "1ms", "--method", "redact"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "method: redact for every kind") {
		t.Errorf("output does not name the method:\n%s", stdout.String())
	}
	if code := run([]string{"bench", "--method", "shred"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("unknown method: exit %d, want 2", code)
	}
}

func TestBenchCPUProfile(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "cpu.pprof")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--records", "50", "--duration", "20ms", "--cpuprofile", prof}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 {
		t.Errorf("no profile written: %v", err)
	}
}
