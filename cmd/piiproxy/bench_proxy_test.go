package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piiproxy/piiproxy/bench/load"
)

func TestBenchProxyComparesWithPassthrough(t *testing.T) {
	rep := filepath.Join(t.TempDir(), "r")
	var stdout, stderr bytes.Buffer
	args := []string{"bench", "proxy", "--requests", "200", "--duration", "0", "--concurrency", "4", "--size", "2048", "--warmup", "0", "--rounds", "3", "--report", rep}
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	out := stdout.String()
	for _, want := range []string{"pass-through:", "piiproxy:", "200 ok, 0 failed", "piiproxy/pass-through:", "p99", "events/s", "(rounds: "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"index.html", "throughput.svg", "latency.svg"} {
		if _, err := os.Stat(filepath.Join(rep, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestBenchProxyTarget(t *testing.T) {
	sink, err := load.StartSink()
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "proxy", "--target", sink.URL, "--requests", "20", "--duration", "0", "--warmup", "0", "--mix", "rollbar"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if sink.Requests() != 20 || strings.Contains(stdout.String(), "pass-through") {
		t.Errorf("target got %d requests, want 20 and no pass-through run:\n%s", sink.Requests(), stdout.String())
	}
}

func TestBenchProxyFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--duration", "0"},
		{"--concurrency", "0"},
		{"--mix", "syslog"},
		{"--target", "ftp://x"},
		{"--size", "10"},
		{"--rounds", "0"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"bench", "proxy"}, args...), nil, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
