// Package repl is matdiff's interactive session and its batch mode: one
// command a line, declarations that persist from line to line.
//
//	> where A: n x n, x: n x 1
//	> grad x' A x wrt x
//	> hessian x' A x wrt x
//	> :check 2 A x
//
// A line is a short form (grad, jacobian, hessian, or :grad ..., an
// expression, wrt and the variables), a where clause, a command (:decls,
// :clear, :check, :latex, :format, :emit, :help, :quit), or exactly the
// arguments of the command line (grad -q --wrt x "x' A x where x: n x 1"),
// split as a shell would.
//
// Run reads from an io.Reader and writes to io.Writers, so that it can be
// tested; on a terminal (Options.Interactive) it reads through a line
// editor with history, Ctrl-R search and tab completion.
package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/chzyer/readline"
	"github.com/google/shlex"

	"github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// Exit statuses, as the command line's.
const (
	ExitOK       = 0
	ExitFail     = 1 // a check found a wrong derivative
	ExitInput    = 2 // bad input
	ExitInternal = 3 // a bug in matdiff
	ExitBeyond   = 4 // beyond matdiff's reach
)

// MaxLine bounds one line of input (a continued line included).
const MaxLine = 1 << 20

// Options say how to run a session.
type Options struct {
	// Interactive reads through a line editor (r must then be a terminal)
	// and prints errors under the line just typed; otherwise every line is
	// a command, and errors go to errw prefixed with the line number.
	Interactive bool
	// HistoryFile keeps the history across sessions ("" for none).
	HistoryFile string
	// CLI runs a line given as command-line arguments and returns its exit
	// status; nil refuses such lines.
	CLI func(args []string, stdout, stderr io.Writer) int
	// Workers, in batch mode, is how many lines of grad, jacobian,
	// hessian or check as command-line arguments may run at once (CLI
	// must then be safe for concurrent use); their answers are written in
	// the order of the lines all the same. Other lines (where, short forms,
	// commands, eval, which may read what an earlier line wrote) wait for
	// the lines before them. 0 or 1: one line at a time.
	Workers int
}

// Run runs a session on the lines of r and returns the exit status: the
// worst of the lines' (internal failure, then beyond reach, then bad
// input, then a failed check).
func Run(r io.Reader, w, errw io.Writer, o Options) int {
	s := &session{w: w, errw: errw, o: o, format: matdiff.Text}
	if o.Interactive {
		return s.interactive(r)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLine)
	worst := ExitOK
	b := newBatch(s, o.Workers)
	n, pending, start := 0, "", 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			if pending == "" {
				start = n
			}
			pending += cont + " "
			continue
		}
		at := n
		if pending != "" {
			line, at, pending = pending+line, start, ""
		}
		if b.start(line, at, &worst) {
			continue
		}
		b.flush(&worst) // a line of the session comes after those before it
		status, quit := s.run(line, at)
		worst = worse(worst, status)
		if quit {
			return worst
		}
	}
	b.flush(&worst)
	if err := sc.Err(); err != nil {
		fmt.Fprintf(errw, "line %d: matdiff: %v\n", n+1, lineErr(err))
		worst = worse(worst, ExitInput)
	}
	return worst
}

func lineErr(err error) string {
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Sprintf("the line is longer than %d bytes", MaxLine)
	}
	return err.Error()
}

// worse returns the worse of two exit statuses.
func worse(a, b int) int {
	rank := map[int]int{ExitOK: 0, ExitFail: 1, ExitInput: 2, ExitBeyond: 3, ExitInternal: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

func (s *session) interactive(r io.Reader) int {
	rc, ok := r.(io.ReadCloser)
	if !ok {
		rc = io.NopCloser(r)
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:            "matdiff> ",
		HistoryFile:       s.o.HistoryFile,
		HistorySearchFold: true,
		AutoComplete:      &completer{s: s},
		InterruptPrompt:   "^C",
		EOFPrompt:         ":quit",
		Stdin:             rc,
		Stdout:            s.w,
		Stderr:            s.errw,
	})
	if err != nil {
		fmt.Fprintf(s.errw, "matdiff: cannot start the line editor: %v\n", err)
		return ExitInternal
	}
	defer rl.Close()
	fmt.Fprintln(s.w, "matdiff: type :help for help, :quit to leave")
	pending := ""
	for {
		line, err := rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			pending = ""
			rl.SetPrompt("matdiff> ")
			continue
		}
		if err != nil {
			return ExitOK
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok && len(pending)+len(line) < MaxLine {
			pending += cont + " "
			rl.SetPrompt("     ... ")
			continue
		}
		line, pending = pending+line, ""
		rl.SetPrompt("matdiff> ")
		if _, quit := s.run(line, 0); quit {
			return ExitOK
		}
	}
}

// session is what persists from line to line.
type session struct {
	w, errw io.Writer
	o       Options
	decls   ast.Decls
	format  matdiff.Format

	last     *matdiff.Derivation // the last derivation, for :latex and :check
	lastExpr *matdiff.Expr
	lastWhat string
}

// The expressions of a session's lines, compiled on first use: a process
// that runs no session does not spend its start on them.
var (
	shortRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^:?(grad|gradient|jacobian|hessian|differential)\s+(.*)$`)
	})
	wrtRe    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s(wrt|by)\s+([^\s].*)$`) })
	flagLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^--?[A-Za-z][A-Za-z0-9-]*(=.*)?$`) })
)

// run runs one line (line number n, 0 on a terminal) and returns its exit
// status and whether the session ends.
func (s *session) run(line string, n int) (status int, quit bool) {
	defer func() {
		if r := recover(); r != nil {
			s.fail(n, line, &matdiff.InternalError{Msg: fmt.Sprint(r)})
			status = ExitInternal
		}
	}()
	text := strings.TrimSpace(line)
	switch {
	case text == "" || strings.HasPrefix(text, "#"):
		return ExitOK, false
	case text == ":quit" || text == ":q" || text == ":exit":
		return ExitOK, true
	case text == ":help" || text == "help":
		fmt.Fprint(s.w, Help)
		return ExitOK, false
	case text == ":decls":
		for _, d := range s.decls {
			sym := ""
			if d.Symmetric {
				sym = "symmetric "
			}
			fmt.Fprintf(s.w, "%s: %s%s\n", d.Name, sym, d.Shape)
		}
		return ExitOK, false
	case text == ":clear":
		s.decls, s.last, s.lastExpr = nil, nil, nil
		return ExitOK, false
	case strings.HasPrefix(text, "where ") || text == "where":
		return s.where(line, n), false
	case strings.HasPrefix(text, ":format"):
		switch f := strings.TrimSpace(strings.TrimPrefix(text, ":format")); f {
		case "text":
			s.format = matdiff.Text
		case "unicode":
			s.format = matdiff.Unicode
		case "latex":
			s.format = matdiff.LaTeX
		case "json":
			s.format = matdiff.JSON
		default:
			return s.fail(n, line, &ast.Error{Msg: fmt.Sprintf(":format %s: expected text, unicode, latex or json", f)}), false
		}
		return ExitOK, false
	case text == ":latex":
		if s.last == nil {
			return s.fail(n, line, &ast.Error{Msg: "no derivation yet", Hint: "derive something first, as in: grad x' A x wrt x"}), false
		}
		return s.print(n, line, s.last, matdiff.LaTeX), false
	case strings.HasPrefix(text, ":emit"):
		lang := strings.TrimSpace(strings.TrimPrefix(text, ":emit"))
		if lang == "" {
			lang = "numpy"
		}
		if s.last == nil {
			return s.fail(n, line, &ast.Error{Msg: "no derivation yet", Hint: "derive something first, as in: grad x' A x wrt x"}), false
		}
		src, err := s.last.Emit(lang)
		if err != nil {
			return s.fail(n, line, err), false
		}
		io.WriteString(s.w, src)
		return ExitOK, false
	case strings.HasPrefix(text, ":check"):
		return s.check(line, strings.TrimSpace(strings.TrimPrefix(text, ":check")), n), false
	}
	if fields := strings.Fields(text); s.o.CLI != nil && isCLI(fields) {
		args, err := shlex.Split(text)
		if err != nil {
			return s.fail(n, line, &ast.Error{Msg: "cannot split the line into arguments: " + err.Error()}), false
		}
		var errb strings.Builder
		status := s.o.CLI(args, s.w, &errb)
		s.stderr(n, errb.String())
		return status, false
	}
	if m := shortRe().FindStringSubmatch(text); m != nil {
		return s.derive(line, m[1], n), false
	}
	word := strings.Fields(text)[0]
	at := strings.Index(line, word)
	return s.fail(n, line, &ast.Error{Pos: ast.Pos{Offset: at, Line: 1, Col: utf8.RuneCountInString(line[:at]) + 1}, Src: line,
		Msg: fmt.Sprintf("unknown command %q", word), Hint: "try grad EXPR wrt X, where A: n x n, or :help"}), false
}

// isCLI reports whether a line is the arguments of the command line: a
// command of the command line with a flag, or check or eval.
func isCLI(fields []string) bool {
	if len(fields) == 0 {
		return false
	}
	switch fields[0] {
	case "check", "eval", "--help", "-h", "--version":
		return true
	case "grad", "jacobian", "hessian":
	default:
		return false
	}
	for _, f := range fields[1:] {
		if flagLike().MatchString(f) {
			return true
		}
	}
	return false
}

// where adds the declarations of a where line; a name declared again takes
// its new shape.
func (s *session) where(line string, n int) int {
	off := strings.Index(line, "where") + len("where")
	ds, err := parser.ParseDecls(line[off:])
	if err != nil {
		return s.fail(n, line, shift(err, line, off))
	}
	if len(ds) == 0 {
		return s.fail(n, line, &ast.Error{Msg: "where declares nothing", Hint: "where A: n x n, x: n x 1"})
	}
	for _, d := range ds {
		kept := s.decls[:0]
		for _, old := range s.decls {
			if old.Name != d.Name {
				kept = append(kept, old)
			}
		}
		s.decls = append(kept, d)
	}
	return ExitOK
}

// derive runs a short form: grad EXPR wrt x[, y].
func (s *session) derive(line, what string, n int) int {
	cmd := strings.Index(line, what) + len(what)
	rest := line[cmd:]
	m := wrtRe().FindStringSubmatchIndex(rest)
	if m == nil {
		return s.fail(n, line, &ast.Error{Msg: what + ": no variable", Hint: what + " EXPR wrt X, as in: grad x' A x wrt x"})
	}
	src := rest[:m[0]]
	vars := rest[m[4]:]
	decls := s.decls
	if i := strings.Index(vars, "where"); i >= 0 && (i == 0 || vars[i-1] == ' ' || vars[i-1] == '\t') {
		// grad EXPR wrt x where DECLS: the declarations of this line win.
		clause := cmd + m[4] + i + len("where")
		more, err := parser.ParseDecls(line[clause:])
		if err != nil {
			return s.fail(n, line, shift(err, line, clause))
		}
		decls = append(append(ast.Decls(nil), more...), s.decls...)
		vars = vars[:i]
	}
	var wrt []string
	for _, v := range strings.FieldsFunc(vars, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		wrt = append(wrt, v)
	}
	if len(wrt) == 0 {
		return s.fail(n, line, &ast.Error{Msg: what + ": no variable after wrt", Hint: what + " EXPR wrt X, as in: grad x' A x wrt x"})
	}
	off := cmd + len(src) - len(strings.TrimLeft(src, " \t"))
	src = strings.TrimSpace(src)
	e, err := matdiff.ParseWith(src, decls)
	if err != nil {
		return s.fail(n, line, shift(err, line, off))
	}
	var d *matdiff.Derivation
	switch what {
	case "hessian":
		d, err = e.Hessian(wrt...)
	default:
		for _, x := range wrt {
			switch what {
			case "jacobian":
				d, err = e.Jacobian(x)
			case "differential":
				d, err = e.Differential(x)
			default:
				d, err = e.Grad(x)
			}
			if err != nil {
				break
			}
			if len(wrt) > 1 {
				if status := s.print(n, line, d, s.format); status != ExitOK {
					return status
				}
			}
		}
		if len(wrt) > 1 && err == nil {
			s.last, s.lastExpr, s.lastWhat = d, e, what
			return ExitOK
		}
	}
	if err != nil {
		return s.fail(n, line, shift(err, line, off))
	}
	s.last, s.lastExpr, s.lastWhat = d, e, what
	return s.print(n, line, d, s.format)
}

// check checks a candidate against the last derivation's expression and
// variable.
func (s *session) check(line, cand string, n int) int {
	if s.last == nil {
		return s.fail(n, line, &ast.Error{Msg: "nothing to check against", Hint: "derive first (grad x' A x wrt x), then :check 2 A x"})
	}
	if cand == "" {
		return s.fail(n, line, &ast.Error{Msg: ":check: no candidate", Hint: ":check 2 A x"})
	}
	var r *matdiff.CheckResult
	var err error
	if s.lastWhat == "hessian" {
		r, err = s.lastExpr.CheckHessian(s.last.Wrt, cand)
	} else {
		r, err = s.lastExpr.Check(s.last.Wrt, cand)
	}
	if err != nil {
		return s.fail(n, line, shift(err, line, strings.Index(line, cand)))
	}
	if r.OK {
		fmt.Fprintf(s.w, "OK: the candidate agrees with finite differences (largest relative error %.2g, %d instances)\n", r.MaxErr(), len(r.Runs))
		return ExitOK
	}
	fmt.Fprintf(s.w, "FAIL: largest relative error %.2g\n", r.MaxErr())
	for _, d := range r.Diagnosis {
		fmt.Fprintln(s.w, d)
	}
	if r.Own != nil {
		fmt.Fprintf(s.w, "matdiff's %s: %s\n", r.What, ast.Print(r.Own, astFormat(s.format)))
	}
	return ExitFail
}

func astFormat(f matdiff.Format) ast.Format {
	switch f {
	case matdiff.Unicode:
		return ast.FormatUnicode
	case matdiff.LaTeX:
		return ast.FormatLaTeX
	}
	return ast.FormatText
}

func (s *session) print(n int, line string, d *matdiff.Derivation, f matdiff.Format) int {
	out, err := d.Render(f, false)
	if err != nil {
		return s.fail(n, line, err)
	}
	io.WriteString(s.w, out)
	return ExitOK
}

// shift makes the position of an error in part of the line (from byte off
// on) a position in the line, so that the caret goes under the line typed.
func shift(err error, line string, off int) error {
	var ae *ast.Error
	if !errors.As(err, &ae) || !ae.Pos.IsValid() || off < 0 || strings.Contains(line, "\n") {
		return err
	}
	c := *ae
	if c.Pos.Line == 1 {
		c.Pos.Col += utf8.RuneCountInString(line[:off])
		c.Pos.Offset += off
	}
	c.Src = line
	return &c
}

// fail prints err: on a terminal with the caret under the line typed, in
// batch mode prefixed with the line number. It returns the exit status.
func (s *session) fail(n int, line string, err error) int {
	var ae *ast.Error
	var msg string
	status := ExitInternal
	switch {
	case errors.As(err, &ae):
		msg = "matdiff: " + ae.Pretty()
		status = ExitInput
		if ae.Kind == ast.BeyondReach {
			status = ExitBeyond
		}
	default:
		msg = fmt.Sprintf("matdiff: %v\nplease report this, with the line that caused it\n", err)
	}
	s.stderr(n, msg)
	return status
}

// stderr writes msg to errw, each line prefixed with "line N: " in batch
// mode.
func (s *session) stderr(n int, msg string) {
	if msg == "" {
		return
	}
	if n == 0 {
		io.WriteString(s.errw, msg)
		return
	}
	var b strings.Builder
	for _, l := range strings.SplitAfter(strings.TrimSuffix(msg, "\n"), "\n") {
		fmt.Fprintf(&b, "line %d: %s", n, l)
	}
	b.WriteByte('\n')
	io.WriteString(s.errw, b.String())
}

// commands are what a line can start with, for :help and completion.
var commands = []string{":check", ":clear", ":decls", ":emit", ":format", ":grad", ":help", ":hessian", ":jacobian", ":latex", ":quit",
	"grad", "hessian", "jacobian", "differential", "where", "wrt", "check", "eval"}

// Help is the text of :help.
const Help = `Lines:
  where A: n x n, x: n x 1     declare shapes; they persist (a name declared again changes)
  grad EXPR wrt X [, Y]        the gradient (also :grad)
  jacobian EXPR wrt x          the Jacobian, or the differential of a matrix (also :jacobian)
  hessian EXPR wrt x [y]       the Hessian, or with two variables the mixed block (also :hessian)
  grad -q --wrt x "EXPR"       any command line of matdiff, split as a shell would
Commands:
  :check CANDIDATE             check your answer for the last derivation, and say how it is off
  :latex                       the last derivation in LaTeX
  :format text|unicode|latex|json
  :emit numpy|torch|go         the last derivative as code
  :decls  :clear  :help  :quit
A line ending in \ goes on on the next. Tab completes commands, functions and declared names;
Ctrl-R searches the history. The language: docs/language.md
`

// newCompleter returns the completer of a session with declarations
// decls, for readline.Config.AutoComplete.
func newCompleter(decls ast.Decls) readline.AutoCompleter {
	return &completer{s: &session{decls: decls}}
}

// completer completes the word before the cursor: a command at the start
// of the line, else a function or a declared name.
type completer struct{ s *session }

// Do implements readline.AutoCompleter.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	start := pos
	for start > 0 && isWordRune(line[start-1]) {
		start--
	}
	word := string(line[start:pos])
	var cands []string
	if strings.TrimSpace(string(line[:start])) == "" {
		cands = append(cands, commands...)
	} else {
		cands = append(cands, "wrt")
	}
	cands = append(cands, ast.FuncNames()...)
	for _, d := range c.s.decls {
		cands = append(cands, d.Name)
	}
	sort.Strings(cands)
	var out [][]rune
	seen := map[string]bool{}
	for _, cand := range cands {
		if strings.HasPrefix(cand, word) && cand != word && !seen[cand] {
			seen[cand] = true
			out = append(out, []rune(cand[len(word):]))
		}
	}
	return out, utf8.RuneCountInString(word)
}

func isWordRune(r rune) bool {
	return r == ':' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127
}
