package corpus

import (
	"net/url"
	"strings"
	"unicode"
)

// language is one language's person names and the phrases its logs put
// around them. Each phrase holds one %s for the name.
type language struct {
	code    string
	first   []string
	last    []string
	phrases []string
}

// The dictionaries leave out given names that are also common English
// words (May, June, Will, Mark, Grant, Bill, Grace), so that the corpus's
// capitalized non-names stay unambiguous.
var languages = []language{
	{"en",
		[]string{"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "Sarah", "Emily", "Jessica", "Thomas", "Daniel", "Olivia", "Charlotte", "Oliver", "George", "Amelia", "Harry", "Sophie", "Jane", "Emma", "Liam", "Noah", "Isabella", "Siobhan", "Seán", "Niamh"},
		[]string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Moore", "Jackson", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "O'Brien", "O'Connor", "McDonald", "Fitzgerald", "Hughes", "Evans", "Roberts", "Murphy", "Kelly", "Campbell", "Ashworth-Jones"},
		[]string{"Customer %s updated their shipping address", "User %s signed up via the mobile app", "Order placed by %s", "Password changed for %s", "Ticket assigned to %s", "Refund approved for customer %s", "Dear %s, your order has shipped"}},
	{"fr",
		[]string{"Jean", "Marie", "Pierre", "Jean-Pierre", "Anne-Marie", "François", "Françoise", "Amélie", "Élodie", "Hélène", "Jérôme", "Stéphane", "Sébastien", "Cécile", "Léa", "Chloé", "Zoé", "Théo", "Benoît", "Loïc", "Gaëlle", "Mathilde", "Camille", "Nicolas", "Aurélie"},
		[]string{"Martin", "Bernard", "Dubois", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Lefebvre", "Girard", "Fournier", "Mercier", "Rousseau", "Guérin", "Faure", "Chevalier", "Gauthier", "Perrin", "Lemaître", "N'Diaye", "Dubois-Martin", "Le Goff"},
		[]string{"Le client %s a modifié son adresse de livraison", "Commande passée par %s", "Mot de passe réinitialisé pour %s", "Bonjour %s, votre commande est expédiée", "Remboursement accordé à %s"}},
	{"de",
		[]string{"Hans", "Peter", "Hans-Peter", "Klaus", "Jürgen", "Jörg", "Günter", "Uwe", "Sabine", "Ursula", "Katrin", "Anja", "Björn", "Sören", "Maximilian", "Lukas", "Leonie", "Lena", "Johanna", "Friedrich", "Wolfgang", "Dieter", "Gisela", "Käthe"},
		[]string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Schröder", "Neumann", "Zimmermann", "Krüger", "Hartmann", "Weiß", "Groß", "Köhler", "von Bülow", "Meier-Lüdenscheidt"},
		[]string{"Kunde %s hat die Lieferadresse geändert", "Bestellung von %s eingegangen", "Passwort für %s zurückgesetzt", "Erstattung an %s veranlasst", "Rückruf für %s angefordert"}},
	{"es",
		[]string{"José", "María", "María José", "Juan", "Carlos", "Javier", "Lucía", "Sofía", "Martín", "Alejandro", "Ángel", "Álvaro", "Inés", "Nuria", "Raúl", "Sergio", "Pilar", "Rocío", "Begoña", "Iñaki"},
		[]string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro", "Ibáñez", "Núñez", "de la Fuente"},
		[]string{"El cliente %s ha cambiado su dirección", "Pedido realizado por %s", "Contraseña restablecida para %s", "Reembolso aprobado para %s"}},
	{"it",
		[]string{"Giuseppe", "Giovanni", "Francesco", "Alessandro", "Lorenzo", "Matteo", "Giulia", "Chiara", "Francesca", "Alessia", "Federica", "Niccolò", "Elisa", "Martina", "Paolo", "Luca", "Stefano"},
		[]string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Gallo", "Conti", "De Luca", "Mancini", "Giordano", "D'Angelo", "Lombardi", "Barbieri", "Fontana"},
		[]string{"Il cliente %s ha aggiornato l'indirizzo", "Ordine effettuato da %s", "Password reimpostata per %s", "Rimborso approvato per %s"}},
	{"nl",
		[]string{"Jan", "Pieter", "Willem", "Hendrik", "Johannes", "Sanne", "Femke", "Anouk", "Lotte", "Bram", "Daan", "Thijs", "Joost", "Maarten", "Eline", "Inge", "Kees", "Marloes", "Ruud"},
		[]string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Hendriks", "van Leeuwen", "Dekker", "Brouwer"},
		[]string{"Klant %s heeft het afleveradres gewijzigd", "Bestelling geplaatst door %s", "Wachtwoord opnieuw ingesteld voor %s", "Terugbetaling goedgekeurd voor %s"}},
	{"pl",
		[]string{"Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Łukasz", "Grzegorz", "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Zofia", "Joanna", "Magdalena", "Ewa", "Wojciech", "Jędrzej", "Bartłomiej"},
		[]string{"Nowak", "Kowalski", "Kowalska", "Wiśniewski", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Grabowski", "Pawłowski"},
		[]string{"Klient %s zmienił adres dostawy", "Zamówienie złożone przez %s", "Hasło zresetowane dla %s", "Zwrot zatwierdzony dla %s"}},
	{"pt",
		[]string{"João", "Maria", "António", "Manuel", "Francisco", "Ana", "Beatriz", "Inês", "Leonor", "Gonçalo", "Tomás", "Duarte", "Rodrigo", "Conceição", "Fátima", "Luís", "Vítor", "Sebastião", "Mariana"},
		[]string{"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto", "Carvalho", "da Silva", "dos Santos"},
		[]string{"O cliente %s atualizou a morada", "Encomenda feita por %s", "Palavra-passe redefinida para %s", "Reembolso aprovado para %s"}},
	{"nordic",
		[]string{"Åsa", "Björn", "Lars", "Anders", "Nils", "Sven", "Ingrid", "Astrid", "Sigrid", "Maja", "Søren", "Mette", "Jørgen", "Freja", "Ole", "Kari", "Eirik", "Mikko", "Aino", "Päivi", "Jukka", "Sanna", "Linnéa", "Håkan"},
		[]string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Lindqvist", "Öberg", "Åkesson", "Nielsen", "Jensen", "Hansen", "Pedersen", "Sørensen", "Kristiansen", "Olsen", "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Lindström", "Bergström", "Strøm"},
		[]string{"Kunden %s har uppdaterat leveransadressen", "Kunden %s har opdateret sin adresse", "Kunden %s har oppdatert adressen", "Asiakas %s päivitti toimitusosoitteen", "Beställning lagd av %s"}},
}

// person is a generated identity; the email is derived from the name the
// way people pick addresses.
type person struct {
	first, last string
	lang        *language
}

func (p person) full() string { return p.first + " " + p.last }

func (g *gen) person() person {
	l := &languages[g.r.IntN(len(languages))]
	return person{
		first: l.first[g.r.IntN(len(l.first))],
		last:  l.last[g.r.IntN(len(l.last))],
		lang:  l,
	}
}

// asciiFold lower-cases s and strips accents, apostrophes and spaces, the
// way a name becomes an email local part (Müller → muller, O'Brien →
// obrien).
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldTable maps the lower-case letters of the name dictionaries that are
// not ASCII to their usual ASCII spelling in addresses.
var foldTable = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'ć': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ę': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ł': "l", 'ñ': "n", 'ń': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'ś': "s", 'ß': "ss",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ź': "z", 'ż': "z",
}

// NameParts returns the words of a labelled person name that must not
// survive scrubbing: those of three or more letters starting with an
// upper-case letter, so particles (de, van, von, da) are left out.
// Hyphenated and apostrophe names stay one word. A percent-encoded name
// (Jane%20Smith, Hans-Peter+M%C3%BCller) is split at its encoded spaces and
// its words are returned encoded, as they appear in the text.
func NameParts(name string) []string {
	var out []string
	words := strings.FieldsFunc(strings.ReplaceAll(name, "%20", " "), func(r rune) bool { return r == ' ' || r == '+' })
	for _, w := range words {
		dec, err := url.PathUnescape(w)
		if err != nil {
			dec = w
		}
		rs := []rune(dec)
		if len(rs) >= 3 && unicode.IsUpper(rs[0]) {
			out = append(out, w)
		}
	}
	return out
}
