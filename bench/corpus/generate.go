package corpus

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Mix weighs the formats of a generated corpus: a format of weight 3 gets
// three times the records of a format of weight 1. Formats missing from the
// map, or with weight 0, are not generated.
type Mix map[Format]int

// DefaultMix is the mix used when Config.Mix is empty: mostly access and
// application logs, some JSON logs, fewer error-tracker events.
func DefaultMix() Mix {
	return Mix{FormatAccess: 4, FormatApp: 3, FormatJSON: 2, FormatSentry: 1, FormatRollbar: 1}
}

// ParseMix parses a mix written as "access=3,app=2,json" (a format without
// a weight has weight 1) or a single format name.
func ParseMix(s string) (Mix, error) {
	m := Mix{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, weight, hasWeight := strings.Cut(part, "=")
		f, err := ParseFormat(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		w := 1
		if hasWeight {
			w, err = strconv.Atoi(strings.TrimSpace(weight))
			if err != nil || w < 0 {
				return nil, fmt.Errorf("corpus: bad weight %q for %s", weight, f)
			}
		}
		m[f] += w
	}
	if len(m) == 0 {
		return nil, errors.New("corpus: empty mix")
	}
	return m, nil
}

// Config says what a Generator produces. The zero value generates
// DefaultRecords records of DefaultMix with seed 0.
type Config struct {
	// Seed selects the corpus: equal seeds give equal records.
	Seed uint64
	// Records stops Generate after this many records. Zero means no record
	// limit (Bytes decides); when both are zero, DefaultRecords applies.
	Records int
	// Bytes stops Generate once the records' text, one newline each,
	// reaches this many bytes. Zero means no byte limit.
	Bytes int64
	// Mix weighs the formats. Empty means DefaultMix.
	Mix Mix
	// Start is the time of the first record. Zero means
	// 2026-11-23T06:25:00Z.
	Start time.Time
}

// DefaultRecords is the record count used when Config sets neither Records
// nor Bytes.
const DefaultRecords = 1000

// ErrBadMix is returned for a mix without a positive weight.
var ErrBadMix = errors.New("corpus: mix has no format with a positive weight")

// Generator produces labelled records one at a time. It is deterministic
// for a given Config and not safe for concurrent use.
type Generator struct {
	g       gen
	b       builder
	formats []Format
	cum     []int // cumulative weights, parallel to formats
	total   int
}

// New returns a Generator for cfg. Only cfg.Seed, cfg.Mix and cfg.Start
// matter to it; Records and Bytes are read by Generate.
func New(cfg Config) (*Generator, error) {
	mix := cfg.Mix
	if len(mix) == 0 {
		mix = DefaultMix()
	}
	for f, w := range mix {
		if _, err := ParseFormat(string(f)); err != nil {
			return nil, err
		}
		if w < 0 {
			return nil, fmt.Errorf("corpus: negative weight %d for %s", w, f)
		}
	}
	gn := &Generator{}
	for _, f := range Formats() {
		if w := mix[f]; w > 0 {
			gn.total += w
			gn.formats = append(gn.formats, f)
			gn.cum = append(gn.cum, gn.total)
		}
	}
	if gn.total == 0 {
		return nil, ErrBadMix
	}
	start := cfg.Start
	if start.IsZero() {
		start = time.Date(2026, 11, 23, 6, 25, 0, 0, time.UTC)
	}
	gn.g = gen{r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), now: start}
	return gn, nil
}

// Next returns the next record, of a format drawn from the mix.
func (gn *Generator) Next() Record {
	n := gn.g.r.IntN(gn.total)
	for i, c := range gn.cum {
		if n < c {
			return gn.NextFormat(gn.formats[i])
		}
	}
	panic("BUG: corpus: weight out of range")
}

// NextFormat returns the next record of format f, whatever the mix says.
func (gn *Generator) NextFormat(f Format) Record {
	gn.b.reset()
	g, b := &gn.g, &gn.b
	g.tick(3 * time.Second)
	switch f {
	case FormatAccess:
		g.accessLine(b)
	case FormatApp:
		g.appLine(b)
	case FormatJSON:
		g.jsonLine(b)
	case FormatSentry:
		g.sentryEvent(b)
	case FormatRollbar:
		g.rollbarItem(b)
	default:
		panic("BUG: corpus: unknown format " + string(f))
	}
	return b.record(f)
}

// Generate returns the records cfg asks for.
func Generate(cfg Config) ([]Record, error) {
	gn, err := New(cfg)
	if err != nil {
		return nil, err
	}
	limit := cfg.Records
	if limit == 0 && cfg.Bytes == 0 {
		limit = DefaultRecords
	}
	var recs []Record
	var size int64
	for (limit == 0 || len(recs) < limit) && (cfg.Bytes == 0 || size < cfg.Bytes) {
		r := gn.Next()
		size += int64(len(r.Text)) + 1
		recs = append(recs, r)
	}
	return recs, nil
}

// Texts returns the Text of every record, as byte slices.
func Texts(recs []Record) [][]byte {
	out := make([][]byte, len(recs))
	for i := range recs {
		out[i] = []byte(recs[i].Text)
	}
	return out
}
