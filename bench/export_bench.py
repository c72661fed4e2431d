"""Times matdiff's exported NumPy code against autodiff (see export_bench.sh).

Each case is timed RUNS times, the two sides alternating; the table gives
the median time of each side and the speed-up (baseline time / exported
time), min and median over the runs.
"""
import importlib.util
import os
import statistics
import sys
import time

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def load(d, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(d, name + ".py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def compare(name, exported, baseline, runs, check=None):
    e0, b0 = exported(), baseline()  # warm up
    if check:
        check(e0, b0)
    te, tb = [], []
    for _ in range(runs):
        te.append(timed(exported))
        tb.append(timed(baseline))
    ratios = [b / e for e, b in zip(te, tb)]
    row = (name, statistics.median(te) * 1e3, statistics.median(tb) * 1e3, min(ratios), statistics.median(ratios))
    print("| %s | %.1f | %.1f | %.1fx | %.1fx |" % row, flush=True)
    return row


def close(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape, (a.shape, b.shape)
    err = np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)
    assert err < 1e-8, err


def main():
    d, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(1)
    th = torch.from_numpy
    print("n = %d, %d runs, float64, numpy %s, torch %s, %d threads" % (n, runs, np.__version__, torch.__version__, torch.get_num_threads()))
    print()
    print("| case | exported (ms) | baseline (ms) | speed-up, min | speed-up, median |")
    print("|---|---|---|---|---|")

    # Logistic loss, X: 5000 x n.
    m = 5000
    lg = load(d, "logistic")
    X = rng.standard_normal((m, n)) / np.sqrt(n)
    y = (rng.random((m, 1)) < 0.5).astype(float)
    w = rng.standard_normal((n, 1))
    Xt, yt, wt = th(X), th(y), th(w)

    def logistic(w):
        s = torch.sigmoid(Xt @ w)
        return (-yt.T @ torch.log(s) - (1 - yt).T @ torch.log(1 - s)).reshape(())

    same = lambda e, b: close(e[1], b.reshape(n, n))
    compare("Hessian of the logistic loss vs torch.autograd.functional.hessian", lambda: lg.value_and_hessian(X=X, w=w, y=y),
            lambda: torch.autograd.functional.hessian(logistic, wt), runs, same)
    compare("(the same, vectorize=True)", lambda: lg.value_and_hessian(X=X, w=w, y=y),
            lambda: torch.autograd.functional.hessian(logistic, wt, vectorize=True), runs)

    # log(sum(exp(A x))), A: n x n.
    ls = load(d, "lse")
    A = rng.standard_normal((n, n)) / np.sqrt(n)
    x = rng.standard_normal((n, 1))
    At, xt = th(A), th(x)

    def lse(x):
        return torch.log(torch.sum(torch.exp(At @ x)))

    compare("Hessian of log(sum(exp(A x))) vs torch.autograd.functional.hessian", lambda: ls.value_and_hessian(A=A, x=x),
            lambda: torch.autograd.functional.hessian(lse, xt), runs, same)
    compare("(the same, vectorize=True)", lambda: ls.value_and_hessian(A=A, x=x),
            lambda: torch.autograd.functional.hessian(lse, xt, vectorize=True), runs)

    # x' A x + ||B x - c||^2, B: n x n.
    qd = load(d, "quad")
    B = rng.standard_normal((n, n)) / np.sqrt(n)
    c = rng.standard_normal((n, 1))
    Bt, ct = th(B), th(c)

    def quad(x):
        return (x.T @ At @ x).reshape(()) + torch.sum((Bt @ x - ct) ** 2)

    compare("Hessian of x' A x + norm(B x - c)^2 vs torch.autograd.functional.hessian",
            lambda: qd.value_and_hessian(A=A, B=B, x=x, c=c), lambda: torch.autograd.functional.hessian(quad, xt), runs, same)
    compare("(the same, vectorize=True)", lambda: qd.value_and_hessian(A=A, B=B, x=x, c=c),
            lambda: torch.autograd.functional.hessian(quad, xt, vectorize=True), runs)

    # The worked example, a = b = e = n.
    we = load(d, "worked")
    a1, B1, X1 = rng.standard_normal((1, n)), rng.standard_normal((n, n)), rng.standard_normal((n, 1))
    C1, D1, E1, F1 = rng.standard_normal((1, n)), rng.standard_normal((n, n)), rng.standard_normal((n, n)), rng.standard_normal((n, 1))
    vals = dict(A=a1, B=B1, X=X1, C=C1, D=D1, E=E1, F=F1)

    def by_hand():
        # What one writes by hand from the derivation: K = (B'(E .* (A' F'))) .* D, grad = K C'.
        f = (a1 @ ((B1 @ ((X1 @ C1) * D1)) * E1) @ F1).item()
        K = (B1.T @ (E1 * (a1.T @ F1.T))) * D1
        return f, K @ C1.T

    tv = {k: th(v) for k, v in vals.items()}

    def autograd():
        Xg = tv["X"].clone().requires_grad_(True)
        f = (tv["A"] @ ((tv["B"] @ ((Xg @ tv["C"]) * tv["D"])) * tv["E"]) @ tv["F"]).reshape(())
        (g,) = torch.autograd.grad(f, Xg)
        return f, g

    compare("worked example, gradient vs hand-written NumPy", lambda: we.value_and_grad(**vals), by_hand, runs,
            lambda e, b: close(e[1], b[1]))
    compare("worked example, gradient vs torch.autograd", lambda: we.value_and_grad(**vals), autograd, runs,
            lambda e, b: close(e[1], b[1].numpy()))


main()
