package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/alecthomas/kong"

	md "github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFail     = 1 // a check found a wrong derivative
	exitInput    = 2 // bad input: the message says what and where
	exitInternal = 3 // a bug in matdiff
	exitBeyond   = 4 // valid input beyond matdiff's reach: a limit, a missing identity
)

// languageHelp sums the language up for the help of the commands that
// derive; every command's help ends with moreHelp.
const languageHelp = `The language in brief:
  A B, A * B, A @ B matrix product (a 1x1 factor scales)
  A .* B, A ./ B    Hadamard product and division (also ∘, ⊙); binds tighter than A B
  A', A^T, A^-1     transpose, inverse;  A^-T;  A^k matrix power;  A.^p element-wise power
                    braced as in LaTeX: X^{-1}, x^{T};  s^(1/3), (2 pi)^(n/2) for a 1x1 base
  A : B             Frobenius product tr(A' B)
  ||A||, ||A||_F, ||x||_2, ||A||_1, ‖A‖   norms;  pi;  a dimension name n as a value is its size
  tr det logdet inv diag Diag vec kron sum norm norm2 norm1 softmax logsumexp
  exp log sin cos tan arcsin arccos arctan tanh sqrt sigmoid abs sign relu step
  ones(n) ones(m, n) zeros(m, n) commutation(m, n) unvec(v, m, n)   sizes: numbers, names, m*n
  I                 the identity, its size inferred
Shapes go after "where" (or in --where), separated by "," or ";":
  x: n x 1, A: n x n, S: symmetric n x n, s: scalar`

// description is what matdiff --help and the man page say matdiff is.
const description = "matdiff does matrix calculus: gradients in compact matrix form, every step named, checked numerically.\n\n" + languageHelp

// moreHelp ends the help of every command.
const moreHelp = `Every operator, function and declaration, with examples: docs/language.md
in the matdiff repository.`

// cli is the command line. The help of each flag and positional argument
// is in help.go (flagHelp), not in the struct tags.
type cli struct {
	Grad     gradCmd     `cmd:"" help:"Derive the gradient of a scalar expression, step by step."`
	Jacobian jacobianCmd `cmd:"" help:"Derive the Jacobian of a column-vector expression by a column vector, step by step."`
	Hessian  hessianCmd  `cmd:"" help:"Derive the Hessian of a scalar expression by a column vector, step by step."`
	Check    checkCmd    `cmd:"" help:"Verify a gradient numerically: matdiff's own, or your answer with --against."`
	Eval     evalCmd     `cmd:"" help:"Evaluate an expression on values from files (--set A=a.csv) or random ones (--random)."`
	Serve    serveCmd    `cmd:"" help:"Serve a web page that derives as you type (loopback, port 8080 unless --addr says otherwise)."`
	Repl     replCmd     `cmd:"" help:"An interactive session (the default with no arguments); piped, one command a line."`

	Man        manCmd        `cmd:"" help:"Print the man page (roff): matdiff man | man -l -"`
	Completion completionCmd `cmd:"" help:"Print a completion script for bash, zsh or fish."`
	Version    versionFlag
}

// A command runs with the environment and writes its output to out; out
// reaches stdout only when the command succeeds.
type command interface {
	run(e *env, out io.Writer) error
}

// exprArgs are the flags every command that reads an expression shares.
type exprArgs struct {
	Expr   string `arg:""`
	Where  string
	Format string `enum:"text,unicode,latex,json" default:"text"`
	Q      bool   `name:"quiet" short:"q"`

	limitArgs
}

// latexArgs are the flags of the commands that print derivations.
type latexArgs struct {
	Standalone  bool
	NoNames     bool
	Transpose   string `enum:"top,mathsf" default:"top"`
	BoldVectors bool
}

type gradCmd struct {
	exprArgs
	latexArgs
	Wrt      []string `required:"" placeholder:"X"`
	NoVerify bool
	emitArgs
}

// Help is the long help of grad.
func (g *gradCmd) Help() string {
	return "Prints the differential, then one line per identity that moves everything off dX,\nthen the gradient and its shape. With -q, the gradient alone.\n\n" + languageHelp +
		"\n\nExample:\n  matdiff grad --wrt X \"(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1\""
}

// env is what a command runs with.
type env struct {
	stdout, stderr io.Writer
	tty            bool
	app            *kong.Application // the model of the command line, for man and completion
}

// testHook, when set by a test, runs before the command: a test makes it
// panic to prove that an internal failure becomes exit status 3.
var testHook func()

// run runs matdiff with args and returns the exit status. A plain
// derivation (see quickLine) runs without kong's model of the command
// line, whose making was the largest part of such a process's own work.
func run(args []string, stdout, stderr io.Writer, tty bool) (status int) {
	if cmd, ok := quickLine(args); ok {
		return runQuick(cmd, stdout, stderr, tty)
	}
	var r *runner
	if len(args) > 0 {
		r = newRunnerFor(args[0])
	}
	return runWith(r, args, stdout, stderr, tty)
}

// A runner is the command line, built once (kong.New is most of the cost
// of a short command): a session runs its lines through one runner, one
// at a time.
type runner struct {
	c       cli
	k       *kong.Kong
	helpOut bytes.Buffer
	errw    switchWriter
	exited  int
	copyOut func(*cli) // copies what a model of one command parsed into c
	marks   []mark     // what kong marks in the model as it parses
}

// A mark is a flag that kong sets in its model as it parses a command
// line (a value given, a branch taken) and does not clear before the
// next: a required --wrt given on one line would count as given on the
// next. A runner puts each back as it was once the model was built.
type mark struct {
	p    *bool
	init bool
}

// switchWriter writes to w, which each run sets.
type switchWriter struct{ w io.Writer }

func (s *switchWriter) Write(p []byte) (int, error) { return s.w.Write(p) }

func newRunner() *runner {
	r := &runner{}
	r.build(&r.c)
	return r
}

// newRunnerFor returns a runner for one command line whose first word is
// first: its model has that command alone when it can run alone (see
// oneCommand).
func newRunnerFor(first string) *runner {
	grammar, copyOut := oneCommand(first)
	if grammar == nil {
		return newRunner()
	}
	r := &runner{copyOut: copyOut}
	r.build(grammar)
	return r
}

// build makes r's model of the command line from grammar.
func (r *runner) build(grammar any) {
	k, err := kong.New(grammar,
		kong.Name("matdiff"),
		kong.Writers(&r.helpOut, &r.errw),
		kong.Exit(func(code int) { r.exited = code; panic(kongExit{}) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
	if err != nil {
		panic(err)
	}
	// The description is set once the model is built: kong interpolates
	// every help text as it builds the model, and this one, with the
	// language in brief, has no variable in it but was the longest (that
	// was a fifth of kong's work at every start).
	k.Model.Help = description
	setHelp(k.Model) // see help.go
	r.k = k
	r.marks = r.marks[:0]
	add := func(p *bool) { r.marks = append(r.marks, mark{p, *p}) }
	kong.Visit(k.Model, func(n kong.Visitable, next kong.Next) error {
		switch n := n.(type) {
		case *kong.Application:
			add(&n.Active)
		case *kong.Node:
			add(&n.Active)
		case *kong.Value:
			add(&n.Set)
			add(&n.Active)
		}
		return next(nil)
	})
}

// parse reads the command line args into r.c, with the messages of kong
// to stderr; r.exited is the exit status kong asked for, or -1.
func (r *runner) parse(args []string, stderr io.Writer) (*kong.Context, error) {
	r.c = cli{} // nothing of the last line's flags stays
	r.helpOut.Reset()
	r.errw.w = stderr
	r.exited = -1
	for _, m := range r.marks {
		*m.p = m.init
	}
	ctx, err := parseArgs(r.k, expressionArgs(args))
	if r.copyOut != nil {
		r.copyOut(&r.c)
	}
	return ctx, err
}

// runWith runs args with r (nil: a new runner) and returns the exit
// status.
func runWith(r *runner, args []string, stdout, stderr io.Writer, tty bool) (status int) {
	defer internalError(stderr, &status)
	if len(args) == 0 {
		args = []string{"repl"}
	}
	if r == nil {
		r = newRunner()
	}
	c, k := &r.c, r.k
	ctx, err := r.parse(args, stderr)
	if r.exited >= 0 {
		if bytes.HasPrefix(r.helpOut.Bytes(), []byte("Usage:")) {
			// Every help ends with where the whole language is.
			fmt.Fprintf(&r.helpOut, "\n%s\n", moreHelp)
		}
		io.Copy(stdout, &r.helpOut)
		return r.exited
	}
	if err != nil {
		fmt.Fprintf(stderr, "matdiff: %v\n", err)
		fmt.Fprintln(stderr, "run 'matdiff --help' for usage")
		return exitInput
	}
	if err := checkFlags(ctx, c); err != nil {
		return report(stderr, err)
	}
	e := &env{stdout: stdout, stderr: stderr, tty: tty, app: k.Model}
	cmds := map[string]command{
		"grad <expr>":        &c.Grad,
		"jacobian <expr>":    &c.Jacobian,
		"hessian <expr>":     &c.Hessian,
		"check <expr>":       &c.Check,
		"eval <expr>":        &c.Eval,
		"serve":              &c.Serve,
		"repl":               &c.Repl,
		"man":                &c.Man,
		"completion <shell>": &c.Completion,
	}
	cmd, ok := cmds[ctx.Command()]
	if !ok {
		panic(fmt.Sprintf("no command %q", ctx.Command()))
	}
	return execute(cmd, e)
}

// internalError turns a panic into exit status 3, with a message on
// stderr (deferred).
func internalError(stderr io.Writer, status *int) {
	if r := recover(); r != nil {
		if os.Getenv("MATDIFF_DEBUG") != "" {
			fmt.Fprintf(stderr, "panic: %v\n%s", r, debug.Stack())
		}
		fmt.Fprintf(stderr, "matdiff: internal error: %v\nplease report this, with the command line that caused it\n", r)
		*status = exitInternal
	}
}

// execute runs a command whose command line is read, and returns the
// exit status.
func execute(cmd command, e *env) int {
	if testHook != nil {
		testHook()
	}
	var out bytes.Buffer
	err := cmd.run(e, &out)
	if s, ok := cmd.(interface{ stop() }); ok {
		s.stop() // the --timeout of the command
	}
	if err != nil {
		return report(e.stderr, err)
	}
	// Nothing reaches stdout unless the command succeeded.
	e.stdout.Write(out.Bytes())
	return exitOK
}

type kongExit struct{}

// flagLike reports whether a can be a flag: -q, --wrt, --wrt=X. It reads
// as ^--?[A-Za-z][A-Za-z0-9-]*(=.*)?$ would, without compiling that at every
// start.
func flagLike(a string) bool {
	a, ok := strings.CutPrefix(a, "-")
	if !ok {
		return false
	}
	a, _ = strings.CutPrefix(a, "-")
	isLetter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	if a == "" || !isLetter(a[0]) {
		return false
	}
	i := 1
	for i < len(a) && (isLetter(a[i]) || '0' <= a[i] && a[i] <= '9' || a[i] == '-') {
		i++
	}
	return i == len(a) || a[i] == '=' && !strings.Contains(a[i:], "\n")
}

// expressionArgs keeps an expression that starts with a minus, such as
// "-y' x + log(sum(exp(x)))", from being read as a flag: it gets a leading
// space, which the parser ignores.
func expressionArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		if strings.HasPrefix(a, "-") && !flagLike(a) {
			out[i] = " " + a
		}
	}
	return out
}

func parseArgs(k *kong.Kong, args []string) (ctx *kong.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(kongExit); !ok {
				panic(r)
			}
		}
	}()
	return k.Parse(args)
}

// report prints err and returns the exit status it calls for.
func report(stderr io.Writer, err error) int {
	var ae *ast.Error
	var el ast.ErrorList
	switch {
	case errors.As(err, &ae):
		fmt.Fprint(stderr, "matdiff: "+ae.Pretty())
		if ae.Kind == ast.BeyondReach {
			return exitBeyond
		}
		return exitInput
	case errors.As(err, &el):
		status := exitBeyond
		for _, e := range el {
			fmt.Fprint(stderr, "matdiff: "+e.Pretty())
			if e.Kind != ast.BeyondReach {
				status = exitInput
			}
		}
		return status
	case errors.Is(err, errCheckFailed):
		return exitFail
	case errors.As(err, new(exitStatus)):
		var es exitStatus
		errors.As(err, &es)
		return int(es)
	case errors.Is(err, md.ErrInternal):
		fmt.Fprintf(stderr, "matdiff: %v\nplease report this, with the command line that caused it\n", err)
		return exitInternal
	}
	fmt.Fprintf(stderr, "matdiff: internal error: %v\nplease report this, with the command line that caused it\n", err)
	return exitInternal
}

var errCheckFailed = errors.New("check failed")

// load parses the expression and its declarations and infers the shapes;
// with scalar, an expression whose size the declarations leave open is
// taken to be a scalar.
func (a *exprArgs) load(e *env, scalar bool) (ast.Expr, *ast.Info, error) {
	p, info, err := a.parse(e, scalar)
	if err != nil {
		return nil, nil, err
	}
	return p.AST(), info, nil
}

// parse is load that returns the expression as the library reads it,
// and prints the notes on what may be read otherwise.
func (a *exprArgs) parse(e *env, scalar bool) (*md.Expr, *ast.Info, error) {
	p, err := md.ParseWhere(a.Expr, a.Where)
	if err != nil {
		return nil, nil, err
	}
	info, err := p.Info(scalar)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range p.Ambiguities(info) {
		fmt.Fprint(e.stderr, "matdiff: note: "+n.Pretty())
	}
	return p, info, nil
}

func (a *exprArgs) format() ast.Format {
	switch a.Format {
	case "unicode":
		return ast.FormatUnicode
	case "latex":
		return ast.FormatLaTeX
	}
	return ast.FormatText
}

type jacobianCmd struct {
	gradCmd
	Vec bool
}

// Help is the long help of jacobian.
func (j *jacobianCmd) Help() string {
	return "Prints the differential dy, then one line per identity that brings dx to the right,\n" +
		"then the m x n Jacobian (entry ij is dy_i/dx_j). With -q, the Jacobian alone.\n" +
		"For a matrix Y or X it prints the differential dY = A dX B + ... in matrix form,\n" +
		"or with --vec the Jacobian of vec(Y) by vec(X) in Kronecker form (vec(AXB) gives B' ⊗ A).\n\n" + languageHelp +
		"\n\nExample:\n  matdiff jacobian --wrt x \"tanh(W x) where W: m x n, x: n x 1\""
}

func (j *jacobianCmd) run(e *env, out io.Writer) error {
	by := (*md.Expr).Jacobian
	if j.Vec {
		by = (*md.Expr).VecJacobian
	}
	return j.gradCmd.derive(e, out, false, by)
}

type hessianCmd gradCmd

// Help is the long help of hessian.
func (h *hessianCmd) Help() string {
	return "Prints the derivation of the gradient g, then that of its Jacobian, the n x n Hessian.\nWith two variables (--wrt x --wrt y), the mixed block d2f/dxdy: the Jacobian by y of the gradient by x.\nWith -q, the Hessian alone.\n\n" + languageHelp +
		"\n\nExample:\n  matdiff hessian --wrt x \"log(sum(exp(x))) where x: n x 1\""
}

func (h *hessianCmd) run(e *env, out io.Writer) error {
	if len(h.Wrt) == 2 {
		// The mixed block: the Jacobian by the second of the gradient by the first.
		x, g := h.Wrt[0], *(*gradCmd)(h)
		g.Wrt = h.Wrt[1:]
		return g.derive(e, out, true, func(p *md.Expr, y string) (*md.Derivation, error) { return p.Hessian(x, y) })
	}
	if len(h.Wrt) != 1 {
		return &ast.Error{Msg: fmt.Sprintf("hessian takes one variable, or two for a mixed block, not %d", len(h.Wrt)),
			Hint: "--wrt x for the Hessian by x; --wrt x --wrt y for the block d2f/dxdy"}
	}
	return (*gradCmd)(h).derive(e, out, true, func(p *md.Expr, x string) (*md.Derivation, error) { return p.Hessian(x) })
}

func (g *gradCmd) run(e *env, out io.Writer) error {
	return g.derive(e, out, true, (*md.Expr).Grad)
}

// resultHook, when set by a test, changes each derivation before it is
// verified: a test corrupts the result to prove that a wrong derivative is
// never printed.
var resultHook func(*rewrite.Derivation) *rewrite.Derivation

// verify checks each result numerically (unless --no-verify) and returns
// the results checked and what the output says of each. A result that
// disagrees with finite differences is an internal error: nothing is
// printed, and the message has the expression, the instance and the
// worst entry.
func (g *gradCmd) verify(ds []*md.Derivation) ([]*rewrite.Derivation, map[*rewrite.Derivation]render.Check, error) {
	out := make([]*rewrite.Derivation, len(ds))
	checks := map[*rewrite.Derivation]render.Check{}
	for i, d := range ds {
		if !g.NoVerify {
			// The derivation of a Hessian prints the gradient too.
			v, err := d.Verify(!g.Q)
			if err != nil {
				return nil, nil, err
			}
			d = v
		}
		out[i] = d.Derivation
		checks[d.Derivation] = render.Check{Checked: d.Verified == md.Checked, Reason: d.Reason}
	}
	return out, checks, nil
}

// derive runs one derivation per variable and prints them.
// The library derives (by one variable, unverified: derive verifies
// after resultHook), checks and says what is wrong; derive prints.
func (g *gradCmd) derive(e *env, out io.Writer, scalar bool, by func(p *md.Expr, wrt string) (*md.Derivation, error)) error {
	p, info, err := g.parse(e, scalar)
	if err != nil {
		return err
	}
	cx := g.context()
	p = p.Unverified().WithLimits(cx, g.limits())
	expr := p.AST()
	var derived []*md.Derivation
	for _, wrt := range g.Wrt {
		d, err := by(p, wrt)
		if err != nil {
			return err
		}
		if resultHook != nil {
			c := *d
			c.Derivation = resultHook(d.Derivation)
			d = &c
		}
		if !ast.HasName(expr, wrt) {
			fmt.Fprintf(e.stderr, "matdiff: note: %s is declared but does not occur in the expression: its derivative is zero\n", wrt)
		}
		derived = append(derived, d)
	}
	ds, checks, err := g.verify(derived)
	if err != nil {
		return err
	}
	if g.Emit != "" {
		return g.emit(out, ds)
	}
	if g.Format == "json" {
		return render.JSONWith(out, g.Expr, info, ds, render.Options{Quiet: g.Q, NoNames: g.NoNames, Checks: checks, MaxPrint: g.MaxPrint})
	}
	o := render.Options{Format: g.format(), Quiet: g.Q, Color: e.tty && os.Getenv("NO_COLOR") == "" && g.Format == "unicode",
		NoNames: g.NoNames, MathsfTranspose: g.Transpose == "mathsf", BoldVectors: g.BoldVectors, Checks: checks, MaxPrint: g.MaxPrint}
	if g.Standalone && !g.Q {
		o.Format = ast.FormatLaTeX
		return render.Document(out, expr, info, ds, o)
	}
	for i, d := range ds {
		if i > 0 && !g.Q {
			fmt.Fprintln(out)
		}
		if err := render.Derivation(out, d, o); err != nil {
			return err
		}
	}
	return nil
}
