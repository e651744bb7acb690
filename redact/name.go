package redact

import (
	"unicode"
	"unicode/utf8"
)

// nameMatcher finds person names in free text without a learned model:
// dictionaries of given names and surnames in the European languages (see
// namedata/README.md), a stop-list of words that are names but mostly are
// not in logs, titles (Mr, Frau, Mme …) and cue words (name=, customer,
// Dear …). It is immutable after newNameMatcher and safe for concurrent use.
//
// A span is taken when one of these holds, in this order:
//
//   - a title, then initials or particles, then a capitalized word that is
//     neither a stop word nor a common word (the span starts after the
//     title: Dhr. J. de Vries, Sig.ra Bianchi; after a title that is
//     also a word, such as Miss or Pan, the word must be a known name or
//     not an English word);
//   - a known given name, then, one space apart, a known surname or given
//     name, or a capitalized word that is neither a stop word, a common
//     word nor, unless a cue precedes, an English dictionary word; lower-case
//     particles (van, de, von …) or a middle initial may stand between;
//   - two known surnames that are not common words (Jürgens Hoffmann), or,
//     after a cue, an unknown word that is not English and a known surname
//     that is not a common word (for Nkechi Andersson);
//   - "Last, First", both known;
//   - initials and a known surname that is not a common word (J. Smith);
//   - a known given name or surname right after a cue word, also in upper
//     case after a field-like cue (cardholder: JOHN SMITH);
//   - in upper case without a cue, a known given name that is not a common
//     word and a known surname (Invoice for MARIA GARCIA).
//
// A span grows over following known surnames (María García López). Words
// must look like names: a capital letter then lower-case letters, with
// hyphens (Jean-Luc), apostrophes (O'Brien) and Mc/Mac (McDonald); CamelCase
// identifiers, ALL CAPS (but for the rules above), words in paths, class names,
// file names and function calls are not names.
type nameMatcher struct {
	words map[string]uint16
	// cueLast marks the ASCII bytes that end a cue, greeting or filler
	// word (and "name", which ends keys such as customerName), so that
	// cueBefore rejects most words without a dictionary lookup.
	cueLast [256]bool
}

// newNameMatcher builds the matcher for cfg. The built-in dictionaries are
// loaded once and shared; cfg's extra words make a private copy.
func newNameMatcher(cfg NameConfig) *nameMatcher {
	m := &nameMatcher{words: nameWords(&cfg)}
	m.cueLast['e'] = true
	for w, c := range m.words {
		if c&(wCue|wCueWeak|wFiller|wGreeting) != 0 && w != "" {
			m.cueLast[w[len(w)-1]] = true
		}
	}
	return m
}

// Groups of word classes.
const (
	wName   = wFirst | wLast
	wTitles = wTitle | wTitleDot | wTitleWeak
)

// match reports the span [start, end) of a person's name found at src[i],
// a byte that may start a capitalized word (an upper-case ASCII letter or a
// UTF-8 lead byte) at a token boundary; start >= i. It returns -1, -1 when
// there is none.
func (m *nameMatcher) match(src []byte, i int) (start, end int) {
	if i < 0 || i >= len(src) {
		return -1, -1
	}
	lead := i
	if src[i] >= utf8.RuneSelf {
		// Quotes, bullets and dashes outside ASCII («John, •John, „John)
		// are part of the scanner's word; the name starts after them.
		for n := 0; n < 2 && i < len(src); n++ {
			r, size := utf8.DecodeRune(src[i:])
			if !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		if i >= len(src) {
			return -1, -1
		}
	}
	if i == lead && !nameStartOK(src, i) {
		return -1, -1
	}
	if isUpper(src[i]) && i+1 < len(src) && isUpper(src[i+1]) {
		// Two ASCII capitals: not capWord's shape (Mc and Mac have a
		// lower-case letter second).
		return m.upperAfterCue(src, i)
	}
	if e := m.deviceOwner(src, i); e > i {
		return i, e
	}
	e0, letters := capWord(src, i)
	if e0 < 0 {
		return m.upperAfterCue(src, i)
	}
	if e0 < len(src) && letters > 1 {
		switch src[e0] {
		case '/', '(', '@', '\\', '=', '[', '{', '_', '$', '#':
			// Mozilla/5.0, Foo(, Bar@…: a product, a call or an
			// identifier, whatever the dictionary says of the word.
			return -1, -1
		}
	}
	c0 := m.class(src[i:e0])
	if c0 == 0 && letters > 2 {
		return m.unknownThenSurname(src, i, e0)
	}
	if c0&wStop != 0 || c0&(wName|wTitles) == 0 && letters > 1 {
		return -1, -1
	}
	if c0&(wCue|wCueWeak|wParticle|wFiller) != 0 {
		// "Kunde", "Von", "De": a cue or particle, not the name itself.
		c0 &^= wName
	}
	if c0&wTitles != 0 {
		if s, e := m.afterTitle(src, e0, c0); s >= 0 {
			return s, e
		}
	}
	if letters == 1 {
		return m.initialSurname(src, i)
	}
	if c0&wName == 0 {
		return -1, -1
	}
	if e := m.pair(src, i, e0, c0); e > 0 {
		return i, e
	}
	if c0&(wLast|wCommon) == wLast {
		if e := m.lastFirst(src, e0); e > 0 {
			return i, e
		}
	}
	if !nameEndOK(src, e0) || e0+1 < len(src) && src[e0] == ' ' && isDigit(src[e0+1]) {
		// A lone word before a number is a date or a version (from Jan 5,
		// to Alpha 2), not a name.
		return -1, -1
	}
	switch m.cueBefore(src, i) {
	case wCue:
		return i, m.extend(src, e0)
	case wCueWeak:
		if c0&wCommon == 0 {
			return i, m.extend(src, e0)
		}
	}
	return -1, -1
}

// upperAfterCue takes an upper-case name right after a cue word, as
// embossed on cards and typed into forms: "cardholder: JOHN SMITH". The
// first word must be a known name, and one or two more upper-case words
// that are known names or not common words must follow, particles allowed
// between (ANJA VON BÜLOW); when the first is also a common word, one of
// them must be a known name (PETER NEUMANN).
func (m *nameMatcher) upperAfterCue(src []byte, i int) (start, end int) {
	// The shape comes first: most capitals (INFO, GET, AVS) are one word
	// that no other upper-case word follows one space apart, which two
	// byte tests tell before the cue is looked for.
	e, letters := upperWord(src, i)
	if e < 0 || letters < 2 || !nameEndOK(src, e) {
		return -1, -1
	}
	if e+1 >= len(src) || src[e] != ' ' || !isUpper(src[e+1]) && src[e+1] < utf8.RuneSelf {
		return -1, -1
	}
	cued := m.cueBefore(src, i) == wCue
	c0 := m.class(src[i:e])
	if c0&wName == 0 || c0&(wStop|wTitles|wCue) != 0 {
		return -1, -1
	}
	// Without a cue (Invoice for MARIA GARCIA, a card holder's name), only
	// a given name that is no word followed by a known surname.
	if !cued && (c0&wFirst == 0 || c0&wCommon != 0) {
		return -1, -1
	}
	words, known := 1, 0
	// More words, one space apart: particles (ANJA VON BÜLOW) only before
	// another word, then known names or words that are not common.
	for pos, n := e, 0; words < 3 && n < 5 && pos+1 < len(src) && src[pos] == ' '; n++ {
		e1, letters := upperWord(src, pos+1)
		if e1 < 0 {
			break
		}
		c := m.class(src[pos+1 : e1])
		if c&wParticle != 0 {
			pos = e1
			continue
		}
		if letters < 2 || !nameEndOK(src, e1) || c&(wStop|wTitles) != 0 || c&(wName|wCommon) == wCommon {
			break
		}
		if c&wName != 0 {
			known++
		}
		if !cued && words == 1 && c&wLast == 0 {
			break
		}
		e, pos = e1, e1
		words++
	}
	if words < 2 || c0&wCommon != 0 && known == 0 {
		// A lone upper-case word is more often an acronym (name: "URI");
		// a given name that is also a word needs a known name after it.
		return -1, -1
	}
	return i, e
}

// upperWord reads an upper-case word at src[i]: upper-case letters (and ß)
// with inner hyphens or apostrophes (JEAN-LUC, O'BRIEN, GROß). It returns the end of
// the word and its number of letters, or -1, 0.
func upperWord(src []byte, i int) (end, letters int) {
	j := i
	for j < len(src) && isUpper(src[j]) {
		j++
	}
	letters = j - i
	if j == len(src) || src[j] < utf8.RuneSelf && !isLower(src[j]) && src[j] != '-' && src[j] != '\'' {
		// ASCII capitals, then the end or a byte that ends the word.
		if letters == 0 || j < len(src) && (isDigit(src[j]) || src[j] == '_') {
			return -1, 0
		}
		return j, letters
	}
	return upperWordFrom(src, j, letters)
}

// upperWordFrom is upperWord from src[j] on, after the given number of
// letters.
func upperWordFrom(src []byte, j, letters int) (int, int) {
	for j < len(src) {
		if c := src[j]; c < utf8.RuneSelf {
			if isUpper(c) {
				j++
				letters++
				continue
			}
			if isLower(c) {
				return -1, 0
			}
		}
		r, n := decodeLetter(src, j)
		if n == 0 {
			if (src[j] == '-' || src[j] == '\'') && letters > 0 && j+1 < len(src) {
				if r, n := decodeLetter(src, j+1); n > 0 && unicode.IsUpper(r) {
					j++
					continue
				}
			}
			break
		}
		if !unicode.IsUpper(r) && r != 'ß' { // ß has no common capital: WEIß
			return -1, 0
		}
		j += n
		letters++
	}
	if letters == 0 || j < len(src) && (isDigit(src[j]) || src[j] == '_') {
		return -1, 0
	}
	return j, letters
}

// afterTitle tries the name after the title ending at e; c is the title's
// class. It returns the span of the name or -1, -1.
func (m *nameMatcher) afterTitle(src []byte, e int, c uint16) (start, end int) {
	dot := e < len(src) && src[e] == '.'
	if dot {
		e++
		if c&wTitleDot != 0 {
			// Italian feminine forms: Sig.ra, Sig.na, Dott.ssa.
			j := e
			for j < len(src) && j-e <= 3 && isLower(src[j]) {
				j++
			}
			if j > e && j-e <= 3 {
				e = j
			}
		}
	} else if c&(wTitle|wTitleWeak) == 0 {
		return -1, -1
	}
	if e+1 >= len(src) || src[e] != ' ' {
		return -1, -1
	}
	k := initials(src, e+1)
	k, particle := m.particles(src, k)
	e1, letters := capWord(src, k)
	if e1 < 0 {
		// "Mr SMITH": a known surname or given name in upper case.
		e1, letters = upperWord(src, k)
		if e1 < 0 || letters < 2 || !nameEndOK(src, e1) {
			return -1, -1
		}
		if c1 := m.class(src[k:e1]); c1&wName == 0 || c1&(wStop|wCommon|wTitles) != 0 {
			return -1, -1
		}
		return e + 1, e1
	}
	if letters < 2 {
		return -1, -1
	}
	c1 := m.class(src[k:e1])
	if c1&wStop != 0 || c1&wTitles != 0 && !particle {
		return -1, -1
	}
	if c1&(wName|wCommon) == wCommon {
		// An everyday word after a title ("an M. Instead") is not a name.
		return -1, -1
	}
	if c&(wTitle|wTitleDot) == 0 && c1&wName == 0 && (letters < 4 || m.englishWord(src[k:e1])) {
		// After a title that is also a word (cache Miss Handling), only a
		// known name or a longer word that is not English.
		return -1, -1
	}
	if !nameEndOK(src, e1) {
		return -1, -1
	}
	// "Mr John Smith": a given name after the title takes the surname too.
	if c1&wFirst != 0 && !particle {
		if e2 := m.pair(src, -1, e1, c1); e2 > 0 {
			return e + 1, e2
		}
	}
	return e + 1, m.extend(src, e1)
}

// unknownThenSurname takes a given name the dictionaries do not know when
// a cue precedes and a known surname follows: "for Nkechi Andersson". The
// first word must be no listed word at all and no English word, the
// surname no common word.
func (m *nameMatcher) unknownThenSurname(src []byte, i, e0 int) (start, end int) {
	if e0+2 >= len(src) || src[e0] != ' ' || !isUpper(src[e0+1]) && src[e0+1] < utf8.RuneSelf {
		return -1, -1
	}
	k := e0 + 1
	e1, letters := capWord(src, k)
	if e1 < 0 || letters < 2 || !nameEndOK(src, e1) {
		return -1, -1
	}
	if c := m.class(src[k:e1]); c&(wLast|wStop|wCommon|wTitles|wCue|wCueWeak|wParticle) != wLast {
		return -1, -1
	}
	if m.englishWord(src[i:e0]) || m.cueBefore(src, i) == 0 {
		return -1, -1
	}
	return i, m.extend(src, e1)
}

// initials skips initials ("J. ", "J.P. ", "A. B. ") at k and returns the
// offset after them.
func initials(src []byte, k int) int {
	for n := 0; n < 3; n++ {
		j := k
		for j+1 < len(src) && isUpper(src[j]) && src[j+1] == '.' {
			j += 2
		}
		if j == k || j >= len(src) || src[j] != ' ' {
			return k
		}
		k = j + 1
	}
	return k
}

// initialSurname takes initials followed by a known surname that is not a
// common word: "J. Smith", "J.P. de Vries".
func (m *nameMatcher) initialSurname(src []byte, i int) (start, end int) {
	k := initials(src, i)
	if k == i {
		return -1, -1
	}
	k, _ = m.particles(src, k)
	e, letters := capWord(src, k)
	if e < 0 || letters < 2 || !nameEndOK(src, e) {
		return -1, -1
	}
	if c := m.class(src[k:e]); c&(wLast|wStop|wCommon|wTitles) != wLast {
		return -1, -1
	}
	return i, m.extend(src, e)
}

// pair tries the rest of a full name after the name src[start:e], whose
// class is c0: after a given name an optional middle initial or particles,
// then the surname; after a surname only another known surname. A start of
// -1 means a title precedes. It returns the end of the name or -1.
func (m *nameMatcher) pair(src []byte, start, e int, c0 uint16) int {
	if e+1 >= len(src) || src[e] != ' ' {
		return -1
	}
	k := e + 1
	initial := false
	// A middle initial: "John F. Kennedy".
	if k+3 < len(src) && isUpper(src[k]) && src[k+1] == '.' && src[k+2] == ' ' {
		k += 3
		initial = true
	}
	k, particle := m.particles(src, k)
	e1, letters := capWord(src, k)
	if e1 < 0 || letters < 2 || !nameEndOK(src, e1) {
		return -1
	}
	c1 := m.class(src[k:e1])
	switch {
	case c1&(wStop|wTitles) != 0:
		return -1
	case c0&wFirst == 0:
		// Two surnames (Jürgen is listed as one): both known, neither an
		// everyday word.
		if particle || initial || c1&wLast == 0 || (c0|c1)&wCommon != 0 {
			return -1
		}
	case particle || initial:
	case c1&wLast != 0:
		// A known surname after a known given name, even when both are
		// also words (Peter Weiß, Rose Green).
	case c1&wFirst != 0 || c1&wCommon == 0:
		// A second given name or an unknown capitalized word: only after
		// a given name that is not also an everyday word, and an English
		// word (Jordan Brand, Ford Focus) only after a title or a cue.
		if c0&wCommon != 0 {
			return -1
		}
		if c1&wName == 0 && start >= 0 && m.englishWord(src[k:e1]) && m.cueBefore(src, start) == 0 {
			return -1
		}
	default:
		return -1
	}
	return m.extend(src, e1)
}

// lastFirst tries "Last, First" after the surname ending at e. It returns
// the end of the given name or -1.
func (m *nameMatcher) lastFirst(src []byte, e int) int {
	if e+2 >= len(src) || src[e] != ',' || src[e+1] != ' ' {
		return -1
	}
	k := e + 2
	e1, letters := capWord(src, k)
	if e1 < 0 || letters < 2 || !nameEndOK(src, e1) {
		return -1
	}
	if c1 := m.class(src[k:e1]); c1&(wFirst|wStop|wCommon|wTitles) != wFirst {
		return -1
	}
	return e1
}

// extend grows a name ending at e over following surnames, one space apart,
// with particles allowed between: "María García López", "Jan van der Berg".
func (m *nameMatcher) extend(src []byte, e int) int {
	for n := 0; n < 3; n++ {
		if e+1 >= len(src) || src[e] != ' ' {
			return e
		}
		k, particle := m.particles(src, e+1)
		e1, letters := capWord(src, k)
		if e1 < 0 || letters < 2 || !nameEndOK(src, e1) {
			return e
		}
		c := m.class(src[k:e1])
		if c&(wStop|wTitles) != 0 || !particle && c&(wLast|wCommon) != wLast {
			return e
		}
		e = e1
	}
	return e
}

// particles skips name particles ("van der ", "de ") at k. It returns the
// offset after them and whether there were any. Capitalized particles count
// only when a capitalized word follows (Robert De Niro).
func (m *nameMatcher) particles(src []byte, k int) (int, bool) {
	found := false
	for n := 0; n < 3; n++ {
		j := k
		for j < len(src) && j-k < 6 && isAlpha(src[j]) {
			j++
		}
		if j == k || j+1 >= len(src) || src[j] != ' ' || !isAlpha(src[j+1]) && src[j+1] < utf8.RuneSelf {
			return k, found
		}
		if m.class(src[k:j])&wParticle == 0 {
			return k, found
		}
		k = j + 1
		found = true
	}
	return k, found
}

// class looks up the word w in the dictionaries. A hyphenated word that is
// not listed whole takes its class from its parts: a stop word when any
// part is one (Content-Type), a given name when every part is one
// (Jean-Luc), a surname when every part is a name or one is a surname and
// no other is a common word (Meier-Lüdenscheidt).
func (m *nameMatcher) class(w []byte) uint16 {
	var buf [maxNameWord]byte
	n, ok := foldWord(buf[:], w)
	if !ok {
		return 0
	}
	if c, ok := m.words[string(buf[:n])]; ok {
		return c
	}
	allFirst, allName, anyLast, anyStop, anyWord := true, true, false, false, false
	for p := 0; p < n; {
		q := p
		for q < n && buf[q] != '-' {
			q++
		}
		if q == n && p == 0 {
			return 0
		}
		c := m.words[string(buf[p:q])]
		name := c&wName != 0 && c&wStop == 0
		allFirst = allFirst && c&wFirst != 0
		allName = allName && name
		anyLast = anyLast || name && c&wLast != 0
		anyStop = anyStop || c&wStop != 0
		anyWord = anyWord || c&wCommon != 0 && !name
		p = q + 1
	}
	switch {
	case anyStop:
		return wStop
	case allFirst:
		return wFirst | wLast
	case allName, anyLast && !anyWord:
		return wLast
	case anyWord:
		return wCommon
	}
	return 0
}

// englishWord reports whether w is an English dictionary word (words.txt).
func (m *nameMatcher) englishWord(w []byte) bool {
	var buf [maxNameWord]byte
	n, ok := foldWord(buf[:], w)
	if !ok {
		return false
	}
	r := englishIndex()[letterPair(buf[:n])]
	return inSortedRange(englishWordsData, int(r[0]), int(r[1]), buf[:n])
}

// cueBefore reports whether a cue word stands right before the name at i:
// wCue, wCueWeak or 0. Between them may be spaces, ':', '=', quotes and a
// filler word (name is …); the cue may be the last part of a key
// (user.name=, first_name:, customerName=).
func (m *nameMatcher) cueBefore(src []byte, i int) uint16 {
	j := i
	for pass := 0; pass < 2; pass++ {
		start, keyed, comma := j, false, false
	seps:
		for j > 0 && start-j < 4 {
			switch src[j-1] {
			case ':', '=', '"', '\'':
				keyed = true
			case ',':
				comma = true
			case ' ', '\t':
			default:
				break seps
			}
			j--
		}
		if j == start {
			return 0
		}
		if j == 0 {
			return 0
		}
		if c := src[j-1]; c < utf8.RuneSelf && !m.cueLast[c|0x20] {
			return 0
		}
		e := j
		for j > 0 && e-j < maxNameWord && isWordByte(src[j-1]) {
			j--
		}
		if j == e || j > 0 && isWordByte(src[j-1]) {
			return 0
		}
		// s..e is the word, or the last part of a dotted or snake_case
		// key; j moves over the whole key for the next pass.
		s := j
		for j > 0 && e-j < maxNameWord && (isWordByte(src[j-1]) || src[j-1] == '_' || src[j-1] == '.' || src[j-1] == '-') {
			j--
		}
		var buf [maxNameWord]byte
		n, ok := foldWord(buf[:], src[s:e])
		if !ok {
			return 0
		}
		c := m.words[string(buf[:n])]
		switch {
		case c&wCue != 0:
			// "Hello, John" but not "name, Val".
			if !comma || c&wGreeting != 0 {
				return wCue
			}
		case c&wCueWeak != 0 && !comma && !keyed:
			return wCueWeak
		case n > 4 && string(buf[n-4:n]) == "name" && keyed && !comma:
			// The last part of a key: customerName=, user.first_name:.
			return wCue
		case c&wFiller != 0 && pass == 0 && !comma && !keyed:
			continue
		}
		return 0
	}
	return 0
}

// capWord reads a capitalized word at src[i]: an upper-case letter, then
// lower-case letters, with hyphens or apostrophes before another capital
// (Jean-Luc, O'Brien) and Mc/Mac before one (McDonald). It returns the end
// of the word and its number of letters, or -1, 0 when the word at i is not
// shaped like a name (lower case, CamelCase, ALL CAPS, digits, '_').
func capWord(src []byte, i int) (end, letters int) {
	if i >= len(src) {
		return -1, 0
	}
	r, size := decodeLetter(src, i)
	if size == 0 || !unicode.IsUpper(r) {
		return -1, 0
	}
	j := i + size
	letters = 1
	seg := i // start of the current capitalized segment
	for j < len(src) {
		c := src[j]
		switch {
		case isLower(c):
			j++
			letters++
			continue
		case c == '-' || c == '\'' || c == 0xE2 && j+2 < len(src) && src[j+1] == 0x80 && src[j+2] == 0x99:
			w := 1
			if c == 0xE2 {
				w = 3
			}
			if j+w < len(src) {
				if r, n := decodeLetter(src, j+w); n > 0 && unicode.IsUpper(r) {
					j += w + n
					letters++
					seg = j - n
					continue
				}
			}
			return j, letters
		case isUpper(c):
			// Mc/Mac before a capital; any other capital is CamelCase or
			// ALL CAPS.
			if p := src[seg:j]; string(p) == "Mc" || string(p) == "Mac" {
				j++
				letters++
				continue
			}
			return -1, 0
		case isDigit(c) || c == '_':
			return -1, 0
		case c < utf8.RuneSelf:
			return j, letters
		}
		r, n := decodeLetter(src, j)
		if n == 0 {
			// A non-letter (punctuation, symbol, space) ends the word.
			return j, letters
		}
		if unicode.IsUpper(r) {
			return -1, 0
		}
		j += n
		letters++
	}
	return j, letters
}

// decodeLetter decodes the letter at src[i]; size is 0 when src[i] does not
// start a letter.
func decodeLetter(src []byte, i int) (r rune, size int) {
	c := src[i]
	if c < utf8.RuneSelf {
		if isAlpha(c) {
			return rune(c), 1
		}
		return 0, 0
	}
	r, size = utf8.DecodeRune(src[i:])
	if r == utf8.RuneError || !unicode.IsLetter(r) {
		return 0, 0
	}
	return r, size
}

// nameStartOK reports whether a name may start at i given the byte before
// it: not inside a path, class name, URL, flag or identifier.
func nameStartOK(src []byte, i int) bool {
	if i == 0 {
		return true
	}
	switch src[i-1] {
	case '.', '/', '\\', '_', '-', '$', '#', '@', '~', '&':
		return false
	case ':':
		return i < 2 || src[i-2] != ':'
	}
	return !isWordByte(src[i-1])
}

// nameEndOK reports whether a name may end at e given what follows: not a
// file name or class path (Smith.java), a call (Taylor(), an address
// (Smith@), a path (Chrome/120), a key (Smith=) or a hyphenated code.
func nameEndOK(src []byte, e int) bool {
	if e >= len(src) {
		return true
	}
	switch src[e] {
	case '(', '@', '/', '\\', '=', '[', '{', '_', '$', '#':
		return false
	case '<':
		// A closing tag (John Smith</td>), not a type parameter (User<T>).
		return e+1 < len(src) && src[e+1] == '/'
	case '.', '-':
		return e+1 >= len(src) || !isWordByte(src[e+1])
	case ':':
		return e+1 >= len(src) || src[e+1] != ':'
	}
	if src[e] >= utf8.RuneSelf {
		// Closing quotes and dashes outside ASCII (Dupont», Müller“).
		r, _ := utf8.DecodeRune(src[e:])
		return r != utf8.RuneError && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	}
	return !isWordByte(src[e])
}

// deviceOwner returns the end of a known given name that names the owner
// of a device at src[i]: John's iPhone, Jane’s MacBook Pro, and macOS host
// names (Janes-MacBook-Pro.local, Johns-iMac); or -1. (Sentry SDKs send
// such device and server names.)
func (m *nameMatcher) deviceOwner(src []byte, i int) int {
	j := i + 1
	for j < len(src) && isLower(src[j]) {
		j++
	}
	if j-i < 3 || j+2 >= len(src) {
		return -1
	}
	var e, rest int
	switch {
	case src[j] == '\'' && src[j+1] == 's' && src[j+2] == ' ' && j+3 < len(src):
		e, rest = j, j+3
	case src[j] == 0xE2 && j+5 < len(src) && src[j+1] == 0x80 && src[j+2] == 0x99 && src[j+3] == 's' && src[j+4] == ' ':
		e, rest = j, j+5 // ’s
	case src[j] == '-' && src[j-1] == 's':
		e, rest = j-1, j+1
	default:
		return -1
	}
	if !deviceWord(src[rest:]) || m.class(src[i:e])&wFirst == 0 {
		return -1
	}
	return e
}

// deviceWords are the names devices are given after their owners.
var deviceWords = []string{"iPhone", "iPad", "iPod", "iMac", "MacBook", "Mac", "Mac-mini", "Galaxy", "Pixel",
	"Laptop", "laptop", "PC", "Phone", "phone", "Watch", "Apple Watch", "AirPods", "Surface", "ThinkPad",
	"Desktop", "Tablet", "Kindle", "Chromebook", "Android"}

// deviceFirst marks the first bytes of deviceWords.
var deviceFirst = func() (t [256]bool) {
	for _, d := range deviceWords {
		t[d[0]] = true
	}
	return t
}()

// deviceWord reports whether b starts with a device word that ends there.
func deviceWord(b []byte) bool {
	if len(b) < 2 || !deviceFirst[b[0]] {
		return false
	}
	for _, d := range deviceWords {
		if len(b) >= len(d) && string(b[:len(d)]) == d && (len(b) == len(d) || !isLower(b[len(d)])) {
			return true
		}
	}
	return false
}
