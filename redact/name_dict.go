package redact

import (
	_ "embed"
	"maps"
	"strings"
	"sync"
	"unicode/utf8"
)

// The name dictionaries, built by namedata/gen from public name lists (see
// namedata/README.md). Each is sorted, one lower-case accent-folded word a
// line. All but englishWordsData are loaded into the word table;
// englishWordsData, the largest, is searched in place (inSortedLines).
var (
	//go:embed namedata/first.txt
	firstNamesData string
	//go:embed namedata/last.txt
	lastNamesData string
	//go:embed namedata/common.txt
	commonWordsData string
	//go:embed namedata/stop.txt
	stopWordsData string
	//go:embed namedata/words.txt
	englishWordsData string
)

// Word classes of the name dictionary. One word may have several.
const (
	wFirst     uint16 = 1 << iota // a given name
	wLast                         // a surname
	wStop                         // never part of a name
	wCommon                       // an everyday word: a name only with more evidence
	wTitle                        // Mr, Dr, Frau … : the next capitalized word is a name
	wTitleDot                     // a title that is one only when a '.' follows (M., Sr., Dhr.)
	wTitleWeak                    // a title that is also a word (Miss, Pan): the name must not be a common word
	wCue                          // name, customer, patient …: a known name follows
	wCueWeak                      // by, for, to …: a known name that is not a common word follows
	wParticle                     // van, von, de … inside a full name
	wFiller                       // is, was, ist …: skipped between a cue and a name
	wGreeting                     // dear, hello …: a cue that a comma may follow
)

// Words of more than maxNameWord bytes, folded, are never looked up.
const maxNameWord = 40

// titles are the honorifics after which a capitalized word is taken for a
// name even when the dictionaries do not know it.
var titles = []string{
	"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame", "lady", "lord",
	"herr", "frau", "mme", "mlle", "madame", "mademoiselle", "monsieur",
	"senor", "senora", "senorita", "signor", "signora", "signorina",
	"mevrouw", "meneer", "fru", "froken",
}

// dotTitles are titles only when followed by '.': their bare forms are
// initials or everyday abbreviations.
var dotTitles = []string{
	"m", "sr", "sra", "srta", "sig", "dott", "dhr", "mevr", "hr", "dra", "pr",
}

// weakTitles are titles that are also everyday words ("cache Miss", "Pan"
// in a camera log): the word after them must not be a common word.
var weakTitles = []string{"miss", "pan", "pani", "panna", "don", "dona"}

// cues are words shortly before a name that make a single known given name
// or surname a name: field-like labels, greetings and sign-offs.
var cues = []string{
	"name", "fullname", "firstname", "lastname", "surname", "givenname", "displayname", "username",
	"customer", "client", "user", "contact", "member", "owner", "holder", "cardholder", "account",
	"recipient", "sender", "patient", "employee", "author", "assignee", "reporter", "signed",
	"dear", "hello", "hi", "hey", "regards", "thanks", "attn", "signer", "applicant", "guest",
	"nom", "prenom", "nombre", "apellido", "cliente", "usuario", "utente", "nome", "cognome",
	"kunde", "kundin", "vorname", "nachname", "benutzer", "klant", "naam", "voornaam", "achternaam",
	"gebruiker", "imie", "nazwisko", "klient", "uzytkownik", "utilisateur", "destinataire",
	"kund", "navn", "fornavn", "etternavn", "efternamn", "fornamn", "asiakas", "nimi",
	"bonjour", "hallo", "hola", "ciao", "caro", "cara", "querido", "querida", "cher", "chere",
	"liebe", "lieber", "beste", "geachte", "szanowny", "szanowna", "prezado", "prezada", "ola", "hej",
}

// greetings are the cues that may stand before a comma: "Hello, John".
var greetings = []string{
	"dear", "hello", "hi", "hey", "regards", "thanks", "bonjour", "hallo", "hola", "ciao", "caro", "cara",
	"querido", "querida", "cher", "chere", "liebe", "lieber", "beste", "geachte", "szanowny", "szanowna",
	"prezado", "prezada", "ola", "hej",
}

// weakCues are prepositions that often, but not mostly, precede a name.
var weakCues = []string{
	"by", "for", "from", "to", "cc", "with", "par", "pour", "von", "fur", "door", "voor",
	"por", "para", "da", "per", "przez", "dla", "av", "fra", "til", "till",
}

// particles may stand, lower-case, between a given name and a surname.
var particles = []string{
	"van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "des", "dos", "das",
	"do", "le", "la", "ten", "ter", "zu", "zur", "af", "al", "el", "bin", "ibn", "vom", "y",
}

// fillers may stand between a cue and the name: "name is John".
var fillers = []string{"is", "was", "ist", "est", "es", "e", "er", "jest", "on", "of"}

var (
	builtinOnce  sync.Once
	builtinWords map[string]uint16
)

// builtinNameWords returns the built-in word table, building it on first
// use. The table is shared and must not be modified.
func builtinNameWords() map[string]uint16 {
	builtinOnce.Do(func() {
		w := make(map[string]uint16, 32<<10)
		addLines(w, firstNamesData, wFirst)
		addLines(w, lastNamesData, wLast)
		addLines(w, commonWordsData, wCommon)
		addLines(w, stopWordsData, wStop)
		for _, s := range titles {
			w[s] |= wTitle
		}
		for _, s := range dotTitles {
			w[s] |= wTitleDot
		}
		for _, s := range weakTitles {
			w[s] |= wTitleWeak
		}
		for _, s := range cues {
			w[s] |= wCue
		}
		for _, s := range greetings {
			w[s] |= wGreeting
		}
		for _, s := range weakCues {
			w[s] |= wCueWeak
		}
		for _, s := range particles {
			w[s] |= wParticle
		}
		for _, s := range fillers {
			w[s] |= wFiller
		}
		builtinWords = w
	})
	return builtinWords
}

// nameWords returns the word table for cfg: the shared built-in table when
// cfg adds nothing, otherwise a copy with cfg's words added.
func nameWords(cfg *NameConfig) map[string]uint16 {
	base := builtinNameWords()
	if len(cfg.ExtraFirst) == 0 && len(cfg.ExtraLast) == 0 && len(cfg.Stop) == 0 {
		return base
	}
	w := maps.Clone(base)
	add := func(list []string, class uint16) {
		var buf [maxNameWord]byte
		for _, s := range list {
			for _, part := range strings.Fields(s) {
				if n, ok := foldWord(buf[:], []byte(part)); ok {
					w[string(buf[:n])] |= class
				}
			}
		}
	}
	add(cfg.ExtraFirst, wFirst)
	add(cfg.ExtraLast, wLast)
	add(cfg.Stop, wStop)
	return w
}

// inSortedLines reports whether w is a line of data, whose lines are
// sorted and each end with '\n'. It is a binary search over bytes: no
// index, no allocation.
func inSortedLines(data string, w []byte) bool {
	return inSortedRange(data, 0, len(data), w)
}

// inSortedRange is inSortedLines over the lines of data[lo:hi]; lo is
// the start of a line and hi the end of one, after its '\n'.
func inSortedRange(data string, lo, hi int, w []byte) bool {
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		s := strings.LastIndexByte(data[lo:mid], '\n') + 1 + lo
		e := strings.IndexByte(data[mid:hi], '\n')
		if e < 0 {
			return false
		}
		e += mid
		switch c := compareBytes(data[s:e], w); {
		case c == 0:
			return true
		case c < 0:
			lo = e + 1
		default:
			hi = s
		}
	}
	return false
}

// englishIndex holds, for the first two letters of a word, the byte range
// of englishWordsData whose lines start with them, so that englishWord
// searches a few hundred words instead of all of them. A pair's range is
// from the start of its first line to the end of its last, which is
// contiguous however the pairs sort, since the lines are sorted.
var englishIndex = sync.OnceValue(func() *[27 * 27][2]int32 {
	var ix [27 * 27][2]int32
	data := englishWordsData
	for s := 0; s < len(data); {
		e := strings.IndexByte(data[s:], '\n')
		if e < 0 {
			break
		}
		e += s
		k := letterPair(data[s:e])
		if ix[k][1] == 0 {
			ix[k][0] = int32(s)
		}
		ix[k][1] = int32(e + 1)
		s = e + 1
	}
	return &ix
})

// letterPair returns the index in englishIndex of the first two bytes of
// w: each letter a to z is 1 to 26, anything else (or no byte) 0.
func letterPair[T string | []byte](w T) int {
	k := 0
	for n := 0; n < 2; n++ {
		k *= 27
		if n < len(w) && w[n]-'a' < 26 {
			k += int(w[n]-'a') + 1
		}
	}
	return k
}

// compareBytes compares a and b like strings.Compare.
func compareBytes(a string, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func addLines(w map[string]uint16, data string, class uint16) {
	for len(data) > 0 {
		line := data
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = ""
		}
		if line != "" {
			w[line] |= class
		}
	}
}

// Accent folding of Latin-1 Supplement (U+00C0–U+00FF) and Latin
// Extended-A (U+0100–U+017F) letters to their ASCII base letter. '*' marks
// letters that fold to two letters (see foldRune), '_' the two symbols of
// the block.
const (
	foldLatin1 = "aaaaaa*ceeeeiiiidnooooo_ouuuuy**aaaaaa*ceeeeiiiidnooooo_ouuuuy*y"
	foldExtA   = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllllllllnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
)

// foldRune writes the folded form of the non-ASCII letter r into dst and
// returns the number of bytes written: 0 when r has no fold, 1 or 2.
func foldRune(dst []byte, r rune) int {
	var c byte
	switch {
	case 0xC0 <= r && r <= 0xFF:
		c = foldLatin1[r-0xC0]
	case 0x100 <= r && r <= 0x17F:
		c = foldExtA[r-0x100]
	case r == 0x218 || r == 0x219: // Ș ș
		c = 's'
	case r == 0x21A || r == 0x21B: // Ț ț
		c = 't'
	default:
		return 0
	}
	switch c {
	case '_':
		return 0
	case '*':
		var a, b byte
		switch r {
		case 'Æ', 'æ':
			a, b = 'a', 'e'
		case 'Þ', 'þ':
			a, b = 't', 'h'
		case 'ß':
			a, b = 's', 's'
		case 'Ĳ', 'ĳ':
			a, b = 'i', 'j'
		case 'Œ', 'œ':
			a, b = 'o', 'e'
		default:
			return 0
		}
		if len(dst) < 2 {
			return 0
		}
		dst[0], dst[1] = a, b
		return 2
	}
	if len(dst) < 1 {
		return 0
	}
	dst[0] = c
	return 1
}

// asciiFold maps ASCII letters to lower case and keeps '-'; every other
// byte maps to 0.
var asciiFold = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	t['-'] = '-'
	return t
}()

// foldWord writes the dictionary form of the word w into buf: lower case,
// accents folded, apostrophes dropped, hyphens kept. It reports false when
// w holds a character that does not fold or does not fit in buf.
func foldWord(buf, w []byte) (int, bool) {
	if len(w) <= len(buf) {
		// ASCII letters and hyphens, the common case, fold by table.
		k := 0
		for ; k < len(w); k++ {
			f := asciiFold[w[k]]
			if f == 0 {
				break
			}
			buf[k] = f
		}
		if k == len(w) {
			return k, k > 0
		}
	}
	n := 0
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case isLower(c) || c == '-':
			case isUpper(c):
				c += 'a' - 'A'
			case c == '\'':
				continue
			default:
				return 0, false
			}
			if n == len(buf) {
				return 0, false
			}
			buf[n] = c
			n++
			continue
		}
		r, size := utf8.DecodeRune(w[i:])
		i += size
		if r == '\u2019' {
			continue
		}
		k := foldRune(buf[n:], r)
		if k == 0 {
			return 0, false
		}
		n += k
	}
	return n, n > 0
}
