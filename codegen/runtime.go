package codegen

// The helpers every exported file carries.

const numpyRuntime = `import numpy as _np

_LinAlgError = _np.linalg.LinAlgError


def _in(x, decl, column=True):
    try:
        a = _np.asarray(x, dtype=_np.float64)
    except (TypeError, ValueError):
        raise ValueError("%s: the value is not an array of numbers" % decl) from None
    if a.ndim == 0:
        a = a.reshape(1, 1)
    elif a.ndim == 1 and column:
        a = a.reshape(-1, 1)
    if a.ndim != 2:
        raise ValueError("%s: the value has %d dimensions, not 2" % (decl, a.ndim))
    return a


def _shape(a):
    return tuple(a.shape)


def _sigmoid(x):
    return _np.exp(-_np.logaddexp(0.0, -x))


def _logdet(a):
    sign, ld = _np.linalg.slogdet(a)
    if sign <= 0:
        raise ValueError("logdet of a matrix with det <= 0")
    return _np.full((1, 1), ld)


def _vec(a):
    return a.reshape(-1, 1, order="F")


def _softmax(a):
    z = _np.exp(a - a.max(axis=0, keepdims=True))
    return z / z.sum(axis=0, keepdims=True)


def _logsumexp(a):
    m = a.max()
    return (m + _np.log(_np.sum(_np.exp(a - m)))).reshape(1, 1)


def _commutation(m, n):
    k = _np.zeros((m * n, m * n))
    for i in range(m):
        for j in range(n):
            k[i * n + j, j * m + i] = 1.0
    return k


def _scalar(v):
    return float(_np.asarray(v).reshape(-1)[0])


def _rng(seed):
    return _np.random.default_rng(seed)


def _uniform(rng, r, c, lo, hi):
    return rng.uniform(lo, hi, (r, c))


def _randint(rng, lo, hi):
    return int(rng.integers(lo, hi + 1))


def _eye(n):
    return _np.eye(n)


def _num(x):
    return float(_np.asarray(x).reshape(-1)[0])


def _maxabs(x):
    return float(_np.max(_np.abs(x))) if _np.size(x) else 0.0
`

const torchRuntime = `import torch as _torch

_f64 = _torch.float64
_LinAlgError = RuntimeError


def _in(x, decl, column=True, device=None):
    try:
        a = _torch.as_tensor(x, dtype=_f64, device=device)
    except (TypeError, ValueError, RuntimeError):
        raise ValueError("%s: the value is not an array of numbers" % decl) from None
    if a.dim() == 0:
        a = a.reshape(1, 1)
    elif a.dim() == 1 and column:
        a = a.reshape(-1, 1)
    if a.dim() != 2:
        raise ValueError("%s: the value has %d dimensions, not 2" % (decl, a.dim()))
    return a


def _shape(a):
    return tuple(a.shape)


def _logdet(a):
    sign, ld = _torch.linalg.slogdet(a)
    return _torch.where(sign > 0, ld, _torch.full_like(ld, float("nan"))).reshape(1, 1)


def _vec(a):
    return a.T.reshape(-1, 1)


def _step(a):
    return (a > 0).to(a.dtype)


def _commutation(m, n, device):
    k = _torch.zeros((m * n, m * n), dtype=_f64, device=device)
    for i in range(m):
        for j in range(n):
            k[i * n + j, j * m + i] = 1.0
    return k


def _scalar(v):
    return v.reshape(-1)[0]


def _rng(seed):
    return _torch.Generator().manual_seed(seed)


def _uniform(rng, r, c, lo, hi):
    return lo + (hi - lo) * _torch.rand((r, c), generator=rng, dtype=_f64)


def _randint(rng, lo, hi):
    return int(_torch.randint(lo, hi + 1, (1,), generator=rng).item())


def _eye(n):
    return _torch.eye(n, dtype=_f64)


def _num(x):
    return float(_torch.as_tensor(x).reshape(-1)[0])


def _maxabs(x):
    return float(_torch.max(_torch.abs(x))) if x.numel() else 0.0
`

// pyCheckRuntime is check_gradient's machinery, the same for NumPy and
// PyTorch.
const pyCheckRuntime = `
import numbers as _numbers


def _sizes(rng, k):
    # Distinct sizes from 2 to 6 while there are enough, the first largest,
    # so that X' X with X declared m x n is invertible.
    sizes = []
    for i in range(k):
        free = [s for s in range(2, 7) if s not in sizes] or list(range(2, 7))
        sizes.append(free[_randint(rng, 0, len(free) - 1)])
    return sorted(sizes, reverse=True)


def _check_shape(a, r, c, decl, note):
    if tuple(a.shape) != (r, c):
        raise ValueError("%s: the value is %d x %d, but the declaration asks for %d x %d%s" % ((decl,) + tuple(a.shape) + (r, c, note)))


def _check_symmetric(a, decl):
    if _maxabs(a - a.T) > 1e-9 * max(1.0, _maxabs(a)):
        raise ValueError("%s: the value is not symmetric" % decl)


def _random(rng, r, c, need, symmetric):
    if need == "pos":
        a = _uniform(rng, r, c, 0.5, 2.0)
    elif need == "small":
        a = _uniform(rng, r, c, -0.45, 0.45)
    else:
        a = _uniform(rng, r, c, -1.0, 1.0)
    if symmetric and r == c:
        a = (a + a.T) / 2
    if need == "inv" and r == c:
        a = a + (1.0 + _maxabs(a) * r) * _eye(r)
    return a


def _moved(values, moves):
    out = dict(values)
    for name, delta in moves:
        out[name] = out[name] + delta
    return out


def _draw(fn, random_inputs, directions, rng):
    # Random inputs where the expression is defined: a draw where it is not
    # (a singular matrix, a log of a negative number) is drawn again.
    for attempt in range(20):
        values = random_inputs(rng)
        dirs = {d: _uniform(rng, *_shape(values[x]), -1.0, 1.0) for d, x in directions.items()}
        try:
            out = fn(**values, **dirs)
            if all(_maxabs(_in(o, "value")) < float("inf") for o in out):
                return values
        except (ValueError, ArithmeticError, RuntimeError, _LinAlgError):
            pass
    raise ValueError("found no random inputs where the expression is defined")


def _size(n, name):
    if isinstance(n, bool) or not isinstance(n, _numbers.Integral) or n < 1:
        raise ValueError("%s: the size must be a positive whole number, not %r" % (name, n))
    return int(n)


def _check(fn, kind, derivatives, directions, sizes, values, rng, tol):
    values = {k: v if k in sizes else _in(v, k) for k, v in values.items()}
    for d in directions:
        values.pop(d, None)
    dirs = {}
    for d, x in directions.items():
        dirs[d] = _uniform(rng, *_shape(values[x]), -1.0, 1.0)
    out = fn(**values, **dirs)
    f0 = _maxabs(_in(out[0], "value"))
    worst = 0.0
    for i, d in enumerate(derivatives):
        D = _in(out[1 + i], "derivative")
        x, y = d["wrt"], d["by"]
        V = _random(rng, *_shape(values[x]), "", d["sym"])
        W = _random(rng, *_shape(values[y]), "", d["sym_by"])

        def f(moves):
            return _in(fn(**_moved(values, moves), **dirs)[0], "value")

        if kind == "hessian":
            h = 1e-4
            a = _num(_vec(V).T @ D @ _vec(W))
            fd = (_num(f([(x, h * V), (y, h * W)])) - _num(f([(x, h * V), (y, -h * W)]))
                  - _num(f([(x, -h * V), (y, h * W)])) + _num(f([(x, -h * V), (y, -h * W)]))) / (4 * h * h)
            err = abs(a - fd) / max(1.0, abs(a), f0)
            limit = 1e-4 if tol is None else tol
        else:
            h = 1e-6
            if kind == "grad":
                a = _num(_vec(D * V).sum())
                fd = (_num(f([(x, h * V)])) - _num(f([(x, -h * V)]))) / (2 * h)
                err = abs(a - fd) / max(1.0, abs(a))
            else:
                if kind == "differential":
                    V = dirs[d["dir"]]
                    a = _vec(D)
                elif d["scalar_by"]:
                    a = _vec(D * V)
                else:
                    a = D @ _vec(V)
                fd = (_vec(f([(x, h * V)])) - _vec(f([(x, -h * V)]))) / (2 * h)
                err = _maxabs(a - fd) / max(1.0, _maxabs(a))
            limit = 1e-6 if tol is None else tol
        if err > limit:
            raise AssertionError("the %s by %s is off: relative error %.3g against central differences" % (
                d["what"], x if x == y else x + " and " + y, err))
        worst = max(worst, err)
    return worst
`

const goRuntime = `// The helpers of matdiff's exported code (the prefix md keeps them apart
// from the names of the expression).

type mdError struct{ msg string }

func (e mdError) Error() string { return e.msg }

func mdFail(format string, args ...any) { panic(mdError{fmt.Sprintf(format, args...)}) }

// mdRecover turns a failure inside an exported function into its error.
func mdRecover(err *error) {
	if r := recover(); r != nil {
		switch r := r.(type) {
		case mdError:
			*err = r
		case mat.Error:
			*err = errors.New(r.Error())
		default:
			panic(r)
		}
	}
}

func mdC(v float64) *mat.Dense { return mat.NewDense(1, 1, []float64{v}) }

func mdScalar(a *mat.Dense) float64 { return a.At(0, 0) }

func mdScalarIn(vals map[string]*mat.Dense, name string) float64 {
	v := vals[name]
	if v == nil {
		mdFail("no value for %s", name)
	}
	if r, c := v.Dims(); r != 1 || c != 1 {
		mdFail("%s: scalar: the value is %d x %d", name, r, c)
	}
	return v.At(0, 0)
}

// mdSize checks a size given as an argument.
func mdSize(n int, name string) int {
	if n < 1 {
		mdFail("%s: the size must be a positive whole number, not %d", name, n)
	}
	return n
}

// mdSizeIn reads a size from the inputs by name, where it is a 1 x 1 entry.
func mdSizeIn(vals map[string]*mat.Dense, name string) int {
	v := vals[name]
	if v == nil {
		mdFail("no value for the size %s", name)
	}
	if r, c := v.Dims(); r != 1 || c != 1 {
		mdFail("%s: the size is %d x %d, not a number", name, r, c)
	}
	x := v.At(0, 0)
	if x != math.Trunc(x) || x < 1 || x > math.MaxInt32 {
		mdFail("%s: the size must be a positive whole number, not %v", name, x)
	}
	return int(x)
}

func mdSide(a *mat.Dense, decl string, i int) int {
	r, c := mdDims(a, decl)
	if i == 0 {
		return r
	}
	return c
}

func mdDims(a *mat.Dense, decl string) (int, int) {
	if a == nil {
		mdFail("%s: no value", decl)
	}
	return a.Dims()
}

func mdCheck(a *mat.Dense, r, c int, decl, note string) {
	ar, ac := mdDims(a, decl)
	if ar != r || ac != c {
		mdFail("%s: the value is %d x %d, but the declaration asks for %d x %d%s", decl, ar, ac, r, c, note)
	}
}

func mdCheckSym(a *mat.Dense, decl string) {
	r, _ := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < i; j++ {
			x, y := a.At(i, j), a.At(j, i)
			if math.Abs(x-y) > 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y))) {
				mdFail("%s: the value is not symmetric", decl)
			}
		}
	}
}

func mdIsScalar(a *mat.Dense) bool {
	r, c := a.Dims()
	return r == 1 && c == 1
}

func mdApply(a *mat.Dense, f func(float64) float64) *mat.Dense {
	r, c := a.Dims()
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, v float64) float64 { return f(v) }, a)
	return out
}

// mdBroadcast combines a and b entry by entry; a 1 x 1 side meets every
// entry of the other.
func mdBroadcast(a, b *mat.Dense, f func(x, y float64) float64) *mat.Dense {
	switch {
	case mdIsScalar(a) && !mdIsScalar(b):
		s := a.At(0, 0)
		return mdApply(b, func(v float64) float64 { return f(s, v) })
	case mdIsScalar(b):
		s := b.At(0, 0)
		return mdApply(a, func(v float64) float64 { return f(v, s) })
	}
	r, c := a.Dims()
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, v float64) float64 { return f(v, b.At(i, j)) }, a)
	return out
}

func mdAdd(a, b *mat.Dense) *mat.Dense {
	return mdBroadcast(a, b, func(x, y float64) float64 { return x + y })
}

func mdSub(a, b *mat.Dense) *mat.Dense {
	return mdBroadcast(a, b, func(x, y float64) float64 { return x - y })
}

func mdHad(a, b *mat.Dense) *mat.Dense {
	return mdBroadcast(a, b, func(x, y float64) float64 { return x * y })
}

func mdHDiv(a, b *mat.Dense) *mat.Dense {
	return mdBroadcast(a, b, func(x, y float64) float64 { return x / y })
}

func mdNeg(a *mat.Dense) *mat.Dense { return mdApply(a, func(v float64) float64 { return -v }) }

func mdT(a *mat.Dense) *mat.Dense { return mat.DenseCopyOf(a.T()) }

func mdMul(a, b *mat.Dense) *mat.Dense {
	if mdIsScalar(a) || mdIsScalar(b) {
		return mdHad(a, b)
	}
	var out mat.Dense
	out.Mul(a, b)
	return &out
}

func mdDiagL(v, m *mat.Dense) *mat.Dense {
	r, c := m.Dims()
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, x float64) float64 { return v.At(i, 0) * x }, m)
	return out
}

func mdDiagR(m, v *mat.Dense) *mat.Dense {
	r, c := m.Dims()
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, x float64) float64 { return x * v.At(j, 0) }, m)
	return out
}

func mdSingular(err error, what string) {
	if err == nil {
		return
	}
	if cond, ok := err.(mat.Condition); ok && !math.IsInf(float64(cond), 0) {
		return
	}
	mdFail("%s of a singular matrix", what)
}

func mdInv(a *mat.Dense) *mat.Dense {
	var out mat.Dense
	mdSingular(out.Inverse(a), "the inverse")
	return &out
}

func mdSolve(a, b *mat.Dense) *mat.Dense {
	var out mat.Dense
	mdSingular(out.Solve(a, b), "the inverse")
	return &out
}

func mdSolveR(b, a *mat.Dense) *mat.Dense { return mdT(mdSolve(mdT(a), mdT(b))) }

func mdSumOf(a *mat.Dense, f func(float64) float64) float64 {
	r, c := a.Dims()
	s := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			s += f(a.At(i, j))
		}
	}
	return s
}

func mdFrob(a, b *mat.Dense) *mat.Dense {
	return mdC(mdSumOf(mdHad(a, b), func(v float64) float64 { return v }))
}

func mdEPow(a, p *mat.Dense) *mat.Dense {
	k := p.At(0, 0)
	if k == 2 {
		return mdApply(a, func(v float64) float64 { return v * v })
	}
	return mdApply(a, func(v float64) float64 { return math.Pow(v, k) })
}

func mdPow(a *mat.Dense, k int) *mat.Dense {
	if k < 0 {
		a, k = mdInv(a), -k
	}
	var out mat.Dense
	out.Pow(a, k)
	return &out
}

func mdEye(n int) *mat.Dense {
	out := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		out.Set(i, i, 1)
	}
	return out
}

func mdFill(a *mat.Dense, r, c int) *mat.Dense { return mdHad(a, mdOnes(r, c)) }

func mdOnes(r, c int) *mat.Dense { return mdApply(mat.NewDense(r, c, nil), func(float64) float64 { return 1 }) }

func mdZeros(r, c int) *mat.Dense { return mat.NewDense(r, c, nil) }

func mdTr(a *mat.Dense) *mat.Dense { return mdC(mat.Trace(a)) }

func mdDet(a *mat.Dense) *mat.Dense { return mdC(mat.Det(a)) }

func mdLogdet(a *mat.Dense) *mat.Dense {
	var lu mat.LU
	lu.Factorize(a)
	ld, sign := lu.LogDet()
	if sign <= 0 || math.IsInf(ld, -1) {
		mdFail("logdet of a matrix with det <= 0")
	}
	return mdC(ld)
}

func mdDiag(a *mat.Dense) *mat.Dense {
	r, _ := a.Dims()
	out := mat.NewDense(r, 1, nil)
	for i := 0; i < r; i++ {
		out.Set(i, 0, a.At(i, i))
	}
	return out
}

func mdDiagM(v *mat.Dense) *mat.Dense {
	r, _ := v.Dims()
	out := mat.NewDense(r, r, nil)
	for i := 0; i < r; i++ {
		out.Set(i, i, v.At(i, 0))
	}
	return out
}

func mdVec(a *mat.Dense) *mat.Dense {
	r, c := a.Dims()
	out := mat.NewDense(r*c, 1, nil)
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			out.Set(j*r+i, 0, a.At(i, j))
		}
	}
	return out
}

func mdUnvec(v *mat.Dense, r, c int) *mat.Dense {
	out := mat.NewDense(r, c, nil)
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			out.Set(i, j, v.At(j*r+i, 0))
		}
	}
	return out
}

func mdKron(a, b *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.Kronecker(a, b)
	return &out
}

func mdSum(a *mat.Dense) *mat.Dense { return mdC(mdSumOf(a, func(v float64) float64 { return v })) }

func mdNorm(a *mat.Dense) *mat.Dense { return mdC(mat.Norm(a, 2)) }

func mdNorm1(a *mat.Dense) *mat.Dense { return mdC(mdSumOf(a, math.Abs)) }

func mdCommutation(m, n int) *mat.Dense {
	out := mat.NewDense(m*n, m*n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			out.Set(i*n+j, j*m+i, 1)
		}
	}
	return out
}

func mdSoftmax(a *mat.Dense) *mat.Dense {
	r, c := a.Dims()
	out := mat.NewDense(r, c, nil)
	for j := 0; j < c; j++ {
		m := math.Inf(-1)
		for i := 0; i < r; i++ {
			m = math.Max(m, a.At(i, j))
		}
		s := 0.0
		for i := 0; i < r; i++ {
			out.Set(i, j, math.Exp(a.At(i, j)-m))
			s += out.At(i, j)
		}
		for i := 0; i < r; i++ {
			out.Set(i, j, out.At(i, j)/s)
		}
	}
	return out
}

func mdLogsumexp(a *mat.Dense) *mat.Dense {
	m := mat.Max(a)
	return mdC(m + math.Log(mdSumOf(a, func(v float64) float64 { return math.Exp(v - m) })))
}

func mdSigmoid(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	z := math.Exp(v)
	return z / (1 + z)
}

func mdSign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func mdRelu(v float64) float64 { return math.Max(v, 0) }

func mdStep(v float64) float64 {
	if v > 0 {
		return 1
	}
	return 0
}

// mdSizes draws k sizes from 2 to 6, distinct while there are enough, the
// first largest, so that X' X with X declared m x n is invertible.
func mdSizes(rng *rand.Rand, k int) []int {
	var sizes []int
	for i := 0; i < k; i++ {
		var free []int
		for s := 2; s <= 6; s++ {
			if !slices.Contains(sizes, s) {
				free = append(free, s)
			}
		}
		if len(free) == 0 {
			free = []int{2, 3, 4, 5, 6}
		}
		sizes = append(sizes, free[rng.IntN(len(free))])
	}
	slices.Sort(sizes)
	slices.Reverse(sizes)
	return sizes
}

// mdRandom is a random value for a check: entries in [0.5, 2] where the
// expression needs them positive, in (-0.45, 0.45) under arcsin and
// arccos, a well-conditioned matrix where it needs an inverse.
func mdRandom(rng *rand.Rand, r, c int, need string, symmetric bool) *mat.Dense {
	lo, hi := -1.0, 1.0
	switch need {
	case "pos":
		lo, hi = 0.5, 2
	case "small":
		lo, hi = -0.45, 0.45
	}
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, v float64) float64 { return lo + (hi-lo)*rng.Float64() }, out)
	if symmetric && r == c {
		out.Apply(func(i, j int, v float64) float64 {
			if j < i {
				return out.At(j, i)
			}
			return v
		}, out)
	}
	if need == "inv" && r == c {
		s := 1 + mat.Norm(out, math.Inf(1))*float64(r)
		for i := 0; i < r; i++ {
			out.Set(i, i, out.At(i, i)+s)
		}
	}
	return out
}

func mdMoved(vals map[string]*mat.Dense, name string, h float64, v *mat.Dense) map[string]*mat.Dense {
	out := map[string]*mat.Dense{}
	for k, x := range vals {
		out[k] = x
	}
	var m mat.Dense
	m.Scale(h, v)
	m.Add(out[name], &m)
	out[name] = &m
	return out
}

func mdMaxAbs(a *mat.Dense) float64 {
	m := 0.0
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m = math.Max(m, math.Abs(a.At(i, j)))
		}
	}
	return m
}

// mdDraw draws random inputs where the expression is defined: a draw where
// it is not (a singular matrix, a log of a negative number) is drawn again.
func mdDraw(fn func(map[string]*mat.Dense) (*mat.Dense, []*mat.Dense, error), random func(*rand.Rand) map[string]*mat.Dense,
	ds []mdDerivative, rng *rand.Rand) map[string]*mat.Dense {
	for attempt := 0; attempt < 20; attempt++ {
		vals := random(rng)
		with := map[string]*mat.Dense{}
		for k, v := range vals {
			with[k] = v
		}
		for _, d := range ds {
			if d.dir != "" {
				r, c := vals[d.wrt].Dims()
				with[d.dir] = mdRandom(rng, r, c, "", false)
			}
		}
		v, out, err := fn(with)
		if err != nil || math.IsNaN(mdMaxAbs(v)) || math.IsInf(mdMaxAbs(v), 0) {
			continue
		}
		ok := true
		for _, o := range out {
			if m := mdMaxAbs(o); math.IsNaN(m) || math.IsInf(m, 0) {
				ok = false
			}
		}
		if ok {
			return vals
		}
	}
	mdFail("found no random inputs where the expression is defined")
	return nil
}

// mdDerivative is one derivative for mdCheck: by wrt (and by for a
// Hessian), with its directions symmetric where the variable is.
type mdDerivative struct {
	what, wrt, by, dir string
	sym, symBy         bool
	scalarBy           bool
}

// mdCheckAll compares the derivatives fn returns with central differences
// along random directions, and returns the largest relative error.
func mdCheckAll(fn func(map[string]*mat.Dense) (*mat.Dense, []*mat.Dense, error), kind string, ds []mdDerivative,
	vals map[string]*mat.Dense, rng *rand.Rand, tol float64) (float64, error) {
	copied := map[string]*mat.Dense{}
	for k, x := range vals {
		copied[k] = x
	}
	vals = copied
	for _, d := range ds {
		if d.dir != "" {
			r, c := vals[d.wrt].Dims()
			vals[d.dir] = mdRandom(rng, r, c, "", false)
		}
	}
	f0, out, err := fn(vals)
	if err != nil {
		return 0, err
	}
	scale := mdMaxAbs(f0)
	value := func(moves ...any) *mat.Dense {
		m := vals
		for i := 0; i < len(moves); i += 3 {
			m = mdMoved(m, moves[i].(string), moves[i+1].(float64), moves[i+2].(*mat.Dense))
		}
		v, _, err := fn(m)
		if err != nil {
			mdFail("%v", err)
		}
		return v
	}
	worst := 0.0
	for i, d := range ds {
		D := out[i]
		r, c := vals[d.wrt].Dims()
		V := mdRandom(rng, r, c, "", d.sym)
		r, c = vals[d.by].Dims()
		W := mdRandom(rng, r, c, "", d.symBy)
		var e, limit float64
		if kind == "hessian" {
			h := 1e-4
			a := mdMul(mdMul(mdT(mdVec(V)), D), mdVec(W)).At(0, 0)
			fd := (value(d.wrt, h, V, d.by, h, W).At(0, 0) - value(d.wrt, h, V, d.by, -h, W).At(0, 0) -
				value(d.wrt, -h, V, d.by, h, W).At(0, 0) + value(d.wrt, -h, V, d.by, -h, W).At(0, 0)) / (4 * h * h)
			e = math.Abs(a-fd) / math.Max(1, math.Max(math.Abs(a), scale))
			limit = 1e-4
		} else {
			h := 1e-6
			var a *mat.Dense
			switch {
			case kind == "differential":
				V = vals[d.dir]
				a = mdVec(D)
			case kind == "grad":
				a = mdFrob(D, V)
			case d.scalarBy:
				a = mdVec(mdMul(D, V))
			default:
				a = mdMul(D, mdVec(V))
			}
			var fd mat.Dense
			fd.Sub(mdVec(value(d.wrt, h, V)), mdVec(value(d.wrt, -h, V)))
			fd.Scale(1/(2*h), &fd)
			fd.Sub(a, &fd)
			e = mdMaxAbs(&fd) / math.Max(1, mdMaxAbs(a))
			limit = 1e-6
		}
		if tol > 0 {
			limit = tol
		}
		if e > limit {
			return e, fmt.Errorf("the %s by %s is off: relative error %.3g against central differences", d.what, d.wrt, e)
		}
		worst = math.Max(worst, e)
	}
	return worst, nil
}
`
