//go:build race

package parser_test

// raceBuild is true under the race detector, where parsing runs several
// times slower: tests of deep inputs use shallower ones, still past every
// limit.
const raceBuild = true
