// Package numeric evaluates matdiff expressions on concrete matrices with
// gonum, and checks claimed derivatives against finite differences.
//
// # Evaluation
//
// Eval computes the value of an expression at an Instance: a size for every
// dimension name and a *mat.Dense for every name (1 x 1 for a scalar). The
// shapes come from shape inference (ast.Check); the identity I takes its size
// from there. Within one Eval, a subexpression is computed once, whether it
// is shared by pointer or merely written twice, and every maximal run of
// matrix products is multiplied in the cheapest order (the classic
// matrix-chain dynamic program), so that a' X X X b never forms an n x n
// product.
//
// Domain errors (log of a non-positive entry, inverse of a singular matrix,
// division by zero, ...) are *ast.Error values at the node that failed, and so
// is any NaN or infinite entry an operation produces: evaluation never
// returns NaN or Inf silently.
//
// # Random instances and derivative checks
//
// Random makes a reproducible Instance whose values keep the expression
// defined: positive entries under log, well-conditioned invertible matrices
// under inv and logdet, and so on; an I whose size nothing fixes gets a
// random size too (Instance.Free). Gradient, Jacobian and Hessian compare a
// claimed derivative with central finite differences (Richardson-extrapolated)
// and report the largest error; by a symmetric matrix, a Jacobian or a
// Hessian is compared along random symmetric directions. CheckCost and
// CheckBudget say what a check would cost before it runs: finite
// differences evaluate the expression a number of times that grows with the
// entries of the variable, and a check beyond MaxCheckWork is refused (an
// error of kind ast.BeyondReach). IsOverflow tells an overflow (valid input
// beyond floating point) from a domain error.
//
// # Invariants
//
// Nothing in this package changes an expression, an Info or a value of the
// Instance it is given; the matrices it returns are new.
package numeric
