package report

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sample() *Report {
	return &Report{
		Title:          "bench <test>",
		Command:        "piiproxy bench --report out",
		Generated:      time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC),
		Facts:          []Fact{{"CPU", "Test CPU"}, {"load", "1.0 0.5 0.2"}},
		Throughput:     []Bar{{Label: "piiproxy, 1 core", Value: 120, Highlight: true}, {Label: "regexp", Value: 12}},
		ThroughputUnit: "MB/s",
		Shares:         []Bar{{Label: "name", Value: 0.4}, {Label: "ip", Value: -0.01}},
		Latency: []LatencySeries{
			{Name: "pass-through", Points: []LatencyPoint{{50, time.Millisecond}, {99, 3 * time.Millisecond}, {100, 9 * time.Millisecond}}},
			{Name: "piiproxy", Highlight: true, Points: []LatencyPoint{{50, 2 * time.Millisecond}, {99, 5 * time.Millisecond}, {100, 12 * time.Millisecond}}},
		},
		Tables: []Table{{Title: "Accuracy", Rows: [][]string{{"kind", "recall"}, {"email", "100.0%"}}}},
	}
}

// wellFormed parses s as XML, which every SVG document must be.
func wellFormed(t *testing.T, name, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func TestWriteSelfContained(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	files, err := sample().Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 {
		t.Fatalf("wrote %v, want html and three charts", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, ext := range []string{"http://", "https://", "src=", "<link", "<script"} {
			if i := strings.Index(s, ext); i >= 0 && !strings.HasPrefix(s[i:], "http://www.w3.org/2000/svg") {
				t.Errorf("%s refers to something outside itself: %q", f, s[i:min(len(s), i+60)])
			}
		}
		if strings.HasSuffix(f, ".svg") {
			wellFormed(t, f, s)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, HTMLFile))
	for _, want := range []string{"bench &lt;test&gt;", "<svg", "piiproxy, 1 core", "120.0 MB/s", "40.0%", "Accuracy", "Test CPU"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestChartsOnlyWithData(t *testing.T) {
	r := &Report{Throughput: []Bar{{Label: "a", Value: 1}}, ThroughputUnit: "events/s"}
	c := r.Charts()
	if _, ok := c[ThroughputFile]; !ok || len(c) != 1 {
		t.Errorf("charts %v, want throughput only", c)
	}
}

func TestBarChartScalesToLargest(t *testing.T) {
	svg := BarChart("t", []Bar{{Label: "big", Value: 100}, {Label: "half", Value: 50}, {Label: "neg", Value: -3}}, Percent)
	wellFormed(t, "bar chart", svg)
	plot := chartWidth - labelWidth - valueWidth - 2*padding
	for _, want := range []string{
		fmt.Sprintf(`width="%.1f"`, float64(plot)),
		fmt.Sprintf(`width="%.1f"`, float64(plot)/2),
		`width="0.0"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("bar chart lacks a bar with %s", want)
		}
	}
}
