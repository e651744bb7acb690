package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const rsyslogConf = `
global(workDirectory="%[1]s")
module(load="imudp")
module(load="omprog")
input(type="imudp" address="127.0.0.1" port="%[2]d")
template(name="line" type="string" string="%%TIMESTAMP:::date-rfc3339%% %%HOSTNAME%% %%syslogtag%%%%msg:::sp-if-no-1st-sp%%%%msg:::drop-last-lf%%\n")
action(type="omprog" binary="%[3]s pipe --key-file %[4]s" template="line" output="%[1]s/scrubbed.log")
`

// TestPipeRealRsyslog runs rsyslogd on loopback with the deploy/pipelines
// omprog setup: messages sent over UDP reach `piiproxy pipe`, and only its
// scrubbed output is written to disk.
func TestPipeRealRsyslog(t *testing.T) {
	rsyslogd, err := exec.LookPath("rsyslogd")
	if err != nil {
		if os.Getenv("PIIPROXY_REAL_COMPONENTS") != "" {
			t.Fatal("rsyslogd is required (PIIPROXY_REAL_COMPONENTS is set) but not installed")
		}
		t.Skip("rsyslogd not installed (apt-get install rsyslog)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "piiproxy")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte(testKeyHex), 0o600); err != nil {
		t.Fatal(err)
	}
	port := freeUDPPort(t)
	conf := filepath.Join(dir, "rsyslog.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(rsyslogConf, dir, port, bin, keyFile)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, rsyslogd, "-n", "-f", conf, "-i", filepath.Join(dir, "rsyslog.pid"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()

	conn, err := net.Dial("udp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	msgs := []string{
		"<134>Nov 23 10:00:00 web1 shop[42]: login ok for jane.doe@example.com from 203.0.113.5",
		"<134>Nov 23 10:00:01 web1 shop[42]: payment iban=DE89370400440532013000 password=hunter2",
		"<134>Nov 23 10:00:02 web1 shop[42]: cache warmed in 12ms, version 1.2.3.4.5",
	}
	out := filepath.Join(dir, "scrubbed.log")
	var got []byte
	// UDP may be dropped before rsyslogd listens: resend until the output
	// holds every message, a bounded number of times.
	all := func(s string) bool {
		return strings.Contains(s, "login ok") && strings.Contains(s, "payment") && strings.Contains(s, "1.2.3.4.5")
	}
	for i := 0; i < 60 && !all(string(got)); i++ {
		if i%10 == 0 {
			for _, m := range msgs {
				conn.Write([]byte(m))
			}
		}
		time.Sleep(100 * time.Millisecond)
		got, _ = os.ReadFile(out)
	}
	text := string(got)
	if !all(text) {
		t.Fatalf("not every message came out from rsyslog after 6s; stderr: %s\noutput: %q", stderr.String(), text)
	}
	for _, p := range []string{"jane.doe", "203.0.113.5", "DE89370400440532013000", "hunter2"} {
		if strings.Contains(text, p) {
			t.Errorf("%q reached the disk:\n%s", p, text)
		}
	}
	if !strings.Contains(text, "shop[42]: login ok for ") {
		t.Errorf("message format changed:\n%s", text)
	}
}

func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}
