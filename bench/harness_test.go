package bench

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/piiproxy/piiproxy/bench/corpus"
	"github.com/piiproxy/piiproxy/redact"
)

// identity leaves every line as it is.
type identity struct{}

func (identity) AppendLine(dst, src []byte) []byte { return append(dst, src...) }

// blank drops every line.
type blank struct{}

func (blank) AppendLine(dst, _ []byte) []byte { return dst }

// oracle replaces exactly the labelled values of the corpus it was built
// from, longest first, and nothing else.
type oracle struct{ r *strings.Replacer }

func newOracle(recs []corpus.Record) oracle {
	kinds := map[string]redact.Kind{}
	for _, r := range recs {
		for _, l := range r.PII {
			kinds[l.Value] = l.Kind
			kinds[corpus.JSONEscape(l.Value)] = l.Kind
		}
	}
	values := slices.Collect(maps.Keys(kinds))
	// strings.Replacer tries pairs in argument order at each position.
	slices.SortFunc(values, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	pairs := make([]string, 0, 2*len(values))
	for _, v := range values {
		pairs = append(pairs, v, "<"+kinds[v].String()+">")
	}
	return oracle{strings.NewReplacer(pairs...)}
}

func (o oracle) AppendLine(dst, src []byte) []byte {
	return append(dst, o.r.Replace(string(src))...)
}

func testCorpus(t *testing.T, n int) []corpus.Record {
	t.Helper()
	recs, err := corpus.Generate(corpus.Config{Seed: 7, Records: n})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestAccuracyIdentityRemovesNothing(t *testing.T) {
	recs := testCorpus(t, 2000)
	rep := Accuracy(identity{}, recs, AccuracyOptions{})
	for _, k := range reportKinds {
		s := rep.Recall[k]
		if s.Total == 0 {
			t.Errorf("%s: no labelled values in 2000 records", k)
		}
		if s.Good != 0 {
			t.Errorf("%s: identity scrubber scored %d removals", k, s.Good)
		}
		if len(s.Misses) != 10 {
			t.Errorf("%s: kept %d misses, want 10", k, len(s.Misses))
		}
	}
	if rep.Kept.Total == 0 || rep.Kept.Good != rep.Kept.Total {
		t.Errorf("identity scrubber kept %d of %d near-misses, want all", rep.Kept.Good, rep.Kept.Total)
	}
	if rep.Idempotent.Good != 2000 || rep.ValidJSON.Total == 0 || rep.ValidJSON.Good != rep.ValidJSON.Total {
		t.Errorf("identity scrubber: idempotent %d/2000, valid JSON %d/%d", rep.Idempotent.Good, rep.ValidJSON.Good, rep.ValidJSON.Total)
	}
}

// counter appends a count of its calls, so its output changes every time.
type counter struct{ n int }

func (c *counter) AppendLine(dst, src []byte) []byte {
	c.n++
	return append(append(dst, src...), byte('0'+c.n%10))
}

func TestAccuracyIdempotenceAndJSONValidity(t *testing.T) {
	recs := testCorpus(t, 300)
	rep := Accuracy(&counter{}, recs, AccuracyOptions{MaxMisses: 3})
	if rep.Idempotent.Good != 0 || rep.Idempotent.Total != 300 {
		t.Errorf("changing scrubber: idempotent %d of %d", rep.Idempotent.Good, rep.Idempotent.Total)
	}
	if rep.ValidJSON.Total == 0 || rep.ValidJSON.Good != 0 {
		t.Errorf("trailing digit after a JSON document: %d of %d still valid", rep.ValidJSON.Good, rep.ValidJSON.Total)
	}
	var b strings.Builder
	if err := rep.WriteMisses(&b, 3); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"output not valid JSON:", "not idempotent"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("misses lack %q:\n%s", want, b.String())
		}
	}
}

func TestAccuracyBlankRemovesEverything(t *testing.T) {
	recs := testCorpus(t, 500)
	rep := Accuracy(blank{}, recs, AccuracyOptions{MaxMisses: -1})
	for _, k := range reportKinds {
		if s := rep.Recall[k]; s.Good != s.Total {
			t.Errorf("%s: blank scrubber removed %d of %d", k, s.Good, s.Total)
		}
	}
	if rep.Kept.Good != 0 {
		t.Errorf("blank scrubber kept %d near-misses", rep.Kept.Good)
	}
	if len(rep.Kept.Misses) != 0 {
		t.Errorf("MaxMisses -1 kept %d misses", len(rep.Kept.Misses))
	}
}

// TestAccuracyOracle checks that replacing exactly the labelled values
// scores perfectly on both counts: the labels cover what the harness looks
// for, and no near-miss overlaps a label.
func TestAccuracyOracle(t *testing.T) {
	recs := testCorpus(t, 3000)
	rep := Accuracy(newOracle(recs), recs, AccuracyOptions{})
	for _, k := range reportKinds {
		if s := &rep.Recall[k]; s.Good != s.Total {
			t.Errorf("%s: oracle removed %d of %d:\n%s", k, s.Good, s.Total, missList(s.Misses))
		}
	}
	if rep.Kept.Good != rep.Kept.Total {
		t.Errorf("oracle kept %d of %d near-misses:\n%s", rep.Kept.Good, rep.Kept.Total, missList(rep.Kept.Misses))
	}
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"email", "100.00%", "near-misses kept", "recall by format:", "sentry"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

func TestPresentAndLeaked(t *testing.T) {
	tests := []struct {
		name   string
		out    string
		label  corpus.Label
		isJSON bool
		leaked bool
	}{
		// Verbatim and escaped forms.
		{"verbatim", "mail jane@example.com", corpus.Label{Kind: redact.KindEmail, Value: "jane@example.com"}, false, true},
		{"absent", "mail x@y.invalid", corpus.Label{Kind: redact.KindEmail, Value: "jane@example.com"}, false, false},
		{"json quote escaped", `{"m":"key \"a\" here"}`, corpus.Label{Kind: redact.KindSecret, Value: `key "a" here`}, true, true},
		{"json quote escaped, text record", `{"m":"key \"a\" here"}`, corpus.Label{Kind: redact.KindSecret, Value: `key "a" here`}, false, false},
		{"json unicode escaped", `{"n":"Fran\u00e7ois Lef\u00e8vre"}`, corpus.Label{Kind: redact.KindName, Value: "François Lefèvre"}, true, true},
		{"json unicode escaped upper", `{"n":"Fran\u00E7ois"}`, corpus.Label{Kind: redact.KindName, Value: "François"}, true, true},
		{"json html escaped", `{"n":"a\u003cb"}`, corpus.Label{Kind: redact.KindSecret, Value: "a<b"}, true, true},
		// Names leak by any whole word.
		{"surname left", "Customer Name-1a2b3c Lefèvre updated", corpus.Label{Kind: redact.KindName, Value: "François Lefèvre"}, false, true},
		{"given name left", "Customer François Name-1a2b3c", corpus.Label{Kind: redact.KindName, Value: "François Lefèvre"}, false, true},
		{"word inside another word", "Customer Name-1a2b3c logged in to Janssen-Portal", corpus.Label{Kind: redact.KindName, Value: "Jan Smit"}, false, false},
		{"particle not counted", "Klant Name-1a2b3c de boer", corpus.Label{Kind: redact.KindName, Value: "Pieter de Vries"}, false, false},
		{"hyphenated kept whole", "by Name-1a2b3c", corpus.Label{Kind: redact.KindName, Value: "Hans-Peter Müller"}, false, false},
		// IP addresses count only as whole addresses.
		{"ip verbatim", "from 10.1.2.3 ok", corpus.Label{Kind: redact.KindIP, Value: "10.1.2.3"}, false, true},
		{"ip with port", "peer 10.1.2.3:8443", corpus.Label{Kind: redact.KindIP, Value: "10.1.2.3"}, false, true},
		{"ip in a longer stand-in", "from 110.1.2.34 ok", corpus.Label{Kind: redact.KindIP, Value: "10.1.2.3"}, false, false},
		{"ip followed by an octet", "from 10.1.2.3.7", corpus.Label{Kind: redact.KindIP, Value: "10.1.2.3"}, false, false},
		{"ipv6 bracketed", "[2001:db8::1]:8443", corpus.Label{Kind: redact.KindIP, Value: "2001:db8::1"}, false, true},
		{"ipv6 in a longer stand-in", "2001:db8::1f:7 x", corpus.Label{Kind: redact.KindIP, Value: "2001:db8::1"}, false, false},
		{"ipv6 continued", "2001:db8::1:ab", corpus.Label{Kind: redact.KindIP, Value: "2001:db8::1"}, false, false},
		{"ip second occurrence", "110.1.2.34 and 10.1.2.3", corpus.Label{Kind: redact.KindIP, Value: "10.1.2.3"}, false, true},
		{"not a name: parts ignored", "user jane logged in", corpus.Label{Kind: redact.KindEmail, Value: "Jane.Smith@example.com"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Leaked(tt.out, tt.label, tt.isJSON); got != tt.leaked {
				t.Errorf("Leaked(%q, %q) = %v, want %v", tt.out, tt.label.Value, got, tt.leaked)
			}
		})
	}
}

func TestAccuracyFoundFromSession(t *testing.T) {
	sc, err := redact.New(redact.DefaultConfig([]byte(strings.Repeat("k", redact.MinKeyLen))))
	if err != nil {
		t.Fatal(err)
	}
	recs := testCorpus(t, 50)
	rep := Accuracy(sc.NewSession(), recs, AccuracyOptions{})
	if rep.Found.Records != 50 {
		t.Errorf("session counted %d records, want 50", rep.Found.Records)
	}
}

func TestRegexpBaseline(t *testing.T) {
	b := NewRegexpBaseline()
	in := "login jane.doe@example.com from 203.0.113.9 password=hunter2 Authorization: Bearer abc.def"
	got := string(b.AppendLine([]byte("> "), []byte(in)))
	want := "> login [email] from [ip] password=[secret] Authorization: Bearer [secret]"
	if got != want {
		t.Errorf("baseline:\n got %q\nwant %q", got, want)
	}
	for _, ip := range []string{"2001:db8::1", "::ffff:192.0.2.1", "fe80::1ff:fe23:4567:890a", "2a01:e0a:2b1:4f40:9c3d:7e1a:50b2:11c4", "[2001:db8::7]:8443"} {
		if got := string(b.AppendLine(nil, []byte("from "+ip+" ok"))); got != "from [ip] ok" && got != "from [[ip]]:8443 ok" {
			t.Errorf("baseline on %s: %q", ip, got)
		}
	}
	// The baseline is naive: it takes an order id for a card number.
	if got := string(b.AppendLine(nil, []byte("order 4532015112830368"))); got != "order [card]" {
		t.Errorf("baseline on an order id: %q", got)
	}
}

func TestRunThroughput(t *testing.T) {
	lines := corpus.Texts(testCorpus(t, 200))
	res := RunThroughput(identity{}, lines, ThroughputOptions{MinRounds: 3, MinDuration: 1})
	if res.Rounds < 3 {
		t.Errorf("rounds %d, want at least 3", res.Rounds)
	}
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	if res.Records != int64(res.Rounds)*200 || res.Bytes != int64(res.Rounds)*size || res.OutBytes != res.Bytes {
		t.Errorf("counts: %+v (corpus %d bytes)", res, size)
	}
	if res.MBPerSec() <= 0 || res.RecordsPerSec() <= 0 || res.NsPerRecord() <= 0 {
		t.Errorf("rates not positive: %+v", res)
	}
	if res.P50 <= 0 || res.P99 < res.P50 || res.Max < res.P99 {
		t.Errorf("latencies out of order: p50 %v p99 %v max %v", res.P50, res.P99, res.Max)
	}
	if empty := RunThroughput(identity{}, nil, ThroughputOptions{}); empty.Rounds != 0 || empty.MBPerSec() != 0 {
		t.Errorf("empty corpus: %+v", empty)
	}
}

// missList formats up to 10 misses for a test failure message.
func missList(ms []Miss) string {
	var b strings.Builder
	writeMisses(&b, "first misses", ms, 10)
	return b.String()
}

func TestRunThroughputParallel(t *testing.T) {
	lines := corpus.Texts(testCorpus(t, 100))
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	res := RunThroughputParallel(func() LineScrubber { return identity{} }, lines, 3, ThroughputOptions{MinRounds: 2, MinDuration: 1})
	if res.Workers != 3 || res.Rounds < 2 {
		t.Errorf("workers %d rounds %d", res.Workers, res.Rounds)
	}
	if res.Bytes%size != 0 || res.Bytes < 6*size || res.Records != res.Bytes/size*100 || res.OutBytes != res.Bytes {
		t.Errorf("counts: %+v (corpus %d bytes)", res, size)
	}
}

func TestPeakRSS(t *testing.T) {
	n, ok := PeakRSS()
	if !ok {
		t.Skip("no /proc/self/status here")
	}
	if n < 1<<20 {
		t.Errorf("peak RSS %d bytes, implausibly small", n)
	}
}

func TestShapeValid(t *testing.T) {
	tests := []struct {
		kind redact.Kind
		rep  string
		want bool
	}{
		// Shapes kept.
		{redact.KindEmail, "k3j2@x7f2.invalid", true},
		{redact.KindEmail, "k3j2%40x7f2.invalid", true},
		{redact.KindIP, "203.0.113.7", true},
		{redact.KindIP, "2001:db8::9", true},
		{redact.KindIBAN, "DE89370400440532013000", true},
		{redact.KindIBAN, "DE89 3704 0044 0532 0130 00", true},
		{redact.KindCard, "4111 1111 1111 1111", true},
		{redact.KindPhone, "+33 6 12 34 56 78", true},
		{redact.KindPhone, "%2B33612345678", true},
		{redact.KindSSN, "123-45-6789", true},
		{redact.KindName, "Ørjan Vik", true},
		{redact.KindSecret, "anything", true},
		// Shapes lost.
		{redact.KindEmail, "email-k3j2", false},
		{redact.KindEmail, "a@b@c.d", false},
		{redact.KindEmail, "a@invalid", false},
		{redact.KindIP, "ip-7f3a", false},
		{redact.KindIP, "1.2.3.4.5", false},
		{redact.KindIBAN, "DE88370400440532013000", false},
		{redact.KindCard, "4111111111111112", false},
		{redact.KindCard, "41111111", false},
		{redact.KindPhone, "phone-k6fuypgvjd", false},
		{redact.KindSSN, "123456789", false},
		{redact.KindName, "", false},
	}
	for _, tt := range tests {
		if got := ShapeValid(tt.kind, []byte(tt.rep)); got != tt.want {
			t.Errorf("ShapeValid(%s, %q) = %v, want %v", tt.kind, tt.rep, got, tt.want)
		}
	}
	for _, rep := range []string{"[email]", "[redacted]", "****@example.com", "4111 **** **** 1111"} {
		if !IsLabelOrMask([]byte(rep)) {
			t.Errorf("IsLabelOrMask(%q) = false", rep)
		}
	}
	if IsLabelOrMask([]byte("jane@x.invalid")) {
		t.Error("IsLabelOrMask took a stand-in for a label")
	}
}

func TestAccuracyShapeFromSession(t *testing.T) {
	sc, err := redact.New(redact.DefaultConfig([]byte(strings.Repeat("k", redact.MinKeyLen))))
	if err != nil {
		t.Fatal(err)
	}
	recs := testCorpus(t, 300)
	rep := Accuracy(sc.NewSession(), recs, AccuracyOptions{})
	checked := 0
	for _, k := range reportKinds {
		checked += rep.Shape[k].Total
		if !ShapeChecked(k) && rep.Shape[k].Total != 0 {
			t.Errorf("%s: %d stand-ins checked for a kind without a shape rule", k, rep.Shape[k].Total)
		}
	}
	if checked == 0 {
		t.Error("no stand-in was checked: findings are not reported")
	}
	if rep.Shape[redact.KindSecret].Total != 0 {
		t.Error("secret labels were shape-checked")
	}
}
