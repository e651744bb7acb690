package proxy

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	plain := []byte(strings.Repeat("scrub me, ", 1000))
	var d decoder
	for _, tc := range []struct{ header, alg string }{
		{"gzip", "gzip"}, {"x-gzip", "gzip"}, {"deflate", "deflate"}, {"deflate", "raw-deflate"},
		{"br", "br"}, {"zstd", "zstd"}, {" GZip ", "gzip"}, {"identity, gzip", "gzip"},
	} {
		t.Run(tc.header+"/"+tc.alg, func(t *testing.T) {
			out, owned, err := d.decode([]byte("pre:"), compress(t, tc.alg, plain), []byte(tc.header), 1<<20)
			require.NoError(t, err)
			assert.True(t, owned)
			assert.Equal(t, "pre:"+string(plain), string(out))
		})
	}
	t.Run("identity returns the body", func(t *testing.T) {
		for _, h := range []string{"", "identity", "UTF-8", "utf-8"} {
			out, owned, err := d.decode(nil, plain, []byte(h), 1<<20)
			require.NoError(t, err)
			assert.False(t, owned)
			assert.Equal(t, &plain[0], &out[0])
		}
	})
	t.Run("limit", func(t *testing.T) {
		for _, alg := range []string{"gzip", "deflate", "br", "zstd"} {
			_, _, err := d.decode(nil, compress(t, alg, plain), []byte(strings.TrimPrefix(alg, "raw-")), len(plain)-1)
			assert.ErrorIs(t, err, ErrBodyTooLarge, alg)
			out, _, err := d.decode(nil, compress(t, alg, plain), []byte(alg), len(plain))
			assert.NoError(t, err, "%s: exactly at the limit", alg)
			assert.Len(t, out, len(plain))
		}
		_, _, err := d.decode(nil, plain, nil, len(plain)-1)
		assert.ErrorIs(t, err, ErrBodyTooLarge, "identity")
	})
	t.Run("unsupported", func(t *testing.T) {
		for _, h := range []string{"compress", "lz4", "gzip, snappy", "gzip,gzip,gzip,gzip,gzip"} {
			_, _, err := d.decode(nil, plain, []byte(h), 1<<20)
			assert.ErrorIs(t, err, ErrUnsupportedEncoding, h)
		}
	})
	t.Run("zstd body larger than the window bound", func(t *testing.T) {
		big := []byte(strings.Repeat("0123456789abcdef", (maxZstdWindow+1<<20)/16))
		out, _, err := d.decode(nil, compress(t, "zstd", big), []byte("zstd"), 100<<20)
		require.NoError(t, err)
		assert.Equal(t, len(big), len(out))
	})
	t.Run("zstd window bound", func(t *testing.T) {
		// A frame that declares a 64 MiB window (descriptor 0x80: 2^(10+16))
		// is refused whatever it holds; the same frame with a 1 MiB window
		// (0x50) decodes.
		frame := func(wd byte) []byte {
			return []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, wd, 0x29, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o'}
		}
		out, _, err := d.decode(nil, frame(0x50), []byte("zstd"), 100<<20)
		require.NoError(t, err)
		assert.Equal(t, "hello", string(out))
		_, _, err = d.decode(nil, frame(0x80), []byte("zstd"), 100<<20)
		assert.Error(t, err)
	})
}
