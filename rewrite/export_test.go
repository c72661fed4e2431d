package rewrite

// Tests check that every rewrite keeps the shape of what it rewrote.
func init() { checkRewrites = true }

// SetCheckRewrites turns that check on or off and returns what it was;
// benchmarks turn it off to measure what users run.
func SetCheckRewrites(on bool) bool {
	old := checkRewrites
	checkRewrites = on
	return old
}

// PulledBack reports whether the gradient of d (of a Hessian: its
// gradient) was derived by the pullback.
func PulledBack(d *Derivation) bool {
	if d.Grad != nil {
		d = d.Grad
	}
	return d.pulled
}

// GradientTaken reports whether d (of a Hessian: its gradient) is a
// gradient the pullback was tried on.
func GradientTaken(d *Derivation) bool {
	if d.Grad != nil {
		d = d.Grad
	}
	return d.pulled || d.unpulled
}

// StepsPulledBack reports whether the steps of d itself are those of the
// pullback.
func StepsPulledBack(d *Derivation) bool { return d.pulled }
