package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/web"
)

// serveCmd is matdiff serve: the web page and its API (package web).
type serveCmd struct {
	Addr string `default:"127.0.0.1:8080" placeholder:"HOST:PORT"`
	limitArgs
}

// Help is the long help of serve.
func (s *serveCmd) Help() string {
	return "Serves a page at http://ADDR/ that derives as you type: each step typeset, with its identity,\n" +
		"the result and its shape, a check of your own answer, and the result to copy as text, LaTeX or NumPy.\n" +
		"Everything is embedded: no network is needed. --timeout bounds each request."
}

// loopback reports whether the host of addr is a loopback address.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *serveCmd) run(e *env, out io.Writer) error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return &ast.Error{Msg: fmt.Sprintf("cannot listen on %s", s.Addr), Hint: "choose another address or port with --addr, e.g. --addr 127.0.0.1:8081"}
	}
	if !loopback(s.Addr) {
		fmt.Fprintf(e.stderr, "matdiff: warning: %s is not a loopback address: anyone who can reach this machine can use the server\n", s.Addr)
	}
	fmt.Fprintf(e.stderr, "matdiff: serving on http://%s/\n", ln.Addr())
	lim := s.limitArgs
	srv := &http.Server{
		Handler: web.Handler(web.Config{
			Limits:  s.limits(),
			Timeout: s.Timeout,
			Check:   checkAnswer(lim),
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		MaxHeaderBytes:    1 << 16,
	}
	return srv.Serve(ln)
}

// checkAnswer is the check of /api/check: check --against, run as the
// command runs it, its JSON report the answer. (A small adapter while the
// diagnosis lives in this package; it goes once a library package has it.)
func checkAnswer(lim limitArgs) func(context.Context, web.CheckRequest) (json.RawMessage, error) {
	return func(cx context.Context, r web.CheckRequest) (json.RawMessage, error) {
		c := &checkCmd{Wrt: r.Wrt, Against: r.Candidate, Seeds: 5, Seed: 1, Hessian: r.Kind == "hessian"}
		c.Expr, c.Where, c.Format = r.Expression, r.Where, "json"
		c.limitArgs = lim
		c.cx, c.cancel = cx, func() {}
		var out bytes.Buffer
		err := c.run(&env{stdout: &out, stderr: io.Discard}, &out)
		if err != nil && !errors.Is(err, errCheckFailed) {
			return nil, err
		}
		return out.Bytes(), nil
	}
}
