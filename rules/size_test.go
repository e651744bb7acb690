package rules

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want ByteSize
		str  string
	}{
		{"0", 0, "0B"},
		{"1048576", 1 << 20, "1MiB"},
		{"20MiB", 20 << 20, "20MiB"},
		{"20 mib", 20 << 20, "20MiB"},
		{"512KiB", 512 << 10, "512KiB"},
		{"1GiB", 1 << 30, "1GiB"},
		{"1536KiB", 1536 << 10, "1536KiB"},
		{"500KB", 500000, "500000B"},
		{"20MB", 20000000, "20000000B"},
		{"100B", 100, "100B"},
	}
	for _, tc := range tests {
		var s ByteSize
		require.NoError(t, s.UnmarshalText([]byte(tc.in)), tc.in)
		assert.Equal(t, tc.want, s, tc.in)
		assert.Equal(t, tc.str, s.String(), tc.in)
	}
	for _, bad := range []string{"", "MiB", "-1", "1.5MiB", "20 parsecs", "0x10", "9999999999TiB"} {
		var s ByteSize
		assert.Error(t, s.UnmarshalText([]byte(bad)), bad)
	}
}

func TestDuration(t *testing.T) {
	var d Duration
	require.NoError(t, d.UnmarshalText([]byte("50ms")))
	assert.Equal(t, Duration(50*time.Millisecond), d)
	assert.Equal(t, "50ms", d.String())
	assert.Error(t, d.UnmarshalText([]byte("50")))
	assert.Error(t, d.UnmarshalText([]byte("soon")))
}
