//go:build race

package randexpr_test

// raceBuild is true under the race detector, where parsing runs several
// times slower: the random round trips check fewer expressions.
const raceBuild = true
