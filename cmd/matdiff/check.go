package main

import (
	"errors"
	"io"
)

// checkCmd verifies a gradient numerically.
type checkCmd struct {
	exprArgs
	Wrt []string `required:"" help:"The variable to differentiate by; repeat for several." placeholder:"X"`
}

func (c *checkCmd) run(e *env, out io.Writer) error {
	return errors.New("check is not built yet")
}
