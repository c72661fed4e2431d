package rewrite

// WithoutTextbook returns an engine with the rules of eng whose simplifier
// does not search for the textbook form: what results were before it.
func (eng *Engine) WithoutTextbook() *Engine {
	cp := *eng
	cp.noTextbook = true
	return &cp
}
