package main

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestPipeWorkers: a pipe of varied derivations (the inputs of the golden
// files, full derivations and -q, a bad line and a line beyond reach
// among them) runs on several workers and answers exactly as the same
// command lines run one by one, each in a process of its own, in order: stdout, stderr with the line
// numbers, and the worst exit status.
func TestPipeWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	cases, err := benchCases()
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	var want, wantErr strings.Builder
	worst := exitOK
	rank := map[int]int{exitOK: 0, exitFail: 1, exitInput: 2, exitBeyond: 3, exitInternal: 4}
	n := 40
	if testing.Short() {
		n = 12
	}
	for i := 0; i < n; i++ {
		args := append([]string(nil), cases[(i*7)%len(cases)]...)
		switch {
		case i%3 == 1:
			args = args[:len(args):len(args)]
			args = append(args[:1], args[2:]...) // the whole derivation
		case i == 5:
			args[len(args)-1] += " +" // bad input
		case i == 8:
			args = append([]string{args[0], "--max-steps", "2"}, args[1:]...) // beyond reach
		case i%4 == 3:
			// No --wrt: the workers' runners served lines with one
			// before, and must not take it as given on this line.
			var kept []string
			for j := 0; j < len(args); j++ {
				if args[j] == "--wrt" {
					j++
					continue
				}
				kept = append(kept, args[j])
			}
			args = kept
		}
		for _, a := range args[:len(args)-1] {
			in.WriteString(a + " ")
		}
		fmt.Fprintf(&in, "%q\n", args[len(args)-1])
		code, out, errs := matdiff(t, args...)
		want.WriteString(out)
		for _, l := range strings.SplitAfter(strings.TrimSuffix(errs, "\n"), "\n") {
			if l != "" {
				fmt.Fprintf(&wantErr, "line %d: %s", i+1, l)
			}
		}
		if errs != "" {
			wantErr.WriteString("\n")
		}
		if rank[code] > rank[worst] {
			worst = code
		}
	}
	var code int
	var out, errs string
	withStdin(t, in.String(), func() { code, out, errs = matdiff(t) })
	if code != worst || out != want.String() || errs != wantErr.String() {
		t.Errorf("exit %d (want %d)\nstdout:\n%s\nwant:\n%s\nstderr:\n%s\nwant:\n%s", code, worst, out, want.String(), errs, wantErr.String())
	}
	if worst != exitBeyond {
		t.Errorf("the lines meant to fail did not: %d", worst)
	}
}
