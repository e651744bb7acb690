package redact

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files from the current output")

// TestGolden scrubs whole sample files line by line with a fixed key and
// compares with testdata/golden/NAME.golden. Inputs are the bundled samples
// under bench/testdata and the files in testdata/golden/*.input. Run
// `go test ./redact -run TestGolden -update` after an intended change and
// review the diff.
func TestGolden(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/golden/*.input")
	inputs = append(inputs, "../bench/testdata/access.log", "../bench/testdata/app.log", "../bench/testdata/events.jsonl")
	s := newTestScrubber(t, nil)
	for _, in := range inputs {
		name := filepath.Base(in)
		name = name[:len(name)-len(filepath.Ext(name))]
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var out []byte
			for _, line := range bytes.SplitAfter(data, []byte("\n")) {
				body := bytes.TrimSuffix(line, []byte("\n"))
				out = s.AppendLine(out, body)
				out = append(out, line[len(body):]...)
			}
			golden := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(out, want) {
				gl := bytes.Split(want, []byte("\n"))
				for i, l := range bytes.Split(out, []byte("\n")) {
					if i >= len(gl) || !bytes.Equal(l, gl[i]) {
						t.Fatalf("%s differs from %s at line %d:\n got: %s\nwant: %s", in, golden, i+1, l, gl[min(i, len(gl)-1)])
					}
				}
				t.Fatalf("%s differs from %s", in, golden)
			}
			// A second pass finds none of the recognizable stand-ins.
			w := s.NewSession()
			for _, line := range bytes.Split(out, []byte("\n")) {
				w.AppendLine(nil, line)
			}
			st := w.Stats()
			for _, k := range []Kind{KindEmail, KindName, KindSecret, KindSSN} {
				if st.Found[k] != 0 {
					t.Errorf("a second pass over %s found %d %s", name, st.Found[k], k)
				}
			}
		})
	}
}
