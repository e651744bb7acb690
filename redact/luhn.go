package redact

// Luhn (ISO/IEC 7812-1, mod 10) arithmetic over ASCII digits, shared by the
// card detector (validation) and the pseudonymizer (check digit of the
// stand-in).

// luhnDouble maps a digit d to the digit sum of 2d, the weight applied to
// every second digit counted from the check digit.
var luhnDouble = [10]byte{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}

// luhnSum returns the Luhn sum of digits taken as a full number whose last
// byte is the check position (weight 1), or -1 when a byte is not an ASCII
// digit.
func luhnSum(digits []byte) int {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := digits[i] - '0'
		if d > 9 {
			return -1
		}
		if double {
			d = luhnDouble[d]
		}
		sum += int(d)
		double = !double
	}
	return sum
}

// luhnValid reports whether digits, ASCII '0'-'9' only, is non-empty and
// passes the Luhn check. Any other byte makes it false.
func luhnValid(digits []byte) bool {
	if len(digits) == 0 {
		return false
	}
	s := luhnSum(digits)
	return s >= 0 && s%10 == 0
}

// luhnCheckDigit returns the ASCII check digit that, appended to
// digitsWithoutCheck, makes the number pass the Luhn check. Bytes that are
// not ASCII digits count as '0'.
func luhnCheckDigit(digitsWithoutCheck []byte) byte {
	sum := 0
	double := true // the rightmost payload digit sits next to the check digit
	for i := len(digitsWithoutCheck) - 1; i >= 0; i-- {
		d := digitsWithoutCheck[i] - '0'
		if d > 9 {
			d = 0
		}
		if double {
			d = luhnDouble[d]
		}
		sum += int(d)
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// luhnFix overwrites digits[pos] with the one digit that makes digits pass
// the Luhn check. For each position exactly one digit does, because both
// weights (d and the digit sum of 2d) are permutations of 0-9. Bytes that are
// not ASCII digits count as '0'.
func luhnFix(digits []byte, pos int) {
	digits[pos] = '0'
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := digits[i] - '0'
		if d > 9 {
			d = 0
		}
		if double {
			d = luhnDouble[d]
		}
		sum += int(d)
		double = !double
	}
	need := byte((10 - sum%10) % 10)
	if (len(digits)-1-pos)%2 == 1 {
		// The position is doubled: find the digit whose doubled value is need.
		need = luhnHalve[need]
	}
	digits[pos] = '0' + need
}

// luhnHalve is the inverse of luhnDouble.
var luhnHalve = [10]byte{0, 5, 1, 6, 2, 7, 3, 8, 4, 9}
