package rewrite_test

// TestGoldenSizes guards the size of every golden result: the nodes of the
// result (ast.Size) and the steps of its derivation may shrink but never
// grow (a derivation may gain a step only where its result shrank: a
// simplification shown). testdata/sizes.txt records them per case; after a deliberate
// change that makes results smaller, rewrite it with
//
//	go test ./rewrite -run TestGoldenSizes -update-sizes
//
// The test logs the totals over all golden derivations.

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
)

var updateSizes = flag.Bool("update-sizes", false, "rewrite testdata/sizes.txt with the current sizes")

const sizesFile = "testdata/sizes.txt"

// goldenSize is the size of one golden result.
type goldenSize struct {
	nodes, steps int
}

// readSizes reads testdata/sizes.txt: lines "nodes steps file:line wrt: input".
func readSizes(t *testing.T) map[string]goldenSize {
	f, err := os.Open(sizesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]goldenSize{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		var s goldenSize
		var key string
		if _, err := fmt.Sscanf(l, "%d %d", &s.nodes, &s.steps); err != nil {
			t.Fatalf("%s: %q: %v", sizesFile, l, err)
		}
		parts := strings.SplitN(l, " ", 3)
		key = parts[2]
		out[key] = s
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGoldenSizes(t *testing.T) {
	files, err := golden.Files("testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]goldenSize
	if !*updateSizes {
		want = readSizes(t)
	}
	var b strings.Builder
	b.WriteString("# nodes of the result, steps of the derivation, case (go test ./rewrite -run TestGoldenSizes -update-sizes)\n")
	nodes, steps, cases := 0, 0, 0
	for _, path := range files {
		cs, err := golden.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			_, _, d, err := derive(c.Input, c.Wrt)
			if err != nil {
				t.Errorf("%s: %v", c.Where(), err)
				continue
			}
			got := goldenSize{ast.Size(d.Result), len(d.Steps)}
			key := fmt.Sprintf("%s: %s", c.Wrt, c.Input)
			fmt.Fprintf(&b, "%d %d %s\n", got.nodes, got.steps, key)
			nodes += got.nodes
			steps += got.steps
			cases++
			if want == nil {
				continue
			}
			w, ok := want[key]
			if !ok {
				continue // a new case: no size to keep yet
			}
			if got.nodes > w.nodes {
				t.Errorf("%s: the result grew from %d to %d nodes: %s", c.Where(), w.nodes, got.nodes, ast.Text(d.Result))
			}
			if got.steps > w.steps && got.nodes >= w.nodes {
				// A step more is the price of a smaller result only.
				t.Errorf("%s: the derivation grew from %d to %d steps", c.Where(), w.steps, got.steps)
			}
		}
	}
	t.Logf("%d golden derivations: %d nodes in their results, %d steps", cases, nodes, steps)
	if *updateSizes {
		if err := os.WriteFile(sizesFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkGoldenDerivations derives every golden case once per iteration:
// what the whole simplifier costs over the goldens.
func BenchmarkGoldenDerivations(b *testing.B) {
	files, err := golden.Files("testdata/derive")
	if err != nil {
		b.Fatal(err)
	}
	var cases []*golden.Case
	for _, path := range files {
		cs, err := golden.Read(path)
		if err != nil {
			b.Fatal(err)
		}
		cases = append(cases, cs...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range cases {
			if _, _, _, err := derive(c.Input, c.Wrt); err != nil {
				b.Fatal(err)
			}
		}
	}
}
