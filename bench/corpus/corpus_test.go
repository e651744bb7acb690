package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/piiproxy/piiproxy/redact"
)

func generate(t *testing.T, cfg Config) []Record {
	t.Helper()
	recs, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestGenerateDeterministic(t *testing.T) {
	a := generate(t, Config{Seed: 3, Records: 300})
	b := generate(t, Config{Seed: 3, Records: 300})
	c := generate(t, Config{Seed: 4, Records: 300})
	var ja, jb, jc bytes.Buffer
	for _, x := range []struct {
		r []Record
		w *bytes.Buffer
	}{{a, &ja}, {b, &jb}, {c, &jc}} {
		if err := WriteJSONL(x.w, x.r); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(ja.Bytes(), jb.Bytes()) {
		t.Error("equal seeds gave different corpora")
	}
	if bytes.Equal(ja.Bytes(), jc.Bytes()) {
		t.Error("different seeds gave the same corpus")
	}
}

// present reports whether v occurs in the record's text as written (JSON
// string content for the JSON formats).
func present(r Record, v string) bool {
	if strings.Contains(r.Text, v) {
		return true
	}
	return r.Format.IsJSON() && strings.Contains(r.Text, JSONEscape(v))
}

var (
	reIBANish  = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$`)
	reCardish  = regexp.MustCompile(`^[0-9]{13,19}$`)
	reNonDigit = regexp.MustCompile(`[^0-9]`)
)

// TestLabels checks every label of a large corpus against the text and
// against the rules that make a value real (mod-97, Luhn, address syntax),
// and every near-miss against the same rules in reverse.
func TestLabels(t *testing.T) {
	recs := generate(t, Config{Seed: 11, Records: 20000})
	kinds := map[redact.Kind]int{}
	formats := map[Format]int{}
	for i, r := range recs {
		formats[r.Format]++
		if r.Format.IsJSON() && !json.Valid([]byte(r.Text)) {
			t.Fatalf("record %d (%s) is not valid JSON: %s", i, r.Format, r.Text)
		}
		if strings.ContainsAny(r.Text, "\n\r") {
			t.Fatalf("record %d holds a line break", i)
		}
		for _, l := range r.PII {
			kinds[l.Kind]++
			if !present(r, l.Value) {
				t.Fatalf("record %d: %s %q not in text %s", i, l.Kind, l.Value, r.Text)
			}
			for _, k := range r.Keep {
				if strings.Contains(k, l.Value) || strings.Contains(l.Value, k) {
					t.Fatalf("record %d: near-miss %q overlaps %s %q", i, k, l.Kind, l.Value)
				}
			}
			dec, err := url.QueryUnescape(l.Value)
			if err != nil {
				dec = l.Value
			}
			switch l.Kind {
			case redact.KindIBAN:
				if c := strings.ReplaceAll(dec, " ", ""); !ValidIBAN(c) {
					t.Errorf("record %d: invalid IBAN label %q", i, l.Value)
				}
			case redact.KindCard:
				if c := reNonDigit.ReplaceAllString(dec, ""); !LuhnValid(c) || len(c) < 13 || len(c) > 19 {
					t.Errorf("record %d: invalid card label %q", i, l.Value)
				}
			case redact.KindIP:
				if _, err := netip.ParseAddr(dec); err != nil {
					t.Errorf("record %d: invalid IP label %q: %v", i, l.Value, err)
				}
			case redact.KindPhone:
				if n := len(reNonDigit.ReplaceAllString(dec, "")); n < 9 || n > 15 {
					t.Errorf("record %d: phone label %q has %d digits", i, l.Value, n)
				}
			case redact.KindEmail:
				local, domain, ok := strings.Cut(dec, "@")
				if !ok || local == "" || !strings.Contains(domain, ".") {
					t.Errorf("record %d: bad email label %q", i, l.Value)
				}
			}
		}
		for _, k := range r.Keep {
			if !present(r, k) {
				t.Fatalf("record %d: near-miss %q not in text %s", i, k, r.Text)
			}
			if reIBANish.MatchString(k) && ValidIBAN(k) {
				t.Errorf("record %d: near-miss %q is a valid IBAN", i, k)
			}
			if reCardish.MatchString(k) && LuhnValid(k) && len(k) <= 16 {
				t.Errorf("record %d: near-miss %q passes Luhn", i, k)
			}
			if _, err := netip.ParseAddr(k); err == nil {
				t.Errorf("record %d: near-miss %q is an IP address", i, k)
			}
		}
	}
	for _, k := range []redact.Kind{redact.KindEmail, redact.KindIP, redact.KindIBAN, redact.KindCard, redact.KindPhone, redact.KindSecret, redact.KindSSN, redact.KindName} {
		if kinds[k] < 200 {
			t.Errorf("only %d %s labels in 20000 records", kinds[k], k)
		}
	}
	for _, f := range Formats() {
		if formats[f] < 1000 {
			t.Errorf("only %d %s records in 20000", formats[f], f)
		}
	}
}

// TestVariety checks that the forms the corpus promises all occur.
func TestVariety(t *testing.T) {
	recs := generate(t, Config{Seed: 5, Records: 20000})
	want := map[string]func(r Record, l Label) bool{
		"ipv4": func(r Record, l Label) bool { a, err := netip.ParseAddr(l.Value); return err == nil && a.Is4() },
		"compressed ipv6": func(r Record, l Label) bool {
			return l.Kind == redact.KindIP && strings.Contains(l.Value, "::") && !strings.Contains(l.Value, ".")
		},
		"ipv4-mapped ipv6": func(r Record, l Label) bool { return strings.HasPrefix(l.Value, "::ffff:") },
		"bracketed ipv6": func(r Record, l Label) bool {
			return l.Kind == redact.KindIP && strings.Contains(r.Text, "["+l.Value+"]:")
		},
		"grouped iban": func(r Record, l Label) bool { return l.Kind == redact.KindIBAN && strings.Contains(l.Value, " ") },
		"grouped card": func(r Record, l Label) bool { return l.Kind == redact.KindCard && strings.ContainsAny(l.Value, " -") },
		"amex": func(r Record, l Label) bool {
			return l.Kind == redact.KindCard && (strings.HasPrefix(l.Value, "34") || strings.HasPrefix(l.Value, "37"))
		},
		"e164 phone": func(r Record, l Label) bool {
			return l.Kind == redact.KindPhone && regexp.MustCompile(`^\+[0-9]{9,15}$`).MatchString(l.Value)
		},
		"national phone": func(r Record, l Label) bool { return l.Kind == redact.KindPhone && strings.HasPrefix(l.Value, "0") },
		"us phone":       func(r Record, l Label) bool { return l.Kind == redact.KindPhone && strings.HasPrefix(l.Value, "(") },
		"plus-tag email": func(r Record, l Label) bool { return l.Kind == redact.KindEmail && strings.Contains(l.Value, "+") },
		"co.uk email": func(r Record, l Label) bool {
			return l.Kind == redact.KindEmail && strings.HasSuffix(l.Value, ".co.uk")
		},
		"mixed-case email": func(r Record, l Label) bool { return l.Kind == redact.KindEmail && strings.ToLower(l.Value) != l.Value },
		"percent email":    func(r Record, l Label) bool { return l.Kind == redact.KindEmail && strings.Contains(l.Value, "%40") },
		"accented name": func(r Record, l Label) bool {
			return l.Kind == redact.KindName && strings.ContainsAny(l.Value, "éèüöäåøñçłś")
		},
		"apostrophe name": func(r Record, l Label) bool { return l.Kind == redact.KindName && strings.Contains(l.Value, "'") },
		"hyphenated name": func(r Record, l Label) bool { return l.Kind == redact.KindName && strings.Contains(l.Value, "-") },
		"percent name":    func(r Record, l Label) bool { return l.Kind == redact.KindName && strings.Contains(l.Value, "%20") },
		"jwt":             func(r Record, l Label) bool { return l.Kind == redact.KindSecret && strings.HasPrefix(l.Value, "eyJ") },
		"ssn":             func(r Record, l Label) bool { return l.Kind == redact.KindSSN },
	}
	keeps := []string{"1.2.3.4.5", "logo@2x.png", "lodash@4.17.21", "java.lang.Object@", "git@github:", "Chrome/", "std::vector", "May Release"}
	seen := map[string]bool{}
	for _, r := range recs {
		for _, l := range r.PII {
			for name, f := range want {
				if !seen[name] && f(r, l) {
					seen[name] = true
				}
			}
		}
		for _, k := range r.Keep {
			for _, w := range keeps {
				if strings.Contains(k, w) {
					seen[w] = true
				}
			}
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("no %s in 20000 records", name)
		}
	}
	for _, w := range keeps {
		if !seen[w] {
			t.Errorf("no near-miss %q in 20000 records", w)
		}
	}
}

func TestGenerateSizeAndMix(t *testing.T) {
	recs := generate(t, Config{Seed: 1, Bytes: 200000, Mix: Mix{FormatApp: 1}})
	var size int64
	longest := 0
	for _, r := range recs {
		if r.Format != FormatApp {
			t.Fatalf("mix app only gave a %s record", r.Format)
		}
		size += int64(len(r.Text)) + 1
		longest = max(longest, len(r.Text)+1)
	}
	if size < 200000 || size >= 200000+int64(longest) {
		t.Errorf("generated %d bytes for a 200000-byte target (longest record %d)", size, longest)
	}
	if n := len(generate(t, Config{Seed: 1, Records: 17, Bytes: 1 << 30})); n != 17 {
		t.Errorf("Records 17 gave %d records", n)
	}
	if n := len(generate(t, Config{})); n != DefaultRecords {
		t.Errorf("zero Config gave %d records, want %d", n, DefaultRecords)
	}
	if _, err := Generate(Config{Mix: Mix{FormatApp: 0}}); !errors.Is(err, ErrBadMix) {
		t.Errorf("zero-weight mix: err = %v, want ErrBadMix", err)
	}
	if _, err := Generate(Config{Mix: Mix{"syslog": 1}}); err == nil {
		t.Error("unknown format in mix: no error")
	}
	if _, err := Generate(Config{Mix: Mix{FormatApp: 1, FormatJSON: -1}}); err == nil {
		t.Error("negative weight in mix: no error")
	}
}

func TestParseMix(t *testing.T) {
	tests := []struct {
		in      string
		want    Mix
		wantErr bool
	}{
		{"access", Mix{FormatAccess: 1}, false},
		{"access=3, app=2,json", Mix{FormatAccess: 3, FormatApp: 2, FormatJSON: 1}, false},
		{"SENTRY=1,rollbar=0", Mix{FormatSentry: 1, FormatRollbar: 0}, false},
		{"", nil, true},
		{"access=x", nil, true},
		{"access=-1", nil, true},
		{"syslog", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseMix(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseMix(%q) error %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseMix(%q) = %v, want %v", tt.in, got, tt.want)
		}
		for f, w := range tt.want {
			if got[f] != w {
				t.Errorf("ParseMix(%q)[%s] = %d, want %d", tt.in, f, got[f], w)
			}
		}
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	recs := generate(t, Config{Seed: 9, Records: 500})
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, recs); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"kind":"email"`)) {
		t.Errorf("kinds are not written by name: %.200s", buf.String())
	}
	got, err := ReadJSONL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(recs) {
		t.Fatalf("read %d records, wrote %d", len(got), len(recs))
	}
	for i := range recs {
		a, b := recs[i], got[i]
		if a.Text != b.Text || a.Format != b.Format || len(a.PII) != len(b.PII) || len(a.Keep) != len(b.Keep) {
			t.Fatalf("record %d changed in the round trip:\n%+v\n%+v", i, a, b)
		}
		for j := range a.PII {
			if a.PII[j] != b.PII[j] {
				t.Fatalf("record %d label %d: %+v != %+v", i, j, a.PII[j], b.PII[j])
			}
		}
	}
}

func TestReadJSONLErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"not json", "{\"text\":\"a\",\"format\":\"app\"}\nnope\n"},
		{"no format", `{"text":"a"}`},
		{"unknown format", `{"text":"a","format":"syslog"}`},
		{"unknown kind", `{"text":"a","format":"app","pii":[{"kind":"passport","value":"x"}]}`},
	}
	for _, tt := range tests {
		if _, err := ReadJSONL(strings.NewReader(tt.in)); !errors.Is(err, ErrBadRecord) {
			t.Errorf("%s: err = %v, want ErrBadRecord", tt.name, err)
		}
	}
	recs, err := ReadJSONL(strings.NewReader("\n{\"text\":\"a\",\"format\":\"app\",\"pii\":[],\"keep\":[]}\n\n"))
	if err != nil || len(recs) != 1 {
		t.Errorf("blank lines: %d records, err %v", len(recs), err)
	}
}

func TestValidIBAN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// Examples from the SWIFT IBAN registry.
		{"DE89370400440532013000", true},
		{"GB29NWBK60161331926819", true},
		{"FR1420041010050500013M02606", true},
		{"NL91ABNA0417164300", true},
		{"BE68539007547034", true},
		{"IT60X0542811101000000123456", true},
		// Near-misses.
		{"DE88370400440532013000", false},  // wrong check digits
		{"DE8937040044053201300", false},   // one short
		{"XX89370400440532013000", false},  // unknown country
		{"GB29NWBK601613319268190", false}, // one long
	}
	for _, tt := range tests {
		if got := ValidIBAN(tt.in); got != tt.want {
			t.Errorf("ValidIBAN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// Lengths from the SWIFT IBAN registry.
	for cc, n := range map[string]int{"DE": 22, "FR": 27, "GB": 22, "NL": 18, "BE": 16, "MT": 31, "NO": 15, "BR": 29, "HU": 28, "PL": 28, "PT": 25, "SE": 24, "CH": 21} {
		if got := 4 + bbanLen(ibanFormatOf(cc).bban); got != n {
			t.Errorf("%s: IBAN length %d, registry says %d", cc, got, n)
		}
	}
	for _, cc := range ibanCommon {
		ibanFormatOf(cc) // panics when missing
	}
	for _, f := range ibanFormats {
		if n := 4 + bbanLen(f.bban); n < 15 || n > 32 {
			t.Errorf("%s: IBAN length %d out of range", f.country, n)
		}
	}
}

func TestLuhn(t *testing.T) {
	for _, n := range []string{"4111111111111111", "5500005555555559", "378282246310005", "6011111111111117", "3530111333300000"} {
		if !LuhnValid(n) {
			t.Errorf("LuhnValid(%q) = false", n)
		}
	}
	for _, n := range []string{"4111111111111112", "1234567812345678", "0"} {
		if LuhnValid(n) {
			t.Errorf("LuhnValid(%q) = true", n)
		}
	}
}

func TestAsciiFold(t *testing.T) {
	tests := map[string]string{"Müller": "muller", "O'Brien": "obrien", "Groß": "gross", "Søren": "soren", "Łukasz": "lukasz", "Jean-Pierre": "jean-pierre", "de la Fuente": "delafuente"}
	for in, want := range tests {
		if got := asciiFold(in); got != want {
			t.Errorf("asciiFold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameParts(t *testing.T) {
	tests := map[string][]string{
		"Pieter de Vries":     {"Pieter", "Vries"},
		"Hans-Peter Müller":   {"Hans-Peter", "Müller"},
		"Seán O'Brien":        {"Seán", "O'Brien"},
		"Åsa Öberg":           {"Åsa", "Öberg"},
		"Ole Bos":             {"Ole", "Bos"},
		"jane.doe":            nil,
		"Jane%20de%20Vries":   {"Jane", "Vries"},
		"%C3%85sa+%C3%96berg": {"%C3%85sa", "%C3%96berg"},
	}
	for in, want := range tests {
		got := NameParts(in)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("NameParts(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzGenerate checks, for any seed and mix, that records are single lines,
// JSON records are valid JSON, and every label and near-miss occurs in its
// record.
func FuzzGenerate(f *testing.F) {
	f.Add(uint64(0), uint8(0))
	f.Add(uint64(42), uint8(31))
	f.Add(uint64(1<<63), uint8(4))
	f.Fuzz(func(t *testing.T, seed uint64, mask uint8) {
		mix := Mix{}
		for i, fm := range Formats() {
			if mask&(1<<i) != 0 {
				mix[fm] = 1 + i
			}
		}
		recs, err := Generate(Config{Seed: seed, Records: 40, Mix: mix})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range recs {
			if strings.ContainsAny(r.Text, "\n\r") {
				t.Fatalf("record %d holds a line break", i)
			}
			if r.Format.IsJSON() && !json.Valid([]byte(r.Text)) {
				t.Fatalf("record %d is not valid JSON: %s", i, r.Text)
			}
			for _, l := range r.PII {
				if !present(r, l.Value) {
					t.Fatalf("record %d: %s %q not in %s", i, l.Kind, l.Value, r.Text)
				}
			}
			for _, k := range r.Keep {
				if !present(r, k) {
					t.Fatalf("record %d: near-miss %q not in %s", i, k, r.Text)
				}
			}
		}
	})
}
