package main

import (
	"slices"
	"testing"
)

func TestCollect(t *testing.T) {
	tests := []struct {
		name, src, key string
		only           []string
		want           []string
	}{
		{
			"faker minified",
			"const e={person:{first_name:{generic:[`Kim`],female:`Ada.Zoë`.split(`.`)},last_name_pattern:{generic:[{value:`{{person.last_name.generic}}`,weight:1}]}}};export{e as t};",
			"first_name", nil, []string{"Kim", "Ada", "Zoë"},
		},
		{
			"pattern key is not the key",
			"const e={last_name_pattern:{generic:[`x`]},last_name:{generic:`Abel.Müller`.split(`.`)}};",
			"last_name", nil, []string{"Abel", "Müller"},
		},
		{
			"only some properties",
			"x={month:{wide:[`Januar`],abbr:[`Jan`],wide_context:[`Mai`]}}",
			"month", []string{"wide", "wide_context"}, []string{"Januar", "Mai"},
		},
		{
			"hand-written with comments",
			"var provider = {\n\tprefix: ['Herr'],\n\n\t// taken from a list\n\tfirst_names: ['Ursula', \"Jürgen\",\n\t\t'Uwe' /* old */],\n};",
			"first_names", nil, []string{"Ursula", "Jürgen", "Uwe"},
		},
		{
			"reference values are skipped",
			"x={first_name:{female:a,male:[`Jan`]}}",
			"first_name", nil, []string{"Jan"},
		},
		{
			"inside a string is not a property",
			"x={column:[`first_name:`]}",
			"first_name", nil, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			if err := collect([]byte(tt.src), tt.key, tt.only, func(s string) { got = append(got, s) }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCollectErrors(t *testing.T) {
	for _, src := range []string{
		"x={first_name:[`a`",
		"x={first_name:{a:`b`",
		"x={first_name:`unterminated",
		"x={first_name:`a${b}`}",
		"x={first_name:@}",
	} {
		if err := collect([]byte(src), "first_name", nil, func(string) {}); err == nil {
			t.Errorf("collect(%q) succeeded, want an error", src)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Müller", "muller", true},
		{"Łukasz", "lukasz", true},
		{"Strauß", "strauss", true},
		{"Ærø", "aero", true},
		{"O'Brien", "obrien", true},
		{"Jean-Luc", "jean-luc", true},
		{"Ștefan", "stefan", true},
		{"-abc", "", false},
		{"a--b", "", false},
		{"Иван", "", false},
		{"a1", "", false},
	}
	for _, tt := range tests {
		got, ok := fold(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("fold(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAddName(t *testing.T) {
	s := set{}
	for _, n := range []string{"van der Berg", "De la Cruz", "Mary Ann", "X", "李", "Van"} {
		s.addName(n)
	}
	got := make([]string, 0, len(s))
	for w := range s {
		got = append(got, w)
	}
	slices.Sort(got)
	if want := []string{"ann", "berg", "cruz", "mary", "van"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
