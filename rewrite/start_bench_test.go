package rewrite

import "testing"

// BenchmarkCompiled measures what every process that derives spends on
// the engine before its first derivation: the rule tables compiled from
// the trees of patterns_gen.go.
func BenchmarkCompiled(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Compiled(nil)
	}
}
