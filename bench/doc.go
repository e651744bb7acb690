// Package bench measures the scrubber: how much of the personal data in a
// labelled corpus it removes and how many near-misses it leaves alone
// (Accuracy), and how fast it runs (RunThroughput), next to a naive
// regular-expression pipeline of the same kinds (RegexpBaseline).
//
// The corpus comes from package bench/corpus. The product never imports
// this package.
package bench
