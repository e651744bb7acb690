package proxy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name, doc string
		path      []string
		want      string // "" for not found
	}{
		// Found.
		{"top level", `{"a":1,"b":"x"}`, []string{"b"}, `"x"`},
		{"nested", `{"a":{"b":{"c":[1,2]}}}`, []string{"a", "b", "c"}, `[1,2]`},
		{"after skipped values", `{"x":{"b":"no"},"y":[{"b":1}],"z":"}{\"","b":true}`, []string{"b"}, `true`},
		{"spaces", " { \"a\" :\t{ \"b\" : null } } ", []string{"a", "b"}, `null`},
		{"number", `{"length":123}`, []string{"length"}, `123`},
		{"first of repeated", `{"a":1,"a":2}`, []string{"a"}, `1`},
		// Not found: near misses.
		{"missing", `{"a":1}`, []string{"b"}, ""},
		{"key as value", `{"x":"b","y":1}`, []string{"b"}, ""},
		{"inside array", `{"a":[{"b":1}]}`, []string{"a", "b"}, ""},
		{"escaped key", `{"\u0062":1}`, []string{"b"}, ""},
		{"not an object", `["b",1]`, []string{"b"}, ""},
		{"truncated", `{"a":{"b":`, []string{"a", "b"}, ""},
		{"unterminated string", `{"a":"x`, []string{"a"}, ""},
		{"empty", ``, []string{"a"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, e, ok := lookup([]byte(tc.doc), tc.path...)
			if tc.want == "" {
				assert.False(t, ok)
				return
			}
			if assert.True(t, ok) {
				assert.Equal(t, tc.want, tc.doc[s:e])
			}
		})
	}
}

func TestCountMembers(t *testing.T) {
	for doc, want := range map[string]int{
		`{"type":"event"}`:                      1,
		`{"length":1,"type":"a","type":"b"}`:    2,
		`{"x":{"type":1},"type":2}`:             1,
		`{"t\u0079pe":"event","type":"x"}`:      2,
		`{}`:                                    0,
		`{"a":"type","b":["type"]}`:             0,
		`{"type":"a","x":[1,{"type":2}],"y":3}`: 1,
	} {
		assert.Equal(t, want, countMembers([]byte(doc), 0, "type"), doc)
	}
}
