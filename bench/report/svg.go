package report

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// Bar is one bar of a bar chart.
type Bar struct {
	// Label names the bar, such as "piiproxy, 1 core".
	Label string
	// Value is the bar's length in the chart's unit.
	Value float64
	// Highlight draws the bar in the accent colour (piiproxy's own
	// results, next to baselines in grey).
	Highlight bool
}

// Chart geometry, in SVG user units.
const (
	chartWidth  = 760
	labelWidth  = 230
	valueWidth  = 110
	barHeight   = 22
	barGap      = 8
	titleHeight = 34
	padding     = 12
)

// Colours of the charts.
const (
	colorAccent = "#2b6cb0"
	colorMuted  = "#a0aec0"
	colorText   = "#1a202c"
	colorGrid   = "#e2e8f0"
)

// BarChart returns a standalone SVG document of a horizontal bar chart:
// one bar per entry, in the given order, each labelled with format(value).
// Negative values are drawn as empty bars. The output has no external
// references.
func BarChart(title string, bars []Bar, format func(float64) string) string {
	height := titleHeight + padding + len(bars)*(barHeight+barGap) + padding
	maxV := 0.0
	for _, b := range bars {
		maxV = max(maxV, b.Value)
	}
	plot := float64(chartWidth - labelWidth - valueWidth - 2*padding)
	var s strings.Builder
	svgOpen(&s, chartWidth, height, title)
	fmt.Fprintf(&s, `<text x="%d" y="22" font-size="16" font-weight="bold">%s</text>`+"\n", padding, esc(title))
	for i, b := range bars {
		y := titleHeight + padding + i*(barHeight+barGap)
		w := 0.0
		if maxV > 0 && b.Value > 0 {
			w = b.Value / maxV * plot
		}
		fill := colorMuted
		if b.Highlight {
			fill = colorAccent
		}
		x0 := padding + labelWidth
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" font-size="13">%s</text>`+"\n", x0-8, y+barHeight-6, esc(b.Label))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %s</title></rect>`+"\n",
			x0, y, w, barHeight, fill, esc(b.Label), esc(format(b.Value)))
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" font-size="13">%s</text>`+"\n", float64(x0)+w+6, y+barHeight-6, esc(format(b.Value)))
	}
	s.WriteString("</svg>\n")
	return s.String()
}

// LatencySeries is the latency distribution of one target of a load test.
type LatencySeries struct {
	// Name names the target, such as "piiproxy" or "pass-through".
	Name string
	// Points are latencies at increasing percentiles (0 < P ≤ 100).
	Points []LatencyPoint
	// Highlight draws the series in the accent colour.
	Highlight bool
}

// LatencyPoint is the latency at one percentile.
type LatencyPoint struct {
	// P is the percentile, 100 for the maximum.
	P float64
	// D is the latency.
	D time.Duration
}

// LatencyChart returns a standalone SVG document plotting latency against
// percentile for each series, on a percentile axis that spreads the tail
// (positions by −log10(1 − p/100), so 50, 90, 99 and 99.9 are evenly
// apart, and 100 one step beyond), latency in milliseconds on a linear axis.
func LatencyChart(title string, series []LatencySeries) string {
	const (
		height = 360
		left   = 70
		right  = 150
		top    = titleHeight + 10
		bottom = 40
	)
	pw, ph := float64(chartWidth-left-right), float64(height-top-bottom)
	pos := func(p float64) float64 {
		if p >= 100 {
			return 4
		}
		return min(-math.Log10(1-p/100), 4)
	}
	maxD := time.Duration(0)
	for _, se := range series {
		for _, pt := range se.Points {
			maxD = max(maxD, pt.D)
		}
	}
	maxMs := niceCeil(float64(maxD) / 1e6)
	x := func(p float64) float64 { return left + pos(p)/4*pw }
	y := func(d time.Duration) float64 { return top + ph - float64(d)/1e6/maxMs*ph }

	var s strings.Builder
	svgOpen(&s, chartWidth, height, title)
	fmt.Fprintf(&s, `<text x="%d" y="22" font-size="16" font-weight="bold">%s</text>`+"\n", padding, esc(title))
	for i := 0; i <= 4; i++ {
		v := maxMs * float64(i) / 4
		yy := top + ph - ph*float64(i)/4
		fmt.Fprintf(&s, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", left, yy, left+pw, yy, colorGrid)
		fmt.Fprintf(&s, `<text x="%d" y="%.1f" text-anchor="end" font-size="12">%s ms</text>`+"\n", left-6, yy+4, trimFloat(v))
	}
	for _, t := range []struct {
		p    float64
		name string
	}{{50, "p50"}, {90, "p90"}, {99, "p99"}, {99.9, "p99.9"}, {100, "max"}} {
		xx := x(t.p)
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", xx, top, xx, top+ph, colorGrid)
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="12">%s</text>`+"\n", xx, top+ph+18, t.name)
	}
	// Highlighted series take the accent colour, the others grey and then
	// further colours, so piiproxy stands out next to its baselines.
	others := []string{colorMuted, "#dd6b20", "#38a169", "#805ad5"}
	n := 0
	for i, se := range series {
		c := colorAccent
		if !se.Highlight {
			c = others[n%len(others)]
			n++
		}
		var pts []string
		for _, pt := range se.Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(pt.P), y(pt.D)))
		}
		fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`+"\n", strings.Join(pts, " "), c)
		for _, pt := range se.Points {
			fmt.Fprintf(&s, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s p%s: %s</title></circle>`+"\n",
				x(pt.P), y(pt.D), c, esc(se.Name), trimFloat(pt.P), pt.D.Round(time.Microsecond))
		}
		ly := top + 10 + i*22
		fmt.Fprintf(&s, `<rect x="%.1f" y="%d" width="14" height="14" fill="%s"/>`+"\n", left+pw+14, ly, c)
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" font-size="13">%s</text>`+"\n", left+pw+34, ly+12, esc(se.Name))
	}
	s.WriteString("</svg>\n")
	return s.String()
}

func svgOpen(s *strings.Builder, w, h int, title string) {
	fmt.Fprintf(s, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" fill="%s" role="img" aria-label="%s">`+"\n",
		w, h, w, h, colorText, esc(title))
	fmt.Fprintf(s, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", w, h)
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (1 for v ≤ 0).
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

func esc(s string) string { return html.EscapeString(s) }
