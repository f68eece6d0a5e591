package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpExamplesRun runs every example in the commands' --help on the
// bundled example model (the current directory of the test is an empty
// folder, $DEMARC_MODEL the example): an example a reader copies must work.
// serve and publish are left out: they start a server or call Confluence.
func TestHelpExamplesRun(t *testing.T) {
	example, err := filepath.Abs("../../examples/enterprise")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DEMARC_MODEL", example)
	t.Chdir(t.TempDir())
	var cmds []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		cmds = append(cmds, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(&streams{}))
	ran := 0
	for _, c := range cmds {
		name := strings.TrimPrefix(c.CommandPath(), "demarc ")
		if name == "serve" || strings.HasPrefix(name, "publish") {
			continue
		}
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			if i := strings.Index(line, " #"); i >= 0 {
				line = strings.TrimSpace(line[:i])
			}
			if i := strings.Index(line, " >"); i >= 0 {
				line = strings.TrimSpace(line[:i])
			}
			if !strings.HasPrefix(line, "demarc ") {
				continue
			}
			args := shellWords(strings.ReplaceAll(strings.TrimPrefix(line, "demarc "), "examples/enterprise", example))
			var stdout, stderr bytes.Buffer
			if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Errorf("the example %q of `demarc %s --help` exits %d:\n%s", line, name, code, stderr.String())
			}
			ran++
		}
	}
	if ran < 10 {
		t.Fatalf("ran %d examples", ran)
	}
}

// shellWords splits a command line at spaces outside double quotes.
func shellWords(line string) []string {
	var out []string
	var cur strings.Builder
	quoted, started := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, started = !quoted, true
		case r == ' ' && !quoted:
			if started {
				out = append(out, cur.String())
				cur.Reset()
				started = false
			}
		default:
			cur.WriteRune(r)
			started = true
		}
	}
	if started {
		out = append(out, cur.String())
	}
	return out
}

// TestCommandNamesAreUnique: every command appears once under its parent.
func TestCommandNamesAreUnique(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		seen := map[string]bool{}
		for _, sub := range c.Commands() {
			if seen[sub.Name()] {
				t.Errorf("%s lists %q twice", c.CommandPath(), sub.Name())
			}
			seen[sub.Name()] = true
			walk(sub)
		}
	}
	walk(newRootCmd(&streams{}))
}
