package web_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	md "github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/internal/web"
)

const (
	workedExpr  = "(A (B (X C) .* D) .* E) F"
	workedWhere = "A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"
	workedText  = "((B' (E .* (A' F'))) .* D) C'"
)

// chromium returns the path of a Chromium, or skips the test where there
// is none outside CI.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium: .ci/run installs the chromium package")
	}
	t.Skip("no Chromium here (apt-get install chromium); the browser test runs in CI")
	return ""
}

// serve builds matdiff, starts matdiff serve on a free loopback port and
// returns its address.
func serve(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "matdiff")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/matdiff").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	re := regexp.MustCompile(`serving on (http://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				for sc.Scan() {
				}
			}()
			return m[1]
		}
	}
	t.Fatal("matdiff serve said nowhere that it serves")
	return ""
}

// browser starts a Chromium for the test and returns its context, with
// one deadline for the whole test: generous, since on a loaded machine
// (every package's tests at once, under -race) each step may take long.
// No step of a browser test waits a fixed time for the page: each waits,
// within this deadline, for the state it asserts.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	profile, err := os.MkdirTemp("", "matdiff-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(profile),
		chromedp.WindowSize(1100, 1500))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	ctx, cancel := context.WithTimeout(bctx, 5*time.Minute)
	t.Cleanup(func() {
		cancel()
		cancelBrowser()
		cancelAlloc() // kills the browser and waits for it to exit
		// Chromium's network helper may still write its state into the
		// profile as it goes: the profile is removed again until it is
		// gone (at most 50 times), not with t.TempDir, whose cleanup
		// fails the test on a late write.
		for i := 0; i < 50; i++ {
			os.RemoveAll(profile)
			if _, err := os.Stat(profile); os.IsNotExist(err) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return ctx
}

// settled waits until the expression field holds expr and the page shows
// the outcome (derivation, error or nothing) of the input as it is after
// the last keystroke: #out's data-shown-seq has reached data-input-seq.
func settled(expr string) chromedp.Action {
	return waitFor(fmt.Sprintf(`(() => {
		const e = document.getElementById("expr"), o = document.getElementById("out");
		return !!e && !!o && e.value === %q && o.dataset.inputSeq !== undefined && o.dataset.shownSeq === o.dataset.inputSeq;
	})()`, expr))
}

func TestBrowser(t *testing.T) {
	url := serve(t)
	ctx := browser(t)

	// Type the worked example, key by key, then the where clause and the
	// variable.
	var resultText string
	var steps int
	if err := chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible("#expr", chromedp.ByID),
		chromedp.SendKeys("#where", workedWhere, chromedp.ByID),
		chromedp.SendKeys("#wrt", "X", chromedp.ByID),
		chromedp.SendKeys("#expr", workedExpr, chromedp.ByID),
		settled(workedExpr),
		chromedp.Text("#result-text", &resultText, chromedp.ByID),
		chromedp.Evaluate(`document.querySelectorAll("#out .steps li.step").length`, &steps),
	); err != nil {
		t.Fatal(err)
	}
	if resultText != workedText {
		t.Errorf("#result-text is %q, want %q", resultText, workedText)
	}
	// The steps are those of the library (and the CLI): the derivation of
	// the worked example, 5 numbered steps.
	d, err := md.Grad(workedExpr+" where "+workedWhere, "X")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(d.Steps); steps != want || want < 5 {
		t.Errorf("%d steps on the page, want %d (at least 5)", steps, want)
	}
	var mathCount int
	chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll("#out math").length`, &mathCount))
	if mathCount < steps+2 {
		t.Errorf("only %d <math> elements for %d steps", mathCount, steps)
	}

	// The time from a keystroke to the derivation on the page: one key
	// after a pause (the page derives at once), then the last key of quick
	// typing (after the 150 ms pause of the debounce). Reported, never
	// asserted (no test asserts a time).
	// The pause only makes the next key derive at once; nothing is
	// asserted after it but what the page settled on.
	var ms []float64
	typed := workedExpr
	for i := 0; i < 5; i++ {
		var d float64
		typed += " "
		if err := chromedp.Run(ctx,
			chromedp.Sleep(300*time.Millisecond),
			chromedp.SendKeys("#expr", " ", chromedp.ByID),
			settled(typed),
			waitFor(`window.matdiffTiming.shownAt > window.matdiffTiming.inputAt`),
			chromedp.Evaluate(`window.matdiffTiming.shownAt - window.matdiffTiming.inputAt`, &d),
		); err != nil {
			t.Fatal(err)
		}
		ms = append(ms, d)
	}
	t.Logf("keystroke to derivation visible (worked example, after a pause): %.0f ms each of %v", median(ms), ms)
	var tail float64
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById("expr").value = ""`, nil),
		chromedp.SendKeys("#expr", workedExpr, chromedp.ByID),
		settled(workedExpr),
		waitFor(`window.matdiffTiming.shownAt > window.matdiffTiming.inputAt`),
		chromedp.Evaluate(`window.matdiffTiming.shownAt - window.matdiffTiming.inputAt`, &tail),
		chromedp.Text("#result-text", &resultText, chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	if resultText != workedText {
		t.Errorf("after quick typing #result-text is %q, want %q", resultText, workedText)
	}
	t.Logf("last keystroke of quick typing to derivation visible: %.0f ms (150 ms of it the debounce)", tail)

	{ // the screenshot: in a temporary directory, or docs/serve.png with MATDIFF_DOCS=1
		var png []byte
		if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "serve.png")
		if os.Getenv("MATDIFF_DOCS") != "" {
			path = "../../docs/serve.png"
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	// The .tex to download is the standalone document.
	var tex string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`fetch(document.getElementById("download").href).then(r => r.text())`, &tex,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tex, `\documentclass{article}`) || !strings.Contains(tex, `\end{document}`) {
		t.Errorf("the .tex to download:\n%.300s", tex)
	}

	// A candidate answer: twice the right one.
	var verdict, verdictText string
	if err := chromedp.Run(ctx,
		chromedp.SendKeys("#candidate", "2 ((B' (E .* (A' F'))) .* D) C'", chromedp.ByID),
		chromedp.Click("#checkbtn", chromedp.ByID),
		waitFor(`document.getElementById("verdict").dataset.verdict !== undefined`),
		chromedp.Evaluate(`document.getElementById("verdict").dataset.verdict`, &verdict),
		chromedp.Text("#verdict", &verdictText, chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "verdict")
	if verdict != "factor" || !strings.Contains(verdictText, "the candidate is 2 times the gradient") || !strings.Contains(verdictText, "worst entry: X(") {
		t.Errorf("verdict %q:\n%s", verdict, verdictText)
	}

	// A broken expression: the place the CLI's caret shows is underlined
	// (matdiff grad --wrt X "A(B(X C) .* D) .* E) F": 1:20: unmatched ')').
	var marked, msg, hint string
	var markLeft, invalid float64
	broken := "A(B(X C) .* D) .* E) F"
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById("expr").value = ""`, nil),
		chromedp.SendKeys("#expr", broken, chromedp.ByID),
		settled(broken),
		chromedp.Text("#error mark", &marked, chromedp.ByQuery),
		chromedp.Text("#error .msg", &msg, chromedp.ByQuery),
		chromedp.Text("#error .hint", &hint, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#error .src").firstChild.textContent.length`, &markLeft),
		chromedp.Evaluate(`document.getElementById("expr").getAttribute("aria-invalid") === "true" ? 1 : 0`, &invalid),
	); err != nil {
		t.Fatal(err)
	}
	if marked != ")" || markLeft != 19 || msg != "error: 1:20: unmatched ')': no '(' opens it" && msg != "1:20: unmatched ')': no '(' opens it" {
		t.Errorf("underlined %q after %v characters, message %q", marked, markLeft, msg)
	}
	if !strings.Contains(hint, "remove it, or add the '(' it closes") {
		t.Errorf("hint %q", hint)
	}
	var srcText string
	chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("#error .src").textContent`, &srcText))
	t.Logf("the error shows:\n%s", srcText)
	shot(t, ctx, "error")
	if invalid != 1 {
		t.Error("the expression field is not marked invalid")
	}

	// A link with the state in its fragment derives at once.
	var linked string
	if err := chromedp.Run(ctx,
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(url+"#expr="+"x%27%20A%20x&where=x%3A%20n%20x%201%2C%20A%3A%20n%20x%20n&wrt=x&kind=grad"),
		settled("x' A x"),
		chromedp.Text("#result-text", &linked, chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	if linked != "(A + A') x" {
		t.Errorf("the link derived %q, want (A + A') x", linked)
	}

	// Each example is one click away and derives.
	examples := map[string]string{
		"least squares":         "2 A' (A x - b)",
		"logistic regression":   "-X' (sigmoid(-y .* (X w)) .* y)",
		"log-det":               "X^-T",
		"softmax cross-entropy": "(sum(y) exp(x)) / sum(exp(x)) - y",
		"Hessian of x'Ax":       "A + A'",
		"worked example":        workedText,
	}
	exampleExprs := map[string]string{
		"least squares":         "norm(A x - b)^2",
		"logistic regression":   "sum(log(1 + exp(-y .* (X w))))",
		"log-det":               "logdet(X)",
		"softmax cross-entropy": "-y' log(exp(x) / sum(exp(x)))",
		"Hessian of x'Ax":       "x' A x",
		"worked example":        workedExpr,
	}
	for _, name := range []string{"least squares", "logistic regression", "log-det", "softmax cross-entropy", "Hessian of x'Ax", "worked example"} {
		var got string
		if err := chromedp.Run(ctx,
			chromedp.Click(fmt.Sprintf(`//div[@id="examples"]/button[text()=%q]`, name), chromedp.BySearch),
			settled(exampleExprs[name]),
			chromedp.Text("#result-text", &got, chromedp.ByID),
		); err != nil {
			t.Fatalf("example %s: %v", name, err)
		}
		if got != examples[name] {
			t.Errorf("example %s derives %q, want %q", name, got, examples[name])
		}
		if name == "Hessian of x'Ax" {
			shot(t, ctx, "hessian")
		}
	}

	// At phone width the page still shows the derivation.
	var overflow bool
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(url+"#expr=%28A%20%28B%20%28X%20C%29%20.%2A%20D%29%20.%2A%20E%29%20F&where=A%3A%201%20x%20a%2C%20B%3A%20a%20x%20b%2C%20X%3A%20b%20x%201%2C%20C%3A%201%20x%20e%2C%20D%3A%20b%20x%20e%2C%20E%3A%20a%20x%20e%2C%20F%3A%20e%20x%201&wrt=X&kind=grad"),
		settled(workedExpr),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow),
	); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "phone")
	if overflow {
		t.Error("at phone width the page is wider than the screen")
	}
}

// waitFor waits until the script expr is true, through the navigation
// that may still be under way (where chromedp.Poll can lose its context).
func waitFor(expr string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var ok bool
			if err := chromedp.Evaluate(expr, &ok).Do(ctx); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %v", expr, ctx.Err())
			case <-time.After(5 * time.Millisecond):
			}
		}
	})
}

// shot saves a screenshot into $MATDIFF_SHOTS, when it is set, for a
// person to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("MATDIFF_SHOTS")
	if dir == "" {
		return
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

func median(xs []float64) float64 {
	s := append([]float64{}, xs...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}

// held is a request to /api/derive that the gated server holds until the
// test releases it.
type held struct {
	body    string
	ctx     context.Context // done when the page gives up the request
	release chan struct{}
}

// gated serves matdiff's page, holding each request to /api/derive until
// the test releases it: the test decides in which order the answers come
// back, as a loaded machine or a slow network might.
func gated(t *testing.T) (url string, next func(ctx context.Context) *held) {
	t.Helper()
	h := web.Handler(web.Config{})
	arrived := make(chan *held)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/derive" {
			b, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
			if err != nil {
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(b))
			req := &held{body: string(b), ctx: r.Context(), release: make(chan struct{})}
			select {
			case arrived <- req:
			case <-r.Context().Done():
				return
			}
			select {
			case <-req.release:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func(ctx context.Context) *held {
		t.Helper()
		select {
		case req := <-arrived:
			return req
		case <-ctx.Done():
			t.Fatalf("waiting for the page to ask for a derivation: %v", ctx.Err())
			return nil
		}
	}
}

// The answer to a request the typing has since overtaken is shown with
// the text it was asked for, marked stale: its error mark underlines the
// place in that text, never the same offset in the text the field holds
// now. And emptying the field gives up the request on its way: its
// answer never shows a derivation for the empty field.
func TestBrowserStaleAnswer(t *testing.T) {
	url, next := gated(t)
	ctx := browser(t)

	// Two inputs: the first derives at once; the page holds the second
	// back (its pause is set to an hour), as it holds back quick typing.
	prefix, broken := "A(B(X C) .* D", "A(B(X C) .* D) .* E) F"
	input := func(expr string, pause int) chromedp.Action {
		return chromedp.Evaluate(fmt.Sprintf(`window.matdiffDebounce = %d;
			document.getElementById("expr").value = %q;
			document.getElementById("expr").dispatchEvent(new Event("input"));`, pause, expr), nil)
	}
	if err := chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible("#expr", chromedp.ByID),
		chromedp.Evaluate(fmt.Sprintf(`document.getElementById("where").value = %q; document.getElementById("wrt").value = "X"`, workedWhere), nil),
		input(prefix, 0),
		input(broken, 3600*1000),
	); err != nil {
		t.Fatal(err)
	}
	first := next(ctx)
	if !strings.Contains(first.body, fmt.Sprintf(`"expression":%q`, prefix)) {
		t.Fatalf("the first request is %s, want the expression %q", first.body, prefix)
	}
	close(first.release)

	// The page shows the answer to the first input (1:2: unclosed '('),
	// while the field holds the second.
	var src, marked, msg string
	var markLeft float64
	var stale, invalid bool
	errorBox := chromedp.Tasks{
		chromedp.Evaluate(`document.querySelector("#error .src").textContent`, &src),
		chromedp.Text("#error mark", &marked, chromedp.ByQuery),
		chromedp.Text("#error .msg", &msg, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#error .src").firstChild.textContent.length`, &markLeft),
		chromedp.Evaluate(`document.getElementById("error").classList.contains("stale")`, &stale),
		chromedp.Evaluate(`document.getElementById("expr").getAttribute("aria-invalid") === "true"`, &invalid),
	}
	if err := chromedp.Run(ctx,
		waitFor(`document.getElementById("out").dataset.shownSeq === "1" && document.getElementById("out").dataset.inputSeq === "2"`),
		errorBox,
	); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(src, prefix+"\n") || marked != "(" || markLeft != 1 || msg != "1:2: unclosed '('" {
		t.Errorf("the answer to %q shows %q underlined after %v characters, message %q, in\n%s", prefix, marked, markLeft, msg, src)
	}
	if !stale || invalid {
		t.Errorf("the answer to the text before the last keystroke: stale %v, field marked invalid %v; want stale, not invalid", stale, invalid)
	}

	// The held-back input derives (a keystroke after an hour's pause would
	// too): its own error, not stale.
	if err := chromedp.Run(ctx, input(broken, 0)); err != nil {
		t.Fatal(err)
	}
	second := next(ctx)
	if !strings.Contains(second.body, fmt.Sprintf(`"expression":%q`, broken)) {
		t.Fatalf("the second request is %s, want the expression %q", second.body, broken)
	}
	close(second.release)
	if err := chromedp.Run(ctx, settled(broken), errorBox); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(src, broken+"\n") || marked != ")" || markLeft != 19 || msg != "1:20: unmatched ')': no '(' opens it" {
		t.Errorf("the answer to %q shows %q underlined after %v characters, message %q, in\n%s", broken, marked, markLeft, msg, src)
	}
	if stale || !invalid {
		t.Errorf("the answer to the text in the field: stale %v, field marked invalid %v; want not stale, invalid", stale, invalid)
	}

	// A derivation on its way when the field is emptied: the page gives
	// it up, and shows nothing.
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById("where").value = "x: n x 1, A: n x n"; document.getElementById("wrt").value = "x"`, nil),
		input("x' A x", 0),
	); err != nil {
		t.Fatal(err)
	}
	third := next(ctx)
	var children int
	var copyHidden, errHidden bool
	if err := chromedp.Run(ctx,
		input("", 0),
		settled(""),
	); err != nil {
		t.Fatal(err)
	}
	select {
	case <-third.ctx.Done():
	case <-ctx.Done():
		t.Fatalf("the page did not give up the derivation of x' A x when the field was emptied: %v", ctx.Err())
	}
	close(third.release)
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById("out").children.length`, &children),
		chromedp.Evaluate(`document.getElementById("copy").hidden`, &copyHidden),
		chromedp.Evaluate(`document.getElementById("error").hidden`, &errHidden),
	); err != nil {
		t.Fatal(err)
	}
	if children != 0 || !copyHidden || !errHidden {
		t.Errorf("the emptied field shows %d derivations, copy hidden %v, error hidden %v", children, copyHidden, errHidden)
	}
}
