package redact

import (
	"bytes"
	"fmt"
	"strings"
)

// FieldRules decide the kind of a whole JSON value by its key name or its
// path. A field rule wins over scanning: the value of "password" is a
// secret whatever it looks like. The zero value has no rules, so every
// string value is scanned.
type FieldRules struct {
	// Keys maps a key name to the kind of its value. Names are compared after
	// normalization (ASCII case folded; '_', '-', '.' and ' ' removed), so
	// "First-Name" and "first_name" are one rule. Empty means none.
	Keys map[string]Kind
	// Paths are selector rules, tried in order before Keys. Empty means none.
	Paths []PathRule
	// Safe lists selectors whose values are never scanned or replaced.
	// Empty means none.
	Safe []string
	// SecretWords makes any key whose normalized name contains one of these
	// words a secret (AWS_SECRET_ACCESS_KEY, user_password_hash), as Sentry
	// Relay's password rule does. Such a rule applies to string values
	// only: numbers and booleans (max_tokens: 100) are kept. With any word
	// set, the names of session and login cookies are secrets too: names
	// ending in "session" (strings only, like a word), Drupal's SESS<hash>,
	// WordPress's wordpress_logged_in_<hash> and kin, Laravel's
	// remember_<guard>_<hash>. Empty means none of these.
	SecretWords []string
	// PublicKeys lists key names that hold a secret word but name a public
	// value: .NET's PublicKeyToken, OAuth's token_type, Azure's
	// SharedAccessKeyName. Their values are scanned like any other; an
	// exact Keys rule of the same name still wins. Names are normalized
	// like Keys. Empty means none.
	PublicKeys []string
}

// PathRule gives the kind of the values a selector matches.
//
// A selector is a dot-separated path of key names: "user.email",
// "request.headers.authorization". A "*" segment matches one key of any
// name, "**" any number of keys (none included): "**.password",
// "**.user.name". A selector that does not start with "**" is anchored at
// the root of the document. Array indexes are not segments: "breadcrumbs.
// values.message" matches inside the array. Segments are normalized like
// keys.
type PathRule struct {
	Selector string
	Kind     Kind
}

// NormalizeKey returns the normalized form of a key name used by field rules.
func NormalizeKey(k string) string {
	var b strings.Builder
	b.Grow(len(k))
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_' || c == '-' || c == '.' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (f *FieldRules) validate() error {
	for key, k := range f.Keys {
		if NormalizeKey(key) == "" {
			return fmt.Errorf("redact: field rule with an empty key name")
		}
		if k == KindNone || int(k) >= NumKinds {
			return fmt.Errorf("redact: field rule %q: invalid kind", key)
		}
	}
	for _, p := range f.Paths {
		if err := validSelector(p.Selector); err != nil {
			return err
		}
		if p.Kind == KindNone || int(p.Kind) >= NumKinds {
			return fmt.Errorf("redact: path rule %q: invalid kind", p.Selector)
		}
	}
	for _, s := range f.Safe {
		if err := validSelector(s); err != nil {
			return err
		}
	}
	return nil
}

func validSelector(s string) error {
	if s == "" {
		return fmt.Errorf("redact: empty selector")
	}
	for _, seg := range strings.Split(s, ".") {
		if seg == "" {
			return fmt.Errorf("redact: selector %q has an empty segment", s)
		}
	}
	return nil
}

// DefaultFieldRules returns the built-in field rules: the key names that
// Sentry Relay and the Rollbar SDKs treat as secrets, the usual names of
// identity fields, and the "name" key under a person-like parent.
func DefaultFieldRules() FieldRules {
	f := FieldRules{Keys: map[string]Kind{}}
	add := func(k Kind, names ...string) {
		for _, n := range names {
			f.Keys[NormalizeKey(n)] = k
		}
	}
	add(KindSecret,
		"password", "passwd", "pwd", "pw", "pass", "passphrase", "secret", "client_secret",
		"api_key", "apikey", "x-api-key", "auth", "auth_token", "authtoken", "authorization",
		"proxy-authorization", "credentials", "mysql_pwd", "privatekey", "private_key",
		"token", "access_token", "refresh_token", "id_token", "bearer", "session",
		"sessionid", "session_id", "sessid", "csrf", "csrftoken", "csrf_token", "xsrf",
		"xsrf_token", "x-csrf-token", "x-xsrf-token", "cookie", "cookies", "set-cookie",
		"stripetoken", "confirm_password", "password_confirmation", "current_password",
		"new_password", "old_password", "secret_key", "signature", "otp", "pin", "cvv", "cvc",
		"sig", "jsessionid", "phpsessid", "aspsessionid", "connect.sid", "laravel_session",
		"_session_id", "remember_token", "refresh", "code_verifier",
		// Session and login cookies of web servers and frameworks whose
		// names are not caught by a word or a shape (sessionCookie):
		// ASP.NET forms auth, mod_auth_tkt, oauth2-proxy, Express.
		".ASPXAUTH", "auth_tkt", "_oauth2_proxy", "_oauth2_proxy_csrf", "express.sid",
		"express:sess", "sess", "sess.sig", "XSRF-TOKEN",
		// Azure storage account keys and Laravel's application key.
		"AccountKey", "account_key", "APP_KEY")
	add(KindEmail, "email", "e_mail", "mail", "email_address", "user_email", "emailaddress")
	add(KindIP, "ip_address", "ip", "ipaddress", "client_ip", "remote_addr", "remote_ip",
		"x-forwarded-for", "x-real-ip", "forwarded", "true-client-ip", "cf-connecting-ip")
	add(KindPhone, "phone", "phone_number", "phonenumber", "mobile", "mobile_phone", "tel",
		"telephone", "fax", "msisdn", "cell")
	add(KindIBAN, "iban", "bank_account", "account_number")
	add(KindCard, "card_number", "cc_number", "ccnumber", "pan", "credit_card", "creditcard")
	add(KindSSN, "ssn", "social_security_number")
	add(KindName, "first_name", "firstname", "given_name", "last_name", "lastname", "surname",
		"family_name", "full_name", "fullname", "display_name", "username", "user_name",
		"login", "remote_user", "customer_name", "cardholder_name", "cardholder", "billing_name",
		"shipping_name", "recipient", "author", "owner", "middle_name", "maiden_name",
		// Given name and surname in other languages.
		"fname", "lname", "prenom", "vorname", "nachname", "nombre", "apellido", "apellidos",
		"cognome", "nome", "voornaam", "achternaam", "imie", "nazwisko", "fornavn", "efternavn",
		"etternavn", "efternamn", "fornamn", "etunimi", "sukunimi", "sobrenome", "beneficiary",
		"payee", "assignee", "created_by", "account_holder", "holder", "php_auth_user",
		// Login names in auth, audit and access logs (PAM, auditd, Windows).
		"user", "acct", "ruser", "logname", "account_name", "target_user_name", "subject_user_name",
		// The login of HTTP basic auth in proxy and server logs (Traefik's
		// ClientUsername, IIS W3C cs-username, and others).
		"auth_user", "basic_auth_user", "cs-username", "client_username",
		// Handles that name a person on social and community sites.
		"nickname", "nick_name", "screen_name", "handle")
	f.SecretWords = []string{"password", "passwd", "secret", "token", "apikey", "privatekey",
		"credential", "accesskey", "sessionid", "signingkey", "encryptionkey", "cookie",
		"authorization", "phpauthpw"}
	f.PublicKeys = []string{"PublicKeyToken", "token_type", "SharedAccessKeyName"}
	for _, parent := range []string{"user", "person", "customer", "contact", "account",
		"profile", "member", "employee", "patient", "sender", "buyer", "client", "shipping",
		"billing", "billingdetails", "shippingaddress", "billingaddress", "recipient", "to",
		"from", "cc", "bcc", "replyto", "author", "owner", "feedback", "cardholder", "payer",
		"payee", "seller", "guest", "passenger", "traveler", "driver", "holder", "signer",
		"attendee", "applicant", "beneficiary", "assignee", "reporter", "creator", "student",
		"teacher", "user_info", "userinfo", "principal", "subject", "individual", "party"} {
		f.Paths = append(f.Paths, PathRule{Selector: "**." + parent + ".name", Kind: KindName})
	}
	return f
}

// fieldMatcher is FieldRules compiled for lookups without allocation.
type fieldMatcher struct {
	keys  map[string]Kind
	words [][]byte
	// public holds the normalized PublicKeys.
	public map[string]bool
	// byFirst[c] lists the secret words that start with c.
	byFirst [256][][]byte
	// lastLits holds the literal last segments of path and safe selectors;
	// anyWildLast is set when one ends with a wildcard. A key that is in
	// neither cannot end a matching path.
	lastLits    map[string]bool
	anyWildLast bool
	// ends[c] has bit endBit(z) set when some normalized key starts with c
	// and ends with z: a cheap test before the map lookup.
	ends  [256]uint32
	paths []selector
	safe  []selector
	// pair indexes the "**.a.b" path selectors (literal a and b) by
	// pairKey(a, b), giving the first such selector's index; others lists
	// the indexes of the other path selectors, in order.
	pair   map[string]int
	others []int
}

// pairKey appends the key of the pair of segments a, b to dst: a's length,
// a and b.
func pairKey(dst, a, b []byte) []byte {
	dst = append(dst, byte(len(a)))
	dst = append(dst, a...)
	return append(dst, b...)
}

// maxPairSeg bounds the segments indexed by pairs; normalized keys are no
// longer (normKey).
const maxPairSeg = 64

type selector struct {
	segs []string // normalized; "*" and "**" are wildcards
	kind Kind
	// tail is set for "**.a.b" selectors without other wildcards: they
	// match when the path ends with a.b, no backtracking needed.
	tail bool
}

func compileSelector(s string, k Kind) selector {
	parts := strings.Split(s, ".")
	sel := selector{kind: k, segs: make([]string, len(parts))}
	sel.tail = len(parts) > 1 && parts[0] == "**"
	for i, p := range parts {
		if p == "*" || p == "**" {
			sel.segs[i] = p
			if i > 0 {
				sel.tail = false
			}
		} else {
			sel.segs[i] = NormalizeKey(p)
		}
	}
	return sel
}

func newFieldMatcher(f *FieldRules) *fieldMatcher {
	m := &fieldMatcher{keys: make(map[string]Kind, len(f.Keys))}
	for k, v := range f.Keys {
		nk := NormalizeKey(k)
		m.keys[nk] = v
		m.ends[nk[0]] |= endBit(nk[len(nk)-1])
	}
	m.pair = map[string]int{}
	for i, p := range f.Paths {
		sel := compileSelector(p.Selector, p.Kind)
		m.paths = append(m.paths, sel)
		if a, b, ok := sel.literalPair(); ok {
			k := string(pairKey(nil, []byte(a), []byte(b)))
			if _, dup := m.pair[k]; !dup {
				m.pair[k] = i
			}
			continue
		}
		m.others = append(m.others, i)
	}
	for _, w := range f.SecretWords {
		if nw := NormalizeKey(w); nw != "" {
			m.words = append(m.words, []byte(nw))
			m.byFirst[nw[0]] = append(m.byFirst[nw[0]], []byte(nw))
		}
	}
	for _, k := range f.PublicKeys {
		if nk := NormalizeKey(k); nk != "" {
			if m.public == nil {
				m.public = map[string]bool{}
			}
			m.public[nk] = true
		}
	}
	for _, s := range f.Safe {
		m.safe = append(m.safe, compileSelector(s, KindNone))
	}
	m.lastLits = map[string]bool{}
	for _, sel := range append(append([]selector(nil), m.paths...), m.safe...) {
		l := sel.segs[len(sel.segs)-1]
		if l == "*" || l == "**" {
			m.anyWildLast = true
		} else {
			m.lastLits[l] = true
		}
	}
	return m
}

// normKey writes the normalized form of k into buf and returns it, or nil
// when k is too long to be a rule.
func normKey(buf *[64]byte, k []byte) []byte {
	n, whole := normInto(buf[:], k)
	if !whole {
		return nil
	}
	return buf[:n]
}

// normInto writes the normalized form of k (lower case, without '_', '-',
// '.' and spaces) into buf, as much as fits; it returns the length written
// and whether all of it fit.
func normInto(buf, k []byte) (int, bool) {
	n := 0
	for _, c := range k {
		switch {
		case c == '_' || c == '-' || c == '.' || c == ' ':
			continue
		case isUpper(c):
			c += 'a' - 'A'
		}
		if n == len(buf) {
			return n, false
		}
		buf[n] = c
		n++
	}
	return n, true
}

func endBit(c byte) uint32 {
	if isLower(c) {
		return 1 << (c - 'a')
	}
	return 1 << 31
}

// key returns the kind a key name gives its value, or KindNone. weak
// reports a secret by a word inside the name (SecretWords), which applies
// to string values only.
func (m *fieldMatcher) key(k []byte) (kind Kind, weak bool) {
	if len(k) == 0 || len(m.keys) == 0 && len(m.words) == 0 {
		return KindNone, false
	}
	f := 0
	for f < len(k)-1 && (k[f] == '_' || k[f] == '-' || k[f] == '.') {
		f++
	}
	first, last := k[f], k[len(k)-1]
	if isUpper(first) {
		first += 'a' - 'A'
	}
	if isUpper(last) {
		last += 'a' - 'A'
	}
	sep := last == '_' || last == '-' || last == '.' || last == ' '
	exact := sep || m.ends[first]&endBit(last) != 0
	if !exact && (len(m.words) == 0 || len(k) < 5) {
		return KindNone, false
	}
	var buf [64]byte
	nk := normKey(&buf, k)
	if nk == nil {
		return m.long(k)
	}
	return m.normalized(nk, exact)
}

// maxLongKey bounds the normalized names that long reads whole.
const maxLongKey = 512

// long decides a key name too long for normKey and for any exact rule,
// which may still hold a secret word or end with an identity suffix
// (application_settings_for_the_primary_replicated_database_password).
// Past maxLongKey normalized bytes, the first maxLongKey are read.
func (m *fieldMatcher) long(k []byte) (Kind, bool) {
	var buf [maxLongKey]byte
	n, _ := normInto(buf[:], k)
	return m.normalized(buf[:n], false)
}

// normalized looks up an already normalized key; exact false skips the
// exact-name table.
func (m *fieldMatcher) normalized(nk []byte, exact bool) (Kind, bool) {
	if exact {
		if kind := m.keys[string(nk)]; kind != KindNone {
			return kind, false
		}
	}
	if m.hasWord(nk) {
		if m.public[string(nk)] {
			// PublicKeyToken=b03f5f7f11d50a3a, token_type=Bearer.
			return KindNone, false
		}
		return KindSecret, true
	}
	if len(m.words) > 0 {
		if c, weak := sessionCookie(nk); c {
			return KindSecret, weak
		}
	}
	if len(m.keys) > 0 {
		if k := identitySuffix(nk); k != KindNone {
			return k, false
		}
	}
	return KindNone, false
}

// identitySuffixes name identity fields by the end of a compound key:
// contactPhone, shipping_phone, bank_iban, customerFullName, card_holder_name.
var identitySuffixes = []struct {
	suffix string
	kind   Kind
}{
	{"phonenumber", KindPhone}, {"phone", KindPhone}, {"mobilenumber", KindPhone},
	{"telephone", KindPhone}, {"faxnumber", KindPhone},
	{"iban", KindIBAN}, {"cardnumber", KindCard},
	{"firstname", KindName}, {"lastname", KindName}, {"fullname", KindName},
	{"givenname", KindName}, {"familyname", KindName}, {"middlename", KindName},
	{"surname", KindName}, {"displayname", KindName}, {"contactname", KindName},
	{"customername", KindName}, {"holdername", KindName}, {"accountholder", KindName},
	{"cardholder", KindName}, {"nickname", KindName}, {"legalname", KindName},
	{"realname", KindName}, {"personname", KindName}, {"username", KindName},
}

// sessionCookie reports the session and login cookies of web frameworks
// by the shape of their normalized names nk: a compound name ending in
// "session" (Rails' _<app>_session, grafana_session, _gitlab_session,
// ci_session, MoodleSession, rack.session, mod_auth_openidc_session,
// .AspNetCore.Session, laravel_session), and names that carry a hash of
// the site or guard: Drupal's SESS<hash> and SSESS<hash>, WordPress's
// wordpress_<hash>, wordpress_logged_in_<hash> and wordpress_sec_<hash>,
// Laravel's remember_<guard>_<hash>.
//
// weak is set for the "session" ending, which other keys share
// (is_session: false, last_session: {…}): like a secret word, it makes a
// secret of string values only. The word is not looked for inside names,
// so session_count, sessions, session_duration_ms and sessionStorage keep
// their values.
func sessionCookie(nk []byte) (secret, weak bool) {
	const session = "session"
	if len(nk) == 0 {
		return false, false
	}
	if len(nk) > len(session) && string(nk[len(nk)-len(session):]) == session {
		return true, true
	}
	switch nk[0] {
	case 's':
		return hashAfter(nk, "sess", 16) || hashAfter(nk, "ssess", 16), false
	case 'w':
		return hashAfter(nk, "wordpress", 16) || hashAfter(nk, "wordpressloggedin", 16) ||
			hashAfter(nk, "wordpresssec", 16), false
	case 'r':
		return len(nk) >= len("remember")+32 && string(nk[:len("remember")]) == "remember" &&
			allHex(nk[len(nk)-32:]), false
	}
	return false, false
}

// hashAfter reports whether nk is prefix followed by at least n hex
// digits and nothing else.
func hashAfter(nk []byte, prefix string, n int) bool {
	return len(nk) >= len(prefix)+n && string(nk[:len(prefix)]) == prefix && allHex(nk[len(prefix):])
}

// identitySuffix returns the kind a compound key's ending names, or KindNone.
func identitySuffix(nk []byte) Kind {
	for _, s := range identitySuffixes {
		if len(nk) > len(s.suffix) && string(nk[len(nk)-len(s.suffix):]) == s.suffix {
			return s.kind
		}
	}
	return KindNone
}

// hasWord reports whether nk contains one of the secret words.
func (m *fieldMatcher) hasWord(nk []byte) bool {
	for i, c := range nk {
		for _, w := range m.byFirst[c] {
			if bytes.HasPrefix(nk[i:], w) {
				return true
			}
		}
	}
	return false
}

// pathCandidate reports whether a path ending with the normalized key nk
// can match any path or safe selector.
func (m *fieldMatcher) pathCandidate(nk []byte) bool {
	return m.anyWildLast || m.lastLits[string(nk)]
}

// hasPaths reports whether any selector needs the full key path.
func (m *fieldMatcher) hasPaths() bool { return len(m.paths) > 0 || len(m.safe) > 0 }

// matchPath decides a value by its path of normalized keys: safe reports a
// safe selector; kind is the first matching path rule's kind. The "**.a.b"
// rules (the default "**.user.name" and its kin) are found by one map
// lookup of the path's last two keys; the other rules are tried in order
// up to that one, those whose last segment is a literal key only when the
// path ends with that key.
func (m *fieldMatcher) matchPath(path [][]byte) (kind Kind, safe bool) {
	if len(path) == 0 {
		return KindNone, false
	}
	last := path[len(path)-1]
	for i := range m.safe {
		if m.safe[i].mayEndWith(last) && m.safe[i].match(path) {
			return KindNone, true
		}
	}
	best := len(m.paths)
	if len(path) >= 2 && len(m.pair) > 0 {
		a := path[len(path)-2]
		if len(a) > maxPairSeg || len(last) > maxPairSeg {
			return m.matchPathSlow(path)
		}
		var buf [1 + 2*maxPairSeg]byte
		if i, ok := m.pair[string(pairKey(buf[:0], a, last))]; ok {
			best = i
		}
	}
	for _, i := range m.others {
		if i > best {
			break
		}
		if m.paths[i].mayEndWith(last) && m.paths[i].match(path) {
			best = i
			break
		}
	}
	if best < len(m.paths) {
		return m.paths[best].kind, false
	}
	return KindNone, false
}

// matchPathSlow is matchPath's path rules tried one by one.
func (m *fieldMatcher) matchPathSlow(path [][]byte) (Kind, bool) {
	last := path[len(path)-1]
	for i := range m.paths {
		if m.paths[i].mayEndWith(last) && m.paths[i].match(path) {
			return m.paths[i].kind, false
		}
	}
	return KindNone, false
}

// literalPair reports whether sel is "**.a.b" with literal a and b, and
// returns them.
func (sel *selector) literalPair() (a, b string, ok bool) {
	if !sel.tail || len(sel.segs) != 3 || len(sel.segs[1]) > maxPairSeg || len(sel.segs[2]) > maxPairSeg {
		return "", "", false
	}
	return sel.segs[1], sel.segs[2], true
}

func (sel *selector) match(path [][]byte) bool {
	if !sel.tail {
		return globMatch(sel.segs, path)
	}
	want := sel.segs[1:]
	if len(path) < len(want) {
		return false
	}
	path = path[len(path)-len(want):]
	for i, s := range want {
		if s != string(path[i]) {
			return false
		}
	}
	return true
}

// mayEndWith reports whether a path ending with key can match sel.
func (sel *selector) mayEndWith(key []byte) bool {
	l := sel.segs[len(sel.segs)-1]
	return l == "*" || l == "**" || l == string(key)
}

func globMatch(segs []string, path [][]byte) bool {
	for len(segs) > 0 {
		s := segs[0]
		if s == "**" {
			rest := segs[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(path); i++ {
				if globMatch(rest, path[i:]) {
					return true
				}
			}
			return false
		}
		if len(path) == 0 || (s != "*" && s != string(path[0])) {
			return false
		}
		segs, path = segs[1:], path[1:]
	}
	return len(path) == 0
}
