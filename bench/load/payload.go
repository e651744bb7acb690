package load

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
)

// DefaultEventSize is the default size of a generated event payload.
const DefaultEventSize = 4 << 10

// SentryKey is the public key of the DSN in generated envelopes and of the
// X-Sentry-Auth header sent with them.
const SentryKey = "e12d836b15bb49d7bbf99e64295d995b"

// SentryAuth is the X-Sentry-Auth header value sent with envelopes.
const SentryAuth = "Sentry sentry_version=7, sentry_client=sentry.go/0.50.0, sentry_key=" + SentryKey

// RollbarToken is the access token sent with Rollbar items.
const RollbarToken = "a1b2c3d4e5f60718293a4b5c6d7e8f90"

// person is the personal data planted in one generated payload.
type person struct {
	first, last, email, ip, phone, card, iban, token string
}

var (
	firstNames = []string{"Jane", "Marie", "Lukas", "Sofia", "Pierre", "Anna", "Jonas", "Elena", "Tomasz", "Ingrid"}
	lastNames  = []string{"Doe", "Dubois", "Müller", "García", "Rossi", "Jansen", "Kowalski", "Andersson", "Silva", "Peeters"}
	ibans      = []string{"DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819", "NL91ABNA0417164300", "ES9121000418450200051332"}
	cards      = []string{"4111 1111 1111 1111", "5555555555554444", "3782 822463 10005", "6011111111111117", "4012888888881881"}
)

func newPerson(rng *rand.Rand) person {
	f, l := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
	return person{
		first: f, last: l,
		email: fmt.Sprintf("%s.%s%d@example.com", lower(f), lower(l), rng.IntN(1000)),
		ip:    fmt.Sprintf("203.0.%d.%d", rng.IntN(256), 1+rng.IntN(254)),
		phone: fmt.Sprintf("+49 30 %07d", rng.IntN(10000000)),
		card:  cards[rng.IntN(len(cards))],
		iban:  ibans[rng.IntN(len(ibans))],
		token: fmt.Sprintf("eyJhbGciOiJIUzI1NiJ9.%016x.%016x", rng.Uint64(), rng.Uint64()),
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// padBreadcrumbs adds breadcrumbs to ev (under key, with make) until its
// JSON form reaches about size bytes.
func padBreadcrumbs(ev map[string]any, key string, size int, crumb func(i int) any) []byte {
	var crumbs []any
	for i := 0; ; i++ {
		b, _ := json.Marshal(ev)
		if len(b) >= size-120 || i > 100000 {
			return b
		}
		crumbs = append(crumbs, crumb(i))
		ev[key] = crumbs
	}
}

// SentryEnvelope returns a Sentry envelope (envelope header, item header,
// event payload, as SDKs send it to /api/<project>/envelope/) whose event
// is about size bytes of JSON: a user, a request with headers and a query
// string, an exception with a stack trace, breadcrumbs, with personal data
// (email, IP, name, phone, card, IBAN, bearer token) in several places.
// The same rng state gives the same envelope.
func SentryEnvelope(rng *rand.Rand, size int) []byte {
	p := newPerson(rng)
	id := fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())
	ev := map[string]any{
		"event_id":    id,
		"timestamp":   "2026-11-23T10:00:00Z",
		"platform":    "go",
		"level":       "error",
		"release":     "shop@1.2.3",
		"environment": "production",
		"server_name": "web-1",
		"user":        map[string]any{"id": "u-" + strconv.Itoa(rng.IntN(100000)), "email": p.email, "ip_address": p.ip, "username": lower(p.first) + strconv.Itoa(rng.IntN(100))},
		"request": map[string]any{
			"url": "https://shop.example.org/checkout?step=2&email=" + p.email, "method": "POST",
			"headers": map[string]string{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.6099.109", "Accept": "application/json",
				"Cookie": "sid=" + p.token, "Authorization": "Bearer " + p.token},
			"data": map[string]any{"name": p.first + " " + p.last, "phone": p.phone, "iban": p.iban},
		},
		"exception": map[string]any{"values": []any{map[string]any{
			"type":  "*errors.errorString",
			"value": fmt.Sprintf("payment failed for %s %s <%s>: card %s declined, IBAN %s, call %s", p.first, p.last, p.email, p.card, p.iban, p.phone),
			"stacktrace": map[string]any{"frames": []any{
				map[string]any{"function": "charge", "module": "shop/payments", "abs_path": "/srv/shop/payments/charge.go", "lineno": 88, "in_app": true,
					"context_line": "\treturn fmt.Errorf(\"payment failed for %s: %w\", user.Email, err)"},
				map[string]any{"function": "ServeHTTP", "module": "shop/http", "abs_path": "/srv/shop/http/handler.go", "lineno": 120, "in_app": true},
			}},
		}}},
		"tags":     map[string]string{"plan": "pro", "region": "eu-central-1", "order": "ORD-" + strconv.Itoa(rng.IntN(1e8))},
		"contexts": map[string]any{"os": map[string]any{"name": "Linux", "version": "6.1.0"}, "runtime": map[string]any{"name": "go", "version": "go1.26.8"}},
	}
	payload := padBreadcrumbs(ev, "breadcrumbs", size, func(i int) any {
		if i%4 == 3 {
			return map[string]any{"category": "log", "level": "info", "timestamp": "2026-11-23T09:59:59Z",
				"message": fmt.Sprintf("user %s signed in from %s", p.email, p.ip)}
		}
		return map[string]any{"category": "http", "type": "http", "timestamp": "2026-11-23T09:59:59Z",
			"data": map[string]any{"url": fmt.Sprintf("/api/cart/items/%d", i), "method": "GET", "status_code": 200}}
	})
	hdr := fmt.Sprintf(`{"event_id":%q,"sent_at":"2026-11-23T10:00:00.5Z","dsn":"http://%s@127.0.0.1/42","sdk":{"name":"sentry.go","version":"0.50.0"}}`, id, SentryKey)
	item := fmt.Sprintf(`{"type":"event","length":%d,"content_type":"application/json"}`, len(payload))
	out := make([]byte, 0, len(hdr)+len(item)+len(payload)+3)
	out = append(out, hdr...)
	out = append(out, '\n')
	out = append(out, item...)
	out = append(out, '\n')
	out = append(out, payload...)
	return append(out, '\n')
}

// RollbarItem returns a Rollbar item (the JSON body of POST /api/1/item/)
// of about size bytes: a person, a request with the user's IP and headers,
// an exception trace and custom data, with personal data in several places.
func RollbarItem(rng *rand.Rand, size int) []byte {
	p := newPerson(rng)
	data := map[string]any{
		"environment": "production",
		"level":       "error",
		"timestamp":   1795424400,
		"platform":    "linux",
		"language":    "python",
		"framework":   "django",
		"uuid":        fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()),
		"person":      map[string]any{"id": strconv.Itoa(rng.IntN(100000)), "username": lower(p.first), "email": p.email},
		"request": map[string]any{
			"url": "https://shop.example.org/account?email=" + p.email, "method": "POST", "user_ip": p.ip,
			"headers": map[string]string{"Authorization": "Bearer " + p.token, "User-Agent": "Mozilla/5.0"},
			"POST":    map[string]any{"name": p.first + " " + p.last, "phone": p.phone, "iban": p.iban, "password": "hunter2!" + strconv.Itoa(rng.IntN(100))},
		},
		"body": map[string]any{"trace": map[string]any{
			"frames": []any{
				map[string]any{"filename": "/srv/shop/payments.py", "lineno": 88, "method": "charge", "code": "raise PaymentError(user.email)"},
				map[string]any{"filename": "/srv/shop/views.py", "lineno": 41, "method": "checkout"},
			},
			"exception": map[string]any{"class": "PaymentError",
				"message": fmt.Sprintf("card %s declined for %s %s (%s), IBAN %s", p.card, p.first, p.last, p.email, p.iban)},
		}},
		"server": map[string]any{"host": "web-1", "root": "/srv/shop", "branch": "main"},
	}
	item := map[string]any{"access_token": RollbarToken, "data": data}
	_ = padBreadcrumbs(data, "custom_log", size, func(i int) any {
		if i%4 == 3 {
			return fmt.Sprintf("INFO login ok user=%s ip=%s", p.email, p.ip)
		}
		return fmt.Sprintf("DEBUG GET /api/cart/items/%d 200 12ms", i)
	})
	b, _ := json.Marshal(item)
	return b
}
