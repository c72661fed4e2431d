package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkStart measures matdiff as a whole process: the worked example
// by grad -q, against a Go "hello world" built and started the same way,
// the two run in turn. It reports the median wall-clock time and the
// median CPU time (user and system) of each, in ms, and their ratios
// (matdiff / hello). The binaries are built with the go command on the
// path, as go build makes them by default; the benchmark is skipped
// without one. Where a C compiler is found, go build links matdiff with
// the C library, since kong imports os/user and serve net, and a hello
// world it does not; loading it costs about as much as a hello world
// takes. static-ms, static-ratio and static-cpu-ratio are matdiff built
// with CGO_ENABLED=0, as README.md installs it, run in turn with the
// other two: like with like, since the hello world is static either way.
//
//	go test ./cmd/matdiff -run XXX -bench Start -benchtime 300x
func BenchmarkStart(b *testing.B) {
	bins, err := startBinaries(b)
	if err != nil {
		b.Skip(err)
	}
	args := []string{"grad", "-q", "--wrt", "X", workedExample}
	want := "((B' (E .* (A' F'))) .* D) C'\n"
	if out, err := exec.Command(bins.matdiff, args...).Output(); err != nil || string(out) != want {
		b.Fatalf("matdiff: %q, %v", out, err)
	}
	var wallM, wallH, wallS, cpuM, cpuH, cpuS []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, c := runProcess(b, bins.matdiff, args...)
		wallM, cpuM = append(wallM, w), append(cpuM, c)
		w, c = runProcess(b, bins.hello)
		wallH, cpuH = append(wallH, w), append(cpuH, c)
		w, c = runProcess(b, bins.static, args...)
		wallS, cpuS = append(wallS, w), append(cpuS, c)
	}
	b.StopTimer()
	ms := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2]) / float64(time.Millisecond)
	}
	mw, hw, sw, mc, hc, sc := ms(wallM), ms(wallH), ms(wallS), ms(cpuM), ms(cpuH), ms(cpuS)
	b.ReportMetric(mw, "matdiff-ms")
	b.ReportMetric(hw, "hello-ms")
	b.ReportMetric(mw/hw, "ratio")
	b.ReportMetric(mc, "matdiff-cpu-ms")
	b.ReportMetric(hc, "hello-cpu-ms")
	b.ReportMetric(mc/hc, "cpu-ratio")
	b.ReportMetric(sw, "static-ms")
	b.ReportMetric(sw/hw, "static-ratio")
	b.ReportMetric(sc/hc, "static-cpu-ratio")
}

// workedExample is the worked example of README.md.
const workedExample = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

// runProcess runs bin with args, its output discarded, and returns its
// wall-clock and CPU time.
func runProcess(b *testing.B, bin string, args ...string) (wall, cpu time.Duration) {
	cmd := exec.Command(bin, args...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v", bin, err)
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

type binaries struct{ matdiff, hello, static string }

// startBinaries builds matdiff and a hello world in a temporary directory.
func startBinaries(b *testing.B) (binaries, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return binaries{}, err
	}
	dir := b.TempDir()
	bins := binaries{filepath.Join(dir, "matdiff"), filepath.Join(dir, "hello", "hello"), filepath.Join(dir, "matdiff-static")}
	hello := filepath.Join(dir, "hello")
	if err := os.Mkdir(hello, 0o755); err != nil {
		return bins, err
	}
	files := map[string]string{
		"go.mod":  "module hello\n\ngo 1.21\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello, world\") }\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(hello, name), []byte(text), 0o644); err != nil {
			return bins, err
		}
	}
	for _, build := range []struct {
		dir, out string
		env      []string
	}{{".", bins.matdiff, nil}, {hello, bins.hello, nil}, {".", bins.static, []string{"CGO_ENABLED=0"}}} {
		cmd := exec.Command(goCmd, "build", "-o", build.out, ".")
		cmd.Dir = build.dir
		cmd.Env = append(os.Environ(), build.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return bins, fmt.Errorf("go build in %s: %v\n%s", build.dir, err, out)
		}
	}
	return bins, nil
}
