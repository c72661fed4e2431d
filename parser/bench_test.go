package parser_test

import (
	"strings"
	"testing"

	"github.com/matdiff/matdiff/parser"
)

const workedExample = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

func BenchmarkParseWorked(b *testing.B) {
	for b.Loop() {
		if _, _, err := parser.Parse(workedExample); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseGreek: names in Greek go through the lookalike check.
func BenchmarkParseGreek(b *testing.B) {
	const in = "σ (x - μ)' Σ (x - μ) + λ_1 sum(θ) where μ: n x 1; σ: scalar; Σ: symmetric n x n"
	for b.Loop() {
		if _, _, err := parser.Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseDeep: inputs one level deeper than parser.MaxDepth are refused.
func BenchmarkParseDeep(b *testing.B) {
	for _, tt := range deepInputs(parser.MaxDepth + 1) {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				parser.Parse(tt.in)
			}
		})
	}
}

// BenchmarkParseLong: 30000 terms without nesting, and the longest input
// of one name.
func BenchmarkParseLong(b *testing.B) {
	b.Run("flat", func(b *testing.B) {
		in := longFlat(10000)
		for b.Loop() {
			if _, err := parser.ParseExpr(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("name", func(b *testing.B) {
		in := strings.Repeat("é", parser.MaxInput)
		for b.Loop() {
			if _, err := parser.ParseExpr(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
