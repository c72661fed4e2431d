package repl

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/google/shlex"

	"github.com/matdiff/matdiff"
)

// A batch runs the lines of command-line arguments of a piped session
// (grad, jacobian, hessian, check) on several workers at once, and writes
// their answers in the order of the lines.
type batch struct {
	s       *session
	workers int
	pending []chan answer // the lines started, in order, whose answers are not written yet
	free    chan struct{} // a token for each worker free
}

// An answer is what a line wrote and its exit status.
type answer struct {
	n           int
	line        string
	status      int
	out, errout []byte
	panicked    any // what the line panicked with, if it did
}

func newBatch(s *session, workers int) *batch {
	b := &batch{s: s, workers: workers}
	if workers > 1 {
		b.free = make(chan struct{}, workers)
		for i := 0; i < workers; i++ {
			b.free <- struct{}{}
		}
	}
	return b
}

// start starts line n on a worker if it is one that can run beside the
// others (command-line arguments of grad, jacobian, hessian or check that
// split), and reports whether it did.
func (b *batch) start(line string, n int, worst *int) bool {
	if b.workers <= 1 || b.s.o.CLI == nil {
		return false
	}
	text := strings.TrimSpace(line)
	fields := strings.Fields(text)
	if len(fields) == 0 || !isCLI(fields) {
		return false
	}
	switch fields[0] {
	case "grad", "jacobian", "hessian", "check":
	default:
		return false // eval may read a file that an earlier line wrote
	}
	args, err := shlex.Split(text)
	if err != nil {
		return false // the session says what is wrong, in turn
	}
	// At most twice as many answers waiting as there are workers: the
	// answers held stay few.
	for len(b.pending) >= 2*b.workers {
		b.next(worst)
	}
	ch := make(chan answer, 1)
	b.pending = append(b.pending, ch)
	<-b.free
	go func() {
		defer func() { b.free <- struct{}{} }()
		var out, errout bytes.Buffer
		defer func() {
			// A failure of the line is reported in its turn, as the
			// session reports one.
			if r := recover(); r != nil {
				ch <- answer{n: n, line: line, panicked: r}
			}
		}()
		status := b.s.o.CLI(args, &out, &errout)
		ch <- answer{n: n, status: status, out: out.Bytes(), errout: errout.Bytes()}
	}()
	return true
}

// next writes the answer of the oldest line started, once it has one.
func (b *batch) next(worst *int) {
	a := <-b.pending[0]
	b.pending = b.pending[1:]
	if a.panicked != nil {
		*worst = worse(*worst, b.s.fail(a.n, a.line, &matdiff.InternalError{Msg: fmt.Sprint(a.panicked)}))
		return
	}
	b.s.w.Write(a.out)
	b.s.stderr(a.n, string(a.errout))
	*worst = worse(*worst, a.status)
}

// flush writes the answers of every line started.
func (b *batch) flush(worst *int) {
	for len(b.pending) > 0 {
		b.next(worst)
	}
}
