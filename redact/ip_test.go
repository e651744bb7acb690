package redact

import (
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
)

func TestMatchIPv4(t *testing.T) {
	tests := []struct {
		name string
		in   string
		at   int
		want string
	}{
		{"access log client", "203.0.113.9 - - [10/Oct/2000:13:55:36 -0700]", 0, "203.0.113.9"},
		{"with port", "192.0.2.1:8080", 0, "192.0.2.1"},
		{"zero octets", "10.0.0.0 x", 0, "10.0.0.0"},
		{"end of sentence", "192.0.2.1.", 0, "192.0.2.1"},
		// Near-misses.
		{"five groups", "1.2.3.4.5", 0, ""},
		{"octet too large", "256.1.1.1", 0, ""},
		{"leading zero", "01.02.03.04", 0, ""},
		{"three groups", "2024.01.15", 0, ""},
		{"chrome version", "Chrome/120.0.6099.109", 7, ""},
		{"reduced ua", "Chrome/120.0.0.0", 7, ""},
		{"oid", "1.3.6.1.4.1.311", 0, ""},
		{"followed by word", "1.2.3.4abc", 0, ""},
		{"range", "1.2.3.4-5", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, a := matchIPv4([]byte(tt.in), tt.at)
			got := ""
			if e > 0 {
				got = tt.in[tt.at:e]
				if a.String() != got {
					t.Errorf("addr %s != text %s", a, got)
				}
			}
			if got != tt.want {
				t.Errorf("matchIPv4(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMatchIPv6(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"compressed", "from 2001:db8::1 ok", "2001:db8::1"},
		{"full", "2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:0db8:0000:0000:0000:ff00:0042:8329"},
		{"mapped", "client ::ffff:192.0.2.1 x", "::ffff:192.0.2.1"},
		{"bracketed port", "[2001:db8::7]:443", "2001:db8::7"},
		{"zone", "fe80::1%eth0 up", "fe80::1%eth0"},
		{"trailing colon", "addr 2001:db8::1: refused", "2001:db8::1"},
		{"loopback", "::1", "::1"},
		{"port, no brackets", "haproxy[1]: 2001:db8::42:51234 [23/Nov", "2001:db8::42"},
		{"eight groups and a port", "c 2a02:8108:1234:5678:a1b2:c3d4:e5f6:789a:60123 x", "2a02:8108:1234:5678:a1b2:c3d4:e5f6:789a"},
		{"alb client", "app/lb/50dc 2001:db8:85a3::8a2e:370:7334:54321 10.0.0.1:80", "2001:db8:85a3::8a2e:370:7334"},
		{"short port reads as a group", "c 2a02:8108:1234:5678::1:443 x", "2a02:8108:1234:5678::1:443"},
		// Near-misses.
		{"counter and a port", "1:2:3:4:5:6:7:8:9", ""},
		{"hex only and a port", "a::b:12345", ""},
		{"time and a number", "12:34:56:78901", ""},
		{"port too long", "2001:db8::42:512345", ""},
		{"time", "13:55:36", ""},
		{"timestamp", "2000:13:55:36", ""},
		{"mac", "00:1a:2b:3c:4d:5e", ""},
		{"cpp scope", "std::vector", ""},
		{"ruby const", "Foo::Bar", ""},
		{"hex only", "a::b", ""},
		{"two doubles", "1::2::3", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.in)
			got := ""
			for i, c := range src {
				if c == ':' {
					if s, e, a := matchIPv6(src, i, 0); s >= 0 {
						got = string(src[s:e])
						if !a.IsValid() {
							t.Error("invalid addr")
						}
						break
					}
				}
			}
			if got != tt.want {
				t.Errorf("matchIPv6(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// matchIPv4 reads each octet as octet does: the same values and ends on
// random runs of digits and dots.
func TestMatchIPv4Octets(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	const alpha = "0123456789012345678901234567890123456789....25 x"
	for range 200000 {
		b := make([]byte, 1+r.IntN(20))
		for k := range b {
			b[k] = alpha[r.IntN(len(alpha))]
		}
		var oct [4]byte
		j := 0
		for k := 0; k < 4 && j >= 0; k++ {
			if k > 0 {
				if j >= len(b) || b[j] != '.' {
					j = -1
					break
				}
				j++
			}
			v, e := octet(b, j)
			if e >= 0 {
				oct[k] = byte(v)
			}
			j = e
		}
		e, a := matchIPv4(b, 0)
		switch {
		case j < 0 && e >= 0:
			t.Fatalf("matchIPv4(%q) = %d, but octet reads no address", b, e)
		case j >= 0 && e >= 0 && (e != j || a != netip.AddrFrom4(oct)):
			t.Fatalf("matchIPv4(%q) = %d, %v; octet reads %d, %v", b, e, a, j, netip.AddrFrom4(oct))
		case j >= 0:
			// Alone, the address has nothing after it to reject it for.
			if e, a := matchIPv4(b[:j], 0); e != j || a != netip.AddrFrom4(oct) {
				t.Fatalf("matchIPv4(%q) = %d, %v; octet reads %d, %v", b[:j], e, a, j, netip.AddrFrom4(oct))
			}
		}
	}
}

// An IPv4 address written with dashes in a host name (reverse DNS names of
// clients, cloud host names) is an address, and its stand-in is written
// the same way.
func TestDashedIPv4InHostNames(t *testing.T) {
	s := newTestScrubber(t, nil)
	for _, tt := range []struct {
		in         string
		gone, kept []string
	}{
		{"c-73-158-64-12.hsd1.ca.comcast.net - Jane", []string{"73-158-64-12"}, []string{"c-", ".hsd1.ca.comcast.net - "}},
		{"host dslb-088-074-123-045.pools.vodafone-ip.de x", []string{"088-074-123-045"}, []string{"host dslb-0", ".pools.vodafone-ip.de x"}},
		{"ip-10-0-1-23.ec2.internal", []string{"10-0-1-23"}, []string{"ip-", ".ec2.internal"}},
		{"ec2-54-12-34-56.compute-1.amazonaws.com", []string{"54-12-34-56"}, []string{"ec2-", ".compute-1.amazonaws.com"}},
		// Near-misses: file names, dates, versions, loopback.
		{"backup-10-0-0-1.tar.gz release-2026-11-23-1.tar.gz v-1-2-3-4 x-127-0-0-1.example.com a-300-1-2-3.example.com deploy-10-0-0-1.sh model-1-2-3-4.py", nil,
			[]string{"backup-10-0-0-1.tar.gz release-2026-11-23-1.tar.gz v-1-2-3-4 x-127-0-0-1.example.com a-300-1-2-3.example.com deploy-10-0-0-1.sh model-1-2-3-4.py"}},
	} {
		checkGoneKept(t, s, "dashed", tt.in, tt.gone, tt.kept)
	}
	out := string(s.NewSession().AppendText(nil, []byte("c-73-158-64-12.hsd1.ca.comcast.net")))
	dashed := strings.TrimSuffix(strings.TrimPrefix(out, "c-"), ".hsd1.ca.comcast.net")
	if _, err := netip.ParseAddr(strings.ReplaceAll(dashed, "-", ".")); err != nil {
		t.Errorf("stand-in %q is no dashed address", out)
	}
	dotted := string(s.NewSession().AppendText(nil, []byte("73.158.64.12")))
	if strings.ReplaceAll(dashed, "-", ".") != dotted {
		t.Errorf("dashed stand-in %q, dotted %q: not the same address", dashed, dotted)
	}
}
