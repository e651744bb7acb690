package corpus

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/piiproxy/piiproxy/redact"
)

var (
	appLevels  = []string{"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"}
	appLoggers = []string{"auth", "billing", "payments", "crm", "notify", "orders", "http", "db", "worker", "support", "kyc", "mail"}
)

// appPrefix writes the timestamp, level and logger of a free-text line in
// one of three common layouts (Go/zap console, Python logging, Spring
// Boot). The timestamp is a near-miss.
func (g *gen) appPrefix(b *builder) {
	level := g.pick(appLevels)
	logger := g.pick(appLoggers)
	switch g.r.IntN(3) {
	case 0:
		b.k(g.now.Format("2006-01-02T15:04:05.000Z"))
		b.s(fmt.Sprintf(" %-5s [%s] ", level, logger))
	case 1:
		b.k(g.now.Format("2006-01-02 15:04:05,000"))
		b.s(" ", level, " shop.", logger, ": ")
	default:
		b.k(g.now.Format("2006-01-02 15:04:05.000"))
		b.s(fmt.Sprintf(" %5s %d --- [nio-8080-exec-%d] c.e.shop.%s : ", level, 1000+g.r.IntN(60000), 1+g.r.IntN(10), logger))
	}
}

// appMessages are the free-text message templates. Each writes one message
// with its personal data and near-misses.
var appMessages = []func(g *gen, b *builder){
	func(g *gen, b *builder) {
		b.s("Failed login for ")
		b.p(redact.KindEmail, g.email(g.person()))
		b.s(" from ")
		b.p(redact.KindIP, g.ip())
		b.s(": invalid password (attempt ", strconv.Itoa(1+g.r.IntN(5)), "/5)")
	},
	func(g *gen, b *builder) {
		b.s("User ")
		b.p(redact.KindEmail, g.email(g.person()))
		b.s(" logged in from ")
		b.p(redact.KindIP, g.ipv6())
		b.s(" using ")
		b.k(g.chromeVersion())
	},
	func(g *gen, b *builder) {
		b.s("connection retry 2/5 to postgres://", g.pick([]string{"app", "shop_rw", "billing"}), ":")
		b.p(redact.KindSecret, pct(g.password(), false))
		b.s("@db.internal:5432/orders?sslmode=require")
	},
	func(g *gen, b *builder) {
		b.s("outgoing request headers: Authorization: Bearer ")
		b.p(redact.KindSecret, g.jwt())
	},
	func(g *gen, b *builder) {
		b.s("Refund issued to IBAN ")
		b.p(redact.KindIBAN, groupIBAN(g.iban()))
		b.s(" amount=", strconv.Itoa(5+g.r.IntN(900)), ".", g.digits(2), " EUR order=")
		b.k("ORD-" + g.digits(8))
	},
	func(g *gen, b *builder) {
		b.s("SEPA mandate created iban=")
		b.p(redact.KindIBAN, g.iban())
		b.s(" rejected_previous=")
		b.k(g.badIBAN())
	},
	func(g *gen, b *builder) {
		b.s("Charge declined for card ")
		b.p(redact.KindCard, g.card())
		b.s(" (code=05 do_not_honor) order ")
		b.k(g.luhnInvalid())
	},
	func(g *gen, b *builder) {
		b.s("SMS sent to ")
		b.p(redact.KindPhone, g.phone())
		b.s(" template=otp_v2 provider=twilio sid=")
		b.k("SM" + g.hex(32))
	},
	func(g *gen, b *builder) {
		p := g.person()
		b.s("Customer ")
		b.p(redact.KindName, p.full())
		b.s(" updated phone number to ")
		b.p(redact.KindPhone, g.phone())
	},
	func(g *gen, b *builder) {
		p := g.person()
		b.s(fmt.Sprintf(g.pick(p.lang.phrases), b.label(redact.KindName, p.full())))
		b.s(" (ticket #", strconv.Itoa(10000+g.r.IntN(90000)), ")")
	},
	func(g *gen, b *builder) {
		b.s("SSN mismatch for applicant: provided ")
		b.p(redact.KindSSN, g.ssn())
		b.s(", dob on file ")
		b.k(g.now.AddDate(-20-g.r.IntN(50), 0, -g.r.IntN(365)).Format("2006-01-02"))
	},
	func(g *gen, b *builder) {
		b.s("unexpected key material in config: -----BEGIN RSA PRIVATE KEY-----")
		b.p(redact.KindSecret, "MIIEowIBAAKCAQEA"+g.chars(48, b64std))
	},
	func(g *gen, b *builder) {
		b.s("java.lang.IllegalStateException: user ")
		b.p(redact.KindEmail, g.email(g.person()))
		b.s(" has no active subscription at com.example.billing.SubscriptionService.renew(SubscriptionService.java:", strconv.Itoa(10+g.r.IntN(900)), ")")
	},
	func(g *gen, b *builder) {
		b.s("NullPointerException in handler ")
		b.k(g.javaObject())
		b.s(" while processing job ")
		b.k(g.uuid())
	},
	func(g *gen, b *builder) {
		b.s("build ")
		b.k(g.hex(40))
		b.s(" deployed, chart version ")
		b.k(g.dottedVersion())
		b.s(", dependencies ")
		b.k(g.npmPackage())
	},
	func(g *gen, b *builder) {
		b.s("cloned ")
		b.k(g.gitRemote())
		b.s(" into /srv/build/", strconv.Itoa(1000+g.r.IntN(9000)))
	},
	func(g *gen, b *builder) {
		b.s("order ")
		b.k(g.luhnInvalid())
		b.s(" shipped, tracking ")
		b.k(g.digits(20))
		b.s(", ", strconv.Itoa(1+g.r.IntN(9)), " items")
	},
	func(g *gen, b *builder) {
		b.s("stored ")
		b.k(g.fileName())
		b.s(" (")
		b.k(strconv.Itoa(100000+g.r.IntN(9000000)) + " bytes")
		b.s(") and ")
		b.k(g.asset())
	},
	func(g *gen, b *builder) {
		b.k(g.capitalized() + ": upstream returned 503")
		b.s(", retrying in ", strconv.Itoa(50+g.r.IntN(950)), "ms")
	},
	func(g *gen, b *builder) {
		b.s("polled OID ")
		b.k(g.oid())
		b.s(" from switch ")
		b.k(g.mac())
	},
	func(g *gen, b *builder) {
		b.s("Ticket #", strconv.Itoa(10000+g.r.IntN(90000)), " opened by ")
		p := g.person()
		b.p(redact.KindName, p.full())
		b.s(" <")
		b.p(redact.KindEmail, g.email(p))
		b.s(">, callback ")
		b.p(redact.KindPhone, g.phone())
	},
	func(g *gen, b *builder) {
		b.s("rejected IBAN ")
		b.k(g.badIBAN())
		b.s(": checksum mismatch")
	},
	func(g *gen, b *builder) {
		b.s("password reset link sent to ")
		b.p(redact.KindEmail, g.email(g.person()))
		b.s(", token=")
		b.p(redact.KindSecret, g.hex(32))
	},
	func(g *gen, b *builder) {
		b.s("set-cookie: session_id=")
		b.p(redact.KindSecret, g.chars(32, alnum))
		b.s("; Path=/; HttpOnly; Secure")
	},
	func(g *gen, b *builder) {
		b.s("client ")
		b.p(redact.KindIP, g.ip())
		b.s(" rate limited on ")
		b.k(g.capitalized())
	},
	func(g *gen, b *builder) {
		b.s("accepted connection from [")
		b.p(redact.KindIP, g.ipv6())
		b.s("]:", strconv.Itoa(1024+g.r.IntN(64000)), " to upstream ")
		b.p(redact.KindIP, g.ipv4())
		b.s(":", g.pick([]string{"8080", "8443", "5432", "6379"}), " in ", strconv.Itoa(g.r.IntN(900)), "ms")
	},
	func(g *gen, b *builder) {
		b.s("proxy: GET https://[")
		b.p(redact.KindIP, g.ipv6())
		b.s("]:8443/internal/health failed, peer ")
		b.p(redact.KindIP, "::ffff:"+g.ipv4())
	},
	func(g *gen, b *builder) {
		b.s("cache warmup done at ")
		b.k(g.unixTime())
		b.s(", catalogue ")
		b.k(g.isbn())
		b.s(" indexed, supplier VAT ")
		b.k(g.vatID())
	},
	func(g *gen, b *builder) {
		b.s("pulled ")
		b.k(g.imageDigest())
		b.s(" as ")
		b.k(g.semver())
		b.s(" on deploy@web-", strconv.Itoa(1+g.r.IntN(12)))
	},
	func(g *gen, b *builder) {
		b.s("geo lookup ")
		b.k(g.coordinates())
		b.s(" done, next run ")
		b.k(g.localDate())
		b.s(", amount 12 345,", g.digits(2), " EUR")
	},
	func(g *gen, b *builder) {
		b.s("3-D Secure challenge failed for cardholder ")
		b.p(redact.KindName, strings.ToUpper(g.person().full()))
		b.s(", card ")
		b.p(redact.KindCard, g.card())
	},
	func(g *gen, b *builder) {
		p := g.person()
		b.s("mail queued: \"Hi ")
		b.p(redact.KindName, p.first)
		b.s(", your order ")
		b.k(g.luhnInvalid())
		b.s(" has shipped\" to ")
		b.p(redact.KindEmail, g.email(p))
	},
	func(g *gen, b *builder) {
		b.s("upstream timeout after ", strconv.Itoa(1+g.r.IntN(30)), "s. ")
		b.k(g.pick([]string{"Will retry in 30s", "Mark as read failed", "Grant access denied", "Grace period started", "Victoria Station depot offline", "Rose Gold edition sold out"}))
		b.s(" (job ")
		b.k(g.uuid())
		b.s(")")
	},
	func(g *gen, b *builder) {
		b.s("bounce from ")
		b.p(redact.KindEmail, g.email(g.person()))
		b.s(": 550 5.1.1 mailbox unavailable")
	},
	func(g *gen, b *builder) {
		b.s("upstream https://admin:")
		b.p(redact.KindSecret, pct(g.password(), false))
		b.s("@internal.example.com/api returned 401")
	},
	func(g *gen, b *builder) {
		b.s("flushed ", strconv.Itoa(g.r.IntN(5000)), " series in ", strconv.Itoa(g.r.IntN(200)), "ms, container ")
		b.k(g.hex(12))
		b.s(" on ")
		b.k(g.dottedVersion())
	},
	func(g *gen, b *builder) {
		b.s("credentials found in env: AWS_SECRET_ACCESS_KEY=")
		b.p(redact.KindSecret, g.chars(40, b64std))
	},
	func(g *gen, b *builder) {
		b.s("api key ")
		b.p(redact.KindSecret, g.apiKey())
		b.s(" used from ")
		b.p(redact.KindIP, g.ipv4())
	},
	func(g *gen, b *builder) {
		b.s("payout to ")
		p := g.person()
		b.p(redact.KindName, p.full())
		b.s(" IBAN ")
		b.p(redact.KindIBAN, g.iban())
		b.s(" scheduled for ")
		b.k(g.now.AddDate(0, 0, 3).Format("2006-01-02"))
	},
	func(g *gen, b *builder) {
		b.s("allocation failed in ")
		b.k("std::vector<Order>::reserve")
		b.s(" at 0x7f", g.hex(10), ", MAC ")
		b.k(g.mac())
	},
	func(g *gen, b *builder) {
		b.s("card ")
		b.p(redact.KindCard, g.card())
		b.s(" expires 12/28, last order ")
		b.k(g.luhnInvalid())
		b.s(" ref ")
		b.k(g.digits(20))
	},
	func(g *gen, b *builder) {
		b.s("call back ")
		p := g.person()
		b.p(redact.KindName, p.full())
		b.s(" on ")
		b.p(redact.KindPhone, g.phone())
		b.s(" before ")
		b.k(g.capitalized())
	},
}

// appLine writes a free-text application log line.
func (g *gen) appLine(b *builder) {
	g.appPrefix(b)
	appMessages[g.r.IntN(len(appMessages))](g, b)
}
