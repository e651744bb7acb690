package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func runCmd(t *testing.T, stdin string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), code
}

func TestPipeOneLinePerLine(t *testing.T) {
	in := "a jane@example.com\n\n{\"email\":\"x@y.com\"}\r\nlast 198.51.100.7"
	out, errOut, code := runCmd(t, in, map[string]string{keyEnv: testKeyHex}, "pipe")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(out, "\n") != strings.Count(in, "\n") || strings.HasSuffix(out, "\n") {
		t.Fatalf("line structure changed:\n%q", out)
	}
	if !strings.Contains(out, "\r\n") {
		t.Errorf("CRLF not kept: %q", out)
	}
	for _, s := range []string{"jane@example.com", "x@y.com"} {
		if strings.Contains(out, s) {
			t.Errorf("%s survived: %q", s, out)
		}
	}
	if errOut != "" {
		t.Errorf("unexpected stderr with a key: %q", errOut)
	}
}

func TestPipeDeterministicWithKey(t *testing.T) {
	in := "jane@example.com 203.0.113.9\n"
	a, _, _ := runCmd(t, in, map[string]string{keyEnv: testKeyHex}, "pipe")
	b, _, _ := runCmd(t, in, map[string]string{keyEnv: testKeyHex}, "pipe")
	if a != b {
		t.Fatalf("same key, different output: %q %q", a, b)
	}
}

func TestPipeRandomKeyWarns(t *testing.T) {
	_, errOut, code := runCmd(t, "x\n", map[string]string{keyEnv: ""}, "pipe")
	if code != 0 || !strings.Contains(errOut, "random key") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestPipeBadKey(t *testing.T) {
	_, errOut, code := runCmd(t, "x\n", map[string]string{keyEnv: "tooshort"}, "pipe")
	if code != 2 || !strings.Contains(errOut, "at least 32 bytes") || strings.Contains(errOut, "tooshort") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestPipeKeyFile(t *testing.T) {
	dir := t.TempDir()
	kf := filepath.Join(dir, "key")
	if err := os.WriteFile(kf, []byte(testKeyHex+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, errOut, code := runCmd(t, "jane@example.com\n", map[string]string{keyEnv: ""}, "pipe", "--key-file", kf)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	b, _, _ := runCmd(t, "jane@example.com\n", map[string]string{keyEnv: testKeyHex}, "pipe")
	if a != b {
		t.Fatalf("key file and env disagree: %q %q", a, b)
	}
}

func TestPipeErrors(t *testing.T) {
	env := map[string]string{keyEnv: testKeyHex}
	if _, _, code := runCmd(t, "", env, "pipe", "--nope"); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
	if _, _, code := runCmd(t, "", env, "pipe", "--format", "xml"); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
	_, errOut, code := runCmd(t, "", env, "pipe", filepath.Join(t.TempDir(), "missing.log"))
	if code != 1 || !strings.Contains(errOut, "missing.log") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
	if _, _, code := runCmd(t, "", env, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

func TestPipeFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.log")
	b := filepath.Join(dir, "b.log")
	os.WriteFile(a, []byte("one jane@example.com\n"), 0o644)
	os.WriteFile(b, []byte("two 203.0.113.9\n"), 0o644)
	out, _, code := runCmd(t, "ignored\n", map[string]string{keyEnv: testKeyHex}, "pipe", a, b)
	if code != 0 || !strings.HasPrefix(out, "one ") || !strings.Contains(out, "\ntwo ") || strings.Contains(out, "ignored") {
		t.Fatalf("exit %d: %q", code, out)
	}
}

func TestPipeLongLine(t *testing.T) {
	// A line far over --max-line, with addresses throughout, is scrubbed in
	// pieces and still comes out as one line.
	var b strings.Builder
	for b.Len() < 300_000 {
		b.WriteString("user jane.doe@example.com paid with ")
	}
	in := b.String() + "\nnext line\n"
	out, errOut, code := runCmd(t, in, map[string]string{keyEnv: testKeyHex}, "pipe", "--max-line", "4096", "--stats")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "jane.doe") {
		t.Fatal("address survived in a long line")
	}
	if lines := strings.Split(out, "\n"); len(lines) != 3 || lines[1] != "next line" {
		t.Fatalf("line structure changed: %d lines", len(lines))
	}
	if !strings.Contains(errOut, "long_lines=1") {
		t.Errorf("stats: %q", errOut)
	}
}

func TestPipeStats(t *testing.T) {
	_, errOut, _ := runCmd(t, "jane@example.com 203.0.113.9\n", map[string]string{keyEnv: testKeyHex}, "pipe", "--stats")
	if !strings.Contains(errOut, "email=1") || !strings.Contains(errOut, "records=1") || strings.Contains(errOut, "jane") {
		t.Fatalf("stats: %q", errOut)
	}
}

func TestPipeConfig(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("kinds:\n  email:\n    method: redact\n"), 0o644)
	out, errOut, code := runCmd(t, "mail jane@example.com\n", map[string]string{keyEnv: testKeyHex}, "pipe", "--config", good)
	if code != 0 || out != "mail [email]\n" {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("kinds:\n  email:\n    method: obliterate\n"), 0o644)
	out, errOut, code = runCmd(t, "mail jane@example.com\n", map[string]string{keyEnv: testKeyHex}, "pipe", "--config", bad)
	if code != 2 || out != "" || !strings.Contains(errOut, "bad.yaml") || !strings.Contains(errOut, ":3") {
		t.Fatalf("invalid config: exit %d, out %q, err %q", code, out, errOut)
	}
}

func TestPipeLongLineKeepsValuesWhole(t *testing.T) {
	for _, v := range []string{"+33 6 12 34 56 78", "DE89 3704 0044 0532 0130 00", "4111 1111 1111 1111", "Jane Smith"} {
		in := strings.Repeat("x", 4080) + " was seen " + v + " tail\n"
		out, errOut, code := runCmd(t, in, map[string]string{keyEnv: testKeyHex}, "pipe", "--max-line", "4096")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if strings.Contains(out, v) || strings.Contains(out, v[len(v)-5:]+" tail") {
			t.Errorf("%q survived a --max-line cut: …%s", v, out[len(out)-60:])
		}
	}
}

// The parallel pipe gives the same output as the sequential one, in order,
// across batch boundaries, long lines, a private key and a last line
// without a newline.
func TestPipeParallelMatchesSequential(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*batchSize; i++ {
		fmt.Fprintf(&b, "%d user%d@example.com from 203.0.113.%d {\"n\":%d}\n", i, i, i%250, i)
		if i == 5000 {
			b.WriteString(strings.Repeat("long jane@example.com ", 500) + "\n")
			b.WriteString("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nZm9vYmFy\n-----END RSA PRIVATE KEY-----\n")
		}
	}
	b.WriteString("last 198.51.100.1")
	in := b.String()
	env := map[string]string{keyEnv: testKeyHex}
	seq, _, code1 := runCmd(t, in, env, "pipe", "--max-line", "4096")
	par, errOut, code2 := runCmd(t, in, env, "pipe", "--max-line", "4096", "--workers", "3", "--stats")
	if code1 != 0 || code2 != 0 {
		t.Fatalf("exit %d/%d: %s", code1, code2, errOut)
	}
	if seq != par {
		sl, pl := strings.Split(seq, "\n"), strings.Split(par, "\n")
		for i := range sl {
			if i >= len(pl) || sl[i] != pl[i] {
				t.Fatalf("line %d differs:\nseq %.200s\npar %.200s", i+1, sl[i], pl[min(i, len(pl)-1)])
			}
		}
		t.Fatalf("outputs differ in length: %d vs %d", len(seq), len(par))
	}
	if strings.Contains(par, "MIIEow") || !strings.Contains(errOut, "long_lines=1") {
		t.Fatalf("key body or stats wrong: %s", errOut)
	}
}
