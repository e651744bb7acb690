package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/piiproxy/piiproxy/bench/corpus"
)

// CorpusFile is a corpus read by ReadCorpusFile.
type CorpusFile struct {
	// Lines are the records' texts, one log line or JSON document each.
	Lines [][]byte
	// Records are the labelled records, nil for a file of plain lines.
	Records []corpus.Record
}

// ReadCorpusFile reads a corpus file: labelled JSON Lines (as written by
// 'piiproxy bench gen') when its first non-blank line is an object with
// "text" and "format", plain log lines otherwise, blank lines skipped. A
// plain line longer than corpus.MaxLineLen is an error.
func ReadCorpusFile(name string) (CorpusFile, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return CorpusFile{}, err
	}
	if labelledCorpus(data) {
		recs, err := corpus.ReadJSONL(bytes.NewReader(data))
		if err != nil {
			return CorpusFile{}, fmt.Errorf("%s: %w", name, err)
		}
		return CorpusFile{Lines: corpus.Texts(recs), Records: recs}, nil
	}
	var c CorpusFile
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), corpus.MaxLineLen)
	for sc.Scan() {
		if len(sc.Bytes()) > 0 {
			c.Lines = append(c.Lines, bytes.Clone(sc.Bytes()))
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return CorpusFile{}, fmt.Errorf("%s: a line is longer than %d bytes", name, corpus.MaxLineLen)
		}
		return CorpusFile{}, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// labelledCorpus reports whether the first non-blank line of data is a
// JSON object with "text" and "format" members.
func labelledCorpus(data []byte) bool {
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var probe struct {
			Text   *string `json:"text"`
			Format *string `json:"format"`
		}
		return json.Unmarshal(line, &probe) == nil && probe.Text != nil && probe.Format != nil
	}
	return false
}
