package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/piiproxy/piiproxy/redact"
)

// keyEnv is the environment variable that holds the pseudonymization key.
const keyEnv = "PIIPROXY_KEY"

// loadKey returns the pseudonymization key from keyFile, or else from the
// environment variable PIIPROXY_KEY, or else a random key for this run, in
// which case it writes a one-line warning to stderr. The key is hex or
// base64 text (raw bytes are accepted from a file) of at least 32 bytes.
// Errors never contain key material.
func loadKey(keyFile string, getenv func(string) string, stderr io.Writer) ([]byte, error) {
	switch {
	case keyFile != "":
		b, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, fmt.Errorf("key file: %w", err)
		}
		k, err := decodeKey(b, true)
		if err != nil {
			return nil, fmt.Errorf("key file %s: %w", keyFile, err)
		}
		return k, nil
	case getenv(keyEnv) != "":
		k, err := decodeKey([]byte(getenv(keyEnv)), false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", keyEnv, err)
		}
		return k, nil
	}
	k := make([]byte, redact.MinKeyLen)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("random key: %w", err)
	}
	fmt.Fprintf(stderr, "piiproxy: warning: no key given (--key-file or %s); using a random key, pseudonyms will differ from other runs\n", keyEnv)
	return k, nil
}

var errBadKey = errors.New("key must be at least 32 bytes, given as hex or base64")

func decodeKey(b []byte, rawOK bool) ([]byte, error) {
	s := strings.TrimSpace(string(b))
	if k, err := hex.DecodeString(s); err == nil && len(k) >= redact.MinKeyLen {
		return k, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil && len(k) >= redact.MinKeyLen {
			return k, nil
		}
	}
	if rawOK && len(b) >= redact.MinKeyLen && !isText(b) {
		return b, nil
	}
	return nil, errBadKey
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c >= 0x7f {
			return false
		}
	}
	return true
}
