package main

import (
	"testing"

	"github.com/alecthomas/kong"
)

// TestEveryFlagHasHelp checks that flagHelp knows every flag and
// positional argument of every command: a flag added without an entry
// there would have no help.
func TestEveryFlagHasHelp(t *testing.T) {
	r := newRunner()
	n := 0
	kong.Visit(r.k.Model, func(v kong.Visitable, next kong.Next) error {
		if v, ok := v.(*kong.Value); ok {
			n++
			if v.Help == "" {
				t.Errorf("%s has no help: add it to flagHelp (help.go)", v.Summary())
			}
		}
		return next(nil)
	})
	if n < 30 {
		t.Errorf("only %d flags and arguments visited", n)
	}
}
