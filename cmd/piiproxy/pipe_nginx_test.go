package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// findNginx returns the nginx binary, or skips the test. Where the
// environment says real components are required (CI installs nginx), a
// missing binary fails the test instead.
func findNginx(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("PIIPROXY_REAL_COMPONENTS") != "" {
		t.Fatal("nginx is required (PIIPROXY_REAL_COMPONENTS is set) but not installed")
	}
	t.Skip("nginx not installed (apt-get install nginx-light)")
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

const nginxConf = `
worker_processes 1;
user root root;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  log_format xff '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"';
  log_format json escape=json '{"time":"$time_iso8601","remote_addr":"$remote_addr","remote_user":"$remote_user","request":"$request","status":$status,"referer":"$http_referer","user_agent":"$http_user_agent","xff":"$http_x_forwarded_for"}';
  access_log %[1]s/access.log xff;
  access_log %[1]s/access.json json;
  server {
    listen 127.0.0.1:%[2]d;
    location / { return 200 "ok\n"; }
  }
}
`

// TestPipeRealNginxAccessLog starts nginx on loopback, sends requests full
// of personal data, and pipes the access logs nginx wrote (combined with
// X-Forwarded-For, and escape=json) through `piiproxy pipe`.
func TestPipeRealNginxAccessLog(t *testing.T) {
	bin := findNginx(t)
	dir := t.TempDir()
	port := freePort(t)
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(nginxConf, dir, port)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-p", dir, "-c", conf, "-g", "daemon off;")
	var nginxErr bytes.Buffer
	cmd.Stderr = &nginxErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: 2 * time.Second}
	var up bool
	for i := 0; i < 100 && !up; i++ {
		if resp, err := client.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			up = true
		} else {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !up {
		t.Fatalf("nginx did not come up: %s", nginxErr.String())
	}

	planted := []string{"jane.doe", "203.0.113.77", "2001:db8:beef::42", "hunter2", "jdoe", "4111111111111111", "DE89370400440532013000", "Smith"}
	reqs := []struct {
		path, user, xff, referer string
	}{
		{"/login?email=jane.doe%40example.com&password=hunter2", "jdoe", "203.0.113.77", "https://shop.example.com/cart?email=jane.doe@example.com"},
		{"/pay?card=4111111111111111&iban=DE89370400440532013000", "", "2001:db8:beef::42", "-"},
		{"/search?q=John+Smith&name=John%20Smith", "", "203.0.113.77, 10.0.0.1", ""},
		{"/static/app.8d1e0f4a.js?v=1.2.3.4.5", "", "", ""},
	}
	for _, r := range reqs {
		req, _ := http.NewRequest("GET", base+r.path, nil)
		if r.user != "" {
			req.SetBasicAuth(r.user, "pw")
		}
		if r.xff != "" {
			req.Header.Set("X-Forwarded-For", r.xff)
		}
		if r.referer != "" {
			req.Header.Set("Referer", r.referer)
		}
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.6099.109 Safari/537.36")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	combined := waitLines(t, filepath.Join(dir, "access.log"), len(reqs)+1)
	jsonLog := waitLines(t, filepath.Join(dir, "access.json"), len(reqs)+1)
	if !strings.Contains(combined, "jdoe") || !strings.Contains(combined, "203.0.113.77") {
		t.Fatalf("nginx did not log the planted values:\n%s", combined)
	}

	lineRe := regexp.MustCompile(`^\S+ - \S+ \[[^\]]+\] "[^"]*" \d{3} \d+ "[^"]*" "[^"]*" "[^"]*"$`)
	for name, in := range map[string]string{"combined": combined, "json": jsonLog} {
		out, errOut, code := runCmd(t, in, map[string]string{keyEnv: testKeyHex}, "pipe", "--stats")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errOut)
		}
		for _, p := range planted {
			if strings.Contains(out, p) {
				t.Errorf("%s: %q survived:\n%s", name, p, out)
			}
		}
		for _, keep := range []string{"Chrome/120.0.6099.109", "app.8d1e0f4a.js", "v=1.2.3.4.5", "127.0.0.1"} {
			if !strings.Contains(out, keep) {
				t.Errorf("%s: near-miss %q changed:\n%s", name, keep, out)
			}
		}
		outLines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(outLines) != strings.Count(in, "\n") {
			t.Fatalf("%s: %d lines in, %d out", name, strings.Count(in, "\n"), len(outLines))
		}
		for _, l := range outLines {
			if name == "combined" && !lineRe.MatchString(l) {
				t.Errorf("combined format broken: %s", l)
			}
			if name == "json" && !json.Valid([]byte(l)) {
				t.Errorf("JSON line broken: %s", l)
			}
		}
	}
}

// waitLines waits (bounded) until path holds at least n lines.
func waitLines(t *testing.T, path string, n int) string {
	t.Helper()
	for i := 0; i < 100; i++ {
		b, _ := os.ReadFile(path)
		if bytes.Count(b, []byte("\n")) >= n {
			return string(b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(path)
	t.Fatalf("%s: want %d lines, have:\n%s", path, n, b)
	return ""
}
