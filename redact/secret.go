package redact

import "bytes"

// Credentials: URL userinfo, Authorization schemes, sensitive key=value
// pairs, PEM private keys and cloud access key ids.

// userinfoStop marks the bytes that end a URL's authority before any '@':
// '@' itself, the path, query and fragment starts, and bytes that cannot be
// in a URL.
var userinfoStop = func() (t [256]bool) {
	for _, c := range []byte("@/?#\"' <>\\") {
		t[c] = true
	}
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	return t
}()

// valueStop marks the bytes that end an unquoted key=value value.
var valueStop = func() (t [256]bool) {
	for _, c := range []byte("&;, \t\n\r\"'<>)]}") {
		t[c] = true
	}
	return t
}()

// valueEnd is valueStop and the backslash, which starts a literal escape.
var valueEnd = func() (t [256]bool) {
	t = valueStop
	t['\\'] = true
	return t
}()

// matchUserinfo looks at "://" starting at src[at] (the ':'). It returns the
// span of the userinfo of the URL (user:password before '@'), or -1, -1.
func matchUserinfo(src []byte, at int) (start, end int) {
	if at+3 > len(src) || src[at+1] != '/' || src[at+2] != '/' {
		return -1, -1
	}
	s := at + 3
	e := s
	lim := min(len(src), s+256)
	for e < lim && !userinfoStop[src[e]] {
		e++
	}
	if e >= len(src) || src[e] != '@' || e == s {
		return -1, -1
	}
	if string(src[s:e]) == "[redacted]" {
		return -1, -1
	}
	// The host must follow; "scheme://@" alone is no credential.
	if e+1 >= len(src) || !(isAlnum(src[e+1]) || src[e+1] == '[') {
		return -1, -1
	}
	return s, e
}

// authScheme is an HTTP authentication scheme whose credential follows
// its name.
type authScheme struct {
	word []byte // the scheme's name and the space after it
	// params marks schemes whose credential is a list of auth-params
	// (Digest's username="…", nonce="…", response="…"): all of the header
	// value after the name is the credential.
	params bool
	// strict marks names that are also words of prose ("Negotiate the
	// terms", "Splunk Enterprise"): they count only in a header value or
	// as the whole of a quoted field ("NTLM TlRM…").
	strict bool
}

var authSchemes = []authScheme{
	{word: []byte("Bearer ")},
	{word: []byte("Basic ")},
	{word: []byte("Token ")},
	{word: []byte("Digest "), params: true},
	{word: []byte("AWS4-HMAC-SHA256 "), params: true},
	{word: []byte("NTLM "), strict: true},
	{word: []byte("Negotiate "), strict: true},
	{word: []byte("ApiKey "), strict: true},
	{word: []byte("Api-Key "), strict: true},
	{word: []byte("Splunk "), strict: true},
}

// authSchemesBy lists authSchemes by the lower case of their first letter.
var authSchemesBy = func() (t [256][]authScheme) {
	for _, sc := range authSchemes {
		c := sc.word[0] | 0x20
		t[c] = append(t[c], sc)
	}
	return t
}()

// authFirst marks the first letters of authSchemes, in upper case.
var authFirst = func() (t [256]bool) {
	for _, sc := range authSchemes {
		t[sc.word[0]&^0x20] = true
	}
	return t
}()

func isTokenByte(c byte) bool {
	return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '='
}

// token68End returns the end of the token68 credential (RFC 9110) that
// starts at src[s], percent-escapes included: a token copied from a URL
// or a form keeps its %2B and %3D.
func token68End(src []byte, s int) int {
	e := s
	for e < len(src) && e-s < 8192 {
		if isTokenByte(src[e]) {
			e++
		} else if src[e] == '%' && e+2 < len(src) && isHex(src[e+1]) && isHex(src[e+2]) {
			e += 3
		} else {
			break
		}
	}
	return e
}

// matchAuthScheme looks for an authentication scheme and its credential at
// src[i]: "Bearer <token>", "Basic <b64>", "Token <token>", "NTLM <b64>",
// "Negotiate <b64>", "ApiKey <token>", "Api-Key <token>", "Splunk <token>",
// or "Digest …" and "AWS4-HMAC-SHA256 …", whose auth-params run to the end
// of the header value (headerEnd). header reports that src[i] starts the
// value of an Authorization header; the schemes whose names are also words
// of prose are taken only there or as a whole quoted field. It returns the
// span of the credential (the scheme name is kept), or -1, -1.
func matchAuthScheme(src []byte, i int, header bool) (start, end int) {
	quoted := i > 0 && src[i-1] == '"'
	for _, sc := range authSchemesBy[src[i]|0x20] {
		if sc.strict && !header && !quoted || !hasPrefixFold(src[i:], sc.word) {
			continue
		}
		s := i + len(sc.word)
		if sc.params {
			e := headerEnd(src, s, i)
			for e > s && (src[e-1] == ' ' || src[e-1] == '\t') {
				e--
			}
			if e-s < 8 {
				return -1, -1
			}
			return s, e
		}
		for s < len(src) && src[s] == ' ' {
			s++
		}
		e := token68End(src, s)
		if e-s < 8 {
			return -1, -1
		}
		// A token has digits or mixed case past its first letter; plain
		// words ("Bearer authentication failed", "Token Expired") are prose.
		if !hasDigitOrMixedCase(src[s+1 : e]) {
			return -1, -1
		}
		if sc.strict && !header && !(e < len(src) && src[e] == '"' || e+1 < len(src) && src[e] == '\\' && src[e+1] == '"') {
			// "NTLM <b64>" inside a quoted field but not the whole of it.
			return -1, -1
		}
		return s, e
	}
	return -1, -1
}

// headerStop marks the bytes headerEnd looks at.
var headerStop = [256]bool{'\n': true, '\r': true, '"': true, '\\': true}

// headerEnd returns the end of a header value (an auth-param list, a
// cookie string) that starts at src[s], looking no further than
// maxFieldValueLen bytes; the header (its name, or the value when it is
// logged alone) starts at src[open]. A header that opens a quoted field,
// as in an access log's "Digest username=\"…\"", ends at the quote that
// closes the field; one that opens a string written with escaped quotes
// (\"Authorization: …\"), at the next escaped quote. Any other ends at the
// end of the line, at a literal \n, \r or \t escape ("…\r\nCookie: …"),
// or at a quote that closes none opened in the value and is followed by a
// space, a separator or the end: the end of the field the header sits in
// (msg="sent Cookie: a=b" next=1), where username="x", realm="y" go on.
func headerEnd(src []byte, s, open int) int {
	lim := min(len(src), s+maxFieldValueLen)
	quoted := open > 0 && src[open-1] == '"'
	escaped := quoted && open > 1 && src[open-2] == '\\'
	inner := 0 // quotes seen in the value
	e := s
	for ; e < lim; e++ {
		// Only line ends, quotes and backslashes matter.
		for e < lim && !headerStop[src[e]] {
			e++
		}
		if e >= lim {
			break
		}
		c := src[e]
		if c == '\n' || c == '\r' {
			break
		}
		switch {
		case escaped:
			if c == '"' {
				if src[e-1] != '\\' {
					return e
				}
				if e-2 >= s && src[e-2] != '\\' {
					return e - 1
				}
			}
		case quoted:
			if c == '"' && src[e-1] != '\\' {
				return e
			}
		case c == '\\':
			if e+1 < len(src) && (src[e+1] == 'n' || src[e+1] == 'r' || src[e+1] == 't') {
				return e
			}
		case c == '"':
			if inner%2 == 0 && (e+1 == len(src) || fieldCloser[src[e+1]]) {
				if e > s && src[e-1] == '\\' {
					return e - 1
				}
				return e
			}
			inner++
		}
	}
	return e
}

// fieldCloser marks the bytes that may follow the quote that closes a
// field: spaces, line ends and list and object separators.
var fieldCloser = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n,;}]") {
		t[c] = true
	}
	return t
}()

// offsetOf returns the index in src of sub, a subslice of src.
func offsetOf(src, sub []byte) int { return cap(src) - cap(sub) }

func hasDigitOrMixedCase(b []byte) bool {
	up, lo := false, false
	for _, c := range b {
		switch {
		case isDigit(c):
			return true
		case isUpper(c):
			up = true
		case isLower(c):
			lo = true
		}
	}
	return up && lo
}

func hasPrefixFold(b, prefix []byte) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		c := b[i]
		if c != p && c|0x20 != p|0x20 {
			return false
		}
	}
	return true
}

// matchAccessKeyID finds an AWS access key id (AKIA…/ASIA… and 16 more
// upper-case letters or digits) at src[i].
func matchAccessKeyID(src []byte, i int) int {
	if i+20 > len(src) || src[i+1] != 'K' && src[i+1] != 'S' {
		return -1
	}
	p := src[i : i+4]
	if !bytes.Equal(p, []byte("AKIA")) && !bytes.Equal(p, []byte("ASIA")) {
		return -1
	}
	for _, c := range src[i+4 : i+20] {
		if !isUpper(c) && !isDigit(c) {
			return -1
		}
	}
	if !boundaryAfter(src, i+20) {
		return -1
	}
	return i + 20
}

var (
	pemBegin = []byte("-----BEGIN ")
	pemEnd   = []byte("-----END ")
	pemDash  = []byte("-----")
)

// matchPEM finds a PEM block holding a private key starting at src[i] (the
// first '-'). The whole block is the credential. An unterminated block runs
// to the end of src; the second result reports whether the END line was seen.
func matchPEM(src []byte, i int) (end int, closed bool) {
	if !bytes.HasPrefix(src[i:], pemBegin) {
		return -1, false
	}
	lineEnd := bytes.Index(src[i+len(pemBegin):], pemDash)
	if lineEnd < 0 || lineEnd > 64 {
		return -1, false
	}
	label := src[i+len(pemBegin) : i+len(pemBegin)+lineEnd]
	if !bytes.Contains(label, []byte("PRIVATE KEY")) && !bytes.Contains(label, []byte("ENCRYPTED")) {
		return -1, false
	}
	k := bytes.Index(src[i:], pemEnd)
	if k < 0 {
		return len(src), false
	}
	e := i + k + len(pemEnd)
	d := bytes.Index(src[e:], pemDash)
	if d < 0 || d > 64 {
		return len(src), false
	}
	return e + d + len(pemDash), true
}

// ambiguousColonKeys are sensitive key names that, followed by an unquoted
// ':' in free text, are far more often a log prefix or prose ("auth: failed
// login", "session: started") than a key with a value.
var ambiguousColonKeys = map[string]bool{
	"auth": true, "session": true, "login": true, "author": true, "owner": true,
	"pass": true, "pin": true, "otp": true, "mail": true, "cell": true, "ip": true,
	"pan": true, "signature": true, "bearer": true, "recipient": true, "tel": true,
	"forwarded": true, "credentials": true, "cardholder": true, "csrf": true, "xsrf": true,
}

// maxTextKey bounds the key names keyBefore reads whole: it holds
// wordpress_logged_in_<md5> and remember_web_<sha1>.
const maxTextKey = 64

// keyBefore returns the key name that ends just before src[sep] (an '=' or
// ':'), skipping one closing quote, or nil. The key starts with a letter and
// holds letters, digits, '_', '-' and '.'.
func keyBefore(src []byte, sep, min int) []byte {
	if sep > 0 && isDigit(src[sep-1]) && src[sep] == ':' {
		// 12:30, 2026:06:25 — a time, not a key.
		return nil
	}
	e := sep
	for e > min && src[e-1] == ' ' && sep-e < 2 {
		e--
	}
	if e > min && (src[e-1] == '"' || src[e-1] == '\'') {
		e--
		if e > min && src[e-1] == '\\' {
			e-- // \"key\": JSON escaped inside a text line
		}
	}
	lim := max(min, e-maxTextKey)
	if e > lim+2 && src[e-1] == ']' {
		// Bracketed keys of query strings and forms (PHP, Rails, qs):
		// user[email]=, filter[name]=, users[0][phone]= are decided by
		// the last bracket; name[first]= and items[]= by the key before.
		if b := bytes.LastIndexByte(src[lim:e-1], '['); b >= 0 {
			b += lim
			inner := src[b+1 : e-1]
			switch {
			case namePart(inner) != nil && b >= 4 && hasPrefixFold(src[b-4:b], []byte("name")):
				return namePart(inner)
			case len(inner) == 0 || allDigits(inner):
				e = b
				for e > lim+2 && src[e-1] == ']' {
					k := bytes.LastIndexByte(src[lim:e-1], '[')
					if k < 0 || !allDigits(src[lim+k+1:e-1]) {
						break
					}
					e = lim + k
				}
			case isAlpha(inner[0]) && allKeyBytes(inner):
				return inner
			}
		}
	}
	s := e
	for s > lim && keyTab[src[s-1]] {
		s--
	}
	// A key longer than maxTextKey bytes is taken by its last maxTextKey,
	// which hold the words that decide it (…_replicated_database_password).
	long := s == e-maxTextKey && s > min && keyTab[src[s-1]]
	// Command-line flags (--password=) and literal escapes (\nCookie:).
	trimmed := long
	for s < e && (src[s] == '-' || src[s] == '.' || src[s] == '_') {
		s++
		trimmed = true
	}
	if s > 0 && src[s-1] == '\\' && s+1 < e && (src[s] == 'n' || src[s] == 'r' || src[s] == 't') {
		s++
		trimmed = true
	}
	if s == e || !isAlpha(src[s]) {
		return nil
	}
	if !trimmed && s > min && !boundaryBefore(src, s) {
		return nil
	}
	return src[s:e]
}

// valueAfter returns the span of the value that follows a key separator at
// src[sep]. For '=' the value runs to the next '&', ';', ',', whitespace or
// quote; for ':' (a header or "key": value) it skips spaces and an opening
// quote and runs to the closing quote, or, when header is true, to the end
// of the line.
func valueAfter(src []byte, sep, open int) (start, end int) {
	header := open >= 0
	s := sep + 1
	if src[sep] == '=' && s < len(src) && src[s] == '>' {
		s++ // Ruby and PHP: "password" => "…"
	}
	// Spaces after ':' belong to the layout; after '=' only when the '='
	// has spaces on both sides ("password = hunter2"), never in "a= b=c".
	if src[sep] == ':' || sep > 0 && src[sep-1] == ' ' {
		for s < len(src) && s-sep <= 3 && (src[s] == ' ' || src[s] == '\t') {
			s++
		}
	}
	if s < len(src) && src[s] == '{' {
		// An object after a secret key in text (a Python dict repr, JSON
		// that is not quite JSON): the whole object is the value.
		if e := matchBrace(src, s); e > s {
			return s, e
		}
	}
	if s < len(src) && src[s] == '[' {
		// A bracketed label ("[redacted]", "[Filtered]") or list
		// (['Zx9y…'], a Django QueryDict's) is the whole value.
		if k := bytes.IndexByte(src[s:min(len(src), s+maxFieldValueLen)], ']'); k > 0 {
			return s, s + k + 1
		}
	}
	quote := byte(0)
	escapedQuote := false
	if s+1 < len(src) && src[s] == '\\' && src[s+1] == '"' {
		// \"value\": JSON escaped inside a text line.
		quote, escapedQuote = '"', true
		s += 2
	} else if s < len(src) && (src[s] == '"' || src[s] == '\'') {
		quote = src[s]
		s++
	}
	if quote == 0 && header {
		return s, headerEnd(src, s, open)
	}
	e := s
	// Values are taken whole once found, so this scan is not repeated; the
	// bound only caps one value's length.
	lim := min(len(src), s+maxFieldValueLen)
	if quote == 0 {
		// The common case, an unquoted value: a tight loop to its end.
		for v := src[:lim]; e < len(v) && !valueEnd[v[e]]; {
			e++
		}
	}
	for e < lim {
		c := src[e]
		if quote != 0 {
			if c == '\\' && e+1 < len(src) {
				if escapedQuote && src[e+1] == '"' {
					break
				}
				e += 2 // an escaped character, the quote among them
				continue
			}
			if c == quote || c == '\n' || c == '\r' {
				break
			}
		} else if valueStop[c] {
			break
		}
		if c == '\\' && e+1 < len(src) && (src[e+1] == 'n' || src[e+1] == 'r' || src[e+1] == 't' || src[e+1] == '"') {
			// A literal escape in text ("…\r\nCookie: …") ends the value.
			break
		}
		e++
	}
	return s, e
}

// maxFieldValueLen bounds a value replaced whole because of its key.
const maxFieldValueLen = 64 << 10

// tokenPrefixes are the published prefixes of API tokens whose shape says
// what they are: Stripe secret and restricted keys and webhook secrets,
// GitHub, GitLab, Slack, npm, OpenAI, Anthropic, Hugging Face and Google
// API keys, and JSON Web Tokens (eyJ: base64 of `{"`).
var tokenPrefixes = [][]byte{
	[]byte("sk_live_"), []byte("sk_test_"), []byte("rk_live_"), []byte("rk_test_"), []byte("whsec_"),
	[]byte("ghp_"), []byte("gho_"), []byte("ghu_"), []byte("ghs_"), []byte("ghr_"), []byte("github_pat_"),
	[]byte("glpat-"), []byte("xoxb-"), []byte("xoxp-"), []byte("xoxa-"), []byte("xoxr-"), []byte("xoxs-"),
	[]byte("xapp-"), []byte("npm_"), []byte("sk-proj-"), []byte("sk-ant-"), []byte("hf_"), []byte("AIza"),
	[]byte("eyJ"), []byte("SG."), []byte("shpat_"), []byte("shpss_"), []byte("shpca_"), []byte("pypi-"),
	[]byte("dop_v1_"), []byte("ya29."), []byte("glptt-"), []byte("xoxe-"), []byte("sq0atp-"), []byte("sq0csp-"),
}

// tokenPrefixesBy lists tokenPrefixes by their first byte. No prefix
// starts another, so the one that matches is the one.
var tokenPrefixesBy = func() (t [256][][]byte) {
	for _, p := range tokenPrefixes {
		t[p[0]] = append(t[p[0]], p)
	}
	return t
}()

// tokenPrefixAt returns the element of tokenPrefixes that b starts with, or
// nil.
func tokenPrefixAt(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	for _, p := range tokenPrefixesBy[b[0]] {
		if bytes.HasPrefix(b, p) {
			return p
		}
	}
	return nil
}

func isTokenChar(c byte) bool { return tokenTab[c] }

// keyTab marks the bytes of a key name in text: letters, digits, '_', '-'
// and '.'.
var keyTab = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c)) || c == '_' || c == '-' || c == '.'
	}
	return t
}()

// tokenTab marks the bytes of API tokens and credentials: letters, digits,
// '_' and '-'.
var tokenTab = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c)) || c == '_' || c == '-'
	}
	return t
}()

// matchToken looks for an API token with a known prefix around src[i],
// scanning back over token characters to a start no earlier than min. A
// JSON Web Token also takes its two dot-separated parts. It returns the
// span, or -1, -1.
func matchToken(src []byte, i, min int) (start, end int) {
	s := i
	for s > min && i-s < 64 && isTokenChar(src[s-1]) {
		s--
	}
	if s > min && (isTokenChar(src[s-1]) || src[s-1] >= 0x80) {
		return -1, -1
	}
	if s < len(src) && !tokenFirst[src[s]] {
		return -1, -1
	}
	p := tokenPrefixAt(src[s:])
	if p == nil {
		return -1, -1
	}
	e := s + len(p)
	for e < len(src) && e-s < 512 && isTokenChar(src[e]) {
		e++
	}
	if parts := dottedParts(p); parts > 0 {
		// header.payload.signature (JWT), SG.id.secret (SendGrid)
		for part := 0; part < parts; part++ {
			if e+1 >= len(src) || src[e] != '.' || !isTokenChar(src[e+1]) {
				return -1, -1
			}
			e++
			for e < len(src) && e-s < 8192 && isTokenChar(src[e]) {
				e++
			}
		}
	}
	if e-s < minTokenLen(p) || !hasDigitOrMixedCase(src[s+len(p):e]) {
		return -1, -1
	}
	if e < len(src) && src[e] >= 0x80 {
		return -1, -1
	}
	return s, e
}

// minTokenLen is the shortest token, prefix included, that matchToken
// takes with prefix p: 20 bytes, but only eight after a Stripe key's
// sk_live_, sk_test_, rk_live_ or rk_test_, prefixes no word or
// identifier starts with, so that a key cut short in a log line (or a
// restricted key of an old, shorter format) is still found. pk_live_ and
// pk_test_ keys are public and not prefixes here.
func minTokenLen(p []byte) int {
	if len(p) == 8 && (p[0] == 's' || p[0] == 'r') && p[1] == 'k' && p[2] == '_' {
		return len(p) + 8
	}
	return 20
}

// matchBrace returns the index after the '}' that closes the '{' at
// src[i], skipping quoted strings, or -1 when it is not closed within
// maxFieldValueLen bytes.
func matchBrace(src []byte, i int) int {
	depth := 0
	quote := byte(0)
	for j := i; j < len(src) && j-i < maxFieldValueLen; j++ {
		c := src[j]
		switch {
		case quote != 0:
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// isTokenValueKey reports the keys whose value is a credential only when it
// looks like one (isTokenValue): code, as OAuth's authorization code in a
// redirect URL and as a status elsewhere (code=404), and key, as a
// verification key in a link and as a name elsewhere (key=name).
func isTokenValueKey(key []byte) bool {
	return len(key) == 4 && hasPrefixFold(key, []byte("code")) || len(key) == 3 && hasPrefixFold(key, []byte("key"))
}

// isTokenValue reports whether the value of a key=value pair looks like a
// token: at least 16 bytes of token68 characters, dots and percent-escapes,
// with letters and digits (or escapes). A value with a '/' or '.' must
// also mix cases, so that paths and file names (key=uploads/2026/a.png)
// stay; so must one in capitals with '_', a constant (E_TIMEOUT_0001).
func isTokenValue(v []byte) bool {
	if len(v) < 16 {
		return false
	}
	var up, lo, digit, sep, under bool
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isUpper(c):
			up = true
		case isLower(c):
			lo = true
		case isDigit(c):
			digit = true
		case c == '%':
			if i+2 >= len(v) || !isHex(v[i+1]) || !isHex(v[i+2]) {
				return false
			}
			digit = true
			i += 2
		case c == '/' || c == '.':
			sep = true
		case c == '_':
			under = true
		case c == '-' || c == '~' || c == '+' || c == '=':
		default:
			return false
		}
	}
	if !(up || lo) || !digit {
		return false
	}
	if (sep || under && !lo) && !(up && lo) {
		return false
	}
	return true
}

// secretCues are the words after which a token-shaped word in prose is a
// credential: "api key 33aRhvfmrGShmTXm…", "token: eyJ…", "password Xy7…".
var secretCues = []string{"key", "token", "secret", "password", "passwd", "apikey", "credential", "credentials", "passphrase"}

// matchCuedSecret finds a token-shaped word (12 or more letters, digits,
// '_' or '-', with digits or mixed case) around src[i] that follows a
// secret cue word, no earlier than min. It returns the span, or -1, -1.
func matchCuedSecret(src []byte, i, min int) (start, end int) {
	if i > min+2 && !isTokenChar(src[i-1]) {
		// The word starts at i: a space and the last letter of a cue must
		// come before it.
		if src[i-1] != ' ' {
			return -1, -1
		}
		c := src[i-2]
		if c == ':' {
			c = src[i-3]
		}
		switch c | 0x20 {
		case 'y', 'n', 't', 'd', 'l', 's', 'e':
		default:
			return -1, -1
		}
		// And the word must be long enough for a credential.
		if i+12 > len(src) {
			return -1, -1
		}
		for _, c := range src[i : i+12] {
			if !tokenTab[c] {
				return -1, -1
			}
		}
	}
	s := i
	for s > min && i-s < 64 && isTokenChar(src[s-1]) {
		s--
	}
	// The cue: "key X", "key: X", "key is X".
	j := s
	if j-1 <= min || src[j-1] != ' ' {
		return -1, -1
	}
	j--
	if j-1 > min && src[j-1] == ':' {
		j--
	}
	we := j
	for j > min && we-j < 12 && isAlpha(src[j-1]) {
		j--
	}
	if j == we || j > min && isWordByte(src[j-1]) && src[j-1] != '_' {
		return -1, -1
	}
	switch src[j] | 0x20 {
	case 'k', 't', 's', 'p', 'a', 'c':
	default:
		return -1, -1
	}
	cue := false
	for _, c := range secretCues {
		if we-j == len(c) && hasPrefixFold(src[j:we], []byte(c)) {
			cue = true
			break
		}
	}
	if !cue {
		return -1, -1
	}
	e := s
	for e < len(src) && e-s < 512 && isTokenChar(src[e]) {
		e++
	}
	if e-s < 12 || !hasDigitOrMixedCase(src[s+1:e]) || allHex(src[s:e]) || !boundaryAfter(src, e) {
		// Digits alone or hex (a hash, a row id) are not credentials.
		return -1, -1
	}
	return s, e
}

func allHex(b []byte) bool {
	for _, c := range b {
		if !isHex(c) {
			return false
		}
	}
	return true
}

// dottedParts is how many more dot-separated parts follow a token with
// prefix p: two for a JWT's payload and signature, one for SendGrid's
// secret.
func dottedParts(p []byte) int {
	switch p[0] {
	case 'e':
		return 2
	case 'S':
		return 1
	}
	return 0
}

// namePart returns the key that name[k]= means when k names a part of a
// name (name[first]= is first_name=), or nil.
func namePart(k []byte) []byte {
	switch string(k) {
	case "first", "given":
		return []byte("first_name")
	case "last", "family":
		return []byte("last_name")
	case "middle":
		return []byte("middle_name")
	case "full", "display":
		return []byte("full_name")
	}
	return nil
}

// allKeyBytes reports whether every byte of k may be in a key name.
func allKeyBytes(k []byte) bool {
	for _, c := range k {
		if !keyTab[c] {
			return false
		}
	}
	return true
}
