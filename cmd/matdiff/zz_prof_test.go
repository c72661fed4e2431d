package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

func BenchmarkZZPipeInProcess(b *testing.B) {
	data, err := os.ReadFile("/tmp/pipe/in1000.txt")
	if err != nil {
		b.Fatal(err)
	}
	old, oldTTY := stdin, stdinTTY
	defer func() { stdin, stdinTTY = old, oldTTY }()
	stdinTTY = func() bool { return false }
	for i := 0; i < b.N; i++ {
		stdin = strings.NewReader(string(data))
		if s := run(nil, io.Discard, io.Discard, false); s != 0 {
			b.Fatal(s)
		}
	}
}
