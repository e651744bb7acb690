package corpus

import (
	"net/url"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"github.com/piiproxy/piiproxy/redact"
)

// phoneRegions maps calling codes to the region used to parse national
// forms of the generator's countries.
var phoneRegions = map[string]string{"33": "FR", "49": "DE", "44": "GB", "34": "ES", "39": "IT", "31": "NL", "32": "BE", "1": "US"}

// TestPhonesAreValid checks every generated phone against libphonenumber's
// metadata: international forms must be valid numbers, and national forms
// valid in at least one of the generator's countries.
func TestPhonesAreValid(t *testing.T) {
	recs := generate(t, Config{Seed: 13, Records: 10000})
	n := 0
	for i, r := range recs {
		for _, l := range r.PII {
			if l.Kind != redact.KindPhone {
				continue
			}
			v, err := url.QueryUnescape(l.Value)
			if err != nil {
				t.Fatalf("record %d: %q: %v", i, l.Value, err)
			}
			n++
			if strings.HasPrefix(v, "+") {
				num, err := phonenumbers.Parse(v, "")
				if err != nil || !phonenumbers.IsValidNumber(num) {
					t.Errorf("record %d: %q is not a valid international number (%v)", i, v, err)
				}
				continue
			}
			valid := false
			for _, region := range phoneRegions {
				num, err := phonenumbers.Parse(v, region)
				if err == nil && phonenumbers.IsValidNumberForRegion(num, region) {
					valid = true
					break
				}
			}
			if !valid {
				t.Errorf("record %d: national %q is valid in none of %v", i, v, phoneRegions)
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d phones in 10000 records", n)
	}
}
