package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestColor: unicode output is coloured only on a terminal, and never
// when NO_COLOR is set or for another format.
func TestColor(t *testing.T) {
	args := func(format string) []string {
		return []string{"grad", "--format", format, "--wrt", "x", "x' A x where x: n x 1, A: n x n"}
	}
	for _, tt := range []struct {
		format  string
		tty     bool
		noColor string
		want    bool
	}{
		{"unicode", true, "", true},
		{"unicode", false, "", false},
		{"unicode", true, "1", false},
		{"text", true, "", false},
		{"latex", true, "", false},
	} {
		t.Setenv("NO_COLOR", tt.noColor)
		var out, errb bytes.Buffer
		if st := run(args(tt.format), &out, &errb, tt.tty); st != exitOK {
			t.Fatalf("exit %d: %s", st, errb.String())
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tt.want {
			t.Errorf("--format %s, terminal %v, NO_COLOR=%q: colour %v, want %v\n%s", tt.format, tt.tty, tt.noColor, got, tt.want, out.String())
		}
	}
}

// TestStandaloneFlags: --standalone prints a whole document; the LaTeX
// flags reach it.
func TestStandaloneFlags(t *testing.T) {
	var out, errb bytes.Buffer
	st := run([]string{"grad", "--standalone", "--transpose=mathsf", "--bold-vectors", "--wrt", "x", "x' A x where x: n x 1, A: n x n"}, &out, &errb, false)
	if st != exitOK {
		t.Fatalf("exit %d: %s", st, errb.String())
	}
	s := out.String()
	for _, want := range []string{`\documentclass{article}`, `\usepackage{amsmath,amssymb}`, `\begin{align*}`, `\mathbf{x}^{\mathsf{T}}`, `\end{document}`} {
		if !strings.Contains(s, want) {
			t.Errorf("--standalone output lacks %s:\n%s", want, s)
		}
	}
	out.Reset()
	if st := run([]string{"grad", "--format", "latex", "--no-names", "--wrt", "X", "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"}, &out, &errb, false); st != exitOK {
		t.Fatalf("exit %d: %s", st, errb.String())
	}
	if strings.Contains(out.String(), "H &=") {
		t.Errorf("--no-names still names:\n%s", out.String())
	}
}
