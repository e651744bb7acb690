package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ByteSize is a size in bytes, written in configuration files as a number
// with an optional unit: "1048576", "512KiB", "20MiB", "1GiB" (powers of
// 1024) or "500KB", "20MB", "1GB" (powers of 1000); "B" is bytes. Units are
// case-insensitive. The zero value means "not set": the default applies.
type ByteSize int64

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	// Longest suffixes first so that "MiB" is not read as "B".
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"b", 1},
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *ByteSize) UnmarshalText(b []byte) error {
	v, err := parseByteSize(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler so that a bad value is reported
// with its line.
func (s *ByteSize) UnmarshalYAML(n *yaml.Node) error { return scalar(n, s) }

func parseByteSize(in string) (ByteSize, error) {
	t := strings.ToLower(strings.TrimSpace(in))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q (want a whole number of bytes, optionally with a unit such as KiB, MiB, GiB, KB, MB, GB)", in)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q is too large", in)
	}
	return ByteSize(n * mult), nil
}

// String formats s with the largest binary unit that divides it exactly:
// "20MiB", "1536KiB", "1000B".
func (s ByteSize) String() string {
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if s != 0 && int64(s)%u.mult == 0 {
			return strconv.FormatInt(int64(s)/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(s), 10) + "B"
}

// MarshalText implements encoding.TextMarshaler.
func (s ByteSize) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Duration is a time.Duration written in configuration files in Go's
// syntax: "50ms", "1s", "1m30s". The zero value means "not set".
type Duration time.Duration

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("invalid duration %q (want a number with a unit, such as 50ms or 1s)", string(b))
	}
	*d = Duration(v)
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler so that a bad value is reported
// with its line.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error { return scalar(n, d) }

// String returns the duration in Go's syntax.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
