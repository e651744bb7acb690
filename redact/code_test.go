package redact

import "testing"

// Source code and messages shaped like key=value pairs keep their text;
// values of the same keys that are not code are still replaced.
func TestCodeValues(t *testing.T) {
	runScrubCases(t, newTestScrubber(t, nil), []scrubCase{
		// Code in frame context lines: kept.
		{name: "django post", in: "    password = request.POST['password']"},
		{name: "environ", in: `    token = os.environ["TOKEN"]`},
		{name: "getenv", in: "    secret = os.getenv('APP_SECRET', '')"},
		{name: "getpass", in: "    pw = getpass()"},
		{name: "getpass prompt", in: `    password = getpass("Password: ")`},
		{name: "cleaned data", in: "    password = form.cleaned_data['password']"},
		{name: "php", in: "$password = $_POST['password'];"},
		{name: "ruby", in: "    password = params[:password]"},
		{name: "identifier naming the key", in: "email=user_email"},
		{name: "attribute", in: "    password = self.password"},
		{name: "settings", in: "    db_password = settings.DB_PASSWORD"},
		{name: "own name", in: "password=password email=email"},
		{name: "frames", in: `{"exception":{"values":[{"stacktrace":{"frames":[{"context_line":"    password = request.POST['password']","pre_context":["    token = os.environ['TOKEN']","    secret = os.getenv('X')","    pw = getpass()","    email = user_email"]}]}}]}}`},
		{name: "rollbar code", in: `{"frames":[{"filename":"app.py","code":"password = request.POST['password']"}]}`},
		// A source line first in a list names no header for the next.
		{name: "line list", in: `{"pre_context":["    token = os.environ['TOKEN']","    return compute(x)"]}`},
		{name: "header pair", in: `{"headers":[["X-Api-Key","abcdef123456"],["Accept","*/*"]]}`, want: `{"headers":[["X-Api-Key","[redacted]"],["Accept","*/*"]]}`},
		// Messages and documents.
		{name: "mysql yes", in: "Access denied for user 'app'@'localhost' (using password: YES)", keep: []string{"'@'localhost' (using password: YES)"}},
		{name: "mysql no", in: "Access denied for user 'app'@'localhost' (using password: NO)", keep: []string{"'@'localhost' (using password: NO)"}},
		{name: "graphql", in: "mutation($pw: String!, $token: [String!]!) { login(pw: $pw, token: $token) { ok } }"},
		{name: "graphql json", in: `{"query":"mutation Login($password: String!) { login(password: $password) { token } }"}`},
		// Values: replaced.
		{name: "plain", in: "password = hunter2", want: "password = [redacted]"},
		{name: "plain no spaces", in: "password=hunter2 other=x", want: "password=[redacted] other=x"},
		{name: "email not code", in: "email=jdoe", gone: []string{"jdoe"}, keep: []string{"email="}},
		{name: "quoted call", in: `password = "getpass()"`, want: `password = "[redacted]"`},
		{name: "brackets", in: "password=Summer[2024]", want: "password=[redacted]]"},
		{name: "parens", in: "password=hunter2(x) ok", want: "password=[redacted]) ok"},
		{name: "unclosed quote", in: `password: "hunter2`, want: `password: "[redacted]`},
		{name: "word with digits", in: "password=Password_123", want: "password=[redacted]"},
		{name: "dollar", in: "password: $ecret99", want: "password: [redacted]"},
		{name: "yes lower", in: "password: yes123", want: "password: [redacted]"},
		{name: "graphql literal", in: `login(password: "hunter2")`, want: `login(password: "[redacted]")`},
		{name: "json value", in: `{"password":"request.POST['password']"}`, want: `{"password":"[redacted]"}`},
	})
}
