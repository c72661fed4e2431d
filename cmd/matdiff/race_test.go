//go:build race

package main

// raceBuild is true under the race detector, where parsing runs several
// times slower: tests of deep inputs use shallower ones within the limits,
// and the same ones past them.
const raceBuild = true
