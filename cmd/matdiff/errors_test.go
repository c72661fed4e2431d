package main

// TestErrorsDoc runs every example of docs/errors.md through the command
// and wants exactly the message the document shows, on stderr, with
// nothing on stdout and exit status 2. The table at the top of the
// document is made from the examples; after a deliberate change to a
// message, or a new example, regenerate the messages and the table with
//
//	go test ./cmd/matdiff -run TestErrorsDoc -update-errors-doc
//
// and read the diff.

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateErrorsDoc = flag.Bool("update-errors-doc", false, "rewrite the messages and the table of docs/errors.md with the command's output")

var errorsDoc = filepath.Join("..", "..", "docs", "errors.md")

const (
	tableStart = "<!-- table: made by TestErrorsDoc from the examples below -->"
	tableEnd   = "<!-- end of table -->"
)

// docExample is one example of the document: a command line and what it
// prints on stderr.
type docExample struct {
	section, title string
	cmd            string // as written, starting with "matdiff "
	args           []string
	stderr         string
	stderrAt       [2]int // the lines of the stderr block, [first, end)
}

func TestErrorsDoc(t *testing.T) {
	data, err := os.ReadFile(errorsDoc)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	examples, err := parseDoc(lines)
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) < 30 {
		t.Fatalf("only %d examples in %s", len(examples), errorsDoc)
	}
	seen := map[string]bool{}
	for _, ex := range examples {
		if seen[ex.cmd] {
			t.Errorf("%s: %s appears twice", ex.title, ex.cmd)
		}
		seen[ex.cmd] = true
		var out, errb bytes.Buffer
		code := run(ex.args, &out, &errb, false)
		got := errb.String()
		if strings.Contains(got, "goroutine ") || strings.Contains(got, "panic:") {
			t.Errorf("%s: %s crashed:\n%s", ex.title, ex.cmd, got)
			continue
		}
		want := exitInput
		if strings.HasPrefix(ex.section, "Beyond") {
			want = exitBeyond
		}
		if code != want || out.Len() != 0 {
			t.Errorf("%s: %s = exit %d, stdout %q; want exit %d and nothing on stdout", ex.title, ex.cmd, code, out.String(), want)
		}
		if !strings.HasPrefix(got, "matdiff: ") {
			t.Errorf("%s: %s: stderr %q does not start with \"matdiff: \"", ex.title, ex.cmd, got)
		}
		if *updateErrorsDoc {
			ex.stderr = got
			continue
		}
		if got != ex.stderr {
			t.Errorf("%s: %s prints\n%s\nbut %s shows\n%s", ex.title, ex.cmd, got, errorsDoc, ex.stderr)
		}
	}
	if *updateErrorsDoc {
		lines = rewriteDoc(lines, examples)
		if err := os.WriteFile(errorsDoc, []byte(strings.Join(lines, "\n")), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	start, end := tableLines(lines)
	if start < 0 || end < 0 {
		t.Fatalf("%s has no table between %q and %q", errorsDoc, tableStart, tableEnd)
	}
	if got, want := strings.Join(lines[start+1:end], "\n"), strings.Join(table(examples), "\n"); got != want {
		t.Errorf("the table of %s does not match its examples; run go test ./cmd/matdiff -run TestErrorsDoc -update-errors-doc\nwant:\n%s", errorsDoc, want)
	}
}

// parseDoc finds the examples: under each "### title", a ```sh block with
// one command line, then a ```text block with its stderr.
func parseDoc(lines []string) ([]*docExample, error) {
	var exs []*docExample
	section, title := "", ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "## "):
			section = strings.TrimPrefix(l, "## ")
		case strings.HasPrefix(l, "### "):
			title = strings.TrimPrefix(l, "### ")
		case l == "```sh" && title != "":
			if i+2 >= len(lines) || lines[i+2] != "```" || !strings.HasPrefix(lines[i+1], "matdiff ") {
				return nil, fmt.Errorf("line %d: a ```sh block holds one line, a matdiff command", i+1)
			}
			ex := &docExample{section: section, title: title, cmd: lines[i+1]}
			args, err := shellWords(strings.TrimPrefix(ex.cmd, "matdiff "))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", i+2, err)
			}
			ex.args = args
			i += 3
			for i < len(lines) && lines[i] == "" {
				i++
			}
			if i >= len(lines) || lines[i] != "```text" {
				return nil, fmt.Errorf("line %d: the command of %q is not followed by a ```text block", i+1, title)
			}
			first := i + 1
			for i++; i < len(lines) && lines[i] != "```"; i++ {
			}
			if i >= len(lines) {
				return nil, fmt.Errorf("%q: the ```text block does not end", title)
			}
			ex.stderrAt = [2]int{first, i}
			if i > first {
				ex.stderr = strings.Join(lines[first:i], "\n") + "\n"
			}
			exs = append(exs, ex)
			title = ""
		}
	}
	return exs, nil
}

// shellWords splits a command line as a POSIX shell would, for the quoting
// the document uses: '...', "..." with \" \\ \$ \` escapes, and bare
// words.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unclosed ' in %s", s)
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unclosed \" in %s", s)
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// table is the summary of the examples: one row each.
func table(exs []*docExample) []string {
	rows := []string{"| Class | Example | Message |", "|---|---|---|"}
	cell := func(s string) string {
		return strings.ReplaceAll(s, "|", `\|`)
	}
	for _, ex := range exs {
		msg, _, _ := strings.Cut(strings.TrimPrefix(ex.stderr, "matdiff: "), "\n")
		if hint := hintOf(ex.stderr); hint != "" {
			msg += " — " + hint
		}
		rows = append(rows, fmt.Sprintf("| %s | `%s` | %s |", cell(ex.title), cell(strings.TrimPrefix(ex.cmd, "matdiff ")), cell(msg)))
	}
	return rows
}

// hintOf returns the hint line of a message, or "".
func hintOf(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if h, ok := strings.CutPrefix(l, "hint: "); ok {
			return h
		}
	}
	return ""
}

func tableLines(lines []string) (start, end int) {
	start, end = -1, -1
	for i, l := range lines {
		switch l {
		case tableStart:
			start = i
		case tableEnd:
			end = i
		}
	}
	return start, end
}

// rewriteDoc puts the stderr of each example, and the table, into lines.
func rewriteDoc(lines []string, exs []*docExample) []string {
	var out []string
	next := 0
	start, end := tableLines(lines)
	for i := 0; i < len(lines); i++ {
		if i == start {
			out = append(out, lines[i])
			out = append(out, table(exs)...)
			i = end - 1
			continue
		}
		if next < len(exs) && i == exs[next].stderrAt[0] {
			out = append(out, strings.Split(strings.TrimSuffix(exs[next].stderr, "\n"), "\n")...)
			i = exs[next].stderrAt[1] - 1
			next++
			continue
		}
		out = append(out, lines[i])
	}
	return out
}
