// Package warm begins, as matdiff starts, what a command that reads an
// expression will need once its command line is read: participle's
// parsers of expressions and of declarations, and the engine of the rule
// tables, each built once, on first use, in a goroutine of its own. It
// does so in its init, which runs as soon as the packages it imports are
// initialized, while the packages that only other commands use (net/http
// and what it imports, kong, the web page) are still being initialized:
// on a machine with a core to spare, the parsers are built while main
// finishes starting and reads the command line, and the engine while
// main waits for them. A command that gets to them first waits for them,
// and the work is never done twice. (Package pretouch, beside it, has the
// memory all this allocates mapped in first.)
//
// Only package main imports it, for this side effect: a test binary,
// whose first argument is a flag, starts nothing.
package warm

import (
	"os"

	md "github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/parser"
)

func init() {
	if len(os.Args) > 1 {
		Start(os.Args[1])
	}
}

// Start begins the work of command in the background, if it derives or
// evaluates: it returns at once. eval parses but derives nothing. The
// parser of expressions, the largest part, is built in one goroutine;
// the parser of declarations and then the engine in another, which runs
// once main waits for the first (on a machine with two cores).
func Start(command string) {
	switch command {
	case "grad", "jacobian", "hessian", "check", "eval":
	default:
		return
	}
	go func() {
		GrowStack() // building the parser recurses deeply
		// Builds the parser of expressions; a first input also brings
		// the code that lowers and checks one to hand.
		parser.ParseExpr("s x' A x + tr(A) x")
	}()
	go func() {
		parser.ParseDecls("x: n x 1, A: symmetric n x n, s: scalar")
		if command != "eval" {
			md.Engine()
		}
	}()
}
