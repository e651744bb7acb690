package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMatchPathIndexed checks the indexed path-rule lookup against trying
// every rule in order, with rules that overlap: the first matching rule
// must win however the rules are indexed.
func TestMatchPathIndexed(t *testing.T) {
	f := FieldRules{Paths: []PathRule{
		{"user.name", KindEmail},
		{"**.a.b", KindPhone},
		{"**.x.name", KindName},
		{"*.b", KindIBAN},
		{"**.user.name", KindName},
		{"**.a.b", KindCard},
		{"**.b", KindSSN},
		{"a.**.b", KindSecret},
		{"**.c.*", KindIP},
		{"**.x.y.name", KindSecret},
	}}
	m := newFieldMatcher(&f)
	segs := []string{"a", "b", "c", "x", "y", "user", "name", strings.Repeat("k", 70)}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		path := make([][]byte, 1+rng.IntN(5))
		for i := range path {
			path[i] = []byte(segs[rng.IntN(len(segs))])
		}
		gk, gs := m.matchPath(path)
		wk, ws := m.matchPathSlow(path)
		if gk != wk || gs != ws {
			t.Fatalf("%q: got %v %v, want %v %v", path, gk, gs, wk, ws)
		}
	}
	// The first of two identical pair rules wins.
	if k, _ := m.matchPath([][]byte{[]byte("z"), []byte("a"), []byte("b")}); k != KindPhone {
		t.Errorf("z.a.b: got %v, want %v", k, KindPhone)
	}
	// A rule before a pair rule still wins over it.
	if k, _ := m.matchPath([][]byte{[]byte("user"), []byte("name")}); k != KindEmail {
		t.Errorf("user.name: got %v, want %v", k, KindEmail)
	}
}
