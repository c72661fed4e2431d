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
