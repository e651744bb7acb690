package proxy

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Errors about request bodies. Their messages name sizes and encodings,
// never data.
var (
	// ErrBodyTooLarge is returned for a body over the configured size, as
	// received or once decompressed.
	ErrBodyTooLarge = errors.New("proxy: body too large")
	// ErrUnsupportedEncoding is returned for a Content-Encoding the proxy
	// does not decode.
	ErrUnsupportedEncoding = errors.New("proxy: unsupported content encoding")
	// ErrCorruptBody is returned for a body that does not decompress.
	ErrCorruptBody = errors.New("proxy: corrupt compressed body")
)

// maxEncodings bounds the codings a Content-Encoding header may stack.
const maxEncodings = 4

// maxZstdWindow bounds the memory one zstd stream may ask the decoder for
// (zstd's own default allows 512 MiB). 16 MiB is twice what the format
// asks every decoder to support and more than any SDK's level uses.
const maxZstdWindow = 16 << 20

// coding is one content coding.
type coding uint8

const (
	codingIdentity coding = iota
	codingGzip
	codingDeflate
	codingBrotli
	codingZstd
)

// parseCoding maps a Content-Encoding token to a coding. The empty token and
// "utf-8", which some SDKs send by mistake, mean identity.
func parseCoding(tok []byte) (coding, bool) {
	switch string(bytes.ToLower(bytes.TrimSpace(tok))) {
	case "", "identity", "utf-8", "utf8":
		return codingIdentity, true
	case "gzip", "x-gzip":
		return codingGzip, true
	case "deflate":
		return codingDeflate, true
	case "br":
		return codingBrotli, true
	case "zstd":
		return codingZstd, true
	}
	return 0, false
}

// decoder decompresses request bodies with a bound on the output. It keeps
// pooled readers and is safe for concurrent use.
type decoder struct {
	gzip sync.Pool // *gzip.Reader
	zstd sync.Pool // *zstd.Decoder
}

// decode appends to dst the body decoded as the Content-Encoding header
// value enc says, and fails with ErrBodyTooLarge once the result would
// exceed limit bytes. Codings are undone in the reverse of the order listed.
// With identity only, it returns body itself and owned false; otherwise
// the result is dst extended and owned is true.
func (d *decoder) decode(dst, body, enc []byte, limit int) (out []byte, owned bool, err error) {
	var codings [maxEncodings]coding
	n := 0
	for tok := range bytes.SplitSeq(enc, []byte{','}) {
		c, ok := parseCoding(tok)
		if !ok {
			return dst, false, fmt.Errorf("%w (%d bytes of header)", ErrUnsupportedEncoding, len(enc))
		}
		if c == codingIdentity {
			continue
		}
		if n == maxEncodings {
			return dst, false, fmt.Errorf("%w: more than %d codings", ErrUnsupportedEncoding, maxEncodings)
		}
		codings[n] = c
		n++
	}
	if n == 0 {
		if len(body) > limit {
			return dst, false, fmt.Errorf("%w: %d bytes, limit %d", ErrBodyTooLarge, len(body), limit)
		}
		return body, false, nil
	}
	cur := body
	for i := n - 1; i >= 0; i-- {
		// Intermediate results go to fresh buffers; the last pass appends
		// to dst.
		var out []byte
		if i == 0 {
			out = dst
		}
		res, err := d.decodeOne(out, cur, codings[i], limit)
		if err != nil {
			return dst, false, err
		}
		cur = res
	}
	return cur, true, nil
}

func (d *decoder) decodeOne(dst, src []byte, c coding, limit int) ([]byte, error) {
	br := bytes.NewReader(src)
	var r io.Reader
	switch c {
	case codingGzip:
		zr, _ := d.gzip.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(br)
		} else {
			err = zr.Reset(br)
		}
		if err != nil {
			return dst, fmt.Errorf("%w: gzip header", ErrCorruptBody)
		}
		defer d.gzip.Put(zr)
		r = zr
	case codingDeflate:
		// HTTP "deflate" is zlib (RFC 1950), but some clients send raw
		// deflate (RFC 1951); the zlib header tells them apart.
		if len(src) >= 2 && src[0]&0x0f == 8 && (uint16(src[0])<<8|uint16(src[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return dst, fmt.Errorf("%w: zlib header", ErrCorruptBody)
			}
			defer zr.Close()
			r = zr
		} else {
			fr := flate.NewReader(br)
			defer fr.Close()
			r = fr
		}
	case codingBrotli:
		r = brotli.NewReader(br)
	case codingZstd:
		zd, _ := d.zstd.Get().(*zstd.Decoder)
		if zd == nil {
			var err error
			// The options do not depend on limit, which readLimited
			// enforces, so pooled decoders are interchangeable.
			zd, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1),
				zstd.WithDecoderMaxMemory(maxZstdWindow), zstd.WithDecoderMaxWindow(maxZstdWindow),
				zstd.WithDecoderLowmem(true))
			if err != nil {
				return dst, fmt.Errorf("%w: zstd: %w", ErrCorruptBody, err)
			}
		}
		if err := zd.Reset(br); err != nil {
			return dst, fmt.Errorf("%w: zstd header", ErrCorruptBody)
		}
		defer func() {
			_ = zd.Reset(nil)
			d.zstd.Put(zd)
		}()
		r = zd
	default:
		return append(dst, src...), nil
	}
	return readLimited(dst, r, limit)
}

// readLimited appends everything r yields to dst, failing with
// ErrBodyTooLarge past limit bytes and ErrCorruptBody on a read error.
func readLimited(dst []byte, r io.Reader, limit int) ([]byte, error) {
	start := len(dst)
	for {
		if len(dst)-start > limit {
			return dst[:start], fmt.Errorf("%w: decompresses to more than %d bytes", ErrBodyTooLarge, limit)
		}
		if cap(dst)-len(dst) < 4096 {
			dst = slices.Grow(dst, max(4096, min(len(dst)-start, limit)))
		}
		n, err := r.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			if len(dst)-start > limit {
				return dst[:start], fmt.Errorf("%w: decompresses to more than %d bytes", ErrBodyTooLarge, limit)
			}
			return dst, nil
		}
		if err != nil {
			if errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded) {
				return dst[:start], fmt.Errorf("%w: decompresses to more than %d bytes", ErrBodyTooLarge, limit)
			}
			return dst[:start], fmt.Errorf("%w: after %d bytes", ErrCorruptBody, len(dst)-start)
		}
	}
}

// encoder compresses forwarded bodies. It keeps pooled writers and is safe
// for concurrent use.
type encoder struct {
	gzip sync.Pool // *gzip.Writer
}

// appendGzip appends the gzip form of src to dst.
func (e *encoder) appendGzip(dst, src []byte) []byte {
	buf := bytes.NewBuffer(dst)
	zw, _ := e.gzip.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(buf, gzip.BestSpeed)
	} else {
		zw.Reset(buf)
	}
	// Writes to a bytes.Buffer do not fail.
	_, _ = zw.Write(src)
	_ = zw.Close()
	e.gzip.Put(zw)
	return buf.Bytes()
}
