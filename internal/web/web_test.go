package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/internal/web"
)

func post(t *testing.T, h http.Handler, path, body string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", path, strings.NewReader(body)))
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("%s %s: the answer is not JSON (%v): %s", path, body, err, rec.Body)
	}
	return rec.Code, m
}

func jsonBody(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func errInfo(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error in %v", m)
	}
	return e
}

func TestPage(t *testing.T) {
	h := web.Handler(web.Config{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{`id="result-text"`, `id="expr"`, `id="where"`, `id="wrt"`, `id="candidate"`, "api/derive", "api/check"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	// No external asset: every script and style is in the page.
	for _, bad := range []string{`src="http`, `href="http`, `<link `, `src="//`, "@import"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page loads something from elsewhere: %s", bad)
		}
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/derive", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/derive = %d, want 405", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/nothing", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /nothing = %d, want 404", rec.Code)
	}
}

func TestDeriveWorkedExample(t *testing.T) {
	h := web.Handler(web.Config{})
	code, m := post(t, h, "/api/derive", jsonBody(web.DeriveRequest{Expression: workedExpr, Where: workedWhere, Wrt: []string{"X"}, Kind: "grad"}))
	if code != 200 {
		t.Fatalf("status %d: %v", code, m)
	}
	var resp web.DeriveResponse
	b, _ := json.Marshal(m)
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	g := resp.Gradients[0]
	if g.Result != workedText || strings.TrimSpace(resp.Text) != workedText {
		t.Errorf("result %q, text %q, want %q", g.Result, resp.Text, workedText)
	}
	// Checked numerically (finite differences, package verify) before it
	// was sent.
	if g.Verified != "checked" || g.Checked == nil || !*g.Checked {
		t.Errorf("verified %q", g.Verified)
	}
	if len(g.Steps) != 5 || len(resp.MathML) != 1 || len(resp.MathML[0].Steps) != 5 {
		t.Errorf("%d steps, %d in MathML", len(g.Steps), len(resp.MathML[0].Steps))
	}
	if len(g.Names) != 2 || g.Named != "K C'" {
		t.Errorf("names %v, result named %q", g.Names, g.Named)
	}
	if resp.Shapes["X"] != "b x 1" || g.Shape != "b x 1" {
		t.Errorf("shapes %v, shape %q", resp.Shapes, g.Shape)
	}
	for what, s := range map[string]string{"align": resp.Align, "document": resp.Document, "numpy": resp.NumPy, "latex": resp.LaTeX, "output": resp.Output} {
		if s == "" {
			t.Errorf("no %s", what)
		}
	}
	if !strings.Contains(resp.Align, `\begin{align*}`) || !strings.Contains(resp.Document, `\documentclass`) || !strings.Contains(resp.NumPy, "import numpy") {
		t.Errorf("align, document or numpy code malformed:\n%s\n%s", resp.Align, resp.NumPy)
	}
	if !strings.Contains(resp.Output, "df/dX = K C'") {
		t.Errorf("output:\n%s", resp.Output)
	}
}

func TestDeriveKinds(t *testing.T) {
	h := web.Handler(web.Config{})
	cases := []struct {
		req  web.DeriveRequest
		want []string
	}{
		{web.DeriveRequest{Expression: "x' A x", Where: "x: n x 1, A: n x n", Wrt: []string{"x"}, Kind: "hessian"}, []string{"A + A'"}},
		{web.DeriveRequest{Expression: "A x", Where: "x: n x 1, A: m x n", Wrt: []string{"x"}, Kind: "jacobian"}, []string{"A"}},
		{web.DeriveRequest{Expression: "x' A y", Where: "x: n x 1, y: m x 1", Wrt: []string{"x", "y"}}, []string{"A y", "A' x"}},
		{web.DeriveRequest{Expression: "x' A y", Where: "x: n x 1, y: m x 1", Wrt: []string{"x", "y"}, Kind: "hessian"}, []string{"A"}},
		{web.DeriveRequest{Expression: "logdet(X)", Where: "X: n x n", Wrt: []string{"X"}}, []string{"X^-T"}},
		{web.DeriveRequest{Expression: "norm(A x - b)^2", Where: "A: m x n, x: n x 1, b: m x 1", Wrt: []string{"x"}}, nil},
	}
	for _, c := range cases {
		code, m := post(t, h, "/api/derive", jsonBody(c.req))
		if code != 200 {
			t.Errorf("%+v: status %d: %v", c.req, code, m)
			continue
		}
		gs := m["gradients"].([]any)
		for i, w := range c.want {
			got := gs[i].(map[string]any)["result"].(string)
			if got != w && !(w == "X^-T" && strings.Contains(got, "^-1")) {
				t.Errorf("%+v: result %d is %q, want %q", c.req, i, got, w)
			}
		}
		for _, g := range gs {
			if v := g.(map[string]any)["verified"]; v != "checked" {
				t.Errorf("%+v: verified %v", c.req, v)
			}
		}
	}
}

func TestBadRequests(t *testing.T) {
	h := web.Handler(web.Config{MaxBody: 1 << 10})
	cases := []struct {
		body   string
		status int
		msg    string
	}{
		{"", 400, "the request is empty"},
		{"{", 400, "not a JSON object"},
		{"[1,2]", 400, "not a JSON object"},
		{`{"expression": 3}`, 400, "not a JSON object"},
		{`{"expression": "x' x", "wrt": ["x"], "bogus": 1}`, 400, "not a JSON object"},
		{`{"expression": "x' x", "wrt": ["x"]} {}`, 400, "not a JSON object"},
		{`{"expression": "` + strings.Repeat("x + ", 1000) + `x", "wrt": ["x"]}`, 413, "larger than 1024 bytes"},
		{`{"expression": "", "wrt": ["x"]}`, 400, "empty expression"},
		{`{"expression": "x' x", "wrt": []}`, 400, "no variable"},
		{`{"expression": "x' x", "wrt": ["x"], "kind": "laplacian"}`, 400, "unknown kind"},
		{`{"expression": "x' x", "wrt": ["x"], "format": "pdf"}`, 400, "unknown format"},
	}
	for _, c := range cases {
		code, m := post(t, h, "/api/derive", c.body)
		e := errInfo(t, m)
		if code != c.status || !strings.Contains(e["message"].(string), c.msg) || e["kind"] != "input" {
			t.Errorf("%.60s: %d %v, want %d %q", c.body, code, e, c.status, c.msg)
		}
	}
	// An endless body stops at the limit.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/derive", io.LimitReader(zeros{}, 1<<30)))
	if rec.Code != 413 {
		t.Errorf("a 1 GiB body: %d", rec.Code)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// The position of an error, in the field it refers to, with the length of
// what to underline.
func TestErrorPosition(t *testing.T) {
	h := web.Handler(web.Config{})
	cases := []struct {
		req                       web.DeriveRequest
		field                     string
		line, col, offset, length int
		msg                       string
	}{
		{web.DeriveRequest{Expression: "(x' x", Wrt: []string{"x"}}, "expression", 1, 1, 0, 1, "unclosed '('"},
		{web.DeriveRequest{Expression: "tr(A) + dett(A)", Wrt: []string{"A"}}, "expression", 1, 9, 8, 4, "unknown function dett"},
		{web.DeriveRequest{Expression: "x' ａ x", Wrt: []string{"x"}}, "expression", 1, 4, 3, 1, "looks like"},
		{web.DeriveRequest{Expression: "x' A x", Where: "x: n x 1, A n x n", Wrt: []string{"x"}}, "where", 1, 13, 12, 1, "bad shape for A"},
	}
	for _, c := range cases {
		code, m := post(t, h, "/api/derive", jsonBody(c.req))
		e := errInfo(t, m)
		got := fmt.Sprintf("%v %v:%v +%v len %v", e["field"], e["line"], e["column"], e["offset"], e["length"])
		want := fmt.Sprintf("%s %d:%d +%d len %d", c.field, c.line, c.col, c.offset, c.length)
		if code != 400 || got != want || !strings.Contains(e["message"].(string), c.msg) {
			t.Errorf("%+v: %d %s %q, want 400 %s %q", c.req, code, got, e["message"], want, c.msg)
		}
	}
}

// Every class of bad input of docs/errors.md that a request can carry
// (grad, jacobian and hessian with their expression, where clause and
// variables) is answered as the CLI answers it: 400 with the message,
// the position and the hint of the CLI, or 422 for a limit.
func TestErrorsDoc(t *testing.T) {
	f, err := os.Open("../../docs/errors.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	section, n := "", 0
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "## ") {
			section = l[3:]
		}
		if l != "```sh" || i+1 >= len(lines) {
			continue
		}
		args := shellWords(strings.TrimPrefix(lines[i+1], "matdiff "))
		var msg, hint string
		for j := i + 2; j < len(lines) && j < i+40; j++ {
			if strings.HasPrefix(lines[j], "matdiff: ") && msg == "" {
				msg = strings.TrimPrefix(lines[j], "matdiff: ")
			}
			if strings.HasPrefix(lines[j], "hint: ") && hint == "" {
				hint = strings.TrimPrefix(lines[j], "hint: ")
			}
			if strings.HasPrefix(lines[j], "```sh") || strings.HasPrefix(lines[j], "### ") {
				break
			}
		}
		req, cfg, ok := toRequest(args)
		if !ok || msg == "" || strings.HasPrefix(msg, "--") || strings.Contains(msg, "--wrt") || strings.Contains(msg, "missing flags") {
			continue
		}
		msg = strings.ReplaceAll(msg, "in --where", "in the where field")
		n++
		code, m := post(t, web.Handler(cfg), "/api/derive", jsonBody(req))
		e := errInfo(t, m)
		got := e["message"].(string)
		if l, ok := e["line"].(float64); ok && l > 0 {
			got = fmt.Sprintf("%v:%v: %s", l, e["column"], got)
		}
		want := 400
		if section == "Beyond matdiff's reach (exit 4)" {
			want = 422
		}
		gotHint, _ := e["hint"].(string)
		if code != want || got != msg || gotHint != hint {
			t.Errorf("%s: %d %q (hint %q), want %d %q (hint %q)", lines[i+1], code, got, gotHint, want, msg, hint)
		}
	}
	if n < 40 {
		t.Errorf("only %d examples of docs/errors.md apply to the API", n)
	}
	t.Logf("%d examples of docs/errors.md", n)
}

// toRequest turns the arguments of a grad, jacobian or hessian command
// into a request and the limits of its flags; ok is false for a command
// or a flag that has no counterpart in a request.
func toRequest(args []string) (req web.DeriveRequest, cfg web.Config, ok bool) {
	if len(args) == 0 {
		return req, cfg, false
	}
	switch args[0] {
	case "grad", "jacobian", "hessian":
		req.Kind = args[0]
	default:
		return req, cfg, false
	}
	cfg.Limits = budget.Default
	exprs := 0
	for i := 1; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "--") {
			req.Expression = a
			exprs++
			continue
		}
		if i+1 >= len(args) {
			return req, cfg, false
		}
		v := args[i+1]
		i++
		num, _ := strconv.ParseInt(v, 10, 64)
		switch a {
		case "--wrt":
			req.Wrt = append(req.Wrt, v)
		case "--where":
			req.Where = v
		case "--max-steps":
			cfg.Limits.Steps = num
		case "--max-nodes":
			cfg.Limits.Nodes = num
		case "--max-work":
			cfg.Limits.Work = num
		case "--max-print":
			cfg.Limits.Print = num
		case "--timeout":
			d, err := time.ParseDuration(v)
			if err != nil {
				return req, cfg, false
			}
			cfg.Timeout = d
		default:
			return req, cfg, false
		}
	}
	return req, cfg, exprs == 1 && len(req.Wrt) > 0
}

// shellWords splits a command line of docs/errors.md as sh does: words,
// "double-quoted" with \" and \\, and 'single-quoted'.
func shellWords(s string) []string {
	var words []string
	var b strings.Builder
	in, quote := false, rune(0)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '"' && r == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\' || rs[i+1] == '$' || rs[i+1] == '`'):
			i++
			b.WriteRune(rs[i])
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			b.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ':
			if in {
				words = append(words, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, b.String())
	}
	return words
}

// A limit answers 422 with the limit's message; the server goes on.
func TestLimits(t *testing.T) {
	h := web.Handler(web.Config{Limits: budget.Limits{Steps: 20, Nodes: 200000, Work: 20000000, Flops: 4e9, Print: 2000000}})
	code, m := post(t, h, "/api/derive", jsonBody(web.DeriveRequest{Expression: "sum(tanh(tanh(tanh(tanh(x)))))", Where: "x: n x 1", Wrt: []string{"x"}, Kind: "hessian"}))
	e := errInfo(t, m)
	if code != 422 || e["kind"] != "beyond" || !strings.Contains(e["message"].(string), "rule applications") {
		t.Errorf("%d %v", code, e)
	}
	code, _ = post(t, h, "/api/derive", jsonBody(web.DeriveRequest{Expression: "x' x", Wrt: []string{"x"}}))
	if code != 200 {
		t.Errorf("after a limit: %d", code)
	}
}

func TestVerdict(t *testing.T) {
	cases := []struct{ diagnosis, want string }{
		{"the candidate matches the transpose of the gradient", "transposed"},
		{"the candidate is 2 times the transpose of the gradient", "transposed"},
		{"the candidate is the negative of the gradient: a sign error", "factor"},
		{"the candidate is 2 times the gradient", "factor"},
		{"the candidate holds only when A is symmetric (if it is, declare it so: A: symmetric n x n)", "symmetric"},
		{"it is not the transpose of the gradient, nor a constant times it, nor right for symmetric matrices only", "wrong"},
	}
	for _, c := range cases {
		rep := fmt.Sprintf(`{"ok": false, "max_rel_err": 0.5, "checks": [{"wrt": "x", "ok": false, "diagnosis": [%q], "matdiff_gradient": "2 x",
			"instances": [{"seed": 1, "rel_err": 0.1, "worst": {"row": 1, "col": 1, "numeric": 1, "symbolic": 2}}, {"seed": 2, "rel_err": 0.5, "worst": {"row": 2, "col": 1, "numeric": 3, "symbolic": 4}}]}]}`, c.diagnosis)
		v, err := web.Verdict([]byte(rep))
		if err != nil {
			t.Fatal(err)
		}
		if v.Verdict != c.want || v.Worst == nil || v.Worst.Seed != 2 || v.Worst.Row != 2 || v.Matdiff != "2 x" {
			t.Errorf("%s: %+v, want %s at seed 2", c.diagnosis, v, c.want)
		}
	}
	v, err := web.Verdict([]byte(`{"ok": true, "max_rel_err": 1e-10, "checks": [{"wrt": "x", "ok": true, "instances": []}]}`))
	if err != nil || v.Verdict != "right" || v.Worst != nil {
		t.Errorf("a passing check: %+v %v", v, err)
	}
	if _, err := web.Verdict([]byte(`nonsense`)); err == nil {
		t.Error("no error for a report that is not JSON")
	}
	// Without a checker, /api/check says so.
	code, m := post(t, web.Handler(web.Config{}), "/api/check", `{"expression": "x' x", "wrt": ["x"], "candidate": "2 x"}`)
	if code != 501 || errInfo(t, m)["message"] == "" {
		t.Errorf("%d %v", code, m)
	}
}

// A panic in a handler is answered 500, with no Go internals, and the
// server goes on.
func TestRecover(t *testing.T) {
	h := web.Handler(web.Config{Check: func(context.Context, web.CheckRequest) (json.RawMessage, error) {
		var m map[string]int
		m["boom"]++ // a nil map: a runtime error
		return nil, nil
	}})
	code, m := post(t, h, "/api/check", `{"expression": "x' x", "wrt": ["x"], "candidate": "2 x"}`)
	e := errInfo(t, m)
	if code != 500 || e["kind"] != "internal" || strings.Contains(e["message"].(string), "runtime") {
		t.Errorf("%d %v", code, e)
	}
	if code, _ := post(t, h, "/api/derive", `{"expression": "x' x", "wrt": ["x"]}`); code != 200 {
		t.Errorf("after a panic: %d", code)
	}
}

// Requests at once share the engine (go test -race).
func TestConcurrent(t *testing.T) {
	h := web.Handler(web.Config{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			req := web.DeriveRequest{Expression: workedExpr, Where: workedWhere, Wrt: []string{"X"}}
			if i%2 == 1 {
				req = web.DeriveRequest{Expression: "x' A x", Wrt: []string{"x"}, Kind: "hessian"}
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/derive", strings.NewReader(jsonBody(req))))
			if rec.Code != 200 {
				t.Errorf("%d: %s", rec.Code, rec.Body)
			}
		}(i)
	}
	wg.Wait()
}

// BenchmarkDeriveWorkedExample is one request of the page for the worked
// example: parse, derive, verify numerically, print in every form.
func BenchmarkDeriveWorkedExample(b *testing.B) {
	h := web.Handler(web.Config{})
	body := jsonBody(web.DeriveRequest{Expression: workedExpr, Where: workedWhere, Wrt: []string{"X"}})
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/derive", strings.NewReader(body)))
		if rec.Code != 200 {
			b.Fatal(rec.Body)
		}
	}
}
