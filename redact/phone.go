package redact

// matchPhone reports the end (exclusive) of a phone number starting at
// src[i] ('+', '(' or a digit at a token boundary), and how many leading
// digits (country code or trunk prefix) its stand-in keeps; end is -1 when
// there is none.
func matchPhone(src []byte, i int) (end, keep int) { return -1, 0 }
