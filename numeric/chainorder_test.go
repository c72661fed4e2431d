package numeric_test

import (
	"testing"

	"github.com/matdiff/matdiff/numeric"
)

// TestChainOrderSplit: ChainOrder picks the cheapest grouping: for 10x100, 100x5, 5x50,
// (AB)C costs 7,500 multiply-adds and A(BC) 75,000; for 50x5, 5x100,
// 100x1, A(BC) costs 750 and (AB)C 30,000.
func TestChainOrderSplit(t *testing.T) {
	if s := numeric.ChainOrder([]float64{10, 100, 5, 50}); s[0][2] != 1 {
		t.Errorf("10x100 100x5 5x50: split %d, want 1 ((AB)C)", s[0][2])
	}
	if s := numeric.ChainOrder([]float64{50, 5, 100, 1}); s[0][2] != 0 {
		t.Errorf("50x5 5x100 100x1: split %d, want 0 (A(BC))", s[0][2])
	}
	if s := numeric.ChainOrder([]float64{3, 4}); len(s) != 1 {
		t.Errorf("one factor: %v", s)
	}
}
