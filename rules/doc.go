// Package rules loads piiproxy's configuration: what to find, what to do
// with each finding, and the settings of the proxy and pipe front ends.
//
// A configuration is a YAML file (see testdata/valid.yaml for a commented
// example of every field). Load and Parse decode it strictly (unknown fields
// are errors), apply the defaults, validate it and compile its custom rules,
// so that a configuration that loads is one that runs. Errors name the file,
// the line and the field or rule at fault, and never fall back to scrubbing
// less than asked. Config.Redact turns a loaded configuration into the
// redact.Config the engine consumes; package redact knows nothing of YAML.
//
// The package never scans payloads itself, except through the custom rules
// it compiles (Rule), which the engine calls. Importing it sets regexp2's
// timeout clock to tick every 5ms (regexp2.SetTimeoutCheckPeriod) so that
// match timeouts of tens of milliseconds fire on time.
package rules
