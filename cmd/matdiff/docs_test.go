package main

// The examples of README.md and docs/language.md are run by TestDocExamples:
// in a fenced block that starts with ```console, a line "$ matdiff ARGS"
// is a command (arguments are words and "double-quoted strings") and the
// lines after it, up to the next command or the end of the block, are
// what it prints (stdout, then stderr). A line "..." stands for any lines.
// After a deliberate change of the output, regenerate the examples with
//
//	go test ./cmd/matdiff -run TestDocExamples -update-docs
//
// and read the diff before committing it.

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the outputs of the examples in README.md and docs/language.md")

// mdExample is one command of a document and what it prints.
type mdExample struct {
	line int      // of the command, 1-based
	args []string // after "matdiff"
	want []string // the lines it prints, "..." for any
	end  int      // index of the line after the example
}

// mdExamples returns the examples of the lines of a markdown document.
func mdExamples(lines []string) ([]mdExample, error) {
	var exs []mdExample
	in := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case !in && strings.HasPrefix(l, "```console"):
			in = true
		case in && strings.HasPrefix(l, "```"):
			in = false
		case in && strings.HasPrefix(l, "$ matdiff "):
			args, err := splitShell(strings.TrimPrefix(l, "$ matdiff "))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
			ex := mdExample{line: i + 1, args: args}
			j := i + 1
			for ; j < len(lines) && !strings.HasPrefix(lines[j], "$ ") && !strings.HasPrefix(lines[j], "```"); j++ {
				ex.want = append(ex.want, lines[j])
			}
			ex.end = j
			exs = append(exs, ex)
			i = j - 1
		}
	}
	if in {
		return nil, fmt.Errorf("a ```console block is not closed")
	}
	return exs, nil
}

// matches reports whether got matches want, where a line "..." of want
// stands for any number of lines.
func matches(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for k := 0; k <= len(got); k++ {
			if matches(want[1:], got[k:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && want[0] == got[0] && matches(want[1:], got[1:])
}

// elide keeps the shape of want: the lines before and after its "..."
// taken from got.
func elide(want, got []string) []string {
	k := -1
	for i, w := range want {
		if w == "..." {
			k = i
			break
		}
	}
	if k < 0 || len(got) < len(want)-1 {
		return got
	}
	tail := len(want) - k - 1
	out := append([]string{}, got[:k]...)
	out = append(out, "...")
	return append(out, got[len(got)-tail:]...)
}

func outputLines(out, errs string) []string {
	s := strings.TrimRight(out+errs, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// TestDocExamples runs every example of README.md and docs/language.md
// and compares what it prints; every example of docs/language.md must
// also succeed (exit status 0) unless it is in a block that starts with
// ```console error.
func TestDocExamples(t *testing.T) {
	for _, file := range []string{"../../README.md", "../../docs/language.md"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		exs, err := mdExamples(lines)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if len(exs) < 5 {
			t.Fatalf("%s: only %d examples", file, len(exs))
		}
		errorBlock := map[int]bool{} // lines of examples in ```console error blocks
		in := false
		for i, l := range lines {
			switch {
			case !in && strings.HasPrefix(l, "```console"):
				in = strings.HasPrefix(l, "```console error")
			case strings.HasPrefix(l, "```"):
				in = false
			case in:
				errorBlock[i+1] = true
			}
		}
		var out []string
		last := 0
		for _, ex := range exs {
			code, stdout, stderr := matdiff(t, ex.args...)
			got := outputLines(stdout, stderr)
			if strings.HasSuffix(file, "language.md") && code != 0 && !errorBlock[ex.line] {
				t.Errorf("%s:%d: matdiff %q exits %d:\n%s", file, ex.line, ex.args, code, strings.Join(got, "\n"))
			}
			if *updateDocs {
				out = append(out, lines[last:ex.line]...)
				out = append(out, elide(ex.want, got)...)
				last = ex.end
				continue
			}
			if !matches(ex.want, got) {
				t.Errorf("%s:%d: matdiff %q prints\n%s\nwant\n%s\n(go test ./cmd/matdiff -run TestDocExamples -update-docs rewrites it)",
					file, ex.line, ex.args, strings.Join(got, "\n"), strings.Join(ex.want, "\n"))
			}
		}
		if *updateDocs {
			out = append(out, lines[last:]...)
			if err := os.WriteFile(file, []byte(strings.Join(out, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestDocExampleParts(t *testing.T) {
	exs, err := mdExamples(strings.Split("```console\n$ matdiff grad -q --wrt x \"x' x\"\n2 x\n$ matdiff eval \"1 + 1\"\n...\n2\n```\n", "\n"))
	if err != nil || len(exs) != 2 {
		t.Fatalf("mdExamples = %v, %v", exs, err)
	}
	if got := fmt.Sprint(exs[0].args); got != "[grad -q --wrt x x' x]" {
		t.Errorf("args = %s", got)
	}
	if !matches(exs[1].want, []string{"a", "b", "2"}) || matches(exs[1].want, []string{"3"}) || !matches([]string{"..."}, nil) {
		t.Error("... does not stand for any lines")
	}
	if got := elide([]string{"a", "...", "z"}, []string{"1", "2", "3", "4"}); fmt.Sprint(got) != "[1 ... 4]" {
		t.Errorf("elide = %v", got)
	}
}
