package main

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestOneCommandModel runs command lines with the model of their command
// alone, as a process does, and with the model of the whole command line,
// as a session once did: the status, stdout and stderr must be the same.
func TestOneCommandModel(t *testing.T) {
	var names []string
	ct := reflect.TypeFor[cli]()
	for i := range ct.NumField() {
		if _, ok := ct.Field(i).Tag.Lookup("cmd"); ok {
			names = append(names, strings.ToLower(ct.Field(i).Name))
		}
	}
	if len(names) < 9 {
		t.Fatalf("commands %v", names)
	}
	lines := [][]string{
		{"grad", "-q", "--wrt", "X", worked},
		{"grad", "--wrt", "X", worked},
		{"grad", "--format", "latex", "--wrt=X", worked},
		{"grad", "--format", "xml", "--wrt", "X", worked},
		{"grad", worked},
		{"grad", "--wrt", "x"},
		{"grad", "--wrt", "x", "x' x where x: n x 1", "extra"},
		{"grad", "--wrt", "x", "-x' x where x: n x 1"},
		{"grad", "--wrt", "x", "x' x where x: n x ｎ"},
		{"grad", "--wrt", "x", "--where", "x: n x 1", "x' A x"},
		{"grad", "--wrt", "", "x' x where x: n x 1"},
		{"grad", "--wrt", "x", "--max-steps", "0", "x' x where x: n x 1"},
		{"grad", "--standalone", "--wrt", "x", "x' x where x: n x 1"},
		{"grad", "--transpose", "nope", "--wrt", "x", "x' x where x: n x 1"},
		{"grad", "--wrt", "x", "--wrt", "x", "x' x where x: n x 1"},
		{"jacobian", "--wrt", "x", "A x where x: n x 1, A: m x n"},
		{"jacobian", "-q", "--wrt", "t", "t x where x: n x 1, t: scalar"},
		{"hessian", "-q", "--wrt", "x", "x' A x where x: n x 1, A: n x n"},
		{"hessian", "--wrt", "x", "--wrt", "y", "x' A y where x: n x 1, y: m x 1, A: n x m"},
		{"check", "--wrt", "x", "x' x where x: n x 1"},
		{"check", "--wrt", "x", "--against", "2 x", "x' x where x: n x 1"},
		{"check", "--wrt", "x", "--against", "3 x", "x' x where x: n x 1"},
		{"eval", "--random", "x' x where x: 3 x 1"},
		{"eval", "x' x where x: 3 x 1"},
		{"grad", "--against", "2 x", "--wrt", "x", "x' x where x: n x 1"},
		{"grad", "--randm", "--wrt", "x", "x' x where x: n x 1"},
		{"eval", "--agains", "x", "x' x where x: 3 x 1"},
		{"grad", "--historyy", "h"},
		{"serve", "--addr"},
		{"serve", "extra"},
		{"repl", "extra"},
		{"repl", "--history"},
		{"man", "extra"},
		{"completion"},
		{"completion", "bash"},
		{"completion", "tcsh"},
	}
	for _, name := range names {
		lines = append(lines, []string{name, "--help"}, []string{name, "-h"}, []string{name, "--version"},
			[]string{name, "--bogus"}, []string{name, "--wrt"}, []string{name, "-q"}, []string{name, "--", "-x"},
			[]string{name, "--formt", "json"})
	}
	for _, name := range names {
		if got, want := runsAlone(name), name != "man" && name != "completion"; got != want {
			t.Errorf("runsAlone(%q) = %v, want %v", name, got, want)
		}
	}
	// A session keeps the runner of a command for its next lines, as
	// this test does: each line sees nothing of the lines before.
	runners := map[string]*runner{}
	for _, args := range lines {
		var out1, err1, out2, err2 bytes.Buffer
		one := runners[args[0]]
		if one == nil {
			one = newRunnerFor(args[0])
			runners[args[0]] = one
		}
		s1 := runWith(one, args, &out1, &err1, false)
		s2 := runWith(newRunner(), args, &out2, &err2, false)
		if s1 != s2 || out1.String() != out2.String() || err1.String() != err2.String() {
			t.Errorf("matdiff %q: with one command: %d\n%s%s\nwith all: %d\n%s%s", args, s1, &out1, &err1, s2, &out2, &err2)
		}
		if name := args[0]; name != "man" && name != "completion" && len(one.k.Model.Children) != 1 {
			t.Errorf("matdiff %q: the model has %d commands", args, len(one.k.Model.Children))
		}
	}
}

// TestFlagLike holds flagLike to the expression it stands for.
func TestFlagLike(t *testing.T) {
	re := regexp.MustCompile(`^--?[A-Za-z][A-Za-z0-9-]*(=.*)?$`)
	ins := []string{"", "-", "--", "---", "-q", "--q", "---q", "--wrt", "--wrt=X", "--wrt=", "--wrt=a\nb", "--wrt=\xff", "--no-verify",
		"--max-steps=3", "-1", "--1x", "-x'", "-x' x", "-y' x + log(sum(exp(x)))", "--a_b", "--a-", "-é", "x", "--x=y=z", "--x\n"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(7) {
			const chars = "-=aZ09_\n x'\xff"
			b.WriteByte(chars[r.IntN(len(chars))])
		}
		ins = append(ins, b.String())
	}
	for _, in := range ins {
		if got, want := flagLike(in), re.MatchString(in); got != want {
			t.Errorf("flagLike(%q) = %v, want %v", in, got, want)
		}
	}
}
