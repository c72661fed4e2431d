//go:build !race

package main

// raceBuild is true under the race detector (see race_test.go).
const raceBuild = false
