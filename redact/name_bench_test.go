package redact

import "testing"

// nameBenchText is log text as the name matcher meets it: mostly
// capitalized words that are not names (levels, HTTP, products, sentence
// starts, German nouns), a few names.
const nameBenchText = `2026-11-23T10:22:33.123Z INFO Server Started on port 8080 (Go 1.26, Linux amd64)
2026-11-23T10:22:34.001Z WARN Connection Refused by upstream Redis at 10.0.0.12:6379, Will Retry in 5s
2026-11-23T10:22:35.417Z ERROR Failed Payment for order 88231: Card Declined (Chase Bank), customer John Smith
192.168.1.20 - - [23/Nov/2026:10:22:36 +0000] "GET /api/v1/users/42/profile HTTP/1.1" 200 512 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
2026-11-23T10:22:37.900Z DEBUG Request Completed: Method=POST Path=/checkout Status=201 Duration=35ms User-Agent=PostmanRuntime/7.36
Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()" at com.example.OrderService.process(OrderService.java:42)
2026-11-23T10:22:38.120Z INFO Bestellung von Jürgen Müller wurde an den Versanddienst übergeben; Der Server hat die Verbindung getrennt
2026-11-23T10:22:39.555Z INFO Commande de Mme Lefèvre expédiée. Le Serveur est Disponible. Apple Pay Session Expired
2026-11-23T10:22:40.000Z WARN Max Retries Exceeded for Kafka Consumer Group Orders (Topic Payments, Partition 3)
Dear Olivia, Your Order Has Shipped. Tracking Number 1Z999AA10123456784. Thank You For Shopping With Us
`

var nameSink int

func BenchmarkNameMatch(b *testing.B) {
	m := newNameMatcher(NameConfig{FreeText: true})
	src := []byte(nameBenchText)
	if n := findNamesCount(m, src); n < 4 {
		b.Fatalf("found %d names in the benchmark text, want at least 4", n)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		nameSink += findNamesCount(m, src)
	}
}

// BenchmarkNameMatchMiss measures the common case: a capitalized word that
// is not a name.
func BenchmarkNameMatchMiss(b *testing.B) {
	m := newNameMatcher(NameConfig{FreeText: true})
	src := []byte("Connection ")
	b.ReportAllocs()
	for b.Loop() {
		s, _ := m.match(src, 0)
		nameSink += s
	}
}

func BenchmarkNewNameMatcher(b *testing.B) {
	builtinNameWords()
	cfg := NameConfig{FreeText: true, ExtraFirst: []string{"Zorblax"}}
	b.ReportAllocs()
	for b.Loop() {
		nameSink += len(newNameMatcher(cfg).words)
	}
}
