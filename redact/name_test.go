package redact

import (
	"bufio"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// findNames calls m.match the way the scanner does, at each capitalized
// word start on a token boundary, and returns the spans' text.
func findNames(m *nameMatcher, s string) []string {
	src := []byte(s)
	var out []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case (isUpper(c) || c >= 0xC0) && boundaryBefore(src, i):
			if ns, ne := m.match(src, i); ns >= i && ne > ns {
				out = append(out, s[ns:ne])
				i = ne
				continue
			}
			i = skipWord(src, i)
		case isWordByte(c) || c == '_':
			i = skipWord(src, i)
		default:
			i++
		}
	}
	return out
}

func TestNameMatcher(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// Given name and surname.
		{"en pair", "payment failed for John Smith at checkout", []string{"John Smith"}},
		{"en pair at start", "Emily Johnson logged in", []string{"Emily Johnson"}},
		{"en pair unknown surname", "Jennifer Quarshie requested a refund", []string{"Jennifer Quarshie"}},
		{"en middle initial", "signed off by John F. Kennedy yesterday", []string{"John F. Kennedy"}},
		{"en possessive", "Sarah Connor's order shipped", []string{"Sarah Connor"}},
		{"en sentence end", "The ticket was closed by Michael Brown.", []string{"Michael Brown"}},
		{"en apostrophe surname", "assigned to Patrick O'Brien", []string{"Patrick O'Brien"}},
		{"en Mc", "Escalated to Ronald McDonald", []string{"Ronald McDonald"}},
		{"fr pair", "Commande de Jean Dupont expédiée", []string{"Jean Dupont"}},
		{"fr hyphenated", "Réservation pour Jean-Luc Moreau confirmée", []string{"Jean-Luc Moreau"}},
		{"fr accents", "contact: Hélène Lefèvre", []string{"Hélène Lefèvre"}},
		{"de umlaut", "Bestellung von Jürgen Müller storniert", []string{"Jürgen Müller"}},
		{"de eszett", "Kunde Günther Strauß angelegt", []string{"Günther Strauß"}},
		{"de hyphen given name", "Hans-Peter Schneider hat bezahlt", []string{"Hans-Peter Schneider"}},
		{"es pair", "pedido de María García enviado", []string{"María García"}},
		{"es double surname", "cliente José Martínez López actualizado", []string{"José Martínez López"}},
		{"it pair", "ordine di Giuseppe Rossi spedito", []string{"Giuseppe Rossi"}},
		{"nl particles", "klant Jan van der Berg heeft betaald", []string{"Jan van der Berg"}},
		{"nl particle de", "bestelling van Pieter de Vries", []string{"Pieter de Vries"}},
		{"pl pair", "zamówienie Łukasz Kowalski opłacone", []string{"Łukasz Kowalski"}},
		{"pl Wojciech", "zamówienie Wojciech Kamiński", []string{"Wojciech Kamiński"}},
		{"ga pair", "Customer Niamh Clark", []string{"Niamh Clark"}},
		{"eu pair", "checkout failed for Iñaki Rodríguez, order 1", []string{"Iñaki Rodríguez"}},
		{"es particles", "checkout failed for Begoña de la Fuente", []string{"Begoña de la Fuente"}},
		{"pl feminine", "Agnieszka Wiśniewska zalogowała się", []string{"Agnieszka Wiśniewska"}},
		{"pt pair", "pedido de João Silva enviado", []string{"João Silva"}},
		{"pt particle", "cliente Ana da Costa", []string{"Ana da Costa"}},
		{"sv pair", "beställning av Björn Andersson", []string{"Björn Andersson"}},
		{"nb pair", "ordre fra Øystein Hansen", []string{"Øystein Hansen"}},
		{"nb pair known", "ordre fra Håkon Bjørnstad", []string{"Håkon Bjørnstad"}},
		{"de two surnames", "Jürgens Hoffmann", []string{"Jürgens Hoffmann"}},
		{"unknown given name then surname", "refund for Nkechi Andersson approved", []string{"Nkechi Andersson"}},
		{"unknown given name then known surname", "cliente Xiomara Fernández", []string{"Xiomara Fernández"}},
		{"unknown word then surname without cue", "Errore Durante il salvataggio", nil},
		{"da pair", "ordre fra Søren Jørgensen", []string{"Søren Jørgensen"}},
		{"fi pair", "tilaus Mikko Virtanen", []string{"Mikko Virtanen"}},
		{"two names", "John Smith paid Mary Jones", []string{"John Smith", "Mary Jones"}},
		{"html", "<td>John Smith</td>", []string{"John Smith"}},
		{"guillemets", "client «Jean Dupont»", []string{"Jean Dupont"}},
		{"german quotes", "Kunde „Jürgen Müller“", []string{"Jürgen Müller"}},
		{"bullet", "•Emily Johnson", []string{"Emily Johnson"}},
		{"title upper case", "Mr SMITH", []string{"SMITH"}},
		{"both also words", "checkout failed for Peter Weiß", []string{"Peter Weiß"}},
		{"hyphenated surname part known", "Peter Meier-Lüdenscheidt paid", []string{"Peter Meier-Lüdenscheidt"}},

		// Titles: the name after the title is taken, even when unknown.
		{"Mr", "Mr Smith called", []string{"Smith"}},
		{"Mr dot", "Mr. Xandervoort called", []string{"Xandervoort"}},
		{"Mrs full", "Mrs Jane Doe", []string{"Jane Doe"}},
		{"Dr", "seen by Dr. Zhivago", []string{"Zhivago"}},
		{"Prof", "Prof Quatermass", []string{"Quatermass"}},
		{"Herr", "Herr Schmidt hat angerufen", []string{"Schmidt"}},
		{"Frau", "Frau Brückner", []string{"Brückner"}},
		{"M.", "M. Dupont a payé", []string{"Dupont"}},
		{"Mme", "Mme Lefebvre", []string{"Lefebvre"}},
		{"Mlle", "Mlle Girard", []string{"Girard"}},
		{"Sr.", "Sr. Fernández", []string{"Fernández"}},
		{"Sra.", "Sra. Gómez", []string{"Gómez"}},
		{"Sig.", "Sig. Bianchi", []string{"Bianchi"}},
		{"Dhr.", "Dhr. Jansen", []string{"Jansen"}},
		{"Mevr.", "Mevr. de Jong", []string{"de Jong"}},
		{"Pan", "Pan Nowak zapłacił", []string{"Nowak"}},
		{"Pani", "Pani Kowalska", []string{"Kowalska"}},
		{"Miss", "Miss Marple", []string{"Marple"}},
		{"title and particles", "Dr van Helsing", []string{"van Helsing"}},
		{"title and initial", "Dhr. J. de Vries", []string{"J. de Vries"}},
		{"title and initials", "Mr. J.R.R. Tolkien", []string{"J.R.R. Tolkien"}},
		{"Sig.ra", "Sig.ra Bianchi", []string{"Bianchi"}},
		{"Dott.ssa", "la Dott.ssa Ferrari", []string{"Ferrari"}},
		{"initial surname", "approved by J. Smith.", []string{"J. Smith"}},
		{"initials particle surname", "J.P. de Vries", []string{"J.P. de Vries"}},

		// Cue words before a single known name.
		{"cue name=", "name=Smith", []string{"Smith"}},
		{"cue key", "user.first_name=Olivia&x=1", []string{"Olivia"}},
		{"cue camel key", `{"customerName":"Olivia"}`, []string{"Olivia"}},
		{"cue name:", "name: Müller", []string{"Müller"}},
		{"cue customer", "customer Olivia updated", []string{"Olivia"}},
		{"cue dear", "Dear Olivia,", []string{"Olivia"}},
		{"cue hello", "Hello Thomas, your order", []string{"Thomas"}},
		{"cue filler", "the name is Garcia", []string{"Garcia"}},
		{"cue greeting comma", "Hello, Thomas. Your order", []string{"Thomas"}},
		{"cue key quoted", `{"first_name": "Olivia"}`, []string{"Olivia"}},
		{"cue by", "created by Olivia", []string{"Olivia"}},
		{"cue patient", "patient: Kowalski", []string{"Kowalski"}},
		{"cue cardholder", "cardholder Olivia", []string{"Olivia"}},
		{"cue fr", "nom: Dupont", []string{"Dupont"}},
		{"cue de", "Kunde: Schneider", []string{"Schneider"}},

		// Upper case after a cue.
		{"upper cardholder", "cardholder: JOHN SMITH exp 12/27", []string{"JOHN SMITH"}},
		{"upper name=", "name=JÜRGEN MÜLLER&x=1", []string{"JÜRGEN MÜLLER"}},
		{"upper single word", `name: "URI"`, nil},
		{"upper greeting", "HI LO", nil},
		{"upper hyphen", "customer JEAN-LUC MOREAU", []string{"JEAN-LUC MOREAU"}},
		{"upper particles", "cardholder ANJA VON BÜLOW, card", []string{"ANJA VON BÜLOW"}},
		{"upper particle de", "cardholder RUUD DE GROOT", []string{"RUUD DE GROOT"}},
		{"upper eszett", "cardholder WOLFGANG GROß, card", []string{"WOLFGANG GROß"}},
		{"upper second word accented", "cardholder: JOHN ÖZDEMİR", []string{"JOHN ÖZDEMİR"}},
		// Near-misses of the shape test that comes before the cue: no
		// upper-case word one space after the first.
		{"upper two spaces", "cardholder: JOHN  SMITH", nil},
		{"upper lower second", "cardholder: JOHN smith", nil},
		{"upper comma", "cardholder: JOHN, SMITH", nil},
		{"upper alone at end", "cardholder: JOHN", nil},
		{"upper space at end", "cardholder: JOHN ", nil},
		{"upper digit second", "cardholder: JOHN 2SMITH", nil},
		{"upper surname also a word", "cardholder HENDRIK BOS", []string{"HENDRIK BOS"}},
		{"upper trailing particle", "cardholder ANJA VON", nil},
		{"upper given name also a word", "cardholder PETER NEUMANN", []string{"PETER NEUMANN"}},
		{"upper word then unknown", "user: PETER QWXZ", nil},

		// Last, First.
		{"last first", "Smith, John", []string{"Smith, John"}},
		{"last first de", "Müller, Lukas", []string{"Müller, Lukas"}},
		{"city country", "Paris, France; Berlin, Germany; Smith, Inc.", nil},
		{"last first common word", "Green, Rose", nil},

		// Near misses: single given names without a cue.
		{"single first", "Olivia logged in", nil},
		{"Will retry", "Will retry in 5s", nil},
		{"Will Retry", "Will Retry later", nil},
		{"Grant", "Grant access to the bucket", nil},
		{"Mark as read", "Mark As Read", nil},
		{"Bill", "Bill Payment failed", nil},
		{"Chase", "Chase Bank declined", nil},
		{"months", "Since June Payments fail; May Update", nil},
		{"weak cue common word", "redirect to Green", nil},
		{"cache miss", "Cache Miss Rate high", nil},
		{"cache miss word", "Cache Miss Handling enabled", nil},

		// Near misses: sentence words, log words, products.
		{"failed payment", "Failed Payment for order 1234", nil},
		{"log level", "ERROR Connection Refused", nil},
		{"info line", "INFO Server Started on port 8080", nil},
		{"apple pay", "Apple Pay Session Expired", nil},
		{"google chrome", "Google Chrome Helper", nil},
		{"http", "GET /api/users HTTP/1.1 Not Found", nil},
		{"german sentence", "Der Server hat die Verbindung getrennt", nil},
		{"french sentence", "Le Serveur est indisponible", nil},
		{"exception", "java.lang.NullPointerException at Main", nil},
		{"camel case", "JohnSmithService started", nil},
		{"all caps", "JOHN SMITH", []string{"JOHN SMITH"}},
		{"all caps after weak cue", "sent to JOHN SMITH", []string{"JOHN SMITH"}},
		{"all caps given name and surname", "Invoice for MARIA GARCIA", []string{"MARIA GARCIA"}},
		{"device owner", "device John's iPhone connected", []string{"John"}},
		{"device owner, typographic apostrophe", "Maria’s MacBook Air", []string{"Maria"}},
		{"macOS host name", "Janes-MacBook-Pro.local", []string{"Jane"}},
		{"device name at the end", "Johns-PC", []string{"John"}},
		{"possessive of a company", "Apple's iPhone and the app's iPad", nil},
		{"possessive without a device", "John's car", nil},
		{"all caps heading", "ERROR CONNECTION RESET BY PEER", nil},
		{"all caps word and place", "GRANT ACCESS TO ADMIN", nil},
		{"all caps given name that is a word", "ROSE GOLD", nil},
		{"all caps no surname", "AUSTIN TEXAS", nil},
		{"all caps stop after cue", "user: ADMIN ROOT", nil},
		{"all caps with digits after cue", "name: JOHN2", nil},
		{"class path", "at com.example.Smith.run", nil},
		{"class path pair", "com.example.John Smith", nil},
		{"user agent", "Mozilla/5.0 Chrome/120.0 Safari/537.36", nil},
		{"header", "Content-Type: application/json", nil},
		{"x header", "X-Forwarded-For: 10.0.0.1", nil},
		{"file name", "open Smith.java failed", nil},
		{"go file", "Taylor.go:12", nil},
		{"pair then file", "John Taylor.go", nil},
		{"function call", "Taylor() returned", nil},
		{"pair function call", "John Taylor(x)", nil},
		{"timezone", "tz=America/New_York Europe/Paris", nil},
		{"url path", "GET https://example.com/users/John/Smith", nil},
		{"email local part", "Smith@example.com", nil},
		{"stand-in", "customer Name-1a2b3c4d paid", nil},
		{"ruby scope", "Smith::Jones", nil},
		{"snake", "John_Smith", nil},
		{"digits", "John2 Smith", nil},
		{"hyphen code", "Smith-123", nil},
		{"unknown pair", "Quarterly Report", nil},
		{"English word then surname", "Quarterly Martin; Envoy Jensen", nil},
		{"given name then English word", "Nike Air Max; Ford Focus; Crystal Reports", nil},
		{"English word surname after cue", "customer Mary Shepherd", []string{"Mary Shepherd"}},
		{"English word surname after title", "Mrs Mary Chambers", []string{"Mary Chambers"}},
		{"common word after first", "Max Retries Exceeded", nil},
		{"title then stop", "Mr Null", nil},
		{"title then upper word", "Dr API; Mr NULL", nil},
		{"type parameter", "John List<User>", nil},
		{"symbol then word", "«Failed Payment» ©Apple", nil},
		{"M without dot", "M Dupont", nil},
		{"initial then word", "Plan B. Green", nil},
		{"initial then unknown", "A. Xandervoort", nil},
		{"title then initial only", "Mr. J.", nil},
		{"title then everyday word", "grab an M. Instead of", nil},
		{"cue then comma in code", "{Attr: AttrName, Val: 1}", nil},
		{"key cue needs separator", "fileName Olivia", nil},
		{"weak cue date", "from Jan 5 to Jun 7", nil},
		{"weak cue version", "upgrade to Alpha 2", nil},
		{"rare given name then word", "Easter Island; Base Register; Else Stmt", nil},
		{"place", "Welcome to Paris", nil},
		{"compound common part", `changes case to "Foo-Bar"`, nil},
		{"empty", "", nil},
	}
	m := newNameMatcher(DefaultConfig(nil).Names)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := findNames(m, tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("names in %q = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNameMatcherSpan(t *testing.T) {
	m := newNameMatcher(NameConfig{FreeText: true})
	tests := []struct {
		in         string
		at         int
		start, end int
	}{
		{"John Smith", 0, 0, 10},
		{"Mr Smith", 0, 3, 8},
		{"Dr. Smith", 0, 4, 9},
		{"x John Smith", 2, 2, 12},
		{"John", 0, -1, -1},
		{"John Smith", 5, -1, -1},
		{"John Smith", 10, -1, -1},
		{"John Smith", -1, -1, -1},
	}
	for _, tt := range tests {
		s, e := m.match([]byte(tt.in), tt.at)
		if s != tt.start || e != tt.end {
			t.Errorf("match(%q, %d) = %d, %d, want %d, %d", tt.in, tt.at, s, e, tt.start, tt.end)
		}
	}
}

func TestNameConfigExtra(t *testing.T) {
	def := newNameMatcher(NameConfig{FreeText: true})
	m := newNameMatcher(NameConfig{
		FreeText:   true,
		ExtraFirst: []string{"Zorblax"},
		ExtraLast:  []string{"Quuxington"},
		Stop:       []string{"Olivia", "Zyxco Corp"},
	})
	tests := []struct {
		in        string
		def, with []string
	}{
		{"customer Zorblax", nil, []string{"Zorblax"}},
		{"customer Quuxington", nil, []string{"Quuxington"}},
		{"Zorblax Quuxington", nil, []string{"Zorblax Quuxington"}},
		{"customer Olivia", []string{"Olivia"}, nil},
		{"Olivia Smith", []string{"Olivia Smith"}, nil},
		{"John Zyxco", []string{"John Zyxco"}, nil},
	}
	for _, tt := range tests {
		if got := findNames(def, tt.in); !slices.Equal(got, tt.def) {
			t.Errorf("default: names in %q = %q, want %q", tt.in, got, tt.def)
		}
		if got := findNames(m, tt.in); !slices.Equal(got, tt.with) {
			t.Errorf("extra: names in %q = %q, want %q", tt.in, got, tt.with)
		}
	}
	// The built-in table is shared and stays unchanged.
	if c := builtinNameWords()["zorblax"]; c != 0 {
		t.Errorf("built-in table modified: zorblax has class %#x", c)
	}
}

func TestFoldWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Müller", "muller"},
		{"Łukasz", "lukasz"},
		{"Núñez", "nunez"},
		{"François", "francois"},
		{"Strauß", "strauss"},
		{"Øystein", "oystein"},
		{"Åsa", "asa"},
		{"Ærø", "aero"},
		{"Œuvre", "oeuvre"},
		{"O'Brien", "obrien"},
		{"O\u2019Brien", "obrien"},
		{"Jean-Luc", "jean-luc"},
		{"Ștefan", "stefan"},
		{"Þór", "thor"},
	}
	for _, tt := range tests {
		var buf [maxNameWord]byte
		n, ok := foldWord(buf[:], []byte(tt.in))
		if !ok || string(buf[:n]) != tt.want {
			t.Errorf("foldWord(%q) = %q, %v, want %q", tt.in, buf[:n], ok, tt.want)
		}
	}
	for _, bad := range []string{"Иван", "李", "a1", "a b", "x×y", strings.Repeat("a", maxNameWord+1)} {
		var buf [maxNameWord]byte
		if n, ok := foldWord(buf[:], []byte(bad)); ok {
			t.Errorf("foldWord(%q) = %q, want failure", bad, buf[:n])
		}
	}
}

// TestNameDataCanonical checks that every embedded word list is sorted,
// free of duplicates and already in folded form, so the generator and the
// matcher agree on spelling.
func TestNameDataCanonical(t *testing.T) {
	for name, data := range map[string]string{
		"first.txt": firstNamesData, "last.txt": lastNamesData,
		"common.txt": commonWordsData, "stop.txt": stopWordsData,
		"words.txt": englishWordsData,
	} {
		sc := bufio.NewScanner(strings.NewReader(data))
		prev, n := "", 0
		for sc.Scan() {
			w := sc.Text()
			n++
			var buf [maxNameWord]byte
			k, ok := foldWord(buf[:], []byte(w))
			if !ok || string(buf[:k]) != w || !utf8.ValidString(w) {
				t.Errorf("%s:%d: %q is not in folded form", name, n, w)
			}
			if w <= prev {
				t.Errorf("%s:%d: %q is not sorted after %q", name, n, w, prev)
			}
			prev = w
		}
		if n < 100 {
			t.Errorf("%s: only %d words", name, n)
		}
	}
	w := builtinNameWords()
	for _, s := range []string{"john", "muller", "lukasz", "garcia", "kowalski", "jansen", "andersson", "virtanen", "rossi", "silva", "dupont"} {
		if w[s]&wName == 0 {
			t.Errorf("%q is not in the name dictionaries", s)
		}
	}
	for _, list := range [][]string{titles, dotTitles, weakTitles, cues, weakCues, particles} {
		for _, s := range list {
			if c := w[s]; c&wStop != 0 && c&(wCue|wCueWeak|wParticle) == 0 {
				t.Errorf("title %q is a stop word", s)
			}
		}
	}
	for _, s := range []string{"chrome", "will", "may", "error", "the", "der", "le", "linux", "mozilla", "monday", "janvier", "montag"} {
		if w[s]&wStop == 0 {
			t.Errorf("%q is not a stop word", s)
		}
	}
}

// TestNameDataExtraMerged checks that the hand-maintained given names were
// merged into first.txt by the generator.
func TestNameDataExtraMerged(t *testing.T) {
	b, err := os.ReadFile("namedata/first_extra.txt")
	if err != nil {
		t.Fatal(err)
	}
	w := builtinNameWords()
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, name := range strings.Fields(line) {
			var buf [maxNameWord]byte
			n, ok := foldWord(buf[:], []byte(name))
			if !ok || w[string(buf[:n])]&wFirst == 0 {
				t.Errorf("%q from first_extra.txt is not in first.txt; run namedata/gen", name)
			}
		}
	}
}

func TestInSortedLines(t *testing.T) {
	data := "ab\nabc\nb\nbcd\nc\n"
	for _, w := range []string{"ab", "abc", "b", "bcd", "c"} {
		if !inSortedLines(data, []byte(w)) {
			t.Errorf("%q not found", w)
		}
	}
	for _, w := range []string{"", "a", "abd", "bc", "bcde", "d", "aa"} {
		if inSortedLines(data, []byte(w)) {
			t.Errorf("%q found", w)
		}
	}
	if inSortedLines("", []byte("a")) {
		t.Error("found in empty data")
	}
	for _, w := range []string{"focus", "reports", "air"} {
		var buf [maxNameWord]byte
		n, _ := foldWord(buf[:], []byte(w))
		if !inSortedLines(englishWordsData, buf[:n]) {
			t.Errorf("%q is not in words.txt", w)
		}
	}
}

func TestNameMatchDoesNotAllocate(t *testing.T) {
	m := newNameMatcher(NameConfig{FreeText: true})
	src := []byte(nameBenchText)
	allocs := testing.AllocsPerRun(50, func() {
		findNamesCount(m, src)
	})
	if allocs != 0 {
		t.Errorf("match allocates %.1f times per pass over the benchmark text", allocs)
	}
	// Every path: titles, cues, upper case, particles, hyphens, Last, First.
	mixed := []byte(`Mr. Xandervoort; Pani Kowalska; name=JÜRGEN MÜLLER; cardholder: JOHN SMITH; ` +
		`Jan van der Berg; Jean-Luc Moreau; Smith, John; Dear Olivia, the name is Garcia; ` +
		`Patrick O'Brien; Ronald McDonald; Ford Focus; com.example.Smith; Taylor(); Łukasz Kowalski`)
	ext := newNameMatcher(NameConfig{FreeText: true, ExtraFirst: []string{"Zorblax"}, Stop: []string{"Zyxco"}})
	for _, mm := range []*nameMatcher{m, ext} {
		if n := findNamesCount(mm, mixed); n < 10 {
			t.Fatalf("found %d names in the mixed text, want at least 10", n)
		}
		allocs = testing.AllocsPerRun(50, func() {
			findNamesCount(mm, mixed)
		})
		if allocs != 0 {
			t.Errorf("match allocates %.1f times per pass over the mixed text", allocs)
		}
	}
}

// findNamesCount is findNames without collecting the spans.
func findNamesCount(m *nameMatcher, src []byte) int {
	n := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case (isUpper(c) || c >= 0xC0) && boundaryBefore(src, i):
			if ns, ne := m.match(src, i); ns >= i && ne > ns {
				n++
				i = ne
				continue
			}
			i = skipWord(src, i)
		case isWordByte(c) || c == '_':
			i = skipWord(src, i)
		default:
			i++
		}
	}
	return n
}

// TestNamesThroughScrubber drives the name detector through the real text
// scanner, with every other detector on, and labels instead of pseudonyms.
func TestNamesThroughScrubber(t *testing.T) {
	cfg := DefaultConfig([]byte("0123456789abcdef0123456789abcdef"))
	for k := range cfg.Kinds {
		cfg.Kinds[k].Method = MethodRedact
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"payment failed for John Smith at checkout", "payment failed for [name] at checkout"},
		{"Mr. Xandervoort called", "Mr. [name] called"},
		{"Kunde Jürgen Müller hat bezahlt", "Kunde [name] hat bezahlt"},
		{"Dear Olivia, your order", "Dear [name], your order"},
		{"cardholder: JOHN SMITH", "cardholder: [name]"},
		{"Smith, John; Jan van der Berg", "[name]; [name]"},
		{"client «Jean Dupont», <td>Emily Johnson</td>", "client «[name]», <td>[name]</td>"},
		{"Will Retry; Failed Payment; Apple Pay; Chrome/120.0; com.example.Smith", "Will Retry; Failed Payment; Apple Pay; Chrome/120.0; com.example.Smith"},
		{"ERROR NullPointerException in JohnSmithService at Taylor.go:12", "ERROR NullPointerException in JohnSmithService at Taylor.go:12"},
	}
	for _, tt := range tests {
		if got := string(s.AppendText(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("AppendText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	off := cfg
	off.Names.FreeText = false
	s, err = New(off)
	if err != nil {
		t.Fatal(err)
	}
	if in, got := "payment failed for John Smith", string(s.AppendText(nil, []byte("payment failed for John Smith"))); got != in {
		t.Errorf("with FreeText off, AppendText(%q) = %q", in, got)
	}
}

// upperWord's run of ASCII capitals ends the word where the byte-wise
// reading would: on capitals, hyphens, apostrophes, accents, digits and
// random bytes.
func TestUpperWordFastPath(t *testing.T) {
	words := []string{"ABC", "ABC ", "ABC-DEF", "ABC-", "ABC'S", "ABC'", "ABCd", "ABC1", "ABC_", "ABCÉ", "ABCÉD e", "GROß",
		"", "abc", "-ABC", "ABC.", "ABC,D", "A", "Ä", "ÄB", "AB\xff", "AB\u2019S", "AB\u00a0C", "O'BRIEN", "JEAN-LUC MOREAU"}
	r := rand.New(rand.NewPCG(13, 14))
	const alpha = "ABCXYZabz09-'_ .,ÄÉßé\xff"
	for range 50000 {
		var b []byte
		for n := r.IntN(8); n > 0; n-- {
			b = append(b, alpha[r.IntN(len(alpha))])
		}
		words = append(words, string(b))
	}
	for _, w := range words {
		src := []byte(w)
		for i := 0; i < len(src); i++ {
			e, n := upperWord(src, i)
			re, rn := upperWordFrom(src, i, 0)
			if e != re || n != rn {
				t.Fatalf("upperWord(%q, %d) = %d, %d; read byte-wise: %d, %d", w, i, e, n, re, rn)
			}
			// match sends two ASCII capitals to upperAfterCue without
			// capWord, which would not take them.
			if i+1 < len(src) && isUpper(src[i]) && isUpper(src[i+1]) {
				if e, _ := capWord(src, i); e >= 0 {
					t.Fatalf("capWord(%q, %d) = %d", w, i, e)
				}
			}
		}
	}
}

// englishWord, which searches the range of the word's first two letters,
// finds what a search of the whole list finds: every listed word, and
// none of their near-misses that is not listed.
func TestEnglishWordIndex(t *testing.T) {
	m := newNameMatcher(NameConfig{})
	r := rand.New(rand.NewPCG(15, 16))
	words := strings.Split(strings.TrimSuffix(englishWordsData, "\n"), "\n")
	for k, w := range words {
		if !m.englishWord([]byte(w)) {
			t.Fatalf("englishWord(%q) = false for a listed word", w)
		}
		if k%7 != 0 {
			continue
		}
		b := []byte(w)
		switch r.IntN(4) {
		case 0:
			b[r.IntN(len(b))] = "abcxyz'-é"[r.IntN(9)]
		case 1:
			b = append(b, "sez"[r.IntN(3)])
		case 2:
			b = b[:len(b)-1]
		case 3:
			b = append([]byte{"abz"[r.IntN(3)]}, b...)
		}
		var buf [maxNameWord]byte
		n, ok := foldWord(buf[:], b)
		want := ok && inSortedLines(englishWordsData, buf[:n])
		if got := m.englishWord(b); got != want {
			t.Fatalf("englishWord(%q) = %v, the whole list says %v", b, got, want)
		}
	}
	for _, w := range []string{"", "a", "z", "zz", "zzzzz", "aaaa", "'", "-a", "é"} {
		var buf [maxNameWord]byte
		n, ok := foldWord(buf[:], []byte(w))
		want := ok && inSortedLines(englishWordsData, buf[:n])
		if got := m.englishWord([]byte(w)); got != want {
			t.Errorf("englishWord(%q) = %v, the whole list says %v", w, got, want)
		}
	}
}
