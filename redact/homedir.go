package redact

import "bytes"

// Home directories name their owner: /home/jdoe/app.py, /Users/jane/…,
// C:\Users\jane\… (and the JSON-escaped C:\\Users\\jane\\). The owner is a
// person wherever such a path appears: stack frames, tracebacks, config
// dumps.

var homeMarkers = [][]byte{
	[]byte("/home/"), []byte("/Users/"), []byte(`\Users\`), []byte(`\\Users\\`),
}

// homeNotUsers are directories under /home or /Users that are not people.
var homeNotUsers = map[string]bool{
	"shared": true, "public": true, "guest": true, "default": true, "all users": true,
	"default user": true, "runner": true, "ubuntu": true, "ec2-user": true, "node": true,
	"app": true, "www-data": true, "git": true, "linuxbrew": true,
}

// homeDirs replaces, in out[start:], the user segment of every home
// directory path with the user's name stand-in. out is what scanning wrote,
// so values already replaced are not touched again (a stand-in does not
// follow a marker).
func (w *Session) homeDirs(out []byte, start int) []byte {
	if !w.s.enabled[KindName] {
		return out
	}
	seg := out[start:]
	sawUsers := w.sawUsers
	w.sawUsers = false
	if !sawUsers && !hasHomeDir(seg) {
		return out
	}
	w.home = append(w.home[:0], seg...)
	out = out[:start]
	src := w.home
	last := 0
	for i := 0; i < len(src); i++ {
		if src[i] != '/' && src[i] != '\\' {
			continue
		}
		var mk []byte
		for _, m := range homeMarkers {
			if bytes.HasPrefix(src[i:], m) {
				mk = m
				break
			}
		}
		if mk == nil || mk[0] == '/' && webPath(src, i) {
			continue
		}
		us := i + len(mk)
		for us < len(src) && src[us] == '\\' {
			us++ // the rest of a run of escaped backslashes
		}
		ue := us
		for ue < len(src) && ue-us < 64 && src[ue] != '/' && src[ue] != '\\' && src[ue] != '"' && src[ue] != '\'' && src[ue] != ' ' && src[ue] >= 0x20 {
			ue++
		}
		user := src[us:ue]
		if ue == us || isStandIn(user) || homeNotUsers[string(bytes.ToLower(user))] {
			i = ue - 1
			continue
		}
		out = append(out, src[last:us]...)
		m := match{kind: KindName, start: 0, end: len(user)}
		out = w.apply(out, user, &m)
		last = ue
		i = ue - 1
	}
	return append(out, src[last:]...)
}

// webPath reports whether the '/' at src[i] is part of a URL or an HTTP
// request target, not of a file path: https://shop.example/home/, or
// "GET /home/dashboard HTTP/1.1". A file: URL is a file path.
func webPath(src []byte, i int) bool {
	s := i
	for s > 0 && i-s < 4096 && !pathDelim(src[s-1]) {
		s--
	}
	if k := bytes.Index(src[s:i], []byte("://")); k >= 0 {
		return !hasPrefixFold(src[s:i], []byte("file:"))
	}
	if s < 2 || src[s-1] != ' ' || s != i {
		return false
	}
	m := s - 1
	for m > 0 && s-1-m < 8 && isUpper(src[m-1]) {
		m--
	}
	return s-1-m >= 3 && (m == 0 || !isWordByte(src[m-1])) && httpMethod(src[m:s-1])
}

// pathDelim reports the bytes that end a path or URL token in a record.
func pathDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '<', '>', '(', ')', '[', ']', '{', '}', ',', ';', '=', '|':
		return true
	}
	return false
}

// httpMethod reports whether m is an HTTP request method.
func httpMethod(m []byte) bool {
	switch string(m) {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE", "PROPFIND":
		return true
	}
	return false
}

// hasHomeDir reports whether b holds "/home/". It searches for "home/",
// whose first byte is rarer in URLs and paths than '/'.
func hasHomeDir(b []byte) bool {
	for {
		k := bytes.Index(b, []byte("home/"))
		if k < 0 {
			return false
		}
		if k > 0 && b[k-1] == '/' {
			return true
		}
		b = b[k+len("home/"):]
	}
}
