package main

import "github.com/alecthomas/kong"

// The help of each flag and positional argument is here rather than in a
// help tag: kong parses every struct tag of its model rune by rune, and
// interpolates every help text with a regular expression, as it builds the
// model at every start, and the help texts were most of the tags of a
// command's flags (a quarter of the work of grad -q, process start
// included, went to kong's model). setHelp puts them in the model once it
// is built; --help, errors, the man page and completion read them there.

// flagHelp returns the help of the flag or positional argument name of
// command (the name kong gives it: max-steps, quiet, expr); "" if it has
// none, which TestEveryFlagHasHelp refuses.
func flagHelp(command, name string) string {
	switch name {
	case "wrt":
		if command == "check" {
			return "The variable to differentiate by; repeat for several (not with --against)."
		}
		return "The variable to differentiate by; repeat for several." // grad
	case "against":
		return "Check this gradient (yours, in the language) instead of matdiff's; on a mismatch, say how it is off (transposed, a constant factor, true only for a symmetric matrix) and show matdiff's."
	case "seeds":
		return "How many random instances to check on."
	case "seed":
		if command == "check" {
			return "The seed of the first instance; the others follow."
		}
		return "The seed of --random." // eval
	case "dims":
		if command == "check" {
			return "Sizes of dimension names; the others are drawn from 2..5 for each instance."
		}
		return "Sizes of dimension names; the others come from the values set, or with --random are drawn from 2..5." // eval
	case "hessian":
		return "Check the Hessian instead of the gradient (a column-vector expression is always checked by its Jacobian)."
	case "emit":
		return "Print the derivative as code instead: numpy, torch or go (a function returning the value and the derivative, and a check_gradient)."
	case "package":
		return "The package of the Go code of --emit go (default main, with a main that runs the check)."
	case "set":
		return "The value of a name: a file (.csv or whitespace-separated text, one row a line, # comments; NumPy .npy, a 1-D array being a column; MatrixMarket .mtx) or, for a scalar, a number (--set alpha=0.5). Repeat for several names."
	case "random":
		return "Give every name not set a random value (reproducible: see --seed)."
	case "out":
		return "Write the result to FILE, in the format its extension names (.csv, .txt, .npy, .mtx), at full precision, and print nothing."
	case "timeout":
		return "Give up after this long (a safety net; the limits below decide first, the same on every machine)."
	case "max-steps":
		return "The most rule applications a derivation may use."
	case "max-nodes":
		return "The most distinct nodes any one expression of a derivation may have (a subexpression used twice counts once; around dX, each occurrence counts the operations above it)."
	case "max-work":
		return "The most units of work (nodes visited, built, compared) a derivation may use."
	case "max-flops":
		return "The most arithmetic operations a numeric evaluation or check may use."
	case "max-print":
		return "The most nodes of expressions the output may have in all."
	case "history":
		return "The history file (default: matdiff/history in $XDG_STATE_HOME, or in the user's config directory)."
	case "version":
		return "Print the version (module version and VCS revision) and exit."
	case "expr":
		return "The expression, optionally followed by 'where' and the shapes of its names."
	case "where":
		return "Shapes of the names, e.g. 'A: n x n, x: n x 1' (instead of, or besides, a where clause)."
	case "format":
		return "Output format: text, unicode, latex or json."
	case "quiet":
		return "Print only the result, one line."
	case "standalone":
		return "A complete LaTeX document that compiles as it is (implies --format latex)."
	case "no-names":
		return "Keep the result whole: do not name its parts (H = ..., K = ...)."
	case "transpose":
		return "The transpose in LaTeX: top (^\\top) or mathsf (^{\\mathsf{T}})."
	case "bold-vectors":
		return "Vectors in bold in LaTeX."
	case "no-verify":
		return "Print the result without checking it numerically first (by default it is compared with finite differences on small random instances, and a result that disagrees is never printed)."
	case "vec":
		return "For a matrix expression or variable: the Jacobian of vec(Y) by vec(X), in Kronecker form, instead of the differential dY."
	case "addr":
		return "The address to listen on; loopback unless another is given (with a warning)."
	case "shell":
		return "The shell: bash, zsh or fish."
	}
	return ""
}

// setHelp gives every flag and positional argument of model its help.
func setHelp(model *kong.Application) {
	kong.Visit(model, func(n kong.Visitable, next kong.Next) error {
		node, command := (*kong.Node)(nil), ""
		switch n := n.(type) {
		case *kong.Application:
			node = n.Node
		case *kong.Node:
			node, command = n, n.Name
		}
		if node != nil {
			for _, f := range node.Flags {
				if f.Help == "" {
					f.Help = flagHelp(command, f.Name)
					f.OrigHelp = f.Help
				}
			}
			for _, p := range node.Positional {
				if p.Help == "" {
					p.Help = flagHelp(command, p.Name)
					p.OrigHelp = p.Help
				}
			}
		}
		return next(nil)
	})
}
