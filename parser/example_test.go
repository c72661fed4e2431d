package parser_test

import (
	"fmt"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

func ExampleParse() {
	e, decls, err := parser.Parse("(A (B (X C) .* D) .* E) F   where A: 1 x a, X: b x 1, D: b x e")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ast.Text(e))
	for _, d := range decls {
		fmt.Printf("%s: %s at %s\n", d.Name, d.Shape, d.At)
	}
	// Output:
	// A ((B ((X C) .* D)) .* E) F
	// A: 1 x a at 1:35
	// X: b x 1 at 1:45
	// D: b x e at 1:55
}

func ExampleParse_error() {
	_, _, err := parser.Parse("A(B(X C) .* D) .* E) F")
	fmt.Print(err.(*ast.Error).Pretty())
	// Output:
	// 1:20: unmatched ')': no '(' opens it
	//   | A(B(X C) .* D) .* E) F
	//   |                    ^
	// hint: remove it, or add the '(' it closes
}

func ExampleParsePattern() {
	e, _ := parser.ParsePattern("d(?A ?B)")
	fmt.Println(ast.Text(e))
	// Output:
	// d(?A ?B)
}
