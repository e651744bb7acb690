package redact

// matchCard reports the end (exclusive) of a payment card number starting at
// src[i], a digit at a token boundary, or -1.
func matchCard(src []byte, i int) int { return -1 }
