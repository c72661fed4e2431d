package web_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/internal/web"
)

// FuzzHandler sends any body to the API: the answer is always JSON with
// the status of a result (200), bad input (400, 413) or a limit (422) —
// never an internal error, never a crash. Run it longer with
//
//	go test ./web -run XXX -fuzz FuzzHandler -fuzztime 5m
func FuzzHandler(f *testing.F) {
	seeds := []string{
		`{"expression": "(A (B (X C) .* D) .* E) F", "where": "A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1", "wrt": ["X"], "kind": "grad"}`,
		`{"expression": "norm(A x - b)^2", "where": "A: m x n, x: n x 1, b: m x 1", "wrt": ["x"]}`,
		`{"expression": "sum(log(1 + exp(-y .* (X w))))", "where": "X: m x n, w: n x 1, y: m x 1", "wrt": ["w"], "kind": "hessian"}`,
		`{"expression": "logdet(X)", "where": "X: n x n", "wrt": ["X"]}`,
		`{"expression": "-y' log(exp(x) / sum(exp(x)))", "where": "x: n x 1, y: n x 1", "wrt": ["x"], "kind": "grad"}`,
		`{"expression": "A x", "where": "A: m x n, x: n x 1", "wrt": ["x"], "kind": "jacobian", "format": "latex"}`,
		`{"expression": "x' A y", "where": "x: n x 1, y: m x 1", "wrt": ["x", "y"], "kind": "hessian"}`,
		`{"expression": "kron(A, B) : commutation(m, n)", "wrt": ["A"]}`,
		`{"expression": "(x' x", "wrt": ["x"]}`,
		`{"expression": "x' x where x: n x 1, x: m x 1", "wrt": ["x"]}`,
		`{"expression": "sum(x) / 0", "wrt": ["x"]}`,
		`{"expression": "tr(A^2^2^2^2^2^2^2^2^2^2)", "wrt": ["A"]}`,
		`{"expression": "x' ａ x", "wrt": ["x"], "format": "unicode"}`,
		`{"expression": "x' x", "wrt": ["x"], "candidate": "2 x"}`,
		`{"expression": 1}`, `[]`, `{`, ``, `null`, `{"wrt": null}`,
	}
	for _, s := range seeds {
		f.Add("/api/derive", s)
	}
	f.Add("/api/check", seeds[13])
	h := web.Handler(web.Config{
		Limits:  budget.Limits{Steps: 20_000, Nodes: 20_000, Work: 2_000_000, Flops: 1e8, Print: 200_000},
		Timeout: 20 * time.Second,
		MaxBody: 4 << 10,
	})
	f.Fuzz(func(t *testing.T, path, body string) {
		if path != "/api/check" {
			path = "/api/derive"
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", path, strings.NewReader(body)))
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("%s %q: the answer is not JSON: %s", path, body, rec.Body)
		}
		switch rec.Code {
		case 200, 400, 413, 422, 501:
		default:
			t.Fatalf("%s %q: status %d: %s", path, body, rec.Code, rec.Body)
		}
		if e, ok := m["error"].(map[string]any); ok {
			msg, _ := e["message"].(string)
			for _, bad := range []string{"runtime error", "strconv.", "index out of range", "panic", "internal error"} {
				if strings.Contains(msg, bad) {
					t.Fatalf("%q: the message shows Go internals: %s", body, msg)
				}
			}
		}
	})
}
