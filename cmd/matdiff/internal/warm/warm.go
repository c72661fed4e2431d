// Package warm begins, as matdiff starts, what a command that reads an
// expression will need once its command line is read: participle's parser
// of the grammar and the engine of the rule tables, each built once, on
// first use, in a goroutine of its own. It does so in its init, which runs
// as soon as the packages it imports are initialized, while the packages
// that only other commands use (net/http and what it imports, kong, the
// web page) are still being initialized, and while main builds the model
// of the command line: on a machine with a core to spare, both are ready
// by the time they are needed. A command that gets to them first waits
// for them, and the work is never done twice.
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
// evaluates: it returns at once. eval parses but derives nothing.
func Start(command string) {
	switch command {
	case "grad", "jacobian", "hessian", "check", "eval":
		go func() {
			GrowStack()           // building the parser recurses deeply
			parser.ParseExpr("x") // builds the parser of expressions
		}()
	}
	switch command {
	case "grad", "jacobian", "hessian", "check":
		go md.Engine()
	}
}
