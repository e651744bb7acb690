package rules

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/piiproxy/piiproxy/redact"
)

// Validate reports every problem with c, joined with errors.Join; each is
// an *Error naming the field or rule. It does not modify c. Unset fields
// (zero values) are valid: they stand for their defaults. Custom rules are
// compiled to check their patterns, then discarded.
func (c *Config) Validate() error {
	var p problems
	c.validateKinds(&p)
	c.validateFields(&p)
	for i, v := range c.Allow {
		if strings.TrimSpace(v) == "" {
			p.add(joinPath("allow", strconv.Itoa(i)), "allow", "empty value")
		}
	}
	c.validateNames(&p)
	c.validateCustom(&p)
	c.validateProxy(&p)
	if m := c.Pipe.MaxLine; m != 0 && m < MinMaxLine {
		p.add("pipe.max_line", "pipe.max_line", "%v is less than the minimum, %v", m, MinMaxLine)
	}
	return p.err()
}

func (c *Config) validateKinds(p *problems) {
	for _, k := range c.Kinds.all() {
		path := "kinds." + k.kind.String()
		if k.cfg.Method != "" {
			if _, ok := k.cfg.Method.redact(); !ok {
				p.add(path+".method", path+".method", "unknown method %q (want pseudonymize, mask, redact or keep)", string(k.cfg.Method))
			}
		}
	}
	if b := c.Kinds.IP.PrefixBits; b < 0 || b > 128 {
		p.add("kinds.ip.prefix_bits", "kinds.ip.prefix_bits", "%d is out of range 0..128", b)
	}
}

func (c *Config) validateFields(p *problems) {
	f := &c.Fields
	keys := make([]string, 0, len(f.Keys))
	for k := range f.Keys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	seen := make(map[string]string, len(keys))
	for _, k := range keys {
		path := joinPath("fields.keys", k)
		field := fmt.Sprintf("fields.keys %q", k)
		n := redact.NormalizeKey(k)
		if n == "" {
			p.add(path, field, "empty key name")
			continue
		}
		if err := checkKind(f.Keys[k], true); err != nil {
			p.add(path, field, "%v", err)
		}
		if prev, ok := seen[n]; ok && f.Keys[prev] != f.Keys[k] {
			p.add(path, field, "conflicts with %q (same name once normalized) which has kind %s", prev, f.Keys[prev])
		}
		seen[n] = k
	}
	for i, r := range f.Paths {
		path := joinPath("fields.paths", strconv.Itoa(i))
		field := fmt.Sprintf("fields.paths[%d]", i)
		if r.Selector != "" {
			field = fmt.Sprintf("fields.paths %q", r.Selector)
		}
		if err := checkSelector(r.Selector); err != nil {
			p.add(path+".selector", field, "%v", err)
		}
		if err := checkKind(r.Kind, true); err != nil {
			p.add(path+".kind", field, "%v", err)
		}
	}
	for i, s := range f.Safe {
		if err := checkSelector(s); err != nil {
			p.add(joinPath("fields.safe", strconv.Itoa(i)), "fields.safe", "%v", err)
		}
	}
}

// checkKind reports whether k names a kind; none is accepted only where
// noneOK (field rules, where it removes a built-in rule).
func checkKind(k Kind, noneOK bool) error {
	switch {
	case k == "":
		return fmt.Errorf("kind is required (one of %s)", kindList())
	case k == KindNone && noneOK:
		return nil
	}
	if _, ok := k.redact(); !ok {
		return fmt.Errorf("unknown kind %q (want %s)", string(k), kindList())
	}
	return nil
}

// checkSelector validates a field selector: dot-separated key names, "*"
// and "**" segments, no empty segment.
func checkSelector(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("empty selector")
	}
	for _, seg := range strings.Split(s, ".") {
		switch {
		case seg == "*" || seg == "**":
		case seg == "":
			return fmt.Errorf("selector %q has an empty segment", s)
		case strings.Contains(seg, "*"):
			return fmt.Errorf("selector %q: '*' must be a whole segment (\"*\" or \"**\")", s)
		case redact.NormalizeKey(seg) == "":
			return fmt.Errorf("selector %q has a segment with no name", s)
		}
	}
	return nil
}

func (c *Config) validateNames(p *problems) {
	for _, l := range []struct {
		name  string
		words []string
	}{{"extra_first", c.Names.ExtraFirst}, {"extra_last", c.Names.ExtraLast}, {"stop", c.Names.Stop}} {
		for i, w := range l.words {
			if strings.TrimSpace(w) == "" {
				p.add(joinPath("names."+l.name, strconv.Itoa(i)), "names."+l.name, "empty word")
			}
		}
	}
}

func (c *Config) validateCustom(p *problems) {
	names := make(map[string]int, len(c.Custom))
	for i := range c.Custom {
		r := &c.Custom[i]
		path := joinPath("custom", strconv.Itoa(i))
		field := fmt.Sprintf("custom rule %q", r.Name)
		switch {
		case r.Name == "":
			field = fmt.Sprintf("custom rule #%d", i+1)
			p.add(path+".name", field, "name is required")
		case !validRuleName(r.Name):
			p.add(path+".name", field, "name may contain only letters, digits, '_', '-' and '.'")
		}
		if j, dup := names[r.Name]; dup && r.Name != "" {
			p.add(path+".name", field, "duplicate name (also rule #%d)", j+1)
		}
		names[r.Name] = i
		if r.Kind != "" {
			if err := checkKind(r.Kind, false); err != nil {
				p.add(path+".kind", field, "%v", err)
			}
		}
		if r.Method != "" {
			if _, ok := r.Method.redact(); !ok {
				p.add(path+".method", field, "unknown method %q (want pseudonymize, mask, redact or keep)", string(r.Method))
			}
		}
		if t := time.Duration(r.Timeout); t != 0 && (t < time.Millisecond || t > MaxRuleTimeout) {
			p.add(path+".timeout", field, "timeout %v is out of range 1ms..%v", t, MaxRuleTimeout)
		}
		if r.Pattern == "" {
			p.add(path+".pattern", field, "pattern is required")
		} else if _, err := compilePattern(r.Pattern); err != nil {
			p.add(path+".pattern", field, "%v", err)
		}
	}
}

func validRuleName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func (c *Config) validateProxy(p *problems) {
	x := &c.Proxy
	if x.Listen != "" {
		if _, port, err := net.SplitHostPort(x.Listen); err != nil {
			p.add("proxy.listen", "proxy.listen", "%q is not host:port", x.Listen)
		} else if n, err := strconv.ParseUint(port, 10, 16); err != nil || (n == 0 && port != "0") {
			p.add("proxy.listen", "proxy.listen", "%q: invalid port %q", x.Listen, port)
		}
	}
	for _, u := range []struct{ name, value string }{
		{"sentry_upstream", x.SentryUpstream}, {"rollbar_upstream", x.RollbarUpstream},
	} {
		if u.value == "" {
			continue
		}
		if err := checkUpstream(u.value); err != nil {
			p.add("proxy."+u.name, "proxy."+u.name, "%v", err)
		}
	}
	if x.MaxBody != 0 && x.MaxBody < MinMaxBody {
		p.add("proxy.max_body", "proxy.max_body", "%v is less than the minimum, %v", x.MaxBody, MinMaxBody)
	}
	if x.MaxDecompressed != 0 && x.MaxDecompressed < MinMaxBody {
		p.add("proxy.max_decompressed", "proxy.max_decompressed", "%v is less than the minimum, %v", x.MaxDecompressed, MinMaxBody)
	}
	if x.MaxBody > 0 && x.MaxDecompressed > 0 && x.MaxDecompressed < x.MaxBody {
		p.add("proxy.max_decompressed", "proxy.max_decompressed", "%v is less than max_body (%v)", x.MaxDecompressed, x.MaxBody)
	}
}

// checkUpstream accepts an absolute http or https URL with a host and no
// credentials, query or fragment.
func checkUpstream(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a URL", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q: want an http:// or https:// URL", s)
	case u.Host == "":
		return fmt.Errorf("%q has no host", s)
	case u.User != nil:
		return fmt.Errorf("upstream URL must not carry credentials")
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("%q: want a base URL without query or fragment", s)
	}
	return nil
}
