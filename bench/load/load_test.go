package load

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

func TestSentryEnvelopeFormat(t *testing.T) {
	for _, size := range []int{1 << 10, 4 << 10, 32 << 10} {
		env := SentryEnvelope(rand.New(rand.NewPCG(1, 1)), size)
		hdr, rest, ok := bytes.Cut(env, []byte("\n"))
		item, rest2, ok2 := bytes.Cut(rest, []byte("\n"))
		if !ok || !ok2 {
			t.Fatalf("size %d: not three lines", size)
		}
		var h struct {
			DSN     string `json:"dsn"`
			EventID string `json:"event_id"`
		}
		var ih struct {
			Type   string
			Length int
		}
		if err := json.Unmarshal(hdr, &h); err != nil || h.EventID == "" || h.DSN == "" {
			t.Fatalf("envelope header %s: %v", hdr, err)
		}
		if err := json.Unmarshal(item, &ih); err != nil || ih.Type != "event" {
			t.Fatalf("item header %s: %v", item, err)
		}
		payload := rest2[:ih.Length]
		if !json.Valid(payload) || string(rest2[ih.Length:]) != "\n" {
			t.Fatalf("size %d: payload is not %d bytes of JSON and a newline", size, ih.Length)
		}
		if n := len(payload); n < size*8/10 || n > size*12/10+512 {
			t.Errorf("payload of %d bytes for size %d", n, size)
		}
		if !bytes.Contains(payload, []byte("@example.com")) || !bytes.Contains(payload, []byte("203.0.")) {
			t.Error("no planted personal data")
		}
	}
}

func TestRollbarItemFormat(t *testing.T) {
	b := RollbarItem(rand.New(rand.NewPCG(1, 2)), 4<<10)
	var item struct {
		AccessToken string `json:"access_token"`
		Data        struct {
			Person struct{ Email string }
			Body   struct{ Trace map[string]any }
		}
	}
	if err := json.Unmarshal(b, &item); err != nil {
		t.Fatal(err)
	}
	if item.AccessToken != RollbarToken || item.Data.Person.Email == "" || item.Data.Body.Trace == nil {
		t.Errorf("item lacks token, person or trace: %.300s", b)
	}
	if len(b) < 3<<10 || len(b) > 6<<10 {
		t.Errorf("item of %d bytes for 4 KB", len(b))
	}
}

func TestRunThroughPassthrough(t *testing.T) {
	sink, err := StartSink()
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	pt, err := StartPassthrough(sink.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer pt.Close()
	reqs := []Request{SentryRequests(4, 2<<10, 1), RollbarRequests(4, 2<<10, 1)}
	res, err := Run(context.Background(), Options{URL: pt.URL, Requests: reqs, Concurrency: 4, Count: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 100 || res.Failed != 0 || sink.Requests() != 100 {
		t.Fatalf("%d ok, %d failed (%s), sink saw %d; want 100", res.Requests, res.Failed, res.FirstError, sink.Requests())
	}
	if len(res.Latencies) != 100 || res.Percentile(50) <= 0 || res.Percentile(100) < res.Percentile(99) || res.PerSec() <= 0 {
		t.Errorf("latencies: %d, p50 %v p99 %v max %v", len(res.Latencies), res.Percentile(50), res.Percentile(99), res.Percentile(100))
	}
	if sink.Bytes() != res.Bytes {
		t.Errorf("sink got %d body bytes, %d sent", sink.Bytes(), res.Bytes)
	}
}

func TestRunAtRate(t *testing.T) {
	sink, err := StartSink()
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	res, err := Run(context.Background(), Options{URL: sink.URL, Requests: []Request{SentryRequests(1, 1<<10, 1)}, Concurrency: 4, Count: 30, Rate: 200})
	if err != nil {
		t.Fatal(err)
	}
	// 30 requests at 200/s: the last is due after 145ms.
	if res.Requests != 30 || res.Elapsed < 140*time.Millisecond {
		t.Errorf("%d requests in %v at 200/s", res.Requests, res.Elapsed)
	}
}

func TestRunFailures(t *testing.T) {
	if _, err := Run(context.Background(), Options{URL: "http://127.0.0.1:1", Requests: []Request{SentryRequests(1, 512, 1)}}); err == nil {
		t.Error("a run without duration or count was accepted")
	}
	sink, err := StartSink()
	if err != nil {
		t.Fatal(err)
	}
	addr := sink.URL
	sink.Close()
	res, err := Run(context.Background(), Options{URL: addr, Requests: []Request{SentryRequests(1, 512, 1)}, Concurrency: 2, Count: 4, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 4 || res.Requests != 0 || res.FirstError == "" {
		t.Errorf("against a closed port: %d ok, %d failed, error %q", res.Requests, res.Failed, res.FirstError)
	}
}

func TestResultMerge(t *testing.T) {
	a := &Result{Requests: 2, Bytes: 10, Elapsed: time.Second, Latencies: []time.Duration{1, 5}}
	b := &Result{Requests: 1, Failed: 1, FirstError: "x", Bytes: 5, Elapsed: time.Second, Latencies: []time.Duration{3}}
	a.Merge(b)
	if a.Requests != 3 || a.Failed != 1 || a.FirstError != "x" || a.PerSec() != 1.5 || a.Percentile(50) != 3 || a.Percentile(100) != 5 {
		t.Errorf("merged %+v", a)
	}
}
