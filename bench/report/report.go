// Package report writes the results of a benchmark run as a self-contained
// HTML page (inline CSS and SVG, no external assets, viewable offline) and
// as separate SVG charts: throughput.svg, detectors.svg and, when a proxy
// load test ran, latency.svg. Charts are hand-written SVG from the standard
// library.
package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Report is the content of a report. Empty sections are left out. The zero
// value is an empty report.
type Report struct {
	// Title heads the page.
	Title string
	// Command is the command line that produced the results.
	Command string
	// Generated is when the results were taken.
	Generated time.Time
	// Facts are label/value pairs about the run (machine, corpus).
	Facts []Fact

	// Throughput holds bars for throughput.svg, in ThroughputUnit (such as
	// "MB/s"), in the order to draw them.
	Throughput     []Bar
	ThroughputUnit string
	// Tables are further result tables (accuracy, ratios, latencies).
	Tables []Table
	// Shares holds each detector's share of the scrubbing time, a fraction,
	// for detectors.svg, the largest first.
	Shares []Bar
	// Latency holds latency distributions for latency.svg.
	Latency []LatencySeries
	// Notes are paragraphs of plain text below the charts.
	Notes []string
}

// Fact is one label/value pair.
type Fact struct{ Label, Value string }

// Table is a titled table of strings; the first row is the header.
type Table struct {
	Title string
	Rows  [][]string
}

// File names written by Write.
const (
	HTMLFile       = "index.html"
	ThroughputFile = "throughput.svg"
	DetectorsFile  = "detectors.svg"
	LatencyFile    = "latency.svg"
)

// Charts returns the report's SVG charts by file name: ThroughputFile,
// DetectorsFile and LatencyFile, each only when its section has data.
func (r *Report) Charts() map[string]string {
	out := map[string]string{}
	if len(r.Throughput) > 0 {
		unit := r.ThroughputUnit
		out[ThroughputFile] = BarChart("Throughput ("+unit+")", r.Throughput, func(v float64) string {
			if v >= 1000 {
				return fmt.Sprintf("%.0f %s", v, unit)
			}
			return fmt.Sprintf("%.1f %s", v, unit)
		})
	}
	if len(r.Shares) > 0 {
		out[DetectorsFile] = BarChart("Share of scrubbing time per detector (by ablation)", r.Shares, func(v float64) string {
			return fmt.Sprintf("%.1f%%", v*100)
		})
	}
	if len(r.Latency) > 0 {
		out[LatencyFile] = LatencyChart("Request latency by percentile", r.Latency)
	}
	return out
}

// HTML returns the report as one self-contained HTML document.
func (r *Report) HTML() string {
	charts := r.Charts()
	var b strings.Builder
	title := r.Title
	if title == "" {
		title = "piiproxy benchmark"
	}
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>\n", esc(title))
	b.WriteString(`<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1a202c;max-width:820px;margin:2em auto;padding:0 1em;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #e2e8f0;padding-bottom:.2em}
code{background:#f7fafc;padding:.1em .3em;border-radius:3px;font-size:.92em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em} th,td{padding:.25em .7em;border-bottom:1px solid #e2e8f0;text-align:right}
th:first-child,td:first-child{text-align:left} th{background:#f7fafc}
dl{display:grid;grid-template-columns:max-content auto;gap:.15em 1em;font-size:.92em} dt{color:#4a5568} dd{margin:0}
figure{margin:1em 0} svg{max-width:100%;height:auto}
</style></head><body>
`)
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(title))
	if !r.Generated.IsZero() {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(r.Generated.UTC().Format("2006-01-02 15:04 UTC")))
	}
	if r.Command != "" {
		fmt.Fprintf(&b, "<p><code>%s</code></p>\n", esc(r.Command))
	}
	if len(r.Facts) > 0 {
		b.WriteString("<dl>\n")
		for _, f := range r.Facts {
			fmt.Fprintf(&b, "<dt>%s</dt><dd>%s</dd>\n", esc(f.Label), esc(f.Value))
		}
		b.WriteString("</dl>\n")
	}
	for _, c := range []struct{ file, heading string }{
		{ThroughputFile, "Throughput"}, {DetectorsFile, "Detector cost"}, {LatencyFile, "Latency"},
	} {
		if svg, ok := charts[c.file]; ok {
			fmt.Fprintf(&b, "<h2>%s</h2>\n<figure>\n%s</figure>\n", c.heading, svg)
		}
	}
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "<h2>%s</h2>\n<table>\n", esc(t.Title))
		for i, row := range t.Rows {
			cell := "td"
			if i == 0 {
				cell = "th"
			}
			b.WriteString("<tr>")
			for _, c := range row {
				fmt.Fprintf(&b, "<%s>%s</%s>", cell, esc(c), cell)
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</table>\n")
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(n))
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// Write creates dir if needed and writes HTMLFile and the charts into it.
// It returns the paths written.
func (r *Report) Write(dir string) ([]string, error) {
	if dir == "" {
		return nil, errors.New("report: empty directory name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files := r.Charts()
	files[HTMLFile] = r.HTML()
	var written []string
	for _, name := range []string{HTMLFile, ThroughputFile, DetectorsFile, LatencyFile} {
		content, ok := files[name]
		if !ok {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// Percent formats a fraction as a percentage with one decimal.
func Percent(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }
