package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/piiproxy/piiproxy/bench/corpus"
)

func TestReadCorpusFile(t *testing.T) {
	dir := t.TempDir()
	recs, err := corpus.Generate(corpus.Config{Seed: 2, Records: 20})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := corpus.WriteJSONL(&b, recs); err != nil {
		t.Fatal(err)
	}
	labelled := filepath.Join(dir, "c.jsonl")
	plain := filepath.Join(dir, "p.log")
	os.WriteFile(labelled, b.Bytes(), 0o600)
	os.WriteFile(plain, []byte("\n{\"msg\":\"a\"}\nline two\n\n"), 0o600)

	c, err := ReadCorpusFile(labelled)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Records) != 20 || len(c.Lines) != 20 || string(c.Lines[3]) != recs[3].Text {
		t.Errorf("labelled: %d records, %d lines", len(c.Records), len(c.Lines))
	}
	c, err = ReadCorpusFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	if c.Records != nil || len(c.Lines) != 2 || string(c.Lines[1]) != "line two" {
		t.Errorf("plain: %d records, lines %q", len(c.Records), c.Lines)
	}
	if _, err := ReadCorpusFile(filepath.Join(dir, "none")); err == nil {
		t.Error("a missing file was read")
	}
}
