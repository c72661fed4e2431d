package main

import (
	"os/exec"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	code, out, _ := matdiff(t, "--version")
	if code != 0 || strings.TrimSpace(out) != version() || !strings.HasPrefix(out, "matdiff ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}

// Every help text ends with the pointer to docs/language.md.
func TestHelpFooter(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"grad", "--help"}, {"jacobian", "--help"}, {"hessian", "--help"},
		{"check", "--help"}, {"eval", "--help"}, {"repl", "--help"}, {"man", "--help"}, {"completion", "--help"}} {
		code, out, _ := matdiff(t, args...)
		if code != 0 || !strings.HasSuffix(out, "\n"+moreHelp+"\n") {
			t.Errorf("%q: exit %d, output ends %q", args, code, out[max(0, len(out)-200):])
		}
	}
}

func TestMan(t *testing.T) {
	code, out, _ := matdiff(t, "man")
	if code != 0 || !strings.HasPrefix(out, ".TH MATDIFF 1") {
		t.Fatalf("man: exit %d\n%s", code, out)
	}
	for _, want := range []string{".SS \"matdiff grad\"", ".SS \"matdiff check\"", ".SS \"matdiff repl\"", `\-\-wrt X`, `\-\-against GRADIENT`, `\-q, \-\-quiet`, ".SH EXIT STATUS", "docs/language.md"} {
		if !strings.Contains(out, want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("no groff to render the man page")
	}
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(out)
	if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
		t.Errorf("groff warns: %v\n%s", err, msg)
	}
}

func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, errs := matdiff(t, "completion", sh)
		if code != 0 {
			t.Fatalf("completion %s: exit %d %s", sh, code, errs)
		}
		for _, want := range []string{"grad", "jacobian", "hessian", "check", "eval", "repl", "wrt", "unicode"} {
			if !strings.Contains(out, want) {
				t.Errorf("the %s script lacks %q", sh, want)
			}
		}
		if path, err := exec.LookPath(sh); err == nil {
			if msg, err := exec.Command(path, "-n", "-c", out).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", sh, err, msg)
			}
		}
	}
	if code, _, _ := matdiff(t, "completion", "tcsh"); code != exitInput {
		t.Errorf("completion tcsh: exit %d", code)
	}
}

// The bash script completes commands, flags and flag values.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	_, script, _ := matdiff(t, "completion", "bash")
	for words, want := range map[string]string{
		"matdiff gr":                   "grad",
		"matdiff grad --for":           "--format",
		"matdiff grad --format ''":     "text unicode latex json",
		"matdiff check --ag":           "--against",
		"matdiff completion ''":        "--help -h --version bash zsh fish",
		"matdiff jacobian --format la": "latex",
	} {
		prog := script + "\nCOMP_WORDS=(" + words + ")\nCOMP_CWORD=$((${#COMP_WORDS[@]}-1))\n_matdiff\necho \"${COMPREPLY[*]}\"\n"
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("complete %q = %q (%v), want %q", words, out, err, want)
		}
	}
}
