package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/matdiff/matdiff/internal/repl"
)

// replCmd is the interactive session, and the batch mode when stdin is
// not a terminal.
type replCmd struct {
	History string `placeholder:"FILE"`
}

// Help is the long help of repl.
func (r *replCmd) Help() string {
	return "On a terminal: a line editor with history (Ctrl-R), tab completion and multi-line input\n" +
		"(a line ending in \\). Piped: one command a line, the answers in order, errors on stderr\n" +
		"prefixed with the line number; the exit status is the worst of the lines'.\n" +
		"matdiff with no arguments runs it too.\n\n" + repl.Help
}

// stdin is the session's input; stdinTTY says whether it is a terminal.
var (
	stdin    io.Reader = os.Stdin
	stdinTTY           = func() bool { return isTerminal(os.Stdin) }
)

// exitStatus is an error that carries the exit status of a session.
type exitStatus int

func (e exitStatus) Error() string { return "exit status" }

func (r *replCmd) run(e *env, out io.Writer) error {
	// A command line (a runner) serves one line at a time; piped lines
	// run on as many workers as Go has processors, each with a runner
	// of its own, kept for the lines after. A line that starts with a
	// command gets a runner whose model has that command alone, as a
	// process does (see oneCommand): kong's parse visits every command
	// of its model, four times a line. The runners are kept by command,
	// at most one set for each command and one for the rest.
	var (
		mu   sync.Mutex
		free = map[string][]*runner{}
	)
	o := repl.Options{
		Interactive: stdinTTY(),
		CLI: func(args []string, stdout, stderr io.Writer) int {
			if cmd, ok := quickLine(args); ok {
				return runQuick(cmd, stdout, stderr, false)
			}
			key := ""
			if len(args) > 0 && runsAlone(args[0]) {
				key = args[0]
			}
			mu.Lock()
			var r *runner
			if k := len(free[key]); k > 0 {
				r, free[key] = free[key][k-1], free[key][:k-1]
			}
			mu.Unlock()
			if r == nil {
				r = newRunnerFor(key)
			}
			defer func() {
				mu.Lock()
				free[key] = append(free[key], r)
				mu.Unlock()
			}()
			return runWith(r, args, stdout, stderr, false)
		},
	}
	if !o.Interactive {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Interactive {
		o.HistoryFile = r.History
		if o.HistoryFile == "" {
			o.HistoryFile = historyFile()
		}
	}
	// A session allocates much and keeps little from line to line: the
	// collector runs less often (the heap grows to 9 times what is live;
	// the process holds 60 to 75 MB on the golden inputs, against 45 MB at
	// GOGC 400 for some 10 % more CPU), unless GOGC or GOMEMLIMIT say
	// otherwise; a soft limit of 512 MiB keeps a line with a large live
	// heap from growing 9 times.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(800))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(512 << 20))
	}
	if status := repl.Run(stdin, e.stdout, e.stderr, o); status != 0 {
		return exitStatus(status)
	}
	return nil
}

// historyFile returns where the history goes, creating its directory; ""
// when there is no such place.
func historyFile() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			return ""
		}
	}
	dir = filepath.Join(dir, "matdiff")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	return filepath.Join(dir, "history")
}
