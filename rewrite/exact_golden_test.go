package rewrite_test

import (
	"regexp"
	"testing"

	"github.com/matdiff/matdiff/internal/golden"
)

// decimalNumber is a number with a decimal point or an exponent, as the
// text format prints a decimal (0.5, 1e-08), not inside a name (x_0.5
// cannot occur: names have no point).
var decimalNumber = regexp.MustCompile(`(^|[^A-Za-z0-9_.])([0-9]+\.[0-9]+|[0-9]+e[-+]?[0-9]+)`)

// TestGoldenExact: numbers are exact while they can be (LANGUAGE.md): a
// derivation whose input has no decimal shows none, in any step.
func TestGoldenExact(t *testing.T) {
	files, err := golden.Files("testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		cs, err := golden.Read(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if decimalNumber.MatchString(c.Input) {
				continue
			}
			n++
			if m := decimalNumber.FindString(c.Want); m != "" {
				t.Errorf("%s: %s has no decimal, but its derivation shows %q:\n%s", c.Where(), c.Input, m, c.Want)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d golden derivations without a decimal", n)
	}
}
