//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"
)

// The reproducers of issue 9, section 2: files that are not regular are
// refused without being read; a FIFO is never opened, so that the test
// returns whether or not anything writes to it.
func TestEvalNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.fifo")
	if err := syscall.Mkfifo(fifo, 0o666); err != nil {
		t.Fatal(err)
	}
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=/dev/zero"},
		"matdiff: cannot read the value of x: /dev/zero is a device, not a regular file\nhint: give a file of values: .csv, .txt, .npy or .mtx\n")
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=/dev/urandom"}, "/dev/urandom is a device, not a regular file")
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + fifo},
		"matdiff: cannot read the value of x: "+fifo+" is a named pipe (FIFO), not a regular file\nhint: save what it gives to a file, and give that file\n")
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + dir}, dir+" is a directory, not a file")
}
