package redact

import "bytes"

// CSV and TSV exports name their columns once, in a header line
// (id,first_name,last_name,email,password); the rows after it hold values
// whose kind only the header tells. A session that scrubs a stream
// remembers the last header whose names include a field rule, and decides
// the columns of the rows that follow by it, as long as they have as many
// fields. Any other line ends the table.

// csvTable is the header of the table being read.
type csvTable struct {
	sep   byte
	kinds []Kind // one a column; empty when no table is being read
}

// maxCSVColumns bounds the columns of a header that is remembered.
const maxCSVColumns = 256

// csvHeader remembers src as a table's header when it is one: three or
// more names separated by commas or tabs, at least one of which a field
// rule decides.
func (w *Session) csvHeader(src []byte) {
	w.csv.kinds = w.csv.kinds[:0]
	if len(src) < 5 || !isAlpha(src[0]) && src[0] != '"' {
		return // log lines start with a time or a level, headers with a name
	}
	sep := byte(',')
	if bytes.Count(src, []byte{','}) < 2 {
		if bytes.Count(src, []byte{'\t'}) < 2 {
			return
		}
		sep = '\t'
	}
	any := false
	for f := range bytes.SplitSeq(src, []byte{sep}) {
		name := bytes.TrimSpace(f)
		if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
			name = name[1 : len(name)-1]
		}
		if len(name) == 0 || len(name) > keyCacheMax || !isAlpha(name[0]) || len(w.csv.kinds) == maxCSVColumns {
			w.csv.kinds = w.csv.kinds[:0]
			return
		}
		for _, c := range name {
			if !keyTab[c] && c != ' ' {
				w.csv.kinds = w.csv.kinds[:0]
				return
			}
		}
		k, _ := w.keyMemo.lookup(w.s.fields, name)
		if !w.s.enabled[k] {
			k = KindNone
		}
		any = any || k != KindNone
		w.csv.kinds = append(w.csv.kinds, k)
	}
	if !any {
		w.csv.kinds = w.csv.kinds[:0]
		return
	}
	w.csv.sep = sep
}

// csvRow scrubs src as a row of the table being read: a column a field
// rule decides is replaced by that rule, the others are scanned. ok is
// false, with nothing appended, when src does not have the table's number
// of fields.
func (w *Session) csvRow(dst, src []byte) (_ []byte, ok bool) {
	// Field boundaries first, quotes ("Müller, Hans") honoured.
	var bounds [maxCSVColumns + 1]int
	n, quoted := 0, false
	for i, c := range src {
		switch {
		case c == '"':
			quoted = !quoted
		case c == w.csv.sep && !quoted:
			if n == len(w.csv.kinds)-1 {
				return dst, false
			}
			bounds[n] = i
			n++
		}
	}
	if n != len(w.csv.kinds)-1 {
		return dst, false
	}
	bounds[n] = len(src)
	fs := 0
	for col, fe := range bounds[:n+1] {
		if col > 0 {
			dst = append(dst, w.csv.sep)
		}
		vs, ve := fs, fe
		if ve-vs >= 2 && src[vs] == '"' && src[ve-1] == '"' {
			vs, ve = vs+1, ve-1
		}
		if k := w.csv.kinds[col]; k != KindNone && ve > vs {
			dst = append(dst, src[fs:vs]...)
			dst = w.field(dst, src[vs:ve], k, false)
			dst = append(dst, src[ve:fe]...)
		} else {
			dst = w.scanRange(dst, src, fs, fe)
		}
		fs = fe + 1
	}
	return dst, true
}
