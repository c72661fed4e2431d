package repl_test

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/matdiff/matdiff/internal/repl"
)

// TestWorkers: with several workers, lines of command-line arguments run
// at once, but their answers (stdout, stderr with the line number) come
// in the order of the lines, the lines of the session (where, short
// forms, commands, eval) wait for those before them, and the exit status
// is the worst of the lines'. The answers are those of one worker.
func TestWorkers(t *testing.T) {
	var lines []string
	for i := 0; i < 60; i++ {
		switch {
		case i%10 == 3:
			lines = append(lines, "where x: n x 1")
		case i%10 == 7:
			lines = append(lines, "grad x' x wrt x")
		case i%10 == 9:
			lines = append(lines, fmt.Sprintf("eval --random \"%d\"", i))
		case i%13 == 5:
			lines = append(lines, fmt.Sprintf("check --wrt x \"%d\"", i)) // fails: exit 1
		default:
			lines = append(lines, fmt.Sprintf("grad -q --wrt x \"%d\"", i))
		}
	}
	lines = append(lines, ":quit", "grad -q --wrt x \"never\"")
	in := strings.Join(lines, "\n") + "\n"

	// The fake command line answers with the line's number, on stdout and
	// stderr; "1" and "2" each wait until the other has started: the
	// lines run at once.
	started := map[string]chan struct{}{"1": make(chan struct{}), "2": make(chan struct{})}
	other := map[string]string{"1": "2", "2": "1"}
	var mu sync.Mutex
	running, most := 0, 0
	cli := func(wait bool) func(args []string, stdout, stderr io.Writer) int {
		return func(args []string, stdout, stderr io.Writer) int {
			mu.Lock()
			running++
			most = max(most, running)
			mu.Unlock()
			defer func() { mu.Lock(); running--; mu.Unlock() }()
			k := args[len(args)-1]
			if k == "never" {
				t.Errorf("a line after :quit ran")
			}
			if o, ok := other[k]; ok && wait {
				close(started[k])
				select {
				case <-started[o]:
				case <-time.After(time.Minute): // a guard against a hang, not a measure
					t.Errorf("line %s did not start while line %s ran", o, k)
				}
			}
			fmt.Fprintf(stdout, "out %s\n", k)
			fmt.Fprintf(stderr, "err %s\n", k)
			if args[0] == "check" {
				return repl.ExitFail
			}
			return repl.ExitOK
		}
	}
	run := func(workers int, wait bool) (string, string, int) {
		var out, errs strings.Builder
		status := repl.Run(strings.NewReader(in), &out, &errs, repl.Options{CLI: cli(wait), Workers: workers})
		return out.String(), errs.String(), status
	}
	out1, errs1, status1 := run(1, false)
	out, errs, status := run(4, true)
	if out != out1 || errs != errs1 || status != status1 {
		t.Errorf("4 workers: status %d, stdout\n%s\nstderr\n%s\none worker: status %d, stdout\n%s\nstderr\n%s", status, out, errs, status1, out1, errs1)
	}
	if most < 2 {
		t.Errorf("at most %d line at once", most)
	}
	if status != repl.ExitFail || !strings.HasPrefix(out, "out 0\nout 1\nout 2\n") || !strings.HasPrefix(errs, "line 1: err 0\nline 2: err 1\nline 3: err 2\nline 5: err 4\n") ||
		!strings.Contains(out, "df/dx = 2 x") || !strings.Contains(out, "out 58\nout 59\n") || strings.Contains(out, "never") {
		t.Errorf("status %d, stdout\n%s\nstderr\n%s", status, out, errs)
	}
}

// TestWorkersPanic: a line whose command line panics on a worker is an
// internal failure of that line, reported in its turn, as one at a time.
func TestWorkersPanic(t *testing.T) {
	in := "grad -q --wrt x \"1\"\ngrad -q --wrt x \"boom\"\ngrad -q --wrt x \"3\"\n"
	cli := func(args []string, stdout, stderr io.Writer) int {
		if args[len(args)-1] == "boom" {
			panic("boom")
		}
		fmt.Fprintf(stdout, "out %s\n", args[len(args)-1])
		return repl.ExitOK
	}
	for _, workers := range []int{1, 3} {
		var out, errs strings.Builder
		status := repl.Run(strings.NewReader(in), &out, &errs, repl.Options{CLI: cli, Workers: workers})
		if status != repl.ExitInternal || out.String() != "out 1\nout 3\n" ||
			errs.String() != "line 2: matdiff: internal error: boom\nline 2: please report this, with the line that caused it\n" {
			t.Errorf("%d workers: status %d, stdout %q, stderr %q", workers, status, out.String(), errs.String())
		}
	}
}
