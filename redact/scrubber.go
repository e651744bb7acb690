package redact

import (
	"sync"
	"sync/atomic"
)

// Scrubber finds personal data in text and JSON and replaces it. It is built
// once from a Config by New, never changes afterwards, and is safe for
// concurrent use. Its Append methods borrow a pooled Session; callers that
// scrub many records on one goroutine can hold a Session of their own.
type Scrubber struct {
	cfg    Config
	pseudo *Pseudonymizer
	names  *nameMatcher
	fields *fieldMatcher
	allow  map[string]struct{}
	// enabled[k] caches cfg.Kinds[k].Enabled for the scanner.
	enabled [NumKinds]bool

	pool   sync.Pool
	totals [NumKinds]atomic.Uint64
	ruleTO atomic.Uint64
}

// Stats counts findings. The zero value is empty.
type Stats struct {
	// Found counts findings per kind (replaced or kept).
	Found [NumKinds]uint64
	// RuleTimeouts counts custom-rule runs that hit their match timeout.
	RuleTimeouts uint64
	// Records counts records (lines, JSON documents) scrubbed.
	Records uint64
	// TextFallbacks counts records that were meant to be JSON but were not
	// valid JSON, and so were scrubbed as text.
	TextFallbacks uint64
}

// Add adds o into s.
func (s *Stats) Add(o *Stats) {
	for i := range s.Found {
		s.Found[i] += o.Found[i]
	}
	s.RuleTimeouts += o.RuleTimeouts
	s.Records += o.Records
	s.TextFallbacks += o.TextFallbacks
}

// Total returns the number of findings of every kind.
func (s *Stats) Total() uint64 {
	var n uint64
	for _, v := range s.Found {
		n += v
	}
	return n
}

// Finding describes one detected value, for tools that show what would be
// replaced. Start and End are byte offsets into the text that was scanned:
// the line for text, the decoded string value for JSON (whose key path is
// Path). Replacement is only valid during the callback.
type Finding struct {
	Kind        Kind
	Rule        string
	Path        string
	Start, End  int
	Replacement []byte
}

// New compiles cfg into a Scrubber.
func New(cfg Config) (*Scrubber, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	p, err := NewPseudonymizer(cfg.Key)
	if err != nil {
		return nil, err
	}
	s := &Scrubber{cfg: cfg, pseudo: p}
	s.cfg.Key = nil
	for k := range s.enabled {
		s.enabled[k] = cfg.Kinds[k].Enabled
	}
	s.names = newNameMatcher(cfg.Names)
	s.fields = newFieldMatcher(&cfg.Fields)
	s.allow = make(map[string]struct{}, len(cfg.Allow))
	for _, a := range cfg.Allow {
		s.allow[normalizeAllow(a)] = struct{}{}
	}
	s.pool.New = func() any { return s.NewSession() }
	return s, nil
}

// Session holds the per-goroutine state of scrubbing: scratch buffers, a
// pseudonymizer clone and running stats. It is not safe for concurrent use.
type Session struct {
	s      *Scrubber
	pseudo *Pseudonymizer
	stats  Stats
	found  uint64 // findings so far, the sum of stats.Found
	report func(Finding)
	path   string
	// pemLines counts down the lines of a stream that may still belong to
	// a private key whose BEGIN line came without its END.
	pemLines int
	// csv is the header of the CSV or TSV table a stream is in.
	csv csvTable

	cache   standInCache
	keyMemo keyCache // field rules of recent text keys
	memo    cleanMemo
	// version is set while the value of a version key is scanned.
	version bool
	jmemo   cleanMemo // JSON string values scanned clean
	scratch []byte    // decoded JSON strings
	out     []byte    // scanned-string output before re-encoding
	unesc   []byte    // percent-decoded values
	xdec    []byte    // an access-log field with \xHH escapes, decoded
	xout    []byte    // its scrubbed form before escaping again
	dec     []byte    // a decoded query value being scanned
	enc     []byte    // its scrubbed form before re-encoding
	home    []byte    // a record being checked for home directories
	// sawUsers is set by the scanner at "/Users" or "\\Users" in the record
	// being scrubbed.
	sawUsers bool
	spans    []span    // custom-rule matches
	keys     []pathKey // the keys of the current JSON path
	keyBuf   []byte    // their normalized names, when needed
	pathV    [][]byte
	keyDec   []byte       // a decoded key of the path
	jkeys    jsonKeyCache // field rules of recent JSON keys
	// bad and badCtx are where the walk of an invalid JSON document
	// stopped and the field context there (failAt); bad is -1 when the
	// walk has not failed.
	bad    int
	badCtx fieldCtx
	// nest holds the buffers of the walks of JSON documents in strings,
	// nested deep at the moment.
	nest   [maxNestedJSON]walkBufs
	nested int
}

// NewSession returns a new Session bound to s.
func (s *Scrubber) NewSession() *Session {
	w := &Session{s: s, pseudo: s.pseudo.Clone()}
	w.memo.init()
	w.jmemo.init()
	return w
}

// SetReport makes the session call fn for every finding. A nil fn turns
// reporting off. Reporting is for tools (rules test); it slows scrubbing.
func (w *Session) SetReport(fn func(Finding)) { w.report = fn }

// Stats returns the counts accumulated since the session was created or its
// stats were last reset.
func (w *Session) Stats() Stats { return w.stats }

// ResetStats zeroes the session's counts.
func (w *Session) ResetStats() { w.stats = Stats{}; w.found = 0 }

// count records one finding of kind k.
func (w *Session) count(k Kind) {
	w.stats.Found[k]++
	w.found++
}

func (s *Scrubber) get() *Session { return s.pool.Get().(*Session) }

func (s *Scrubber) put(w *Session) {
	s.flush(w)
	w.report = nil
	w.pemLines = 0 // stream state belongs to one caller's stream
	w.csv.kinds = w.csv.kinds[:0]
	s.pool.Put(w)
}

func (s *Scrubber) flush(w *Session) {
	for k, n := range w.stats.Found {
		if n != 0 {
			s.totals[k].Add(n)
		}
	}
	if w.stats.RuleTimeouts != 0 {
		s.ruleTO.Add(w.stats.RuleTimeouts)
	}
	w.stats = Stats{}
	w.found = 0
}

// Totals returns the findings of every call made through the Scrubber's own
// Append methods (not through Sessions held by callers).
func (s *Scrubber) Totals() Stats {
	var st Stats
	for k := range st.Found {
		st.Found[k] = s.totals[k].Load()
	}
	st.RuleTimeouts = s.ruleTO.Load()
	return st
}

// AppendText appends the scrubbed form of the text src to dst and returns
// the extended buffer. dst and src must not overlap.
func (s *Scrubber) AppendText(dst, src []byte) []byte {
	w := s.get()
	dst = w.AppendText(dst, src)
	s.put(w)
	return dst
}

// AppendJSON appends the scrubbed form of the JSON document src to dst. On
// invalid JSON it returns dst unchanged and an error wrapping ErrInvalidJSON;
// nothing of src is appended.
func (s *Scrubber) AppendJSON(dst, src []byte) ([]byte, error) {
	w := s.get()
	dst, err := w.AppendJSON(dst, src)
	s.put(w)
	return dst, err
}

// AppendLine appends the scrubbed form of one log line: structurally when
// it is a JSON object or array, as text otherwise (also when it only looks
// like JSON but is not valid).
func (s *Scrubber) AppendLine(dst, src []byte) []byte {
	w := s.get()
	dst = w.AppendLine(dst, src)
	s.put(w)
	return dst
}
