package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	md "github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/diagnose"
	"github.com/matdiff/matdiff/numeric"
)

// checkCmd verifies a gradient numerically.
//
// The report goes to stdout whether the check passes (exit 0) or fails
// (exit 1); errors in the input go to stderr (exit 2).
type checkCmd struct {
	exprArgs
	Wrt     []string `required:"" placeholder:"X"`
	Against string   `placeholder:"GRADIENT"`
	Seeds   int      `default:"5"`
	Seed    int64    `default:"1"`
	Dims    string   `placeholder:"a=3,b=4"`
	Hessian bool
}

// Help is the long help of check.
func (c *checkCmd) Help() string {
	return `Compares the gradient with central finite differences on random instances
(sizes from 2..5 unless --dims fixes them; values that keep the expression defined).
The relative error of an entry is |numeric - symbolic| / max(1, largest numeric entry);
the check passes when it stays below 1e-05 everywhere. An instance where the expression
or the gradient is undefined is passed over for the next seed (20 tries at most, or 4
times --seeds); a check that finite differences would make too costly (they evaluate
the expression 4 times per entry of the variable, 8 per pair for a Hessian) is refused
before it starts.

The report (stdout): the gradient checked, one line per instance with its sizes and
error, then OK, or FAIL with the worst entry. With --against and a mismatch, what is
wrong with the candidate (transposed, a constant factor off, right only for a symmetric
matrix) and matdiff's own gradient. -q prints "OK 3.2e-11" or "FAIL 0.84" alone.
Exit status: 0 OK, 1 FAIL, 2 bad input (also: no random instance in the domain),
4 beyond reach (a check too costly, values that overflow).

Example:
  matdiff check --wrt x "x' A x where x: n x 1, A: symmetric n x n" --against "2 A x"`
}

func (c *checkCmd) run(e *env, out io.Writer) error {
	f, info, err := c.load(e, true)
	if err != nil {
		return err
	}
	dims, err := parseDims(c.Dims, info)
	if err != nil {
		return err
	}
	if c.Seeds < 1 {
		return &ast.Error{Msg: fmt.Sprintf("--seeds must be at least 1, not %d", c.Seeds)}
	}
	cx, eng := c.context(), md.Engine().WithLimits(c.limits())
	outcomes, err := diagnose.Check(eng, f, info, c.Expr, c.Wrt, diagnose.Options{
		Candidate: c.Against, Seeds: c.Seeds, Seed: c.Seed, Dims: dims, Hessian: c.Hessian, Context: cx, Budget: c.budget})
	if err != nil {
		return err
	}

	ok := true
	worst := 0.0
	for _, o := range outcomes {
		ok = ok && o.OK
		if w := o.MaxErr(); w > worst || math.IsNaN(w) {
			worst = w
		}
	}
	var buf bytes.Buffer
	switch {
	case c.Format == "json":
		err = c.writeJSON(&buf, outcomes, ok, worst)
	case c.Q:
		word := "OK"
		if !ok {
			word = "FAIL"
		}
		fmt.Fprintf(&buf, "%s %s\n", word, err2(worst))
	default:
		for i, o := range outcomes {
			if i > 0 {
				buf.WriteByte('\n')
			}
			c.writeText(&buf, o, len(outcomes) > 1)
		}
	}
	if err != nil {
		return err
	}
	if !ok {
		// The report of a failed check is the command's output too.
		e.stdout.Write(buf.Bytes())
		return errCheckFailed
	}
	_, err = out.Write(buf.Bytes())
	return err
}

// err2 prints a relative error with two significant digits.
func err2(x float64) string {
	return strconv.FormatFloat(x, 'g', 2, 64)
}

func (c *checkCmd) writeText(w io.Writer, o *diagnose.Outcome, several bool) {
	p := func(x ast.Expr) string { return ast.Print(x, c.format()) }
	what := o.What
	if o.Candidate {
		what = "candidate"
	}
	if several {
		what += " with respect to " + o.Wrt
	}
	fmt.Fprintf(w, "%s: %s\n", what, p(o.Grad))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range o.Runs {
		sz := diagnose.Sizes(r.Inst)
		if sz != "" {
			sz = "sizes: " + sz
		}
		fmt.Fprintf(tw, "seed %d\t%s\trelative error %s\n", r.Seed, sz, err2(r.Res.MaxRelErr))
	}
	tw.Flush()
	n := fmt.Sprintf("%d instance", len(o.Runs))
	if len(o.Runs) > 1 {
		n += "s"
	}
	if o.OK {
		fmt.Fprintf(w, "OK: largest relative error %s (%s, tolerance %g)\n", err2(o.MaxErr()), n, numeric.Tol)
		if !(o.MaxErr() < numeric.Tol) {
			fmt.Fprintln(w, "(above the tolerance only where the finite differences themselves are uncertain: a kink, or rounding of large values)")
		}
		return
	}
	r := o.Runs[o.Worst]
	fmt.Fprintf(w, "FAIL: largest relative error %s (tolerance %g)\n", err2(o.MaxErr()), numeric.Tol)
	who := "matdiff"
	if o.Candidate {
		who = "candidate"
	}
	fmt.Fprintf(w, "worst entry: %s%s at seed %d: numeric %s, %s %s\n", o.Wrt, entry(r.Res), r.Seed,
		num6(r.Res.Numeric.At(r.Res.Row, r.Res.Col)), who, num6(r.Res.Symbolic.At(r.Res.Row, r.Res.Col)))
	for _, d := range o.Diagnosis {
		fmt.Fprintln(w, d)
	}
	if o.Candidate {
		if o.Own != nil {
			fmt.Fprintf(w, "matdiff's gradient: %s\n", p(o.Own))
			if !o.OwnOK {
				fmt.Fprintln(w, "(it fails this check too: please report this, with the command line)")
			}
		} else {
			fmt.Fprintf(w, "matdiff has no gradient to offer: %s\n", o.OwnErr)
		}
	} else {
		fmt.Fprintln(w, "this is a bug in matdiff: please report it, with the command line")
	}
}

// entry prints the 1-based place of the worst entry: "(2,1)", or "" for a
// scalar variable.
func entry(res numeric.Result) string {
	r, c := res.Numeric.Dims()
	if r == 1 && c == 1 {
		return ""
	}
	return fmt.Sprintf("(%d,%d)", res.Row+1, res.Col+1)
}

// jnum is x for JSON: null when it is not finite.
func jnum(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func (c *checkCmd) writeJSON(w io.Writer, outcomes []*diagnose.Outcome, ok bool, worst float64) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if c.Q {
		return enc.Encode(map[string]any{"ok": ok, "max_rel_err": jnum(worst)})
	}
	enc.SetIndent("", "  ")
	var checks []map[string]any
	for _, o := range outcomes {
		var runs []map[string]any
		for _, r := range o.Runs {
			runs = append(runs, map[string]any{
				"seed":    r.Seed,
				"sizes":   r.Inst.Dims,
				"rel_err": jnum(r.Res.MaxRelErr),
				"worst": map[string]any{
					"row": r.Res.Row + 1, "col": r.Res.Col + 1,
					"numeric":  jnum(r.Res.Numeric.At(r.Res.Row, r.Res.Col)),
					"symbolic": jnum(r.Res.Symbolic.At(r.Res.Row, r.Res.Col)),
				},
			})
		}
		source := "matdiff"
		if o.Candidate {
			source = "candidate"
		}
		m := map[string]any{
			"wrt": o.Wrt, "gradient": ast.Text(o.Grad), "source": source,
			"ok": o.OK, "max_rel_err": jnum(o.MaxErr()), "instances": runs,
		}
		if o.Candidate {
			m["diagnosis"] = append([]string{}, o.Diagnosis...)
			if o.Own != nil {
				m["matdiff_gradient"] = ast.Text(o.Own)
			} else {
				m["matdiff_gradient"] = nil
				m["matdiff_error"] = o.OwnErr
			}
		}
		checks = append(checks, m)
	}
	return enc.Encode(map[string]any{
		"input": c.Expr, "ok": ok, "max_rel_err": jnum(worst), "tolerance": numeric.Tol, "checks": checks,
	})
}
