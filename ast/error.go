package ast

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrorKind says whose move an Error is: the user's (bad input) or
// matdiff's (valid input beyond what it can do).
type ErrorKind int

// The kinds of Error.
const (
	BadInput    ErrorKind = iota // the input is wrong: exit status 2
	BeyondReach                  // valid input beyond matdiff's reach (a limit, a missing identity): exit status 4
)

// ErrBadInput and ErrBeyondReach match an *Error of that kind with
// errors.Is.
var (
	ErrBadInput    = errors.New("bad input")
	ErrBeyondReach = errors.New("beyond matdiff's reach")
)

// Error is a problem with the user's input, at a place in it, or valid
// input that matdiff cannot handle (Kind BeyondReach).
type Error struct {
	Pos  Pos       // where; the zero Pos when the problem has no one place
	Msg  string    // what is wrong, lower case, no final period
	Hint string    // what would fit, or ""
	Src  string    // the input the position refers to, or "" (then no excerpt)
	Kind ErrorKind // bad input (the zero value) or beyond reach
}

// Is reports whether target is ErrBadInput or ErrBeyondReach and matches
// the kind of e.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrBadInput:
		return e.Kind == BadInput
	case ErrBeyondReach:
		return e.Kind == BeyondReach
	}
	return false
}

// Beyond returns an error of kind BeyondReach.
func Beyond(msg, hint string) *Error { return &Error{Msg: msg, Hint: hint, Kind: BeyondReach} }

// Error returns "line:col: msg", with the hint after a semicolon.
func (e *Error) Error() string {
	s := e.Msg
	if e.Pos.IsValid() {
		s = e.Pos.String() + ": " + s
	}
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// Pretty returns the message with the line of input it refers to and a
// caret under the place, then the hint on a line of its own:
//
//	1:9: cannot multiply A (3×4) by B (5×2)
//	  | A B + C
//	  |   ^
//	hint: ...
func (e *Error) Pretty() string {
	var b strings.Builder
	if e.Pos.IsValid() {
		b.WriteString(e.Pos.String() + ": ")
	}
	b.WriteString(e.Msg)
	b.WriteByte('\n')
	if ex := Excerpt(e.Src, e.Pos); ex != "" {
		b.WriteString(ex)
	}
	if e.Hint != "" {
		b.WriteString("hint: " + e.Hint + "\n")
	}
	return b.String()
}

// Excerpt returns the line of src that p is on and a caret row under the
// column, both indented with "  | ", or "" when p is not in src. Columns
// count runes; a tab shows as a space, and a wide rune gets a wide space in
// the caret row so that the caret stays under its place.
func Excerpt(src string, p Pos) string {
	if !p.IsValid() || src == "" {
		return ""
	}
	lines := strings.Split(src, "\n")
	if p.Line > len(lines) {
		return ""
	}
	line := strings.TrimRight(lines[p.Line-1], "\r")
	var shown, pad strings.Builder
	col := 1
	for _, r := range line {
		if r == '\t' {
			r = ' '
		}
		shown.WriteRune(r)
		if col < p.Col {
			if isWide(r) {
				pad.WriteRune('\u3000')
			} else {
				pad.WriteByte(' ')
			}
		}
		col++
	}
	for ; col < p.Col; col++ {
		pad.WriteByte(' ')
	}
	const maxShown = 200
	s := shown.String()
	if utf8.RuneCountInString(s) > maxShown && p.Col > maxShown/2 {
		// Keep a window around the caret so that a huge input stays readable.
		rs := []rune(s)
		// A column far past the end of the line shows the end of the line.
		from := min(p.Col-maxShown/2, len(rs)-maxShown/2)
		to := min(len(rs), from+maxShown)
		s = "…" + string(rs[from:to])
		if to < len(rs) {
			s += "…"
		}
		pr := []rune(pad.String())
		pad.Reset()
		pad.WriteString(" " + string(pr[from:]))
	} else if utf8.RuneCountInString(s) > maxShown {
		s = string([]rune(s)[:maxShown]) + "…"
	}
	return "  | " + s + "\n  | " + pad.String() + "^\n"
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || (r >= 0xFF01 && r <= 0xFF60)
}

// ErrorList is a list of errors, sorted by position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Sort sorts the list by position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos.Offset < l[j].Pos.Offset })
}

// Err returns nil for an empty list, and the list otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
