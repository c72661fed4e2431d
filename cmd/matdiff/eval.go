package main

import (
	"errors"
	"io"
)

// evalCmd evaluates an expression on given or random values.
type evalCmd struct {
	exprArgs
}

func (c *evalCmd) run(e *env, out io.Writer) error {
	return errors.New("eval is not built yet")
}
