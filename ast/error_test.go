package ast_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

func at(line, col int) ast.Pos { return ast.Pos{Line: line, Col: col} }

var excerptTests = []struct {
	src  string
	pos  ast.Pos
	want string
}{
	{"A B + C", at(1, 3), "  | A B + C\n  |   ^\n"},
	{"A B + C", at(1, 1), "  | A B + C\n  | ^\n"},
	// Columns count runes, not bytes: ᵀ is three bytes, one column.
	{"Aᵀ ∘ B", at(1, 4), "  | Aᵀ ∘ B\n  |    ^\n"},
	{"Aᵀ ∘ B", at(1, 6), "  | Aᵀ ∘ B\n  |      ^\n"},
	{"αᵀ β", at(1, 4), "  | αᵀ β\n  |    ^\n"},
	// A wide rune gets a wide space in the caret row.
	{"中文 + x", at(1, 4), "  | 中文 + x\n  | \u3000\u3000 ^\n"},
	{"中文 + x", at(1, 2), "  | 中文 + x\n  | \u3000^\n"},
	// A tab shows as a space and counts one column.
	{"A\t+\tB", at(1, 3), "  | A + B\n  |   ^\n"},
	{"\tA B", at(1, 4), "  |  A B\n  |    ^\n"},
	// Line 2 of several.
	{"x' A x +\n  B C\n  + D", at(2, 5), "  |   B C\n  |     ^\n"},
	{"x' A x +\n  B C\n  + D", at(3, 5), "  |   + D\n  |     ^\n"},
	{"x' A x +\r\n  B C", at(1, 8), "  | x' A x +\n  |        ^\n"},
	// A blank line.
	{"A\n\nB", at(2, 1), "  | \n  | ^\n"},
	// Past the end of the line: the caret stands after it.
	{"A B", at(1, 4), "  | A B\n  |    ^\n"},
	{"A B", at(1, 7), "  | A B\n  |       ^\n"},
	{"A B\nC", at(1, 5), "  | A B\n  |     ^\n"},
	// No excerpt: no position, no source, no such line.
	{"A B", ast.Pos{}, ""},
	{"", at(1, 1), ""},
	{"A B", at(2, 1), ""},
	{"A\nB", at(3, 1), ""},
}

func TestExcerpt(t *testing.T) {
	for _, tt := range excerptTests {
		if got := ast.Excerpt(tt.src, tt.pos); got != tt.want {
			t.Errorf("Excerpt(%q, %v) =\n%q\nwant\n%q", tt.src, tt.pos, got, tt.want)
		}
	}
}

// caretRows returns the shown line and the caret row of an excerpt.
func caretRows(t *testing.T, ex string) (shown, caret []rune) {
	t.Helper()
	lines := strings.Split(ex, "\n")
	if len(lines) != 3 || lines[2] != "" || !strings.HasPrefix(lines[0], "  | ") || !strings.HasPrefix(lines[1], "  | ") {
		t.Fatalf("excerpt %q is not two rows", ex)
	}
	return []rune(lines[0][4:]), []rune(lines[1][4:])
}

// TestExcerptLongLine: a line of more than 200 runes shows a window of 200
// around the caret, with … where it cuts, and the caret stays under its
// place.
func TestExcerptLongLine(t *testing.T) {
	line := strings.Repeat("x", 149) + "Y" + strings.Repeat("z", 150) // 300 runes, Y at column 150
	for _, tt := range []struct {
		col        int
		want       string // the shown line
		caretIndex int    // the caret's rune index in the rows
	}{
		// Near the start: the first 200 runes.
		{10, strings.Repeat("x", 149) + "Y" + strings.Repeat("z", 50) + "…", 9},
		{100, strings.Repeat("x", 149) + "Y" + strings.Repeat("z", 50) + "…", 99},
		// In the middle: 200 runes from column 51, … on both sides.
		{150, "…" + strings.Repeat("x", 99) + "Y" + strings.Repeat("z", 100) + "…", 100},
		// Near the end: the window runs to the end of the line.
		{290, "…" + strings.Repeat("z", 110), 100},
		// Just past the end (where an "unexpected end" error points).
		{301, "…" + strings.Repeat("z", 100), 101},
		// Far past the end: the end of the line, the caret far to the right.
		{1000, "…" + strings.Repeat("z", 100), 800},
	} {
		shown, caret := caretRows(t, ast.Excerpt(line, at(1, tt.col)))
		if string(shown) != tt.want {
			t.Errorf("col %d: shows %q (%d runes), want %q", tt.col, string(shown), len(shown), tt.want)
		}
		if want := strings.Repeat(" ", tt.caretIndex) + "^"; string(caret) != want {
			t.Errorf("col %d: caret row has the caret at %d, want %d", tt.col, len(caret)-1, tt.caretIndex)
		}
		if tt.col <= len(line) {
			if r := shown[tt.caretIndex]; r != rune(line[tt.col-1]) {
				t.Errorf("col %d: caret under %q, want %q", tt.col, r, line[tt.col-1])
			}
		}
	}

	// Wide runes in the window: the caret row pads with wide spaces.
	wide := strings.Repeat("中", 300)
	shown, caret := caretRows(t, ast.Excerpt(wide, at(1, 150)))
	if want := "…" + strings.Repeat("中", 200) + "…"; string(shown) != want {
		t.Errorf("wide: shows %d runes %q", len(shown), string(shown))
	}
	if want := " " + strings.Repeat("\u3000", 99) + "^"; string(caret) != want {
		t.Errorf("wide: caret row %q", string(caret))
	}

	// The window logic on a real error: a long sum with the clash far
	// to the right.
	src := strings.Repeat("x' x + ", 40) + "A B where x: n x 1, A: 2 x 3, B: 4 x 5"
	e, ds, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ast.Check(e, ds)
	var ae *ast.Error
	if !errors.As(err, &ae) {
		t.Fatalf("Check: %v", err)
	}
	ae.Src = src
	want := "1:283: cannot multiply A (2×3) by B (4×5)\n" +
		"  | …" + strings.Repeat("x' x + ", 40)[183:] + "A B where x: n x 1, A: 2 x 3, B: 4 x 5\n" +
		"  | " + strings.Repeat(" ", 100) + "^\n"
	if got := ae.Pretty(); got != want {
		t.Errorf("Pretty() =\n%s\nwant\n%s", got, want)
	}
}

func TestPrettyMultiByte(t *testing.T) {
	src := "Aᵀ ∘ B where A: 2 x 3, B: 2 x 3"
	e, ds, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ast.Check(e, ds)
	var ae *ast.Error
	if !errors.As(err, &ae) {
		t.Fatalf("Check: %v", err)
	}
	if ae.Pos != (ast.Pos{Offset: 5, Line: 1, Col: 4}) {
		t.Errorf("Pos = %+v, want offset 5, 1:4", ae.Pos)
	}
	ae.Src = src
	want := "1:4: cannot take the Hadamard product of A' (3×2) and B (2×3): the shapes differ\n" +
		"  | Aᵀ ∘ B where A: 2 x 3, B: 2 x 3\n" +
		"  |    ^\n"
	if got := ae.Pretty(); got != want {
		t.Errorf("Pretty() =\n%s\nwant\n%s", got, want)
	}
}

func TestPrettyTab(t *testing.T) {
	src := "A\t+ B where A: 2 x 3, B: 3 x 2"
	e, ds, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ast.Check(e, ds)
	ae, ok := err.(*ast.Error)
	if !ok {
		t.Fatalf("Check: %v", err)
	}
	ae.Src = src
	want := "1:3: cannot add A (2×3) and B (3×2)\n" +
		"  | A + B where A: 2 x 3, B: 3 x 2\n" +
		"  |   ^\n"
	if got := ae.Pretty(); got != want {
		t.Errorf("Pretty() =\n%s\nwant\n%s", got, want)
	}
}

func TestErrorFormats(t *testing.T) {
	for _, tt := range []struct {
		err           *ast.Error
		error, pretty string
	}{
		{&ast.Error{Msg: "no place"}, "no place", "no place\n"},
		{&ast.Error{Msg: "no place", Hint: "try this", Src: "A B"}, "no place; try this", "no place\nhint: try this\n"},
		{&ast.Error{Pos: at(1, 3), Msg: "no source"}, "1:3: no source", "1:3: no source\n"},
		{&ast.Error{Pos: at(1, 3), Msg: "bad", Hint: "good", Src: "A B"}, "1:3: bad; good", "1:3: bad\n  | A B\n  |   ^\nhint: good\n"},
		{&ast.Error{Pos: at(2, 1), Msg: "bad", Src: "A B"}, "2:1: bad", "2:1: bad\n"},
	} {
		if got := tt.err.Error(); got != tt.error {
			t.Errorf("Error() = %q, want %q", got, tt.error)
		}
		if got := tt.err.Pretty(); got != tt.pretty {
			t.Errorf("Pretty() = %q, want %q", got, tt.pretty)
		}
	}
}

func TestPos(t *testing.T) {
	if s := (ast.Pos{}).String(); s != "-" {
		t.Errorf("zero Pos = %q", s)
	}
	if (ast.Pos{Offset: 3}).IsValid() {
		t.Error("a Pos with no line is valid")
	}
	if s := (ast.Pos{Offset: 9, Line: 2, Col: 5}).String(); s != "2:5" {
		t.Errorf("Pos = %q", s)
	}
}

func TestErrorList(t *testing.T) {
	var l ast.ErrorList
	if l.Err() != nil {
		t.Error("empty list: Err() != nil")
	}
	if l.Error() != "no errors" {
		t.Errorf("empty list: %q", l.Error())
	}
	l = append(l,
		&ast.Error{Pos: ast.Pos{Offset: 9, Line: 2, Col: 1}, Msg: "second"},
		&ast.Error{Pos: ast.Pos{Offset: 2, Line: 1, Col: 3}, Msg: "first"},
		&ast.Error{Pos: ast.Pos{Offset: 9, Line: 2, Col: 1}, Msg: "third"},
	)
	l.Sort()
	var msgs []string
	for _, e := range l {
		msgs = append(msgs, e.Msg)
	}
	if strings.Join(msgs, " ") != "first second third" {
		t.Errorf("sorted: %v", msgs)
	}
	if got := l.Error(); got != "1:3: first (and 2 more errors)" {
		t.Errorf("Error() = %q", got)
	}
	if got := l[:1].Error(); got != "1:3: first" {
		t.Errorf("one error: %q", got)
	}
	if err := l.Err(); err == nil {
		t.Error("Err() = nil")
	}
}
