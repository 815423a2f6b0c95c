package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeFlagsRefused checks that kith serve refuses a wrong flag before it builds or
// listens, naming the flag and an example of a right value. (The site does not exist, so a
// flag wrongly accepted fails the test at once rather than serving.)
func TestServeFlagsRefused(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--base-url", "ftp:/x"}, `--base-url "ftp:/x" must be an absolute http(s) URL such as "https://your.school/toolkit/", or a path that starts with "/" such as "/toolkit/"`},
		{[]string{"--base-url", "toolkit"}, `--base-url "toolkit" must be an absolute http(s) URL`},
		{[]string{"--base-url", `/"><img src=x onerror=alert(1)>`}, `which a URL must escape: write "/%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E"`},
		{[]string{"--port", "70000"}, "--port 70000 is not a port: use a number from 1 to 65535, such as --port 8080"},
		{[]string{"--port", "-1"}, "--port -1 is not a port"},
		{[]string{"--bind", "school.example"}, `--bind "school.example" is not an IP address: use 127.0.0.1`},
		{[]string{"--bind", ""}, `--bind "" is not an IP address`},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"serve", "--source", filepath.Join(t.TempDir(), "none")}, c.args...), &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("kith serve %s: exit %d, want %d, saying %q; said:\n%s", strings.Join(c.args, " "), code, exitUsage, c.want, stderr.String())
		}
		if strings.Contains(stderr.String(), "Built") || strings.Contains(stderr.String(), "Serving") {
			t.Errorf("kith serve %s: built or served before refusing the flag:\n%s", strings.Join(c.args, " "), stderr.String())
		}
	}
}
