// Package codegen exports derivations as source code: a NumPy or PyTorch
// module, or a Go file using gonum's mat, with a function that returns the
// value and the derivative (value_and_grad, value_and_jacobian,
// value_and_hessian, value_and_differential) and a check_gradient that
// compares it with central finite differences.
//
// Every value inside the exported code is a 2-D array (a scalar is 1 x 1,
// a vector n x 1), as in the language. Repeated subexpressions are computed
// once, under the names the derivation gives them where it has them (H, K,
// ...). An inverse that only multiplies becomes a solve; a Diag that
// multiplies becomes a broadcast product.
//
// The mapping of operators and functions to each target is one table
// (funcs in targets.go); a node with no entry is an error that says it
// cannot be exported yet.
package codegen

import (
	"fmt"
	"go/token"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// Target is a language to export to.
type Target int

// The targets.
const (
	NumPy Target = iota
	Torch
	Go
)

// Targets are the names --emit takes.
var Targets = []string{"numpy", "torch", "go"}

// ParseTarget returns the target called name.
func ParseTarget(name string) (Target, error) {
	for i, n := range Targets {
		if n == name {
			return Target(i), nil
		}
	}
	return 0, &ast.Error{Msg: fmt.Sprintf("cannot emit %q", name), Hint: "--emit takes numpy, torch or go"}
}

func (t Target) String() string { return Targets[t] }

// Options say what to write.
type Options struct {
	Target Target
	// Package is the Go package name; "" means main, which gets a main
	// function that runs CheckGradient on random inputs.
	Package string
	// Input is the expression as typed, for the docstring.
	Input string
	// Header is put at the top of the file as comment lines (the
	// derivation as matdiff prints it); "" for none.
	Header string
	// Prefix goes before the exported Go names (ValueAndGrad,
	// CheckGradient), and NoRuntime leaves out the Go helper functions and
	// the package clause: both let many exported functions share one Go
	// package (the tests compile every golden derivation that way).
	Prefix    string
	NoRuntime bool
	// NoNames leaves out the derivation's names of the result's parts
	// (H, K); repeated parts are still computed once.
	NoNames bool
}

// Emit writes the source file for ds, the derivations of one expression
// (one per variable, all of one kind) to w. The error is an *ast.Error of
// kind BeyondReach for an expression that cannot be exported, saying why.
func Emit(w io.Writer, ds []*rewrite.Derivation, o Options) error {
	src, err := Source(ds, o)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, src)
	return err
}

// Source returns the source file for ds; see Emit.
func Source(ds []*rewrite.Derivation, o Options) (_ string, err error) {
	if len(ds) == 0 {
		return "", ast.Beyond("nothing to export", "")
	}
	if o.Target == Go && o.Package != "" && !token.IsIdentifier(o.Package) {
		return "", &ast.Error{Msg: fmt.Sprintf("%q is not a Go package name", o.Package), Hint: "--package takes a name such as grad"}
	}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*ast.Error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	g, err := newGen(ds, o)
	if err != nil {
		return "", err
	}
	return g.file(), nil
}

// cannot stops the export with a BeyondReach error.
func cannot(format string, args ...any) {
	panic(&ast.Error{Kind: ast.BeyondReach, Msg: fmt.Sprintf(format, args...),
		Hint: "the derivation itself is right; print it without --emit"})
}

// kind is what the exported function computes.
type kind int

const (
	kGrad kind = iota
	kJacobian
	kHessian
	kDifferential
)

// param is an input of the exported function.
type param struct {
	name  string // as in the expression
	arg   string // the identifier in the signature ("" if taken from **kwargs)
	id    string // the identifier in the code
	shape ast.Shape
	sym   bool
	dir   bool   // a direction dX of a differential
	of    string // for a direction, the variable
}

// val is the code of a computed value.
type val struct {
	code string
	lit  bool // a number literal (numpy, torch: a Python float)
}

type gen struct {
	t      *target
	tg     Target
	o      Options
	ds     []*rewrite.Derivation
	info   *ast.Info
	f      ast.Expr
	kind   kind
	params []param
	byName map[string]string // name in the expression -> identifier
	dims   map[string]string // dimension name -> identifier
	dimOrd []string
	binds  []string          // statements binding the dimensions
	dimSrc map[string]string // dimension name -> the declaration it is taken from
	// free are the dimensions no input's shape fixes: parameters of the
	// exported function, in order of first appearance.
	free   []string
	isFree map[string]bool
	uses   map[string]int
	named  map[string]string // key -> the derivation's name for it
	done   map[string]val
	taken  map[string]bool // identifiers in use
	stmts  []string
	ntemp  int
	cur    *[]string
	needs  map[string]need
	// computed holds the inverses computed as matrices.
	computed map[string]bool
}

func newGen(ds []*rewrite.Derivation, o Options) (*gen, error) {
	d0 := ds[0]
	if d0.Info == nil || d0.F == nil {
		return nil, ast.Beyond("cannot export a derivation without its expression", "")
	}
	// Shapes come from a clone of the derivation's Info, which knows the
	// size of every I the engine made: the shapes looked up here stay in
	// the clone, so that the derivation is left as it was and many exports
	// of it may run at once.
	g := &gen{t: targets()[o.Target], tg: o.Target, o: o, ds: ds, info: d0.Info.Clone(), f: d0.F,
		byName: map[string]string{}, dims: map[string]string{}, uses: map[string]int{},
		named: map[string]string{}, done: map[string]val{}, taken: map[string]bool{}, computed: map[string]bool{},
		isFree: map[string]bool{}}
	switch d0.What {
	case rewrite.Gradient:
		g.kind = kGrad
	case rewrite.Jacobian, rewrite.VecJacobian:
		g.kind = kJacobian
	case rewrite.Hessian:
		g.kind = kHessian
	case rewrite.Differential:
		g.kind = kDifferential
	default:
		return nil, ast.Beyond("cannot export this kind of derivative yet", "")
	}
	for _, d := range ds[1:] {
		if d.What != d0.What {
			return nil, ast.Beyond("cannot export derivatives of different kinds in one file", "")
		}
	}
	g.setParams()
	return g, nil
}

// ident returns an identifier for name that is no word of the target.
func (g *gen) ident(name string) string {
	if g.t.reserved[name] {
		return "_kw_" + name
	}
	return name
}

func (g *gen) setParams() {
	dimNames := map[string]bool{}
	for _, decl := range g.info.Decls() {
		for _, n := range append(append([]string(nil), decl.Shape.Rows.Names...), decl.Shape.Cols.Names...) {
			dimNames[n] = true
		}
	}
	for _, decl := range g.info.Decls() {
		if dimNames[decl.Name] {
			continue // a dimension name used as a value: its size
		}
		for _, n := range append(append([]string(nil), decl.Shape.Rows.Names...), decl.Shape.Cols.Names...) {
			if strings.HasPrefix(n, "?") {
				cannot("the shape of %s is undetermined", decl.Name)
			}
		}
		p := param{name: decl.Name, id: g.ident(decl.Name), shape: decl.Shape, sym: decl.Symmetric}
		p.arg = p.id
		if g.tg == Go && p.shape.IsScalar() {
			p.id = "_s_" + p.name
		}
		g.params = append(g.params, p)
		g.byName[p.name] = p.id
		g.taken[p.id] = true
	}
	if g.kind == kDifferential {
		for _, d := range g.ds {
			xs, _ := g.info.Name(d.Wrt)
			name := "d" + d.Wrt
			for g.info.Decls().Lookup(name) != nil || g.taken[name] {
				name += "_"
			}
			p := param{name: name, id: g.ident(name), shape: xs, dir: true, of: d.Wrt}
			p.arg = p.id
			g.params = append(g.params, p)
			g.taken[p.id] = true
		}
	}
	// The dimensions in order of first appearance.
	for _, decl := range g.info.Decls() {
		for _, n := range append(append([]string(nil), decl.Shape.Rows.Names...), decl.Shape.Cols.Names...) {
			if _, ok := g.dims[n]; !ok {
				g.dims[n] = g.ident(n)
				g.taken[g.dims[n]] = true
				g.dimOrd = append(g.dimOrd, n)
			}
		}
	}
}

// key identifies a node by its text and shape.
func (g *gen) key(e ast.Expr) string {
	s, err := g.info.ShapeOf(e)
	if err != nil {
		return ast.Text(e) + "@?"
	}
	return ast.Text(e) + "@" + s.Dims()
}

func (g *gen) shape(e ast.Expr) ast.Shape {
	s, err := g.info.ShapeOf(e)
	if err != nil {
		cannot("cannot tell the shape of %s", ast.Text(e))
	}
	return s
}

func (g *gen) isScalar(e ast.Expr) bool { return g.shape(e).IsScalar() }

// count counts the occurrences of every subexpression; the inside of a
// repeat counts once.
func (g *gen) count(e ast.Expr) {
	k := g.key(e)
	g.uses[k]++
	if g.uses[k] > 1 {
		return
	}
	for _, c := range ast.Children(e) {
		g.count(c)
	}
}

// nameParts takes the names the derivation gives the parts of its result.
func (g *gen) nameParts(d *rewrite.Derivation) {
	// NameSubterms looks shapes up in the Info it is given: ours, a clone.
	dc := *d
	dc.Info = g.info
	defs, _ := render.NameSubterms(&dc)
	full := map[string]ast.Expr{}
	for _, def := range defs {
		x := ast.Map(def.Expr, func(y ast.Expr) ast.Expr {
			if s, ok := y.(*ast.Sym); ok {
				if e, ok := full[s.Name]; ok {
					return e
				}
			}
			return y
		})
		full[def.Name] = x
		if _, err := g.info.ShapeOf(x); err != nil {
			continue
		}
		k := g.key(x)
		id := g.ident(def.Name)
		if g.taken[id] || g.named[k] != "" {
			continue
		}
		g.named[k] = id
		g.taken[id] = true
	}
}

// temp returns a fresh identifier.
func (g *gen) temp() string {
	for {
		g.ntemp++
		id := "_t" + strconv.Itoa(g.ntemp)
		if !g.taken[id] {
			g.taken[id] = true
			return id
		}
	}
}

// dim returns the code of a size.
func (g *gen) dim(d ast.Dim) string {
	parts := []string{}
	if d.N != 1 || len(d.Names) == 0 {
		parts = append(parts, strconv.Itoa(d.N))
	}
	for _, n := range d.Names {
		id, ok := g.dims[n]
		if !ok {
			cannot("cannot tell the size %s from the inputs", n)
		}
		parts = append(parts, id)
	}
	return strings.Join(parts, "*")
}

// expand fills a template: $1 $2 $3 are the arguments, $R and $C the rows
// and columns of the result, $D the device or dtype clause of the target.
func expand(tmpl string, args []string, rows, cols string) string {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c != '$' || i+1 == len(tmpl) {
			b.WriteByte(c)
			continue
		}
		i++
		switch n := tmpl[i]; {
		case n >= '1' && n <= '9':
			k := int(n - '1')
			if k < len(args) {
				a := args[k]
				// A whole argument of a call needs no parentheses of its own.
				before, after := tmpl[:i-1], tmpl[i+1:]
				if (strings.HasSuffix(before, "(") || strings.HasSuffix(before, ", ")) &&
					(strings.HasPrefix(after, ")") || strings.HasPrefix(after, ",")) {
					a = strip(a)
				}
				b.WriteString(a)
			}
		case n == 'R':
			b.WriteString(rows)
		case n == 'C':
			b.WriteString(cols)
		default:
			b.WriteByte('$')
			b.WriteByte(n)
		}
	}
	return b.String()
}

// arr returns the code of v as an array.
func (g *gen) arr(v val) string {
	if v.lit {
		return expand(g.t.full, []string{v.code}, "", "")
	}
	return v.code
}

// lit returns the code of a number.
func (g *gen) num(x float64) val {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		cannot("cannot export the number %v", x)
	}
	if g.tg == Go {
		return val{code: "mdC(" + s + ")"}
	}
	if x < 0 {
		s = "(" + s + ")"
	}
	return val{code: s, lit: true}
}

// expr returns the code of e, computed once.
func (g *gen) expr(e ast.Expr) val {
	k := g.key(e)
	if v, ok := g.done[k]; ok {
		return v
	}
	v := g.node(e)
	name := g.named[k]
	if name == "" && g.uses[k] > 1 && !trivial(e) {
		name = g.temp()
	}
	if name != "" && !v.lit {
		g.assign(name, v.code)
		v = val{code: name}
	}
	g.done[k] = v
	return v
}

func (g *gen) assign(name, code string) {
	*g.cur = append(*g.cur, fmt.Sprintf(g.t.assign, name, strip(code)))
}

// strip removes the parentheses around a whole expression.
func strip(s string) string {
	if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' {
		return s
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i != len(s)-1 {
				return s
			}
		}
	}
	return s[1 : len(s)-1]
}

// trivial nodes are not worth a name of their own.
func trivial(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Sym, *ast.Num:
		return true
	case *ast.Unary:
		if e.Op == ast.OpTranspose {
			_, ok := e.X.(*ast.Sym)
			return ok
		}
		if e.Op == ast.OpNeg {
			_, ok := e.X.(*ast.Num)
			return ok
		}
	}
	return false
}

func (g *gen) op(name string, args ...string) string {
	tmpl, ok := g.t.ops[name]
	if !ok {
		cannot("cannot export %s to %s yet", name, g.tg)
	}
	code := expand(tmpl, args, "", "")
	if g.tg != Go {
		code = strings.ReplaceAll(code, ".T.T", "") // (a.T).T is a
	}
	return code
}

func (g *gen) node(e ast.Expr) val {
	switch e := e.(type) {
	case *ast.Sym:
		if id, ok := g.byName[e.Name]; ok {
			return val{code: id}
		}
		if id, ok := g.dims[e.Name]; ok {
			return val{code: g.op("dimval", id), lit: g.tg != Go}
		}
		if e.Name == "pi" {
			return g.num(math.Pi)
		}
		cannot("cannot export the name %s: it has no value", e.Name)
	case *ast.Num:
		return g.num(e.Val)
	case *ast.Identity:
		s := g.shape(e)
		return val{code: g.op("eye", g.dim(s.Rows))}
	case *ast.Unary:
		return g.unary(e)
	case *ast.Binary:
		return g.binary(e)
	case *ast.Call:
		return g.call(e)
	}
	cannot("cannot export %s yet", ast.Text(e))
	return val{}
}

func (g *gen) unary(e *ast.Unary) val {
	switch e.Op {
	case ast.OpDiff:
		for _, p := range g.params {
			if p.dir {
				if s, ok := e.X.(*ast.Sym); ok && s.Name == p.of {
					return val{code: p.id}
				}
			}
		}
		cannot("cannot export the differential %s", ast.Text(e))
	case ast.OpNeg:
		x := g.expr(e.X)
		if x.lit {
			return val{code: "(-" + x.code + ")", lit: true}
		}
		return val{code: g.op("neg", x.code)}
	case ast.OpTranspose:
		x := g.expr(e.X)
		if g.isScalar(e.X) {
			return x
		}
		return val{code: g.op("transpose", x.code)}
	case ast.OpInverse:
		if g.isScalar(e.X) {
			return g.broadcast("hdiv", g.num(1), g.expr(e.X))
		}
		// inv(A') is inv(A)' where inv(A) is computed anyway.
		if t, ok := e.X.(*ast.Unary); ok && t.Op == ast.OpTranspose {
			if v, ok := g.done[g.key(ast.Inv(t.X))]; ok && !v.lit {
				return val{code: g.op("transpose", v.code)}
			}
		}
		return val{code: g.op("inv", g.expr(e.X).code)}
	}
	cannot("cannot export the operator %s yet", e.Op)
	return val{}
}

// broadcast applies an element-wise operator; a literal on both sides
// stays a literal.
func (g *gen) broadcast(op string, x, y val) val {
	if x.lit && y.lit {
		sym := map[string]string{"add": "+", "sub": "-", "had": "*", "hdiv": "/", "div": "/"}[op]
		return val{code: "(" + x.code + " " + sym + " " + y.code + ")", lit: true}
	}
	return val{code: g.op(op, x.code, y.code)}
}

func (g *gen) binary(e *ast.Binary) val {
	switch e.Op {
	case ast.OpMul:
		if g.isScalar(e.X) || g.isScalar(e.Y) {
			return g.broadcast("had", g.expr(e.X), g.expr(e.Y))
		}
		return g.product(e)
	case ast.OpAdd, ast.OpSub, ast.OpHad, ast.OpHDiv, ast.OpDiv:
		op := map[ast.Op]string{ast.OpAdd: "add", ast.OpSub: "sub", ast.OpHad: "had", ast.OpHDiv: "hdiv", ast.OpDiv: "div"}[e.Op]
		return g.broadcast(op, g.expr(e.X), g.expr(e.Y))
	case ast.OpFrob:
		x, y := g.expr(e.X), g.expr(e.Y)
		if g.isScalar(e.X) && g.isScalar(e.Y) {
			return g.broadcast("had", x, y)
		}
		return val{code: g.op("frob", g.arr(x), g.arr(y))}
	case ast.OpEPow:
		x, p := g.expr(e.X), g.expr(e.Y)
		if x.lit && p.lit {
			return val{code: "(" + x.code + " ** " + p.code + ")", lit: true}
		}
		return val{code: g.op("epow", g.arr(x), p.code)}
	case ast.OpPow:
		x, p := g.expr(e.X), g.expr(e.Y)
		if g.isScalar(e.X) {
			if x.lit && p.lit {
				return val{code: "(" + x.code + " ** " + p.code + ")", lit: true}
			}
			return val{code: g.op("epow", g.arr(x), p.code)}
		}
		n, ok := e.Y.(*ast.Num)
		if !ok || n.Val != math.Trunc(n.Val) || math.Abs(n.Val) > 1<<20 {
			cannot("cannot export the matrix power %s: the exponent is not a whole number", ast.Text(e))
		}
		return val{code: g.op("matpow", x.code, strconv.Itoa(int(n.Val)))}
	}
	cannot("cannot export the operator %s yet", e.Op)
	return val{}
}

// factor is one factor of a product.
type factor struct {
	e     ast.Expr
	shape ast.Shape
}

// flatten collects the factors of a run of matrix products; a product
// that is computed once for several uses, or named, stays one factor.
func (g *gen) flatten(e ast.Expr, root bool, out *[]factor) {
	if b, ok := e.(*ast.Binary); ok && b.Op == ast.OpMul && !g.isScalar(b.X) && !g.isScalar(b.Y) {
		k := g.key(e)
		_, done := g.done[k]
		if root || g.uses[k] <= 1 && g.named[k] == "" && !done {
			g.flatten(b.X, false, out)
			g.flatten(b.Y, false, out)
			return
		}
	}
	*out = append(*out, factor{e, g.shape(e)})
}

// weight is a guess of a size for ordering products: a named size is
// taken to be large.
func weight(d ast.Dim) float64 {
	w := float64(d.N)
	for range d.Names {
		w *= 100
	}
	return w
}

// product writes a run of matrix products in the order that costs least
// for large named sizes; Diag factors become broadcasts and inverses
// solves.
func (g *gen) product(e *ast.Binary) val {
	var all, fs []factor
	g.flatten(e, true, &all)
	// An identity factor is left out: I M = M.
	for _, f := range all {
		if !isIdentity(f.e) {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		fs = all[:1]
	}
	k := len(fs)
	p := make([]float64, k+1)
	for i, f := range fs {
		p[i], p[i+1] = weight(f.shape.Rows), weight(f.shape.Cols)
	}
	split := numeric.ChainOrder(p)
	var build, pair func(i, j int) val
	build = func(i, j int) val {
		if i == j {
			return g.expr(fs[i].e)
		}
		if i == 0 && j == k-1 {
			return pair(i, j)
		}
		// A part of the run that stands elsewhere as a product of its own
		// is computed once.
		var es []ast.Expr
		for _, f := range fs[i : j+1] {
			es = append(es, f.e)
		}
		key := g.key(ast.MulAll(es...))
		if v, ok := g.done[key]; ok {
			return v
		}
		v := pair(i, j)
		if g.uses[key] > 0 {
			name := g.temp()
			g.assign(name, v.code)
			v = val{code: name}
			g.done[key] = v
		}
		return v
	}
	pair = func(i, j int) val {
		s := split[i][j]
		left, right := i == s, s+1 == j
		// Diag(v) M = v .* M, M Diag(v) = M .* v', inv(A) M = solve(A, M).
		if left {
			if v, ok := diagArg(fs[i].e); ok {
				return val{code: g.op("diagl", g.expr(v).code, build(s+1, j).code)}
			}
			if a, ok := g.invArg(fs[i].e); ok {
				return val{code: g.op("solvel", g.expr(a).code, build(s+1, j).code)}
			}
		}
		if right {
			if v, ok := diagArg(fs[j].e); ok {
				return val{code: g.op("diagr", build(i, s).code, g.expr(v).code)}
			}
			if a, ok := g.invArg(fs[j].e); ok {
				return val{code: g.op("solver", build(i, s).code, g.expr(a).code)}
			}
		}
		return val{code: g.op("matmul", build(i, s).code, build(s+1, j).code)}
	}
	return build(0, k-1)
}

// diagArg returns v of Diag(v).
func diagArg(e ast.Expr) (ast.Expr, bool) {
	if c, ok := e.(*ast.Call); ok && c.Fun.String() == "Diag" && len(c.Args) == 1 {
		return c.Args[0], true
	}
	return nil, false
}

// isEye reports whether e is Diag(ones(...)), an identity with its size,
// as results write one that nothing else sizes.
func isEye(e ast.Expr) bool {
	v, ok := diagArg(e)
	if !ok {
		return false
	}
	c, ok := v.(*ast.Call)
	return ok && c.Fun.String() == "ones"
}

// isIdentity reports whether e is I or Diag(ones(...)).
func isIdentity(e ast.Expr) bool {
	_, ok := e.(*ast.Identity)
	return ok || isEye(e)
}

// markInverses records the inverses that stand anywhere but as a factor
// of a matrix product: those are computed; the others become solves.
func (g *gen) markInverses(e, parent ast.Expr) {
	if _, ok := invOf(e); ok {
		b, isMul := parent.(*ast.Binary)
		if !isMul || b.Op != ast.OpMul || g.isScalar(b.X) || g.isScalar(b.Y) {
			g.computed[g.key(e)] = true
		}
	}
	for _, c := range ast.Children(e) {
		g.markInverses(c, e)
	}
}

// invArg returns A of inv(A), A^-1, unless that inverse is computed anyway.
func (g *gen) invArg(e ast.Expr) (ast.Expr, bool) {
	if _, done := g.done[g.key(e)]; done || g.computed[g.key(e)] {
		return nil, false
	}
	return invOf(e)
}

// invOf returns A of inv(A) or A^-1.
func invOf(e ast.Expr) (ast.Expr, bool) {
	switch e := e.(type) {
	case *ast.Unary:
		if e.Op == ast.OpInverse {
			return e.X, true
		}
	case *ast.Binary:
		if n, ok := e.Y.(*ast.Num); ok && e.Op == ast.OpPow && n.Val == -1 {
			return e.X, true
		}
	}
	return nil, false
}

func (g *gen) call(e *ast.Call) val {
	name := e.Fun.String()
	if isEye(e) {
		// Diag(ones(n)) is the identity of size n.
		return val{code: g.op("eye", g.dim(g.shape(e).Rows))}
	}
	tmpl, ok := funcs()[name]
	if !ok || tmpl[g.tg] == "" {
		cannot("cannot export %s to %s yet", name, g.tg)
	}
	var args []string
	for i, a := range e.Args {
		switch argKind(name, i) {
		case argSize:
			args = append(args, g.size(a))
		case argValue:
			args = append(args, g.arr(g.expr(a)))
		default:
			args = append(args, "")
		}
	}
	s := g.shape(e)
	return val{code: expand(tmpl[g.tg], args, g.dim(s.Rows), g.dim(s.Cols))}
}

const (
	argValue = iota // an expression: its value
	argSize         // a size: a number or a dimension name
	argShape        // a size the shape of the result already says
)

// argKind says what argument i of the function called name is.
func argKind(name string, i int) int {
	switch name {
	case "commutation":
		return argSize
	case "ones", "zeros":
		return argShape
	case "unvec":
		if i > 0 {
			return argShape
		}
	}
	return argValue
}

// size returns the code of a size argument: a number, a dimension name or
// a product of them.
func (g *gen) size(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Num:
		if e.Val == math.Trunc(e.Val) && e.Val >= 1 {
			return strconv.Itoa(int(e.Val))
		}
	case *ast.Sym:
		if id, ok := g.dims[e.Name]; ok {
			return id
		}
	case *ast.Binary:
		if e.Op == ast.OpMul {
			return g.size(e.X) + "*" + g.size(e.Y)
		}
	}
	cannot("cannot export the size %s", ast.Text(e))
	return ""
}
