module github.com/piiproxy/piiproxy

go 1.26
