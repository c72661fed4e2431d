package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchCases are the derivations of the benchmarks, taken in turn: the
// inputs of the golden derivations (rewrite/testdata/derive), each as the
// arguments of grad, jacobian or hessian -q.
var benchCases = sync.OnceValues(func() ([][]string, error) {
	files, err := filepath.Glob("../../rewrite/testdata/derive/*.txt")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no golden derivations: %v", err)
	}
	var cases [][]string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line == "" || line[0] == '\t' || line[0] == '#' {
				continue
			}
			head, src, ok := strings.Cut(line, ": ")
			if !ok {
				continue
			}
			words := strings.Fields(head)
			args := []string{"grad", "-q"}
			switch words[0] {
			case "jacobian", "differential", "derivative":
				args, words = []string{"jacobian", "-q"}, words[1:]
			case "vec":
				args, words = []string{"jacobian", "-q", "--vec"}, words[1:]
			case "hessian":
				args, words = []string{"hessian", "-q"}, words[1:]
			}
			for _, w := range words {
				args = append(args, "--wrt", w)
			}
			cases = append(cases, append(args, src))
		}
	}
	return cases, nil
})

func benchCase(b *testing.B, i int) []string {
	cases, err := benchCases()
	if err != nil {
		b.Fatal(err)
	}
	// A stride through the cases, so that neighbours differ in kind.
	return cases[(i*7)%len(cases)]
}

// pipeInput is n lines of derivations for a pipe.
func pipeInput(b *testing.B, n int) string {
	var in strings.Builder
	for i := 0; i < n; i++ {
		args := benchCase(b, i)
		for _, a := range args[:len(args)-1] {
			in.WriteString(a + " ")
		}
		fmt.Fprintf(&in, "%q\n", args[len(args)-1])
	}
	return in.String()
}

// BenchmarkPipe is one derivation of a pipe of b.N derivations into one
// matdiff process (go test -bench 'Pipe|Process' -benchtime 1000x);
// compare with BenchmarkProcess, one matdiff process per derivation. The
// derivations are the inputs of the golden files, varied: no two
// neighbours alike.
func BenchmarkPipe(b *testing.B) {
	bin := build(b)
	in := pipeInput(b, b.N)
	b.ResetTimer()
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		b.Fatal(err)
	}
	if n := strings.Count(string(out), "\n"); n < b.N {
		b.Fatalf("%d lines of answers for %d derivations", n, b.N)
	}
	b.ReportMetric(cpuMs(cmd)/float64(b.N), "cpu-ms/op")
}

// cpuMs is the CPU time, user and system, that the process of cmd took,
// in milliseconds.
func cpuMs(cmd *exec.Cmd) float64 {
	s := cmd.ProcessState
	return float64(s.UserTime()+s.SystemTime()) / float64(time.Millisecond)
}

// BenchmarkPipeInProcess is BenchmarkPipe without the process: the
// session alone, for profiles (-cpuprofile).
func BenchmarkPipeInProcess(b *testing.B) {
	in := pipeInput(b, b.N)
	old, oldTTY := stdin, stdinTTY
	defer func() { stdin, stdinTTY = old, oldTTY }()
	stdin, stdinTTY = strings.NewReader(in), func() bool { return false }
	b.ResetTimer()
	if s := run(nil, io.Discard, io.Discard, false); s != 0 {
		b.Fatalf("exit status %d", s)
	}
}

// BenchmarkProcess is one matdiff process per derivation (grad, jacobian
// or hessian -q), on the derivations of BenchmarkPipe.
func BenchmarkProcess(b *testing.B) {
	bin := build(b)
	b.ResetTimer()
	var cpu float64
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, benchCase(b, i)...)
		out, err := cmd.Output()
		if err != nil || len(out) == 0 {
			b.Fatal(err)
		}
		cpu += cpuMs(cmd)
	}
	b.ReportMetric(cpu/float64(b.N), "cpu-ms/op")
}
