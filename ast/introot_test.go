package ast

import (
	"math"
	"testing"
)

// TestIntRoot: whole roots of sizes up to the largest int, at once.
func TestIntRoot(t *testing.T) {
	tests := []struct {
		n, k, want int
		ok         bool
	}{
		{1, 1, 1, true}, {1, 3, 1, true}, {12, 1, 12, true}, {16, 2, 4, true}, {15, 2, 0, false},
		{27, 3, 3, true}, {2055555555, 1, 2055555555, true}, {9000000000000000000, 1, 9000000000000000000, true},
		{3037000499 * 3037000499, 2, 3037000499, true}, {3037000499*3037000499 + 1, 2, 0, false},
		{math.MaxInt, 2, 0, false}, {1 << 62, 62, 2, true}, {1 << 62, 63, 0, false}, {0, 1, 0, false},
	}
	for _, tt := range tests {
		if got, ok := intRoot(tt.n, tt.k); got != tt.want || ok != tt.ok {
			t.Errorf("intRoot(%d, %d) = %d, %v; want %d, %v", tt.n, tt.k, got, ok, tt.want, tt.ok)
		}
	}
}
