package codegen_test

import (
	"strings"
	"testing"

	"github.com/matdiff/matdiff/codegen"
)

// An exact fraction of the derivation goes into the code as its value: 1/2
// as 0.5 (never 1/2, which is 0 in Go's integer division), 1/3 as the
// float nearest to it. (Comments show the derivation, with its 1/2.)
func TestFractionValues(t *testing.T) {
	const in = "x' A x / 2 + a' x / 3 where x: n x 1, A: n x n, a: n x 1"
	code := func(src, comment string) string {
		var lines []string
		for _, l := range strings.Split(src, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), comment) {
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, "\n")
	}
	src := source(t, in, "x", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "df/dx_ij = 1/2 (A + A') x + 1/3 a", "((0.5 * (A + A.T)) @ x) + (0.3333333333333333 * a)")
	wantNot(t, code(src, "df/dx"), "1/2", "1/3")
	gsrc := source(t, in, "x", codegen.Options{Target: codegen.Go})
	wantIn(t, gsrc, "mdHad(mdC(0.5), mdAdd(A, mdT(A)))", "mdHad(mdC(0.3333333333333333), a)")
	wantNot(t, code(gsrc, "//"), "1/2", "1/3")
}
