#!/usr/bin/env bash
# The speed of matdiff's exported code against autodiff, side by side
# (README.md, "Code export"): exported NumPy Hessians against
# torch.autograd.functional.hessian, and the exported gradient of the
# worked example against hand-written NumPy and torch.autograd.
#
#   bench/export_bench.sh [N] [RUNS]     (default N = 1000, RUNS = 5)
#
# Needs python3 with numpy and torch (Debian: python3-numpy python3-torch).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-5}
py=python3
if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/matdiff" ./cmd/matdiff
emit() { # name what wrt expression
	"$out/matdiff" "$2" -q --emit numpy --wrt "$3" "$4" >"$out/$1.py"
}
emit logistic hessian w "-y' log(sigmoid(X w)) - (1 - y)' log(1 - sigmoid(X w)) where X: m x n, w: n x 1, y: m x 1"
emit lse hessian x "log(sum(exp(A x))) where A: m x n, x: n x 1"
emit quad hessian x "x' A x + norm(B x - c)^2 where A: n x n, B: m x n, x: n x 1, c: m x 1"
emit worked grad X "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"
"$py" bench/export_bench.py "$out" "$n" "$runs"
