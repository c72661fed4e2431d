//go:build race

package ast_test

// raceBuild is true under the race detector, where parsing runs several
// times slower: the random round trips check fewer expressions.
const raceBuild = true
