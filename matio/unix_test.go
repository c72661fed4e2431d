//go:build unix

package matio

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/matdiff/matdiff/ast"
)

// The files that are not regular: refused without being opened, so that
// a named pipe with no writer returns at once rather than waiting.
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.fifo")
	if err := syscall.Mkfifo(fifo, 0o666); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want, hint string }{
		{"/dev/zero", "/dev/zero is a device, not a regular file", "give a file of values"},
		{"/dev/urandom", "/dev/urandom is a device, not a regular file", "give a file of values"},
		{fifo, fifo + " is a named pipe (FIFO), not a regular file", "save what it gives to a file"},
		{dir, dir + " is a directory, not a file", "give a file of values"},
		{filepath.Join(dir, "missing.csv"), filepath.Join(dir, "missing.csv") + ": no such file or directory", ""},
	} {
		_, err := ReadFile(c.path)
		wantErr(t, err, ast.BadInput, c.want, c.hint)
		wantErr(t, CheckFile(c.path), ast.BadInput, c.want, c.hint)
	}
}
