package rewrite_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestRuleTitles: every rule has a reader's name (what the LaTeX legend
// shows), in words rather than an internal kebab-case name, and a Matrix
// Cookbook reference, where there is one, reads "(N)".
func TestRuleTitles(t *testing.T) {
	ref := regexp.MustCompile(`^\([0-9]+\)$`)
	rules := eng.Rules()
	if len(rules) < 100 {
		t.Fatalf("only %d rules", len(rules))
	}
	for _, r := range rules {
		switch {
		case r.Title == "":
			t.Errorf("%s has no Title", r.Name)
		case r.Title == r.Name || strings.Contains(r.Title, "-") && !strings.Contains(r.Title, " "):
			t.Errorf("%s: Title %q is not a reader's name", r.Name, r.Title)
		case strings.TrimSpace(r.Title) != r.Title || strings.HasSuffix(r.Title, "."):
			t.Errorf("%s: Title %q has spaces around it or a final period", r.Name, r.Title)
		}
		if r.Ref != "" && !ref.MatchString(r.Ref) {
			t.Errorf("%s: Ref %q is not an equation number in parentheses", r.Name, r.Ref)
		}
	}
	for _, name := range []string{"d-product", "frob-mul-left", "frob-hadamard-right"} {
		if r := eng.Lookup(name); r == nil {
			t.Errorf("no rule %s", name)
		}
	}
	for name, want := range map[string]string{
		"d-product": "product rule", "frob-mul-left": "cyclic property of the trace",
		"frob-hadamard-right": "Frobenius and Hadamard commute",
	} {
		if got := eng.Lookup(name).Title; got != want {
			t.Errorf("%s: Title %q, want %q", name, got, want)
		}
	}
}
