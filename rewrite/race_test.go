//go:build race

package rewrite_test

// raceBuild is true under the race detector, where everything runs several
// times slower: tests that repeat work for coverage of interleavings do
// less of it.
const raceBuild = true
