package main

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/internal/web"
)

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.0.0.2:80": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.2:8080": false, "example.org:80": false, "nonsense": false,
	} {
		if got := loopback(addr); got != want {
			t.Errorf("loopback(%q) = %v", addr, got)
		}
	}
}

func TestServeBadAddr(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := run([]string{"serve", "--addr", "256.1.1.1:99999"}, &stdout, &stderr, false); code != exitInput {
		t.Errorf("exit %d, stderr %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "cannot listen on 256.1.1.1:99999") || stdout.Len() > 0 {
		t.Errorf("stdout %q stderr %q", stdout.String(), stderr.String())
	}
}

// /api/check through the adapter of check --against: each verdict, with
// the worst entry.
func TestServeCheck(t *testing.T) {
	lim := limitArgs{MaxSteps: budget.Default.Steps, MaxNodes: budget.Default.Nodes, MaxWork: budget.Default.Work, MaxFlops: budget.Default.Flops, MaxPrint: budget.Default.Print}
	h := web.Handler(web.Config{Check: checkAnswer(lim)})
	cases := []struct {
		expr, where, wrt, cand, verdict string
	}{
		{"x' A x", "x: n x 1, A: n x n", "x", "(A + A') x", "right"},
		{"x' A x", "x: n x 1, A: n x n", "x", "2 A x", "symmetric"},
		{"tr(A X)", "X: n x n, A: n x n", "X", "A", "transposed"},
		{"x' x", "x: n x 1", "x", "-2 x", "factor"},
		{"x' x", "x: n x 1", "x", "3 x", "factor"},
		{"sum(exp(x))", "x: n x 1", "x", "x", "wrong"},
	}
	for _, c := range cases {
		body, _ := json.Marshal(web.CheckRequest{Expression: c.expr, Where: c.where, Wrt: []string{c.wrt}, Candidate: c.cand})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/check", strings.NewReader(string(body))))
		var resp web.CheckResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || rec.Code != 200 {
			t.Errorf("%s against %s: %d %s", c.expr, c.cand, rec.Code, rec.Body)
			continue
		}
		if resp.Verdict != c.verdict {
			t.Errorf("%s against %s: %s %v, want %s", c.expr, c.cand, resp.Verdict, resp.Diagnosis, c.verdict)
		}
		if c.verdict != "right" && (resp.Worst == nil || resp.Worst.Numeric == nil || resp.Worst.Row < 1 || resp.Matdiff == "") {
			t.Errorf("%s against %s: no worst entry or matdiff's answer: %+v", c.expr, c.cand, resp)
		}
	}
	// A candidate that does not parse: 400 with its position in the candidate.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/check", strings.NewReader(`{"expression": "x' x", "where": "x: n x 1", "wrt": ["x"], "candidate": "2 (x"}`)))
	var e web.ErrorBody
	json.Unmarshal(rec.Body.Bytes(), &e)
	if rec.Code != 400 || e.Error.Field != "candidate" || e.Error.Column != 3 {
		t.Errorf("%d %+v", rec.Code, e.Error)
	}
}
