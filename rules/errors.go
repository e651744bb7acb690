package rules

import (
	"encoding"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error is one problem with a configuration. Parse and Load return them
// joined (errors.Join) when there are several; use errors.As to inspect
// the first, or format the error to list them all, one per line.
type Error struct {
	// File is the name given to Parse; "" for a Config built in Go.
	File string
	// Line is the 1-based line of the offending field, 0 when unknown.
	Line int
	// Field names the field or rule at fault, as a reader finds it in the
	// file: `kinds.email.method`, `custom rule "employee-id": pattern`.
	// Empty for problems with the document as a whole.
	Field string
	// Err is the problem.
	Err error

	// path is the field's address in the YAML tree ("custom.2.pattern"),
	// used to find its line.
	path string
}

// Error formats e as "file:line: field: problem", leaving out what is
// unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying problem.
func (e *Error) Unwrap() error { return e.Err }

// problems collects the errors found by Validate.
type problems struct{ errs []error }

// add records a problem with the field at path (dot-separated YAML
// address, sequence items by index), shown to the reader as field.
func (p *problems) add(path, field string, format string, args ...any) {
	p.errs = append(p.errs, &Error{path: path, Field: field, Err: fmt.Errorf(format, args...)})
}

func (p *problems) err() error { return errors.Join(p.errs...) }

// nodeIndex maps the address of every node of a YAML document to the line
// it starts on, and every line to the addresses on it.
type nodeIndex struct {
	lines map[string]int
	paths map[int][]string
}

// indexNodes indexes the document under root. A nil index (for a document
// that did not parse) finds nothing.
func indexNodes(root *yaml.Node) *nodeIndex {
	idx := &nodeIndex{lines: map[string]int{}, paths: map[int][]string{}}
	var walk func(n *yaml.Node, path string, line int)
	walk = func(n *yaml.Node, path string, line int) {
		if path != "" {
			idx.lines[path] = line
			idx.paths[line] = append(idx.paths[line], path)
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path, c.Line)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				walk(n.Content[i+1], joinPath(path, k.Value), k.Line)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, joinPath(path, strconv.Itoa(i)), c.Line)
			}
		}
		// Aliases are not followed: an alias may contain itself, and what
		// it stands for is indexed where its anchor is.
	}
	walk(root, "", root.Line)
	return idx
}

func joinPath(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

// line returns the line of the node at path, or of its nearest ancestor
// that is in the document (a missing required field is reported at its
// parent), or 0.
func (idx *nodeIndex) line(path string) int {
	if idx == nil {
		return 0
	}
	for path != "" {
		if l, ok := idx.lines[path]; ok {
			return l
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// field returns a readable name for what starts on line: the shallowest
// address there (a key whose value is a flow collection shares its line
// with the collection's items), leaving out sequence items when a key is on
// the line too; several at the same depth give their common parent.
func (idx *nodeIndex) field(line int) string {
	if idx == nil {
		return ""
	}
	var best []string
	bestDepth := -1
	for _, ps := range [2]bool{false, true} {
		for _, p := range idx.paths[line] {
			if isIndexPath(p) != ps {
				continue
			}
			d := strings.Count(p, ".")
			switch {
			case bestDepth < 0 || d < bestDepth:
				best, bestDepth = []string{p}, d
			case d == bestDepth:
				best = append(best, p)
			}
		}
		if len(best) > 0 {
			break
		}
	}
	if len(best) == 0 {
		return ""
	}
	common := best[0]
	for _, p := range best[1:] {
		for common != p && !strings.HasPrefix(p, common+".") {
			i := strings.LastIndexByte(common, '.')
			if i < 0 {
				return ""
			}
			common = common[:i]
		}
	}
	return common
}

// isIndexPath reports whether the address ends in a sequence index.
func isIndexPath(p string) bool {
	last := p[strings.LastIndexByte(p, '.')+1:]
	_, err := strconv.Atoi(last)
	return err == nil
}

// documentBody returns the top-level node of the document under root, or
// nil for an empty document.
func documentBody(root *yaml.Node) *yaml.Node {
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		return root.Content[0]
	}
	return nil
}

// locate sets the file and line of every *Error in err.
func locate(err error, file string, idx *nodeIndex) error {
	if err == nil {
		return nil
	}
	errs := unjoin(err)
	for _, e := range errs {
		var ce *Error
		if errors.As(e, &ce) {
			ce.File = file
			if ce.Line == 0 {
				ce.Line = idx.line(ce.path)
			}
		}
	}
	return errors.Join(errs...)
}

// unjoin returns the errors joined in err, err itself when it is not a
// join, or nil for a nil err.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

var (
	yamlLineRE     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRE  = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
	yamlMismatchRE = regexp.MustCompile(`^cannot unmarshal !!(\w+)(?: .*)? into (\S+)$`)
)

// yamlError turns an error of package yaml into *Error values with file,
// line and field, and messages written for the reader of the file rather
// than for a Go programmer.
func yamlError(err error, file string, idx *nodeIndex) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		e := &Error{File: file, Err: errors.New(strings.TrimPrefix(m, "yaml: "))}
		if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			e.Line, _ = strconv.Atoi(sm[1])
			e.Field = idx.field(e.Line)
			msg := sm[2]
			if um := yamlUnknownRE.FindStringSubmatch(msg); um != nil {
				msg = fmt.Sprintf("unknown field %q", um[1])
				// The field does not exist: name its parent instead.
				if i := strings.LastIndexByte(e.Field, '.'); i >= 0 {
					e.Field = e.Field[:i]
				} else {
					e.Field = ""
				}
			} else if mm := yamlMismatchRE.FindStringSubmatch(msg); mm != nil {
				msg = fmt.Sprintf("want %s, not a %s", describeGoType(mm[2]), describeTag(mm[1]))
			}
			e.Err = errors.New(msg)
		}
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

func describeTag(tag string) string {
	switch tag {
	case "seq":
		return "list"
	case "map":
		return "mapping"
	case "str":
		return "string"
	case "int", "float":
		return "number"
	case "bool":
		return "boolean"
	}
	return tag
}

func describeGoType(t string) string {
	t = strings.TrimLeft(t, "*")
	switch {
	case t == "bool":
		return "true or false"
	case t == "int" || strings.HasPrefix(t, "int"):
		return "a whole number"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping"
	}
	return "a mapping"
}

// scalar decodes the scalar node n with u, reporting problems with the
// node's line in the form package yaml collects (so that they are listed
// with its own errors).
func scalar(n *yaml.Node, u encoding.TextUnmarshaler) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a single value, not a %s", n.Line, nodeKindName(n))}}
	}
	if err := u.UnmarshalText([]byte(n.Value)); err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	return nil
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	}
	return "value"
}
