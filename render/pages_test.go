package render_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// TestLongDerivationsFillPages compiles the --standalone documents of the
// long derivations (rewrite/testdata/derive/long.txt) to PDF and requires
// that they break across pages, no page but the last less than half full
// (measured with pdftotext -bbox from the top of the text on the first
// page to the lowest line of each page, the page number left out).
func TestLongDerivationsFillPages(t *testing.T) {
	bin := pdflatex(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found (poppler-utils)")
	}
	dir := t.TempDir()
	multi := 0
	for i, c := range goldenInputs(t) {
		if !strings.HasPrefix(c.where, "long.txt") {
			continue
		}
		name := fmt.Sprintf("long%02d", i)
		if p := compile(bin, dir, name, document(t, c, render.Options{})); p != "" {
			t.Errorf("%s: %s", c.where, p)
			continue
		}
		cmd := exec.Command(bin, "-halt-on-error", "-interaction=nonstopmode", "-no-shell-escape", name+".tex")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", c.where, err, tail(string(out), 20))
		}
		out, err := exec.Command(pdftotext, "-bbox", filepath.Join(dir, name+".pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		fills := pageFills(string(out))
		t.Logf("%s: pages %.2f", c.where, fills)
		if len(fills) > 1 {
			multi++
		}
		for p, f := range fills[:max(len(fills)-1, 0)] {
			if f < 0.5 {
				t.Errorf("%s: page %d of %d is %.0f%% full", c.where, p+1, len(fills), 100*f)
			}
		}
	}
	if multi == 0 {
		t.Error("no long derivation takes more than one page")
	}
}

var (
	pageRE = regexp.MustCompile(`<page `)
	wordRE = regexp.MustCompile(`<word xMin="[0-9.]+" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>`)
)

// pageFills returns how full each page of pdftotext -bbox output is: the
// lowest line of the page, the page number left out, measured from the
// top of the text to the lowest line of the fullest page.
func pageFills(bbox string) []float64 {
	pages := pageRE.Split(bbox, -1)[1:]
	top, bottoms := 1e9, make([]float64, len(pages))
	for i, p := range pages {
		ws := wordRE.FindAllStringSubmatch(p, -1)
		// The page number is the lowest word, alone on its line.
		if n := len(ws); n > 1 {
			if _, err := strconv.Atoi(ws[n-1][3]); err == nil {
				ws = ws[:n-1]
			}
		}
		for _, w := range ws {
			y0, _ := strconv.ParseFloat(w[1], 64)
			y1, _ := strconv.ParseFloat(w[2], 64)
			top, bottoms[i] = min(top, y0), max(bottoms[i], y1)
		}
	}
	full := 0.0
	for _, b := range bottoms {
		full = max(full, b)
	}
	fills := make([]float64, len(pages))
	for i, b := range bottoms {
		fills[i] = (b - top) / (full - top)
	}
	return fills
}

// BenchmarkDocumentLong typesets the longest golden derivation (the
// Hessian of log-sum-exp of a linear map) as a standalone document.
func BenchmarkDocumentLong(b *testing.B) {
	e, info, d, err := derive("log(sum(exp(A x))) where A: m x n, x: n x 1", "hessian x")
	if err != nil {
		b.Fatal(err)
	}
	var buf strings.Builder
	for b.Loop() {
		buf.Reset()
		if err := render.Document(&buf, e, info, []*rewrite.Derivation{d}, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
