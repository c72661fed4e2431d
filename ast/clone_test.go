package ast

import "testing"

// Clone gives a copy whose ShapeOf leaves the original alone.
func TestInfoClone(t *testing.T) {
	x := S("x")
	f := Mul(T(x), x)
	info, err := Check(f, Decls{{Name: "x", Shape: Shape{Rows: Named("n"), Cols: Known(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	c := info.Clone()
	g := Mul(N(2), x)
	if s, err := c.ShapeOf(g); err != nil || s.String() != "n x 1" {
		t.Fatalf("clone: %v %v", s, err)
	}
	if _, ok := info.shapes[g]; ok {
		t.Error("ShapeOf on the clone recorded a shape in the original")
	}
	if _, ok := c.shapes[g]; !ok {
		t.Error("ShapeOf on the clone recorded nothing")
	}
	if s, ok := c.Name("x"); !ok || s.String() != "n x 1" || len(c.Decls()) != 1 {
		t.Errorf("clone lost x: %v %v", s, c.Decls())
	}
}

// A clone of an Info that knows more than copyMax shapes reads them
// through from it instead of copying them, and a clone of that clone too;
// what each clone learns stays its own.
func TestInfoCloneReadsThrough(t *testing.T) {
	x := S("x")
	info, err := Check(Mul(T(x), x), Decls{{Name: "x", Shape: Shape{Rows: Named("n"), Cols: Known(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	var terms []Expr
	for i := 0; i <= copyMax; i++ {
		terms = append(terms, Mul(N(float64(i+1)), x))
		info.Shape(terms[i])
	}
	c := info.Clone()
	if len(c.shapes) != 0 || len(c.bases) != 1 {
		t.Fatalf("the clone copied %d shapes and reads through %d Infos", len(c.shapes), len(c.bases))
	}
	g := Add(terms[0], terms[1])
	if s, err := c.ShapeOf(g); err != nil || s.String() != "n x 1" {
		t.Fatalf("clone: %v %v", s, err)
	}
	if info.Cached(g) || !c.Cached(g) || c.Cached(terms[0]) {
		t.Error("the clone's shapes are not its own")
	}
	cc := c.Clone() // a clone of a clone that reads through reads through both
	if len(cc.bases) != 2 || cc.Cached(g) {
		t.Fatalf("the clone of the clone reads through %d Infos, has g of its own: %v", len(cc.bases), cc.Cached(g))
	}
	if s, err := cc.ShapeOf(g); err != nil || s.String() != "n x 1" || cc.Cached(g) {
		t.Fatalf("the clone of the clone: %v %v", s, err)
	}
	h := Sub(terms[2], g)
	if s, err := cc.ShapeOf(h); err != nil || s.String() != "n x 1" || c.Cached(h) || info.Cached(h) {
		t.Errorf("the clone of the clone: %v %v", s, err)
	}
	later := Mul(N(-1), x)
	info.Shape(later) // learnt by the base after the clone: the clone knows it too
	if s, ok := c.known(later); !ok || s.String() != "n x 1" {
		t.Errorf("the clone does not read through: %v %v", s, ok)
	}
}

// ShapeOf works out a node whose operands it knows (quickShape) as the
// checker does: every operator on every pair of operands of a few shapes
// gives the shape, or the error, that the checker gives (run on the node
// alone, with nothing known).
func TestQuickShape(t *testing.T) {
	n, m := Named("n"), Named("m")
	decls := Decls{
		{Name: "s", Shape: Scalar},
		{Name: "x", Shape: Shape{n, Known(1)}},
		{Name: "A", Shape: Shape{n, n}},
		{Name: "B", Shape: Shape{n, m}},
		{Name: "C", Shape: Shape{m, n}},
		{Name: "P", Shape: Shape{n.Times(m), Known(1)}},
		{Name: "Q", Shape: Shape{m.Times(n), m.Times(n)}},
	}
	var operands []Expr
	for _, d := range decls {
		operands = append(operands, S(d.Name))
	}
	operands = append(operands, N(2), S("pi"), S("n"), T(S("B")), Mul(S("A"), S("B")))
	var nodes []Expr
	for _, x := range operands {
		for _, op := range []Op{OpNeg, OpTranspose, OpInverse, OpDiff} {
			nodes = append(nodes, Un(op, x))
		}
		for f := FnInvalid + 1; f < numFuncs; f++ {
			if f.Info().Arity == 1 {
				nodes = append(nodes, Fn(f, x))
			}
		}
		nodes = append(nodes, &Call{Fun: FnNorm, Args: []Expr{x}, Spectral: true})
		for _, y := range operands {
			nodes = append(nodes, Fn(FnKron, x, y))
			for op := OpFrob; op < numOps; op++ {
				if op != OpNeg && op != OpTranspose && op != OpInverse && op != OpDiff && op != OpPow {
					nodes = append(nodes, Bin(op, x, y))
				}
			}
		}
	}
	// New nodes over new nodes, a few levels deep, and deeper than
	// quickShape goes.
	deep := Expr(S("x"))
	for i := 0; i < quickDepth+3; i++ {
		deep = Add(Mul(S("A"), deep), Fn(FnExp, deep))
		nodes = append(nodes, deep, Fn(FnSum, deep), Mul(T(deep), Fn(FnVec, Mul(deep, T(deep)))),
			Fn(FnTr, Mul(deep, T(S("x")))), Mul(T(deep), Fn(FnDiagM, deep)), Fn(FnTr, Mul(deep, T(S("P")))))
	}
	whole := operands[0]
	for _, x := range operands[1:] {
		whole = Add(Frob(whole, whole), Frob(x, x))
	}
	for _, e := range nodes {
		info, err := Check(whole, decls) // knows every operand
		if err != nil {
			t.Fatal(err)
		}
		quick, qerr := info.ShapeOf(e)
		alone, err := Check(e, decls)
		switch {
		case (qerr == nil) != (err == nil):
			t.Errorf("%s: ShapeOf %v %v, the checker %v", Text(e), quick, qerr, err)
		case err == nil && !quick.Equal(alone.Shape(e)):
			t.Errorf("%s: ShapeOf %v, the checker %v", Text(e), quick, alone.Shape(e))
		case err != nil && qerr.Error() != err.Error():
			t.Errorf("%s: ShapeOf says %v, the checker %v", Text(e), qerr, err)
		}
		if err != nil {
			continue
		}
		// Every node whose shape ShapeOf kept has the checker's.
		Inspect(e, func(x Expr) bool {
			if info.Cached(x) && !info.Shape(x).Equal(alone.Shape(x)) {
				t.Errorf("%s in %s: ShapeOf kept %v, the checker %v", Text(x), Text(e), info.Shape(x), alone.Shape(x))
			}
			return true
		})
	}
}
