package redact

import (
	"net/netip"
	"testing"
)

// Benchmarks of each stand-in on first sight (the caller caches them).
// Every iteration computes a stand-in from scratch: nothing here is cached.

var pseudoBenchSink []byte

func benchPseudonymizer(b *testing.B) (*Pseudonymizer, []byte) {
	b.Helper()
	p := newTestPseudonymizer(b, testKey)
	b.ReportAllocs()
	return p, make([]byte, 0, 256)
}

func BenchmarkAppendEmail(b *testing.B) {
	local, at, domain := []byte("jane.doe"), []byte("@"), []byte("Example.com")
	b.Run("same-domain", func(b *testing.B) {
		p, buf := benchPseudonymizer(b)
		for b.Loop() {
			buf = p.AppendEmail(buf[:0], local, at, domain, false)
		}
		pseudoBenchSink = buf
	})
	b.Run("alternating-domains", func(b *testing.B) {
		// Every call sees another domain than the one before: two HMACs.
		domains := [2][]byte{[]byte("example.com"), []byte("example.org")}
		p, buf := benchPseudonymizer(b)
		i := 0
		for b.Loop() {
			buf = p.AppendEmail(buf[:0], local, at, domains[i&1], false)
			i++
		}
		pseudoBenchSink = buf
	})
	b.Run("keep-domain", func(b *testing.B) {
		p, buf := benchPseudonymizer(b)
		for b.Loop() {
			buf = p.AppendEmail(buf[:0], local, at, domain, true)
		}
		pseudoBenchSink = buf
	})
}

func BenchmarkAppendIP(b *testing.B) {
	for _, tc := range []struct {
		name string
		addr string
		bits int
	}{
		{"ipv4", "198.51.100.7", 0},
		{"ipv4-keep16", "198.51.100.7", 16},
		{"ipv6", "2001:db8:85a3::8a2e:370:7334", 0},
		{"ipv6-keep64", "2001:db8:85a3::8a2e:370:7334", 64},
	} {
		addr := netip.MustParseAddr(tc.addr)
		b.Run(tc.name, func(b *testing.B) {
			p, buf := benchPseudonymizer(b)
			for b.Loop() {
				buf = p.AppendIP(buf[:0], addr, tc.bits)
			}
			pseudoBenchSink = buf
		})
	}
	// Every address new: in a network seen before (its /24 remembered) or
	// in a new network each time.
	for _, tc := range []struct {
		name string
		next func(n uint32) netip.Addr
	}{
		{"ipv4-same-net", func(n uint32) netip.Addr { return netip.AddrFrom4([4]byte{198, 51, 100, byte(n)}) }},
		{"ipv4-new-net", func(n uint32) netip.Addr {
			return netip.AddrFrom4([4]byte{byte(n >> 16), byte(n >> 8), byte(n), 7})
		}},
		{"ipv6-same-48", func(n uint32) netip.Addr {
			return netip.AddrFrom16([16]byte{0x2a, 0x02, 0x81, 0x08, 0x0f, 0xa3, byte(n >> 8), byte(n), 14: byte(n >> 8), 15: byte(n)})
		}},
		{"ipv6-new-net", func(n uint32) netip.Addr {
			return netip.AddrFrom16([16]byte{0x2a, byte(n >> 16), byte(n >> 8), byte(n), 15: 1})
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			p, buf := benchPseudonymizer(b)
			n := uint32(0)
			for b.Loop() {
				n++
				buf = p.AppendIP(buf[:0], tc.next(n), 0)
			}
			pseudoBenchSink = buf
		})
	}
}

func BenchmarkAppendIBAN(b *testing.B) {
	for _, tc := range []struct{ name, iban string }{
		{"DE-compact", "DE89370400440532013000"},
		{"GB-grouped", "GB29 NWBK 6016 1331 9268 19"},
	} {
		raw := []byte(tc.iban)
		b.Run(tc.name, func(b *testing.B) {
			p, buf := benchPseudonymizer(b)
			for b.Loop() {
				buf = p.AppendIBAN(buf[:0], raw)
			}
			pseudoBenchSink = buf
		})
	}
}

func BenchmarkAppendCard(b *testing.B) {
	raw := []byte("4111 1111 1111 1111")
	for _, keep4 := range []bool{false, true} {
		name := "full"
		if keep4 {
			name = "keepLast4"
		}
		b.Run(name, func(b *testing.B) {
			p, buf := benchPseudonymizer(b)
			for b.Loop() {
				buf = p.AppendCard(buf[:0], raw, keep4)
			}
			pseudoBenchSink = buf
		})
	}
}

func BenchmarkAppendPhone(b *testing.B) {
	raw := []byte("+49 (151) 234-5678")
	p, buf := benchPseudonymizer(b)
	for b.Loop() {
		buf = p.AppendPhone(buf[:0], raw, 2)
	}
	pseudoBenchSink = buf
}

func BenchmarkAppendName(b *testing.B) {
	for _, tc := range []struct{ name, raw string }{
		{"ascii", "Jane Doe"},
		{"accented", "María  García-Müller"},
	} {
		raw := []byte(tc.raw)
		b.Run(tc.name, func(b *testing.B) {
			p, buf := benchPseudonymizer(b)
			for b.Loop() {
				buf = p.AppendName(buf[:0], raw)
			}
			pseudoBenchSink = buf
		})
	}
}

func BenchmarkAppendToken(b *testing.B) {
	raw := []byte("session-3f9a2c71-0b4e-4d1a-9e55-1c2b3d4e5f60")
	p, buf := benchPseudonymizer(b)
	for b.Loop() {
		buf = p.AppendToken(buf[:0], KindCustom, raw)
	}
	pseudoBenchSink = buf
}

func BenchmarkClone(b *testing.B) {
	p := newTestPseudonymizer(b, testKey)
	b.ReportAllocs()
	for b.Loop() {
		benchCloneSink = p.Clone()
	}
}

var benchCloneSink *Pseudonymizer
