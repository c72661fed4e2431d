// Package web is matdiff serve: one page, embedded in the binary, that
// derives as the user types, and the small JSON API behind it.
//
//	GET  /              the page (HTML, CSS and script in one file, no external asset)
//	POST /api/derive    {"expression", "where", "wrt": [...], "kind": "grad|jacobian|hessian", "format"}
//	                    → the document of --format json, plus MathML, LaTeX, NumPy code and the .tex
//	POST /api/check     {"expression", "where", "wrt", "candidate", "kind"}
//	                    → the verdict of check --against
//
// Every request is bounded: its body (MaxBody), the engine's work budgets
// (Limits) and a timeout (Timeout). Bad input answers 400 with the
// position of the problem; input beyond matdiff's reach (a limit) 422; a
// bug 500. No input makes the server panic: a panic in a handler is
// recovered and answered 500.
package web

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

//go:embed page.html
var page []byte

// Config says how the server works; the zero Config is the CLI's defaults.
type Config struct {
	// Engine derives; nil means the rule tables compiled into matdiff.
	Engine *rewrite.Engine
	// Limits are the engine's work budgets; the zero value means
	// budget.Default.
	Limits budget.Limits
	// Timeout bounds each request (default 10s), as a last safety net:
	// the budgets decide first.
	Timeout time.Duration
	// MaxBody is the most bytes of a request body (default 64 KiB).
	MaxBody int64
	// Check answers /api/check: the verdict of check --against on the
	// request, as JSON. nil answers 501.
	Check func(ctx context.Context, r CheckRequest) (json.RawMessage, error)
}

// DeriveRequest is the body of POST /api/derive.
type DeriveRequest struct {
	Expression string   `json:"expression"`
	Where      string   `json:"where"`
	Wrt        []string `json:"wrt"`
	Kind       string   `json:"kind"`   // grad (default), jacobian or hessian
	Format     string   `json:"format"` // output: text (default), unicode or latex, for the field "output"
	NoNames    bool     `json:"no_names"`
}

// CheckRequest is the body of POST /api/check.
type CheckRequest struct {
	Expression string   `json:"expression"`
	Where      string   `json:"where"`
	Wrt        []string `json:"wrt"`
	Kind       string   `json:"kind"` // grad (default), jacobian or hessian
	Candidate  string   `json:"candidate"`
}

// DeriveResponse is the answer of /api/derive: the document of --format
// json (input, shapes, gradients; see docs/json.md), and for the page
// MathML of each derivation and the result in every form it copies.
type DeriveResponse struct {
	Input     string                    `json:"input"`
	Shapes    map[string]string         `json:"shapes"`
	Gradients []render.JSONDerivation   `json:"gradients"`
	MathML    []render.MathMLDerivation `json:"mathml"`
	Text      string                    `json:"result_text"`  // the results as -q prints them
	LaTeX     string                    `json:"result_latex"` // the results as -q --format latex prints them
	Align     string                    `json:"align"`        // the whole derivation as --format latex prints it
	Output    string                    `json:"output"`       // the derivation in the format asked for
	NumPy     string                    `json:"numpy,omitempty"`
	NumPyErr  string                    `json:"numpy_error,omitempty"`
	Document  string                    `json:"document"` // the standalone .tex (--standalone)
}

// ErrorBody is the answer to a request that fails.
type ErrorBody struct {
	Error ErrorInfo `json:"error"`
}

// ErrorInfo says what is wrong and where: Field is the input the
// position refers to (expression, where, candidate), Line and Column
// count from 1 (the column in characters), Offset counts bytes from 0,
// Length is how many characters to underline. Kind is "input" (the CLI's
// exit status 2), "beyond" (4) or "internal" (3).
type ErrorInfo struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Field   string `json:"field,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Offset  int    `json:"offset"`
	Length  int    `json:"length,omitempty"`
	Pretty  string `json:"pretty"` // as the CLI prints it, with the caret
}

type server struct {
	cfg    Config
	engine *rewrite.Engine
}

// compiled is the engine of the rule tables compiled into matdiff, made on
// first use: a process that serves no page (any other command of the CLI)
// does not spend its start on it.
var compiled = sync.OnceValue(func() *rewrite.Engine { return rewrite.Compiled(parser.ParsePattern) })

// Handler returns the server's http.Handler.
func Handler(cfg Config) http.Handler {
	if cfg.Limits == (budget.Limits{}) {
		cfg.Limits = budget.Default
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 64 << 10
	}
	eng := cfg.Engine
	if eng == nil {
		eng = compiled()
	}
	s := &server{cfg: cfg, engine: eng.WithLimits(cfg.Limits)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("POST /api/derive", s.derive)
	mux.HandleFunc("POST /api/check", s.check)
	return recoverer(mux)
}

// recoverer answers 500 to a request whose handler panics, instead of
// dropping the connection.
func recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				writeJSON(w, http.StatusInternalServerError, ErrorBody{ErrorInfo{Kind: "internal",
					Message: "internal error: please report this, with the input that caused it"}})
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func (s *server) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; connect-src 'self' blob:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(page)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"error":{"kind":"internal","message":"internal error: the answer could not be encoded"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// decode reads the JSON body into v, within the size limit: one object,
// no unknown field, nothing after it.
func (s *server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("more after the JSON object")
		}
	}
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	status, msg := http.StatusBadRequest, "the request is not a JSON object of the expected fields"
	hint := `send {"expression": "...", "where": "...", "wrt": ["X"], "kind": "grad"}`
	switch {
	case errors.As(err, &tooBig):
		status = http.StatusRequestEntityTooLarge
		msg = fmt.Sprintf("the request is larger than %d bytes", s.cfg.MaxBody)
		hint = "shorten the expression"
	case errors.Is(err, io.EOF):
		msg = "the request is empty"
	}
	writeJSON(w, status, ErrorBody{ErrorInfo{Kind: "input", Message: msg, Hint: hint, Pretty: msg + "\nhint: " + hint + "\n"}})
	return false
}

// fail answers err: 400 for bad input, 422 for input beyond reach, 500
// for anything else.
func (s *server) fail(w http.ResponseWriter, err error, fields map[string]string) {
	var ae *ast.Error
	var el ast.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		ae = el[0]
		for _, e := range el {
			if e.Kind != ast.BeyondReach {
				ae = e
				break
			}
		}
	} else if !errors.As(err, &ae) {
		writeJSON(w, http.StatusInternalServerError, ErrorBody{ErrorInfo{Kind: "internal",
			Message: "internal error: please report this, with the input that caused it"}})
		return
	}
	info := ErrorInfo{Kind: "input", Message: ae.Msg, Hint: ae.Hint, Pretty: ae.Pretty()}
	status := http.StatusBadRequest
	if ae.Kind == ast.BeyondReach {
		info.Kind, status = "beyond", http.StatusUnprocessableEntity
	}
	if ae.Pos.IsValid() {
		info.Line, info.Column, info.Offset = ae.Pos.Line, ae.Pos.Col, ae.Pos.Offset
		info.Length = tokenLen(ae.Src, ae.Pos.Offset)
		for _, name := range []string{"expression", "where", "candidate"} {
			if src, ok := fields[name]; ok && src == ae.Src && src != "" {
				info.Field = name
				break
			}
		}
	}
	writeJSON(w, status, ErrorBody{info})
}

// tokenLen is the length in characters of what stands at offset in src:
// a name or a number, or else one character.
func tokenLen(src string, offset int) int {
	if offset < 0 || offset >= len(src) {
		return 1
	}
	n := 0
	for _, r := range src[offset:] {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' && n > 0) {
			break
		}
		n++
	}
	if n == 0 {
		_, size := utf8.DecodeRuneInString(src[offset:])
		if size > 0 {
			if r, _ := utf8.DecodeRuneInString(src[offset:]); r == '*' && strings.HasPrefix(src[offset:], "**") {
				return 2
			}
		}
		return 1
	}
	return n
}

func (s *server) context(r *http.Request) (context.Context, context.CancelFunc) {
	return budget.WithTimeout(r.Context(), s.cfg.Timeout)
}

func (s *server) derive(w http.ResponseWriter, r *http.Request) {
	var req DeriveRequest
	if !s.decode(w, r, &req) {
		return
	}
	cx, cancel := s.context(r)
	defer cancel()
	resp, err := s.Derive(cx, req)
	if err != nil {
		s.fail(w, err, map[string]string{"expression": req.Expression, "where": req.Where})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *server) check(w http.ResponseWriter, r *http.Request) {
	var req CheckRequest
	if !s.decode(w, r, &req) {
		return
	}
	if s.cfg.Check == nil {
		writeJSON(w, http.StatusNotImplemented, ErrorBody{ErrorInfo{Kind: "beyond", Message: "this server checks no answers"}})
		return
	}
	if strings.TrimSpace(req.Candidate) == "" {
		s.fail(w, &ast.Error{Msg: "no candidate to check", Hint: "type your answer, e.g. 2 A x"}, nil)
		return
	}
	if len(req.Wrt) != 1 {
		s.fail(w, &ast.Error{Msg: fmt.Sprintf("a candidate is checked against one variable, not %d", len(req.Wrt)), Hint: "give one variable"}, nil)
		return
	}
	cx, cancel := s.context(r)
	defer cancel()
	out, err := s.cfg.Check(cx, req)
	if err != nil {
		s.fail(w, err, map[string]string{"expression": req.Expression, "where": req.Where, "candidate": req.Candidate})
		return
	}
	resp, err := verdict(out)
	if err != nil {
		s.fail(w, err, nil)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// CheckResponse is the answer of /api/check.
type CheckResponse struct {
	// Verdict is right, transposed, factor (off by a constant factor,
	// the sign among them), symmetric (right only for symmetric
	// matrices) or wrong.
	Verdict   string   `json:"verdict"`
	Diagnosis []string `json:"diagnosis"` // check's sentences on what is wrong
	MaxRelErr *float64 `json:"max_rel_err"`
	Worst     *Worst   `json:"worst,omitempty"`            // the worst entry, on a mismatch
	Matdiff   string   `json:"matdiff_gradient,omitempty"` // matdiff's own answer, on a mismatch
	// Report is the whole report of check --against --format json.
	Report json.RawMessage `json:"report"`
}

// Worst is the entry of a candidate farthest from finite differences.
type Worst struct {
	Wrt       string   `json:"wrt"`
	Seed      int64    `json:"seed"`
	Row       int      `json:"row"` // from 1
	Col       int      `json:"col"` // from 1
	Numeric   *float64 `json:"numeric"`
	Candidate *float64 `json:"candidate"`
}

// verdict reads the report of check --against --format json and says in
// a word what it found.
func verdict(report []byte) (*CheckResponse, error) {
	var rep struct {
		OK        bool     `json:"ok"`
		MaxRelErr *float64 `json:"max_rel_err"`
		Checks    []struct {
			Wrt       string   `json:"wrt"`
			OK        bool     `json:"ok"`
			MaxRelErr *float64 `json:"max_rel_err"`
			Diagnosis []string `json:"diagnosis"`
			Matdiff   *string  `json:"matdiff_gradient"`
			Instances []struct {
				Seed   int64    `json:"seed"`
				RelErr *float64 `json:"rel_err"`
				Worst  struct {
					Row      int      `json:"row"`
					Col      int      `json:"col"`
					Numeric  *float64 `json:"numeric"`
					Symbolic *float64 `json:"symbolic"`
				} `json:"worst"`
			} `json:"instances"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(report, &rep); err != nil || len(rep.Checks) == 0 {
		return nil, fmt.Errorf("the report of the check cannot be read: %v", err)
	}
	c := rep.Checks[0]
	resp := &CheckResponse{Verdict: "right", Diagnosis: append([]string{}, c.Diagnosis...), MaxRelErr: rep.MaxRelErr, Report: report}
	if rep.OK {
		return resp, nil
	}
	resp.Verdict = verdictOf(c.Diagnosis)
	if c.Matdiff != nil {
		resp.Matdiff = *c.Matdiff
	}
	best := -1.0
	for _, in := range c.Instances {
		e := 1e308 // a NaN or infinite error is the worst
		if in.RelErr != nil {
			e = *in.RelErr
		}
		if e > best {
			best = e
			resp.Worst = &Worst{Wrt: c.Wrt, Seed: in.Seed, Row: in.Worst.Row, Col: in.Worst.Col, Numeric: in.Worst.Numeric, Candidate: in.Worst.Symbolic}
		}
	}
	return resp, nil
}

// verdictOf turns check's diagnosis into one word.
func verdictOf(diagnosis []string) string {
	for _, d := range diagnosis {
		switch {
		case strings.HasPrefix(d, "it is not"):
			continue
		case strings.Contains(d, "transpose of the gradient"):
			return "transposed"
		case strings.Contains(d, "negative of the gradient"),
			strings.HasPrefix(d, "the candidate is ") && strings.HasSuffix(d, " the gradient"):
			return "factor"
		case strings.Contains(d, "holds only when"), strings.Contains(d, "symmetric part"):
			return "symmetric"
		}
	}
	return "wrong"
}
