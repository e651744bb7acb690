package redact

import "bytes"

// Source code that has the shape of a key=value pair: the context lines of
// stack frames (sentry-python's pre_context and context_line, Rollbar's
// code), GraphQL documents, and the messages of programs that name a
// field without giving its value. The value's shape decides, not where it
// is: "password = hunter2" is a credential in a frame and in a log line.

// codeValue reports whether the value src[vs:ve] after the key and the
// separator at src[sep] is code or a word of a message rather than a
// value of the key's kind:
//
//   - the key's own name (password=password, email=email);
//   - an expression, an identifier path called or indexed:
//     request.POST['password'], os.environ["TOKEN"], os.getenv("X"),
//     getpass(), form.cleaned_data['password'], $_POST['password'],
//     params[:password] — an identifier path with a dot followed by '('
//     or '[', or an identifier followed by "()", '(' and a quote, '[' and
//     a quote, or "[:"; Summer[2024] and hunter2(x) stay values;
//   - an identifier path of letters that holds the key's last word as one
//     of its '_'- or '.'-separated words: email=user_email, password =
//     self.password, db_password = settings.DB_PASSWORD (Password_123
//     stays a value);
//   - a GraphQL variable: the key's own name after '$' (login(pw: $pw)),
//     or the type in a variable definition ($pw: String!);
//   - MySQL's "(using password: YES)" and "NO".
//
// A quoted value is a literal, never code, except the key's own name.
func codeValue(src, key []byte, sep, vs, ve int) bool {
	v := src[vs:ve]
	if len(v) == len(key) && hasPrefixFold(v, key) {
		return true
	}
	if vs > 0 && (src[vs-1] == '"' || src[vs-1] == '\'') {
		return false
	}
	if src[sep] == ':' {
		if ks := offsetOf(src, key); ks > 0 && src[ks-1] == '$' {
			// mutation($pw: String!): a variable's type.
			return true
		}
		if string(v) == "YES" || string(v) == "NO" {
			return true
		}
	}
	if len(v) == len(key)+1 && v[0] == '$' && hasPrefixFold(v[1:], key) {
		return true
	}
	// Most values are neither called nor indexed nor made of the key's
	// word: told by two byte tests and a word test, before any reading.
	if (ve >= len(src) || src[ve] != '(' && src[ve] != '[') && src[vs] != '$' &&
		bytes.IndexByte(v, '(') < 0 && bytes.IndexByte(v, '[') < 0 && !holdsWord(v, lastWord(key)) {
		return false
	}
	// The identifier path that starts the value, read on past ve: the
	// value of an unquoted pair ends at a quote or a bracket.
	is := vs
	if is+1 < len(src) && src[is] == '$' {
		is++ // PHP: $_POST['password']
	}
	e, dots := identPathEnd(src, is)
	if e == is || e-is == maxIdentPath {
		return false
	}
	if e < len(src) && (src[e] == '(' || src[e] == '[') {
		if dots > 0 {
			return true
		}
		if e+1 < len(src) {
			switch n := src[e+1]; {
			case n == '"' || n == '\'':
				return true
			case n == ')':
				return src[e] == '('
			case n == ':':
				return src[e] == '[' // Ruby: params[:password]
			}
		}
		return false
	}
	if e != ve || is != vs {
		return false
	}
	return holdsWord(v, lastWord(key))
}

// identPathEnd returns the end of the identifier path (name, name.name,
// …) that starts at src[i], and how many dots it has; i itself when none
// starts there. It reads no more than maxIdentPath bytes: a longer run is
// no code but a value, and ends at i+maxIdentPath.
func identPathEnd(src []byte, i int) (end, dots int) {
	lim := min(len(src), i+maxIdentPath)
	e := i
	for e < lim && identStart[src[e]] {
		e++
		for e < lim && identTab[src[e]] {
			e++
		}
		if e+1 < lim && src[e] == '.' && identStart[src[e+1]] {
			e++
			dots++
			continue
		}
		break
	}
	return e, dots
}

// maxIdentPath bounds the identifier paths that codeValue reads.
const maxIdentPath = 128

// identStart marks the bytes that start an identifier: letters and '_';
// identTab those that continue one, digits too.
var identStart, identTab = func() (s, t [256]bool) {
	for c := 0; c < 256; c++ {
		s[c] = isAlpha(byte(c)) || c == '_'
		t[c] = s[c] || isDigit(byte(c))
	}
	return s, t
}()

// lastWord returns the last '_'-, '-'- or '.'-separated word of key.
func lastWord(key []byte) []byte {
	i := len(key)
	for i > 0 && key[i-1] != '_' && key[i-1] != '-' && key[i-1] != '.' {
		i--
	}
	return key[i:]
}

// holdsWord reports whether the identifier path v has w as one of its
// '_'- or '.'-separated words, compared without regard to case, and is
// more than w alone. Every word must be letters only, as names in code
// mostly are: Password_123 and admin_pw2 are passwords.
func holdsWord(v, w []byte) bool {
	if len(w) == 0 || len(v) <= len(w) || !isAlpha(v[0]) || bytes.IndexByte(v, '_') < 0 && bytes.IndexByte(v, '.') < 0 {
		// Longer than the word and made of words: it has a separator.
		return false
	}
	found := false
	for s := 0; s <= len(v); {
		e := s
		for e < len(v) && v[e] != '_' && v[e] != '.' {
			if !isAlpha(v[e]) {
				return false
			}
			e++
		}
		if e-s == len(w) && hasPrefixFold(v[s:e], w) {
			found = true
		}
		s = e + 1
	}
	return found
}
