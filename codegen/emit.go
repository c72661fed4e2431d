package codegen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

// goPrelude returns the package clause, the imports and the helpers of an
// exported Go file: with Options.NoRuntime, Source leaves them out so that
// many exported functions can share one package.
func goPrelude(pkg string) string {
	if pkg == "" {
		pkg = "main"
	}
	return "package " + pkg + "\n\n" + goImports + "\n" + goRuntime
}

const goImports = `import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)
`

// funcName is the name of the exported function.
func (g *gen) funcName() string {
	name := map[kind]string{kGrad: "value_and_grad", kJacobian: "value_and_jacobian", kHessian: "value_and_hessian",
		kDifferential: "value_and_differential"}[g.kind]
	if g.tg == Go {
		name = g.o.Prefix + map[kind]string{kGrad: "ValueAndGrad", kJacobian: "ValueAndJacobian", kHessian: "ValueAndHessian",
			kDifferential: "ValueAndDifferential"}[g.kind]
	}
	return name
}

// what is the name of the derivative, for messages.
func (g *gen) what() string {
	return map[kind]string{kGrad: "gradient", kJacobian: "Jacobian", kHessian: "Hessian", kDifferential: "differential"}[g.kind]
}

// derivName is the name of the i-th derivative in the docstring.
func (g *gen) derivName(d *rewrite.Derivation) string {
	switch {
	case g.kind == kGrad:
		return "df/d" + d.Wrt
	case g.kind == kHessian && d.Grad != nil && d.Grad.Wrt != d.Wrt:
		return "d2f/d" + d.Grad.Wrt + "d" + d.Wrt
	case g.kind == kHessian:
		return "d2f/d" + d.Wrt + "2"
	case g.kind == kDifferential:
		return "dY"
	case d.What == rewrite.VecJacobian:
		return "dvec(Y)/dvec(" + d.Wrt + ")"
	}
	return "dy/d" + d.Wrt
}

// layout says what the entries of a derivative are.
func (g *gen) layout(d *rewrite.Derivation) string {
	xs, _ := g.info.Name(d.Wrt)
	shape := d.Shape.String()
	switch {
	case g.kind == kGrad && d.Symmetric:
		return fmt.Sprintf("%s, the shape of %s; %s is symmetric, so this is sym(G) = (G + G')/2, the gradient within the symmetric matrices", shape, d.Wrt, d.Wrt)
	case g.kind == kGrad:
		return fmt.Sprintf("%s, the shape of %s; entry ij is df/d%s_ij", shape, d.Wrt, d.Wrt)
	case g.kind == kHessian && d.Grad != nil && d.Grad.Wrt != d.Wrt:
		return fmt.Sprintf("%s; entry ij is d2f/d%s_i d%s_j", shape, d.Grad.Wrt, d.Wrt)
	case g.kind == kHessian:
		return fmt.Sprintf("%s; entry ij is d2f/dvec(%s)_i dvec(%s)_j", shape, d.Wrt, d.Wrt)
	case g.kind == kDifferential:
		return fmt.Sprintf("%s, the differential of Y at the direction d%s", shape, d.Wrt)
	case d.What == rewrite.VecJacobian:
		return fmt.Sprintf("%s; entry ij is dvec(Y)_i/dvec(%s)_j", shape, d.Wrt)
	case xs.IsScalar():
		return fmt.Sprintf("%s, dY/d%s, the shape of the expression", shape, d.Wrt)
	}
	return fmt.Sprintf("%s; entry ij is dy_i/d%s_j", shape, d.Wrt)
}

// fixShapes lets the shapes of every node of d's result be known: an I
// takes its size from the shape the result must have.
func (g *gen) fixShapes(d *rewrite.Derivation) {
	x := ast.S(d.Wrt)
	target := ast.Expr(x)
	vx := ast.Fn(ast.FnVec, x)
	switch d.What {
	case rewrite.Jacobian:
		if xs, _ := g.info.Name(d.Wrt); xs.IsScalar() {
			target = g.f
		} else {
			target = ast.Mul(g.f, ast.T(x))
		}
	case rewrite.Hessian:
		if d.Grad != nil && d.Grad.Wrt != d.Wrt {
			target = ast.Mul(ast.Fn(ast.FnVec, ast.S(d.Grad.Wrt)), ast.T(vx))
		} else {
			target = ast.Mul(vx, ast.T(vx))
		}
	case rewrite.VecJacobian:
		target = ast.Mul(ast.Fn(ast.FnVec, g.f), ast.T(vx))
	case rewrite.Differential:
		target = g.f
	}
	if !d.Zero {
		g.info.ShapeOf(ast.Frob(d.Result, target))
	}
}

// file writes the whole source file.
func (g *gen) file() string {
	if _, err := g.info.ShapeOf(g.f); err != nil {
		cannot("cannot tell the shape of the expression")
	}
	for _, d := range g.ds {
		g.fixShapes(d)
	}
	g.count(g.f)
	for _, d := range g.ds {
		if !d.Zero {
			g.count(d.Result)
		}
	}
	g.markInverses(g.f, nil)
	for _, d := range g.ds {
		if !d.Zero && !g.o.NoNames {
			g.nameParts(d)
			g.markInverses(d.Result, nil)
		}
	}
	g.needs = needs(g.f, g.info)
	g.bindDims()
	var body []string
	g.cur = &body
	value := g.arr(g.expr(g.f))
	var derivs []string
	for _, d := range g.ds {
		derivs = append(derivs, g.derivative(d))
	}
	switch g.tg {
	case Go:
		return g.goFile(body, value, derivs)
	}
	return g.pyFile(body, value, derivs)
}

// derivative returns the code of d's result, of its stated shape.
func (g *gen) derivative(d *rewrite.Derivation) string {
	rows, cols := g.dim(d.Shape.Rows), g.dim(d.Shape.Cols)
	if d.Zero {
		return expand(funcs()["zeros"][g.tg], nil, rows, cols)
	}
	v := g.expr(d.Result)
	code := g.arr(v)
	if s := g.shape(d.Result); !s.Equal(d.Shape) {
		if !s.IsScalar() {
			cannot("the result has the shape %s, not %s", s, d.Shape)
		}
		code = expand(g.t.ops["fill"], []string{code}, rows, cols)
	}
	return code
}

// bindDims writes the statements that take every dimension from the
// shapes of the inputs and check them.
func (g *gen) bindDims() {
	bound := map[string]bool{}
	g.dimSrc = map[string]string{}
	var binds []string
	bind := func(name, code string, p param) {
		bound[name] = true
		g.dimSrc[name] = g.decl(p)
		if g.tg == Go {
			binds = append(binds, fmt.Sprintf("%s := %s", g.dims[name], code), "_ = "+g.dims[name])
		} else {
			binds = append(binds, fmt.Sprintf("%s = %s", g.dims[name], code))
		}
	}
	// Single names first, then products with one name left open.
	for pass := 0; pass < 2; pass++ {
		for _, p := range g.params {
			for i, d := range []ast.Dim{p.shape.Rows, p.shape.Cols} {
				var open []string
				for _, n := range d.Names {
					if !bound[n] {
						open = append(open, n)
					}
				}
				if len(open) != 1 || (pass == 0 && (d.N != 1 || len(d.Names) != 1)) {
					continue
				}
				times := 0
				for _, n := range d.Names {
					if n == open[0] {
						times++
					}
				}
				if times > 1 {
					continue // n*n: no whole root taken here
				}
				code := fmt.Sprintf("%s.shape[%d]", p.id, i)
				if g.tg == Go {
					code = fmt.Sprintf("mdSide(%s, %q, %d)", p.id, g.decl(p), i)
				}
				rest := ast.Dim{N: d.N}
				for _, n := range d.Names {
					if n != open[0] {
						rest.Names = append(rest.Names, n)
					}
				}
				if !rest.IsOne() {
					code = "(" + code + ") / (" + g.dim(rest) + ")"
					if g.tg != Go {
						code = strings.Replace(code, ") / (", ") // (", 1)
					}
				}
				bind(open[0], code, p)
			}
		}
	}
	// A size no shape fixes (n and p of a: n*p x 1) is a parameter of its
	// own, checked to be a positive whole number; the shapes of the inputs
	// are checked against it below.
	var given []string
	for _, n := range g.dimOrd {
		if bound[n] {
			continue
		}
		g.free = append(g.free, n)
		g.isFree[n] = true
		id := g.dims[n]
		if g.tg == Go {
			given = append(given, fmt.Sprintf("%s = mdSize(%s, %q)", id, id, n))
		} else {
			given = append(given, fmt.Sprintf("%s = _size(%s, %q)", id, id, n))
		}
	}
	g.binds = append(given, binds...)
}

// sizesDoc describes the sizes that are parameters, for the docstring.
func (g *gen) sizesDoc() []string {
	if len(g.free) == 0 {
		return nil
	}
	how := "keyword arguments"
	if g.tg == Go {
		how = "int arguments after the inputs"
	}
	sizes := "The sizes " + strings.Join(g.free, ", ") + " are "
	if len(g.free) == 1 {
		sizes = "The size " + g.free[0] + " is "
		how = map[bool]string{false: "a keyword argument", true: "an int argument after the inputs"}[g.tg == Go]
	}
	return []string{sizes + how + " (positive whole numbers): the shapes",
		"of the inputs do not fix them, and the inputs are checked against them."}
}

// note says where the sizes in the shape of p come from, when they come
// from other inputs: " (n from A: m x n)".
func (g *gen) note(p param) string {
	var parts, given []string
	seen := map[string]bool{}
	for _, n := range append(append([]string(nil), p.shape.Rows.Names...), p.shape.Cols.Names...) {
		if seen[n] {
			continue
		}
		seen[n] = true
		if g.isFree[n] {
			given = append(given, n)
		} else if src := g.dimSrc[n]; src != g.decl(p) {
			parts = append(parts, n+" from "+src)
		}
	}
	if len(given) > 0 {
		parts = append(parts, strings.Join(given, ", ")+" as given")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// decl is the declaration of p, as in the where clause.
func (g *gen) decl(p param) string {
	s := p.shape.Rows.String() + " x " + p.shape.Cols.String()
	if p.shape.IsScalar() {
		s = "scalar"
	}
	if p.sym {
		s = "symmetric " + s
	}
	return p.name + ": " + s
}

// wrtInfo describes the derivatives for the checks.
type wrtInfo struct {
	what, wrt, by, dir string
	sym, symBy, scalar bool
}

func (g *gen) wrts() []wrtInfo {
	var out []wrtInfo
	for _, d := range g.ds {
		w := wrtInfo{what: g.what(), wrt: d.Wrt, by: d.Wrt}
		if d.Grad != nil && d.Grad.Wrt != d.Wrt {
			w.wrt = d.Grad.Wrt
		}
		w.sym, w.symBy = g.info.Symmetric(w.wrt), g.info.Symmetric(w.by)
		if xs, _ := g.info.Name(d.Wrt); xs.IsScalar() && g.kind == kJacobian {
			w.scalar = true
		}
		for _, p := range g.params {
			if p.dir && p.of == d.Wrt {
				w.dir = p.name
			}
		}
		out = append(out, w)
	}
	return out
}

func (g *gen) needOf(name string) string {
	n := g.needs[name]
	switch {
	case n.inv:
		return "inv"
	case n.pos:
		return "pos"
	case n.small:
		return "small"
	}
	return ""
}

// docLines is the description of the function.
func (g *gen) docLines() []string {
	in, _, _ := strings.Cut(g.o.Input, " where ")
	if strings.TrimSpace(in) == "" {
		in = ast.Text(g.f)
	}
	lines := []string{"The value and the " + g.what() + " of", "", "    " + in, ""}
	var decls []string
	for _, p := range g.params {
		decls = append(decls, g.decl(p))
	}
	inputs := "A scalar may be a float or a 1 x 1 array; a vector is n x 1."
	if g.tg == Go {
		inputs = "A scalar is a float64; a vector is an n x 1 matrix."
	}
	lines = append(lines, "where "+strings.Join(decls, ", ")+".", inputs)
	lines = append(append(lines, g.sizesDoc()...), "")
	vs := g.shape(g.f)
	valueDesc := "the value, " + vs.String()
	if vs.IsScalar() {
		valueDesc = "the value, a scalar"
	}
	ret := []string{valueDesc}
	for _, d := range g.ds {
		ret = append(ret, g.derivName(d)+": "+g.layout(d))
		if !d.Zero {
			ret[len(ret)-1] += " = " + ast.Text(d.Result)
		} else {
			ret[len(ret)-1] += " = 0"
		}
	}
	lines = append(lines, "Returns:")
	for _, r := range ret {
		lines = append(lines, "    "+r)
	}
	return append(lines, "", "An input that does not have its declared shape is an error that names the declaration.")
}

func (g *gen) pyFile(body []string, value string, derivs []string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	comment(&b, "# ", g.o.Header)
	rt := numpyRuntime
	if g.tg == Torch {
		rt = torchRuntime
	}
	w("# Exported by matdiff (%s): the value and the %s, and check_gradient.\n\n", g.tg, g.what())
	w("%s%s\n\n", rt, pyCheckRuntime)
	// The signature.
	var args []string
	var kw []param
	for _, p := range g.params {
		if g.t.reserved[p.name] {
			kw = append(kw, p)
			continue
		}
		args = append(args, p.id)
	}
	// The sizes that are arguments are keyword-only (a Python keyword
	// among them comes from **_kwargs).
	var sizeArgs, kwSizes []string
	for _, n := range g.free {
		if g.t.reserved[n] {
			kwSizes = append(kwSizes, n)
		} else {
			sizeArgs = append(sizeArgs, g.dims[n])
		}
	}
	if len(sizeArgs) > 0 {
		args = append(append(args, "*"), sizeArgs...)
	}
	if len(kw) > 0 || len(kwSizes) > 0 {
		args = append(args, "**_kwargs")
	}
	w("def %s(%s):\n", g.funcName(), strings.Join(args, ", "))
	w("    \"\"\"")
	for i, l := range g.docLines() {
		if i > 0 && l != "" {
			w("    ")
		}
		w("%s\n", strings.ReplaceAll(l, `\`, `\\`))
	}
	w("    \"\"\"\n")
	for _, p := range kw {
		w("    if %q not in _kwargs:\n        raise TypeError(\"missing argument %s\")\n", p.name, p.name)
		w("    %s = _kwargs[%q]\n", p.id, p.name)
	}
	for _, n := range kwSizes {
		w("    if %q not in _kwargs:\n        raise TypeError(\"missing argument %s\")\n", n, n)
		w("    %s = _kwargs[%q]\n", g.dims[n], n)
	}
	first := ""
	for _, p := range g.params {
		if g.tg == Torch {
			dev := "None"
			if first != "" {
				dev = first + ".device"
			}
			w("    %s = _in(%s, %q, %s)\n", p.id, p.id, g.decl(p), py(p.shape.IsColumn())+", device="+dev)
			if first == "" {
				first = p.id
			}
			continue
		}
		w("    %s = _in(%s, %q, %s)\n", p.id, p.id, g.decl(p), py(p.shape.IsColumn()))
	}
	if g.tg == Torch {
		w("    _dev = %s.device\n", first)
	}
	for _, l := range g.binds {
		w("    %s\n", l)
	}
	for _, p := range g.params {
		w("    _check_shape(%s, %s, %s, %q, %q)\n", p.id, g.dim(p.shape.Rows), g.dim(p.shape.Cols), g.decl(p), g.note(p))
		if p.sym {
			w("    _check_symmetric(%s, %q)\n", p.id, g.decl(p))
		}
	}
	for _, l := range body {
		w("    %s\n", l)
	}
	out := []string{value}
	if g.shape(g.f).IsScalar() {
		out[0] = "_scalar(" + strip(out[0]) + ")"
	}
	out = append(out, derivs...)
	w("    return %s\n\n\n", strings.Join(stripAll(out), ", "))

	// Random inputs and the check.
	w("def _random_inputs(rng):\n")
	if len(g.dimOrd) > 0 {
		var ids []string
		for _, n := range g.dimOrd {
			ids = append(ids, g.dims[n])
		}
		w("    %s, = _sizes(rng, %d)\n", strings.Join(ids, ", "), len(ids))
	}
	w("    return {\n")
	for _, p := range g.params {
		if p.dir {
			continue
		}
		w("        %q: _random(rng, %s, %s, %q, %s),\n", p.name, g.dim(p.shape.Rows), g.dim(p.shape.Cols), g.needOf(p.name), py(p.sym))
	}
	for _, n := range g.free {
		w("        %q: %s,\n", n, g.dims[n])
	}
	w("    }\n\n\n")
	var sizes []string
	for _, n := range g.free {
		sizes = append(sizes, strconv.Quote(n))
	}
	if len(sizes) == 1 {
		sizes[0] += ","
	}
	w("_SIZES = (%s)\n", strings.Join(sizes, ", "))
	w("_DERIVATIVES = [\n")
	for _, d := range g.wrts() {
		w("    {\"what\": %q, \"wrt\": %q, \"by\": %q, \"dir\": %q, \"sym\": %s, \"sym_by\": %s, \"scalar_by\": %s},\n",
			d.what, d.wrt, d.by, d.dir, py(d.sym), py(d.symBy), py(d.scalar))
	}
	w("]\n_DIRECTIONS = {")
	var dirs []string
	for _, p := range g.params {
		if p.dir {
			dirs = append(dirs, fmt.Sprintf("%q: %q", p.name, p.of))
		}
	}
	w("%s}\n\n\n", strings.Join(dirs, ", "))
	kindName := map[kind]string{kGrad: "grad", kJacobian: "jacobian", kHessian: "hessian", kDifferential: "differential"}[g.kind]
	w("def check_gradient(values=None, seed=0, tol=None):\n")
	w("    \"\"\"Compare %s with central finite differences along random directions,\n", g.funcName())
	if len(g.free) > 0 {
		w("    at values (a dict of the inputs by name, with the sizes %s) or at random\n", strings.Join(g.free, ", "))
		w("    inputs of random small sizes drawn with seed.\n")
	} else {
		w("    at values (a dict of the inputs by name) or at random inputs drawn with seed.\n")
	}
	w("    Returns the largest relative error; raises AssertionError when it is above tol\n")
	w("    (default 1e-6, for a Hessian 1e-4).\n    \"\"\"\n")
	w("    rng = _rng(seed)\n    if values is None:\n        values = _draw(%s, _random_inputs, _DIRECTIONS, rng)\n", g.funcName())
	w("    return _check(%s, %q, _DERIVATIVES, _DIRECTIONS, _SIZES, values, rng, tol)\n\n\n", g.funcName(), kindName)
	w("if __name__ == \"__main__\":\n    print(\"largest relative error against central differences: %%.3g\" %% check_gradient())\n")
	return b.String()
}

func py(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func stripAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strip(x)
	}
	return out
}

// comment writes text as comment lines.
func comment(b *strings.Builder, prefix, text string) {
	if text == "" {
		return
	}
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString(strings.TrimRight(prefix+l, " ") + "\n")
	}
	b.WriteString("\n")
}

func (g *gen) goFile(body []string, value string, derivs []string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	comment(&b, "// ", g.o.Header)
	if !g.o.NoRuntime {
		w("// Exported by matdiff (go): the value and the %s, and CheckGradient.\n", g.what())
		w("%s\n", goPrelude(g.o.Package))
	}
	name := g.funcName()
	scalarValue := g.shape(g.f).IsScalar()
	var args []string
	for _, p := range g.params {
		typ := "*mat.Dense"
		if p.shape.IsScalar() && !p.dir {
			typ = "float64"
		}
		args = append(args, p.arg+" "+typ)
	}
	for _, n := range g.free {
		args = append(args, g.dims[n]+" int")
	}
	vt := "*mat.Dense"
	if scalarValue {
		vt = "float64"
	}
	var rets []string
	rets = append(rets, "_value "+vt)
	for i := range g.ds {
		rets = append(rets, fmt.Sprintf("_d%d *mat.Dense", i+1))
	}
	rets = append(rets, "_err error")
	for i, l := range g.docLines() {
		if i == 0 {
			l = name + " returns t" + strings.TrimPrefix(l, "T")
		}
		w("%s\n", strings.TrimRight("// "+l, " "))
	}
	w("func %s(%s) (%s) {\n", name, strings.Join(args, ", "), strings.Join(rets, ", "))
	w("\tdefer mdRecover(&_err)\n")
	for _, p := range g.params {
		if p.shape.IsScalar() && !p.dir {
			w("\t%s := mdC(%s)\n", p.id, p.arg)
		}
	}
	for _, l := range g.binds {
		w("\t%s\n", l)
	}
	for _, p := range g.params {
		w("\tmdCheck(%s, %s, %s, %q, %q)\n", p.id, g.dim(p.shape.Rows), g.dim(p.shape.Cols), g.decl(p), g.note(p))
		if p.sym {
			w("\tmdCheckSym(%s, %q)\n", p.id, g.decl(p))
		}
	}
	for _, l := range body {
		w("\t%s\n", l)
	}
	v := strip(value)
	if scalarValue {
		v = "mdScalar(" + v + ")"
	}
	w("\treturn %s, %s, nil\n}\n\n", v, strings.Join(stripAll(derivs), ", "))

	// The map form, random inputs and the check.
	if len(g.free) > 0 {
		w("// %sCall calls %s with the inputs by name; the sizes %s are 1 x 1 entries.\n", lowerFirst(name), name, strings.Join(g.free, ", "))
	} else {
		w("// %sCall calls %s with the inputs by name.\n", lowerFirst(name), name)
	}
	w("func %sCall(vals map[string]*mat.Dense) (_ *mat.Dense, _ []*mat.Dense, _err error) {\n", lowerFirst(name))
	w("\tdefer mdRecover(&_err)\n")
	var call []string
	for _, p := range g.params {
		a := fmt.Sprintf("vals[%q]", p.name)
		if p.shape.IsScalar() && !p.dir {
			a = fmt.Sprintf("mdScalarIn(vals, %q)", p.name)
		}
		call = append(call, a)
	}
	for _, n := range g.free {
		call = append(call, fmt.Sprintf("mdSizeIn(vals, %q)", n))
	}
	var outs []string
	for i := range g.ds {
		outs = append(outs, fmt.Sprintf("d%d", i+1))
	}
	w("\tvalue, %s, err := %s(%s)\n", strings.Join(outs, ", "), name, strings.Join(call, ", "))
	vv := "value"
	if scalarValue {
		vv = "mdC(value)"
	}
	w("\treturn %s, []*mat.Dense{%s}, err\n}\n\n", vv, strings.Join(outs, ", "))

	w("// %sRandomInputs draws random inputs that fit the expression.\n", g.o.Prefix)
	w("func %sRandomInputs(rng *rand.Rand) map[string]*mat.Dense {\n", g.o.Prefix)
	if len(g.dimOrd) > 0 {
		w("\tsizes := mdSizes(rng, %d)\n", len(g.dimOrd))
	}
	for i, n := range g.dimOrd {
		w("\t%s := sizes[%d]\n", g.dims[n], i)
	}
	w("\treturn map[string]*mat.Dense{\n")
	for _, p := range g.params {
		if !p.dir {
			w("\t\t%q: mdRandom(rng, %s, %s, %q, %v),\n", p.name, g.dim(p.shape.Rows), g.dim(p.shape.Cols), g.needOf(p.name), p.sym)
		}
	}
	for _, n := range g.free {
		w("\t\t%q: mdC(float64(%s)),\n", n, g.dims[n])
	}
	w("\t}\n}\n\n")
	kindName := map[kind]string{kGrad: "grad", kJacobian: "jacobian", kHessian: "hessian", kDifferential: "differential"}[g.kind]
	w("// %sCheckGradient compares %s with central finite differences along\n", g.o.Prefix, name)
	w("// random directions, at vals (the inputs by name; nil for random ones drawn\n")
	w("// with seed), and returns the largest relative error; the error says which\n")
	w("// derivative is off when that is above tol (0 for 1e-6, for a Hessian 1e-4).\n")
	if len(g.free) > 0 {
		w("// The sizes %s are 1 x 1 entries of vals; random inputs have random small sizes.\n", strings.Join(g.free, ", "))
	}
	w("func %sCheckGradient(vals map[string]*mat.Dense, seed uint64, tol float64) (worst float64, err error) {\n", g.o.Prefix)
	w("\tdefer mdRecover(&err)\n")
	w("\trng := rand.New(rand.NewPCG(seed, 0x6d617464696666))\n")
	w("\tds := []mdDerivative{\n")
	for _, d := range g.wrts() {
		w("\t\t{what: %q, wrt: %q, by: %q, dir: %q, sym: %v, symBy: %v, scalarBy: %v},\n", d.what, d.wrt, d.by, d.dir, d.sym, d.symBy, d.scalar)
	}
	w("\t}\n")
	w("\tif vals == nil {\n\t\tvals = mdDraw(%sCall, %sRandomInputs, ds, rng)\n\t}\n", lowerFirst(name), g.o.Prefix)
	w("\treturn mdCheckAll(%sCall, %q, ds, vals, rng, tol)\n}\n", lowerFirst(name), kindName)
	if !g.o.NoRuntime && (g.o.Package == "" || g.o.Package == "main") {
		w("\nfunc main() {\n\tworst, err := %sCheckGradient(nil, 1, 0)\n", g.o.Prefix)
		w("\tif err != nil {\n\t\tfmt.Println(err)\n\t\treturn\n\t}\n")
		w("\tfmt.Printf(\"largest relative error against central differences: %%.3g\\n\", worst)\n}\n")
	}
	return b.String()
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// need is what the random value of a name must satisfy for the check.
type need struct{ inv, pos, small bool }

// needs looks at e the way matdiff's instance generator does, in brief:
// names under an inverse, det or logdet need an invertible value; under
// log, sqrt, a divisor or a fractional power, positive entries; under
// arcsin and arccos, small ones.
func needs(e ast.Expr, info *ast.Info) map[string]need {
	out := map[string]need{}
	var walk func(x ast.Expr, ctx need)
	walk = func(x ast.Expr, ctx need) {
		switch x := x.(type) {
		case *ast.Sym:
			n := out[x.Name]
			out[x.Name] = need{n.inv || ctx.inv, n.pos || ctx.pos, n.small || ctx.small}
		case *ast.Unary:
			switch x.Op {
			case ast.OpInverse:
				walk(x.X, need{inv: true})
			case ast.OpNeg:
				walk(x.X, need{inv: ctx.inv, small: ctx.small})
			default:
				walk(x.X, ctx)
			}
		case *ast.Binary:
			switch x.Op {
			case ast.OpAdd:
				walk(x.X, ctx)
				walk(x.Y, ctx)
			case ast.OpMul:
				walk(x.X, need{inv: ctx.inv, pos: ctx.pos})
				walk(x.Y, need{inv: ctx.inv, pos: ctx.pos})
			case ast.OpDiv, ast.OpHDiv:
				walk(x.X, need{pos: ctx.pos})
				walk(x.Y, need{pos: true})
			case ast.OpPow, ast.OpEPow:
				n, ok := x.Y.(*ast.Num)
				frac := !ok || n.Val < 0 || n.Val != float64(int(n.Val))
				s, _ := info.ShapeOf(x.X)
				if x.Op == ast.OpPow && !s.IsScalar() {
					walk(x.X, need{inv: ctx.inv || frac, pos: ctx.pos})
				} else {
					walk(x.X, need{pos: ctx.pos || frac})
				}
			case ast.OpHad, ast.OpFrob:
				walk(x.X, need{pos: ctx.pos})
				walk(x.Y, need{pos: ctx.pos})
			default:
				walk(x.X, need{})
				walk(x.Y, need{})
			}
		case *ast.Call:
			var sub need
			switch x.Fun.String() {
			case "det", "logdet":
				sub = need{inv: true}
			case "tr", "sum", "diag", "vec", "kron":
				sub = ctx
			case "log", "sqrt":
				sub = need{pos: true}
			case "arcsin", "arccos":
				sub = need{small: true}
			}
			for _, a := range x.Args {
				walk(a, sub)
			}
		}
	}
	walk(e, need{})
	return out
}
