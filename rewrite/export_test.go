package rewrite

func init() { checkRewrites = true }
