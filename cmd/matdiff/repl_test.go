package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// withStdin runs f with the session's input set to in (not a terminal).
func withStdin(t *testing.T, in string, f func()) {
	t.Helper()
	oldIn, oldTTY := stdin, stdinTTY
	defer func() { stdin, stdinTTY = oldIn, oldTTY }()
	stdin, stdinTTY = strings.NewReader(in), func() bool { return false }
	f()
}

// TestPipe: with no arguments and stdin not a terminal, matdiff reads one
// command a line, in either form, and prints the answers in order; the
// exit status is the worst of the lines'.
func TestPipe(t *testing.T) {
	in := strings.Join([]string{
		"where A: n x n, x: n x 1",
		"grad x' A x wrt x",
		`grad -q --wrt x "x' x where x: n x 1"`,
		`check -q --wrt x "x' A x where x: n x 1, A: n x n" --against "2 A x"`,
		"hessian x' A x wrt x",
		`grad -q --wrt y "x' x where x: n x 1"`,
	}, "\n")
	for _, args := range [][]string{nil, {"repl"}} {
		var code int
		var out, errs string
		withStdin(t, in, func() { code, out, errs = matdiff(t, args...) })
		if code != exitInput {
			t.Errorf("%q: exit %d, want %d (the worst of 0, 1 and 2)", args, code, exitInput)
		}
		g := strings.Index(out, "df/dx = (A + A') x")
		q := strings.Index(out, "\n2 x\n")
		c := strings.Index(out, "FAIL")
		h := strings.Index(out, "d2f/dx2 = A + A'")
		if !(0 <= g && g < q && q < c && c < h) {
			t.Errorf("%q: answers missing or out of order (%d %d %d %d):\n%s", args, g, q, c, h, out)
		}
		if !strings.HasPrefix(errs, "line 6: matdiff: y does not occur in the expression") {
			t.Errorf("%q: stderr %q", args, errs)
		}
	}
	verify(t, "x' x where x: n x 1", "x", "2 x")
	verify(t, "x' A x where x: n x 1, A: n x n", "x", "(A + A') x")
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// build builds matdiff once for the tests that run it as a process.
func build(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "matdiff-test")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "matdiff")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// screen collects what the terminal shows.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)

// waitFor waits until the screen shows want n times. The deadline only
// keeps a broken session from hanging the test.
func (s *screen) waitFor(t *testing.T, want string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Count(ansi.ReplaceAllString(s.String(), ""), want) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the screen never showed %q %d times:\n%s", want, n, ansi.ReplaceAllString(s.String(), ""))
}

// TestTerminal drives the interactive session through a pseudo-terminal:
// keystrokes in, screen out.
func TestTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds matdiff")
	}
	bin := build(t)
	state := t.TempDir()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer tty.Close()
	var scr screen
	done := make(chan struct{})
	go func() { io.Copy(&scr, tty); close(done) }()
	typeIn := func(keys string) { tty.Write([]byte(keys)) }

	scr.waitFor(t, "matdiff> ", 1)
	typeIn("where A: n x n, x: n x 1\r")
	scr.waitFor(t, "matdiff> ", 2)
	typeIn("grad x' A x wrt x\r")
	scr.waitFor(t, "df/dx = (A + A') x", 1)
	scr.waitFor(t, "matdiff> ", 3)

	// History: the up arrow recalls the last line.
	typeIn("\x1b[A\r")
	scr.waitFor(t, "df/dx = (A + A') x", 2)
	scr.waitFor(t, "matdiff> ", 4)

	// Completion: "gr" and tab give "grad".
	typeIn("gr\t x' x wrt x\r")
	scr.waitFor(t, "df/dx = 2 x", 1)
	scr.waitFor(t, "matdiff> ", 5)

	// An error: the caret goes under the line typed, and the session goes on.
	typeIn("grad x' + wrt x\r")
	scr.waitFor(t, "  | grad x' + wrt x", 1)
	scr.waitFor(t, "matdiff> ", 6)

	// Multi-line input, and a declared name completed: "Mx" and tab give
	// "Mxy".
	typeIn("where Mxy: n x n\r")
	scr.waitFor(t, "matdiff> ", 7)
	typeIn("hessian x' Mx\t x \\\r")
	scr.waitFor(t, "     ... ", 1)
	typeIn("wrt x\r")
	scr.waitFor(t, "d2f/dx2 = Mxy + Mxy'", 1)
	scr.waitFor(t, "matdiff> ", 8)

	// Ctrl-R searches the history.
	typeIn("\x12x' A\r")
	scr.waitFor(t, "df/dx = (A + A') x", 3)
	scr.waitFor(t, "matdiff> ", 9)

	typeIn(":quit\r")
	<-done
	cmd.Wait()

	hist, err := os.ReadFile(filepath.Join(state, "matdiff", "history"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"where A: n x n, x: n x 1", "grad x' A x wrt x", "grad x' x wrt x"} {
		if !strings.Contains(string(hist), want+"\n") {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	verify(t, "x' A x where x: n x 1, A: n x n", "x", "(A + A') x")
	verify(t, "x' x where x: n x 1", "x", "2 x")
}

// TestPipeFlagsDoNotStay: the lines of a session share one command line;
// the flags of a line are gone on the next.
func TestPipeFlagsDoNotStay(t *testing.T) {
	in := strings.Join([]string{
		`grad -q --format latex --wrt x "x' A x where x: n x 1, A: n x n"`,
		`grad -q --wrt x "x' A x where x: n x 1, A: n x n"`,
		`grad --no-verify -q --wrt x "x' x where x: n x 1"`,
		`grad --wrt x "x' x where x: n x 1"`,
		`grad -q --wrt x --wrt A "x' A x where x: n x 1, A: n x n"`,
		`grad -q --wrt A "x' A x where x: n x 1, A: n x n"`,
	}, "\n")
	var code int
	var out, errs string
	withStdin(t, in, func() { code, out, errs = matdiff(t) })
	want := "(A + A^\\top) x\n(A + A') x\n2 x\n"
	if code != 0 || !strings.HasPrefix(out, want) || errs != "" {
		t.Fatalf("exit %d, stderr %q, output:\n%s", code, errs, out)
	}
	rest := strings.TrimPrefix(out, want)
	if !strings.Contains(rest, "df/dx = 2 x\nshape: n x 1\nchecked numerically\n") {
		t.Errorf("--no-verify stayed:\n%s", rest)
	}
	if !strings.HasSuffix(rest, "(A + A') x\nx x'\nx x'\n") {
		t.Errorf("--wrt of line 5 stayed:\n%s", rest)
	}
	verify(t, "x' A x where x: n x 1, A: n x n", "A", "x x'")
}
