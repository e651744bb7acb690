package redact

// matchSSN reports the end (exclusive) of a US social security number
// starting at src[i], a digit at a token boundary, or -1.
func matchSSN(src []byte, i int) int { return -1 }
