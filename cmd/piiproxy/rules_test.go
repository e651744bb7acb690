package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runRulesCmd runs `piiproxy rules args…` with stdin and returns its exit
// code and output.
func runRulesCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"rules"}, args...), strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func testKeyFile(t *testing.T) string {
	return writeFile(t, "key", hex.EncodeToString(bytes.Repeat([]byte{7}, 32))+"\n")
}

const testRulesConfig = `
custom:
  - name: employee-id
    pattern: '\bEMP-\d{6}\b'
  - name: slow
    pattern: '(a+)+$'
    timeout: 5ms
pipe:
  max_line: 1KiB
`

func TestRulesCheckValid(t *testing.T) {
	code, out, errOut := runRulesCmd(t, "", "check", "--config", "../../rules/testdata/valid.yaml")
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	for _, want := range []string{
		"configuration: ../../rules/testdata/valid.yaml: valid",
		"card    yes      mask          keep_last4=true",
		"ip      yes      pseudonymize  prefix_bits=16",
		"removed: login",
		"request.headers.x-customer  name",
		"**.user.name",
		"support@example.com",
		"stop: Jenkins, Grafana, Hermes",
		"internal-token",
		"20ms",
		`(?i)\bitk_[a-z0-9]{32}\b`,
		"max_body: 20MiB",
		"max_line: 1MiB",
	} {
		assert.Contains(t, out, want)
	}
	assert.Regexp(t, `(?s)secret: .* password,`, out)
	assert.NotContains(t, out, "servername")
}

func TestRulesCheckDefaults(t *testing.T) {
	code, out, errOut := runRulesCmd(t, "", "check")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "configuration: built-in defaults (no --config): valid")
	assert.Contains(t, out, "secret  yes      redact")
	assert.Contains(t, out, "custom rules:\n  none")
}

func TestRulesCheckInvalid(t *testing.T) {
	code, out, errOut := runRulesCmd(t, "", "check", "--config", "../../rules/testdata/invalid.yaml")
	assert.Equal(t, 1, code)
	assert.Empty(t, out, "nothing is printed as effective for an invalid configuration")
	assert.Contains(t, errOut, `piiproxy rules check: ../../rules/testdata/invalid.yaml:16: custom rule "broken": invalid pattern`)
	assert.Contains(t, errOut, `invalid.yaml:5: kinds.email.method: unknown method "scramble"`)
	assert.Equal(t, 9, strings.Count(errOut, "\n"), "one line per problem:\n%s", errOut)
}

func TestRulesCheckUsage(t *testing.T) {
	code, _, errOut := runRulesCmd(t, "", "check", "--bogus")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "flag provided but not defined")

	code, _, _ = runRulesCmd(t, "", "check", "extra")
	assert.Equal(t, 2, code)

	code, _, errOut = runRulesCmd(t, "", "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown subcommand "frobnicate"`)

	code, _, errOut = runRulesCmd(t, "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "terminal")

	code, _, _ = runRulesCmd(t, "", "check", "--config", "no-such-file.yaml")
	assert.Equal(t, 1, code)
}

func TestRulesTestText(t *testing.T) {
	cfg := writeFile(t, "cfg.yaml", testRulesConfig)
	input := "ticket from Zoë: EMP-123456 closed\nnothing to see\n"
	code, out, errOut := runRulesCmd(t, input, "test", "--config", cfg, "--key-file", testKeyFile(t))
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)

	// Where (1-based column, in characters), kind, rule, the original in
	// context and its stand-in.
	col := len([]rune(input[:strings.Index(input, "EMP-")])) + 1
	assert.Regexp(t, `stdin:1 +custom +employee-id +col `+strconv.Itoa(col)+` +… from Zoë: EMP-123456 closed +→ +\S+`, out)
	assert.NotContains(t, out, "stdin:2")
	assert.NotContains(t, out, "\x1b[", "no colour when stdout is not a terminal")
	assert.Contains(t, out, "2 lines, 1 with findings")
	assert.Regexp(t, `employee-id +custom +1`, out)
	// "from Zoë" is a person's name after a cue word.
	assert.Regexp(t, `stdin:1 +name +name +col 13 `, out)
	assert.Regexp(t, `total +2`, out)

	// The stand-in is the engine's, for the same key.
	line := out[:strings.IndexByte(out, '\n')]
	standIn := strings.TrimSpace(line[strings.LastIndex(line, "→")+len("→"):])
	assert.NotEqual(t, "EMP-123456", standIn)
	code, again, _ := runRulesCmd(t, input, "test", "--config", cfg, "--key-file", testKeyFile(t))
	require.Equal(t, 0, code)
	assert.Equal(t, out, again, "same key, same stand-ins")
}

func TestRulesTestColor(t *testing.T) {
	cfg := writeFile(t, "cfg.yaml", testRulesConfig)
	code, out, _ := runRulesCmd(t, "id EMP-123456\n", "test", "--config", cfg, "--key-file", testKeyFile(t), "--color=always")
	require.Equal(t, 0, code)
	assert.Contains(t, out, ansiOriginal+"EMP-123456"+ansiReset)
	assert.Contains(t, out, ansiDim+"id "+ansiReset)

	code, out, _ = runRulesCmd(t, "id EMP-123456\n", "test", "--config", cfg, "--key-file", testKeyFile(t), "--color=never")
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "\x1b[")

	code, _, errOut := runRulesCmd(t, "", "test", "--color=sometimes")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--color must be auto, always or never")
}

func TestUseColor(t *testing.T) {
	none := func(string) string { return "" }
	on, err := useColor("auto", &bytes.Buffer{}, none)
	require.NoError(t, err)
	assert.False(t, on, "a buffer is not a terminal")

	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	on, err = useColor("auto", f, none)
	require.NoError(t, err)
	assert.False(t, on, "a regular file is not a terminal")

	on, err = useColor("always", f, func(string) string { return "1" })
	require.NoError(t, err)
	assert.True(t, on, "always wins over NO_COLOR")
}

func TestRulesTestJSON(t *testing.T) {
	cfg := writeFile(t, "cfg.yaml", testRulesConfig)
	input := `{"user":{"email":"jane.doe@example.com"},"tags":[{"ref":"ann@example.com"},{"ref":"cc ann@example.com, bob@example.org"}]}` + "\n"
	code, out, errOut := runRulesCmd(t, input, "test", "--config", cfg, "--key-file", testKeyFile(t))
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `stdin:1 +email +\S+ +user\.email +jane\.doe@example\.com +→`, out)
	// Values at the same path in an array are told apart, and a value with
	// two findings shows each with its offset in the value.
	assert.Regexp(t, `stdin:1 +email +\S+ +tags\.ref +ann@example\.com +→`, out)
	assert.Regexp(t, `stdin:1 +email +\S+ +tags\.ref @3 +cc ann@example\.com, bob@exampl… +→`, out)
	assert.Regexp(t, `stdin:1 +email +\S+ +tags\.ref @20 +…xample\.com, bob@example\.org +→`, out)
	assert.Contains(t, out, "1 line, 1 with findings")
	assert.Regexp(t, `email +4`, out)
}

func TestRulesTestFilesAndLimits(t *testing.T) {
	cfg := writeFile(t, "cfg.yaml", testRulesConfig)
	a := writeFile(t, "a.log", "EMP-000001\n")
	long := writeFile(t, "long.log", strings.Repeat("x", 1100)+" EMP-000002\nEMP-000003\n"+strings.Repeat("a", 150)+"!\n")
	code, out, errOut := runRulesCmd(t, "", "test", "--config", cfg, "--key-file", testKeyFile(t), a, long, "missing.log")
	assert.Equal(t, 1, code, "a missing file is an error")
	assert.Contains(t, errOut, "missing.log")
	assert.Contains(t, out, a+":1 ")
	assert.Contains(t, out, long+":1: longer than max_line (1KiB); not tested")
	assert.NotContains(t, out, "EMP-000002")
	assert.Contains(t, out, long+":2 ")
	assert.Contains(t, out, "4 lines, 2 with findings, 1 too long")
	// The catastrophic rule times out on line 3; the line is still
	// scrubbed by the other rules, and the timeout is counted.
	assert.Contains(t, out, "1 custom-rule timeout")
}

func TestRulesTestFlushesPerLine(t *testing.T) {
	// Lines typed at a terminal get their findings at once, not at EOF.
	cfg := writeFile(t, "cfg.yaml", testRulesConfig)
	key := testKeyFile(t)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"rules", "test", "--config", cfg, "--key-file", key}, inR, outW, io.Discard)
		outW.Close()
	}()
	_, err := io.WriteString(inW, "id EMP-123456\n")
	require.NoError(t, err)
	out := bufio.NewReader(outR)
	line, err := out.ReadString('\n')
	require.NoError(t, err)
	assert.Contains(t, line, "EMP-123456")
	require.NoError(t, inW.Close())
	rest, err := io.ReadAll(out)
	require.NoError(t, err)
	assert.Contains(t, string(rest), "1 line, 1 with findings")
	assert.Equal(t, 0, <-done)
}

func TestRulesTestEscapesControlCharacters(t *testing.T) {
	cfg := writeFile(t, "cfg.yaml", testRulesConfig)
	code, out, _ := runRulesCmd(t, "\x1b[2J EMP-123456\x07\n", "test", "--config", cfg, "--key-file", testKeyFile(t))
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "\x1b[2J", "input cannot drive the terminal")
	assert.Contains(t, out, `\x1b[2J EMP-123456\a`)
}

func TestRulesTestInvalidConfig(t *testing.T) {
	cfg := writeFile(t, "cfg.yaml", "custom:\n  - name: x\n    pattern: '('\n")
	code, out, errOut := runRulesCmd(t, "EMP-1\n", "test", "--config", cfg, "--key-file", testKeyFile(t))
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `cfg.yaml:3: custom rule "x": invalid pattern`)
}
