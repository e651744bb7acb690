package corpus

import (
	"strconv"
	"strings"
	"time"

	"github.com/piiproxy/piiproxy/redact"
)

// jsonLine writes a structured JSON log line in the style of zap, logrus or
// bunyan: personal data both in fields whose names say what they hold and
// inside free-text messages, next to near-miss fields.
func (g *gen) jsonLine(b *builder) {
	p := g.person()
	doc := obj{
		{"ts", b.near(g.now.Format("2006-01-02T15:04:05.000Z"))},
		{"level", g.pick([]string{"info", "info", "warn", "error", "debug"})},
		{"logger", g.pick(appLoggers)},
	}
	switch g.r.IntN(6) {
	case 0:
		doc = append(doc,
			kv{"msg", "request completed for " + b.label(redact.KindEmail, g.email(p))},
			kv{"client_ip", b.label(redact.KindIP, g.ip())},
			kv{"method", "POST"}, kv{"path", "/api/v1/checkout"}, kv{"status", 201},
			kv{"duration_ms", g.r.IntN(900)},
			kv{"user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " + b.near(g.chromeVersion()) + " Safari/537.36"},
			kv{"trace_id", b.near(g.hex(32))})
	case 1:
		doc = append(doc,
			kv{"msg", "payment failed for card " + b.label(redact.KindCard, g.card()) + ", order " + b.near(g.luhnInvalid())},
			kv{"customer", obj{
				{"name", b.label(redact.KindName, p.full())},
				{"email", b.label(redact.KindEmail, g.email(p))},
				{"phone", b.label(redact.KindPhone, g.phone())},
				{"iban", b.label(redact.KindIBAN, g.iban())},
			}},
			kv{"version", b.near(g.dottedVersion())},
			kv{"build", b.near(g.hex(40))},
			kv{"asset", b.near(g.asset())},
			kv{"cardholder_name", b.label(redact.KindName, strings.ToUpper(p.full()))})
	case 2:
		doc = append(doc,
			kv{"msg", "profile updated"},
			kv{"user_id", g.r.IntN(1000000)},
			kv{"first_name", b.label(redact.KindName, p.first)},
			kv{"last_name", b.label(redact.KindName, p.last)},
			kv{"changes", "phone " + b.label(redact.KindPhone, g.phone()) + ", email " + b.label(redact.KindEmail, g.email(p))},
			kv{"request_id", b.near(g.uuid())})
	case 3:
		doc = append(doc,
			kv{"msg", "outbound call"},
			kv{"url", "https://api.example.com/v1/accounts?api_key=" + b.label(redact.KindSecret, g.apiKey())},
			kv{"headers", obj{
				{"Authorization", "Bearer " + b.label(redact.KindSecret, g.jwt())},
				{"Accept", "application/json"},
			}},
			kv{"remote_addr", b.label(redact.KindIP, g.ipv4())},
			kv{"peer", "[" + b.label(redact.KindIP, g.ipv6()) + "]:" + strconv.Itoa(1024+g.r.IntN(64000))},
			kv{"dependency", b.near(g.npmPackage())},
			kv{"bytes", 100000 + g.r.IntN(900000)})
	case 4:
		doc = append(doc,
			kv{"msg", "refund to " + b.label(redact.KindIBAN, groupIBAN(g.iban())) + " failed, previous attempt with " + b.near(g.badIBAN())},
			kv{"error", "upstream " + b.near(g.javaObject()) + " timed out"},
			kv{"retry_at", b.near(g.now.Add(5 * time.Minute).Format(time.RFC3339))},
			kv{"invoice", b.near(g.digits(20))},
			kv{"supplier_vat", b.near(g.vatID())},
			kv{"created", b.near(g.unixTime())})
	default:
		doc = append(doc,
			kv{"msg", g.pick([]string{"note from support: ", "callback requested: "}) +
				b.label(redact.KindName, p.full()) + " asked to be called on " + b.label(redact.KindPhone, g.phone())},
			kv{"agent", b.near(g.capitalized())},
			kv{"attachment", b.near(g.fileName())},
			kv{"ssn", b.label(redact.KindSSN, g.ssn())},
			kv{"oid", b.near(g.oid())},
			kv{"image", b.near(g.imageDigest())},
			kv{"location", b.near(g.coordinates())})
	}
	b.s(string(appendJSON(nil, doc)))
}

// sentryEvent writes a Sentry event as the SDKs send it (the "event" item
// of an envelope, or the body of the store endpoint), compact.
func (g *gen) sentryEvent(b *builder) {
	p := g.person()
	email := g.email(p)
	ip := g.ip()
	event := obj{
		{"event_id", g.hex(32)},
		{"timestamp", b.near(g.now.Format("2006-01-02T15:04:05.000000Z"))},
		{"platform", g.pick([]string{"python", "javascript", "java", "go", "php"})},
		{"level", g.pick([]string{"error", "error", "warning", "fatal"})},
		{"logger", g.pick([]string{"django.request", "shop.billing", "celery.worker", "http"})},
		{"release", "webshop@" + b.near(g.dottedVersion())},
		{"environment", "production"},
		{"server_name", "web-" + strconv.Itoa(1+g.r.IntN(12))},
	}
	user := obj{{"id", strconv.Itoa(1000 + g.r.IntN(900000))}, {"email", b.label(redact.KindEmail, email)}, {"ip_address", b.label(redact.KindIP, ip)}}
	if g.chance(0.6) {
		user = append(user, kv{"username", b.label(redact.KindName, asciiFold(p.first)+"."+asciiFold(p.last))})
	}
	if g.chance(0.4) {
		user = append(user, kv{"name", b.label(redact.KindName, p.full())})
	}
	event = append(event, kv{"user", user})

	headers := obj{
		{"Cookie", "sessionid=" + b.label(redact.KindSecret, g.chars(32, alnum)) + "; csrftoken=" + b.label(redact.KindSecret, g.chars(32, alnum))},
		{"Authorization", "Bearer " + b.label(redact.KindSecret, g.jwt())},
		{"User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " + b.near(g.chromeVersion()) + " Safari/537.36"},
		{"X-Forwarded-For", b.label(redact.KindIP, ip) + ", " + b.label(redact.KindIP, g.ipv4())},
		{"Referer", "https://shop.example.com/static/" + b.near(g.asset())},
	}
	request := obj{
		{"url", "https://shop.example.com/account?email=" + b.label(redact.KindEmail, pct(email, false))},
		{"method", "POST"},
		{"query_string", "email=" + b.label(redact.KindEmail, pct(email, false)) + "&ref=" + b.near(g.hex(12))},
		{"headers", headers},
		{"env", obj{{"REMOTE_ADDR", b.label(redact.KindIP, ip)}, {"SERVER_PORT", "443"}}},
	}
	if g.chance(0.5) {
		request = append(request, kv{"data", obj{
			{"first_name", b.label(redact.KindName, p.first)},
			{"last_name", b.label(redact.KindName, p.last)},
			{"password", b.label(redact.KindSecret, g.password())},
			{"phone", b.label(redact.KindPhone, g.phone())},
		}})
	}
	event = append(event, kv{"request", request})

	var value string
	switch g.r.IntN(4) {
	case 0:
		value = "Customer " + b.label(redact.KindName, p.full()) + " (" + b.label(redact.KindEmail, email) + ") has invalid IBAN " + b.label(redact.KindIBAN, g.iban())
	case 1:
		value = "card " + b.label(redact.KindCard, g.card()) + " declined for order " + b.near(g.luhnInvalid())
	case 2:
		value = "duplicate key value violates unique constraint \"users_email_key\": Key (email)=(" + b.label(redact.KindEmail, email) + ") already exists."
	default:
		value = "could not send SMS to " + b.label(redact.KindPhone, g.phone()) + ": " + b.near(g.javaObject()) + " closed"
	}
	event = append(event, kv{"exception", obj{{"values", []obj{{
		{"type", g.pick([]string{"ValidationError", "IntegrityError", "PaymentError", "IOException"})},
		{"value", value},
		{"module", "shop.billing"},
		{"stacktrace", obj{{"frames", g.sentryFrames(b, email)}}},
	}}}}})

	event = append(event, kv{"breadcrumbs", obj{{"values", []obj{
		{{"timestamp", b.near(g.now.Add(-2 * time.Second).Format("2006-01-02T15:04:05.000000Z"))}, {"category", "query"}, {"message", "SELECT * FROM users WHERE email = '" + b.label(redact.KindEmail, email) + "'"}},
		{{"category", "http"}, {"data", obj{{"url", "/api/v1/sms?to=" + b.label(redact.KindPhone, pct(g.phoneE164(), false))}, {"status_code", 200}}}},
		{{"category", "navigation"}, {"data", obj{{"from", "/cart"}, {"to", "/checkout/" + b.near(g.uuid())}}}},
	}}}})

	event = append(event,
		kv{"extra", obj{
			{"phone", b.label(redact.KindPhone, g.phone())},
			{"note", "payout to " + b.label(redact.KindIBAN, groupIBAN(g.iban())) + " on hold"},
			{"sdk_bundle", b.near(g.npmPackage())},
			{"export", b.near(g.fileName())},
		}},
		kv{"tags", obj{{"browser", "Chrome"}, {"os", "Windows"}, {"build", b.near(g.hex(40))}}},
		kv{"contexts", obj{
			{"browser", obj{{"name", "Chrome"}, {"version", b.near(g.chromeVersion()[len("Chrome/"):])}}},
			{"os", obj{{"name", "Windows"}, {"version", "10"}}},
		}},
		kv{"sdk", obj{{"name", "sentry.python"}, {"version", "1.39.1"}}},
	)
	b.s(string(appendJSON(nil, event)))
}

// codeFrame is a line of application code as SDKs report it in a stack
// frame.
type codeFrame struct {
	file, module, function, line string
}

var codeFrames = []codeFrame{
	{"django/core/handlers/exception.py", "django.core.handlers.exception", "inner", "response = get_response(request)"},
	{"django/core/handlers/base.py", "django.core.handlers.base", "_get_response", "response = wrapped_callback(request, *callback_args, **callback_kwargs)"},
	{"django/views/generic/base.py", "django.views.generic.base", "view", "return self.dispatch(request, *args, **kwargs)"},
	{"rest_framework/views.py", "rest_framework.views", "dispatch", "response = handler(request, *args, **kwargs)"},
	{"shop/views.py", "shop.views", "checkout", "order = services.place_order(cart, payment=form.cleaned_data)"},
	{"shop/services.py", "shop.services", "place_order", "charge = billing.charge(order.total, customer.default_source)"},
	{"shop/billing.py", "shop.billing", "charge", "raise PaymentError(f\"card declined: {resp['decline_code']}\")"},
	{"shop/billing.py", "shop.billing", "validate_iban", "if not iban_is_valid(account.iban): raise ValidationError(msg)"},
	{"celery/app/trace.py", "celery.app.trace", "__protected_call__", "return self.run(*args, **kwargs)"},
	{"sqlalchemy/engine/base.py", "sqlalchemy.engine.base", "_execute_context", "self.dialect.do_execute(cursor, statement, parameters, context)"},
}

// sentryFrames returns a stack trace of 3 to 12 frames, innermost last, the
// last one with local variables holding the customer's address.
func (g *gen) sentryFrames(b *builder, email string) []obj {
	n := 3 + g.r.IntN(10)
	frames := make([]obj, 0, n)
	for i := range n {
		c := codeFrames[g.r.IntN(len(codeFrames))]
		f := obj{
			{"filename", c.file},
			{"abs_path", "/srv/app/.venv/lib/python3.12/site-packages/" + c.file},
			{"function", c.function},
			{"module", c.module},
			{"lineno", 10 + g.r.IntN(900)},
			{"pre_context", []string{"", "    @transaction.atomic", "    def " + c.function + "(self, *args, **kwargs):"}},
			{"context_line", "        " + c.line},
			{"post_context", []string{"", "        return result"}},
			{"in_app", i >= n-2},
		}
		if i == n-1 {
			f = append(f, kv{"vars", obj{
				{"order_id", b.near(g.luhnInvalid())},
				{"customer_email", b.label(redact.KindEmail, email)},
				{"retries", g.r.IntN(4)},
				{"self", "<shop.billing.BillingService object at 0x7f" + g.hex(10) + ">"},
			}})
		}
		frames = append(frames, f)
	}
	return frames
}

// rollbarItem writes a Rollbar item (the body of POST /api/1/item/),
// compact.
func (g *gen) rollbarItem(b *builder) {
	p := g.person()
	email := g.email(p)
	var body obj
	if g.chance(0.7) {
		body = obj{{"trace", obj{
			{"frames", []obj{{{"filename", "https://cdn.example.com/static/js/main." + g.hex(8) + ".js"}, {"lineno", 1}, {"colno", g.r.IntN(90000)}, {"method", "submitOrder"}}}},
			{"exception", obj{
				{"class", "TypeError"},
				{"message", "Cannot read properties of undefined (reading 'iban') for " + b.label(redact.KindEmail, email)},
				{"description", "checkout failed for " + b.label(redact.KindName, p.full()) + ", order " + b.near(g.luhnInvalid())},
			}},
		}}}
	} else {
		body = obj{{"message", obj{
			{"body", "Payment of " + strconv.Itoa(5+g.r.IntN(900)) + " EUR with card " + b.label(redact.KindCard, g.card()) + " failed, customer phone " + b.label(redact.KindPhone, g.phone())},
			{"order", b.near(g.digits(20))},
		}}}
	}
	item := obj{
		{"access_token", b.label(redact.KindSecret, g.hex(32))},
		{"data", obj{
			{"environment", "production"},
			{"level", g.pick([]string{"error", "critical", "warning"})},
			{"timestamp", g.now.Unix()},
			{"platform", "browser"},
			{"language", "javascript"},
			{"code_version", b.near(g.hex(40))},
			{"uuid", b.near(g.uuid())},
			{"body", body},
			{"person", obj{
				{"id", strconv.Itoa(1000 + g.r.IntN(900000))},
				{"username", b.label(redact.KindName, p.full())},
				{"email", b.label(redact.KindEmail, email)},
			}},
			{"request", obj{
				{"url", "https://shop.example.com/checkout?phone=" + b.label(redact.KindPhone, pct(g.phoneE164(), false))},
				{"method", "GET"},
				{"user_ip", b.label(redact.KindIP, g.ip())},
				{"headers", obj{
					{"Authorization", "Basic " + b.label(redact.KindSecret, g.chars(28, b64std)+"=")},
					{"Cookie", "_session=" + b.label(redact.KindSecret, g.chars(40, alnum))},
				}},
				{"GET", obj{{"ref", "newsletter"}, {"email", b.label(redact.KindEmail, email)}}},
			}},
			{"client", obj{{"javascript", obj{
				{"browser", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " + b.near(g.chromeVersion()) + " Safari/537.36"},
				{"source_map_enabled", true},
			}}}},
			{"custom", obj{
				{"note", "call " + b.label(redact.KindPhone, g.phone()) + " about IBAN " + b.label(redact.KindIBAN, groupIBAN(g.iban()))},
				{"asset", b.near(g.asset())},
				{"dep", b.near(g.npmPackage())},
				{"ssn_last_check", b.near(g.now.Format("2006-01-02"))},
			}},
			{"notifier", obj{{"name", "rollbar-browser-js"}, {"version", "2.26.2"}}},
		}},
	}
	b.s(string(appendJSON(nil, item)))
}
