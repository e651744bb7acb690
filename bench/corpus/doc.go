// Package corpus generates labelled, realistic log records for measuring how
// well a scrubber finds personal data and how fast it runs.
//
// A Generator is seeded, so the same Config always yields the same records.
// Each Record is one line of a log: an access-log line (nginx combined or
// Apache common), a free-text application log line, a JSON log line, or a
// compact Sentry- or Rollbar-shaped event. Alongside the text it carries
// ground truth:
//
//   - PII lists every personal value planted in the text, with its kind
//     (the redact.Kind names: email, ip, iban, card, phone, secret, ssn,
//     name). A value is written exactly as it appears in the text, so a
//     percent-encoded address is labelled jane.doe%40example.com. For the
//     JSON formats the value is the decoded JSON string content, which for
//     the characters the generator uses is also its verbatim form.
//   - Keep lists near-misses planted in the same text that a scrubber must
//     leave alone: Luhn-invalid order ids, 20-digit runs, IBANs with a wrong
//     check digit, version strings, OIDs, timestamps, byte counts, asset
//     names such as logo@2x.png and lodash@4.17.21, Java object ids, hashes,
//     capitalized words that are not names, file names.
//
// Values are valid where validity is what tells them apart from noise: IBANs
// carry correct mod-97 check digits and per-country lengths, card numbers
// pass Luhn and carry real brand prefixes, phones use real mobile and
// geographic ranges of their country.
//
// # Label format
//
// A labelled corpus is stored as JSON Lines, one record per line:
//
//	{"text":"<log line or compact JSON document>","format":"access|app|json|sentry|rollbar",
//	 "pii":[{"kind":"email","value":"jane.doe@example.com"}],"keep":["Chrome/120.0.6099.109"]}
//
// "pii" and "keep" are always present (possibly empty). WriteJSONL and
// ReadJSONL convert between []Record and this form.
package corpus
