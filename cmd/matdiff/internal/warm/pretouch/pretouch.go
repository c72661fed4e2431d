// Package pretouch has the memory that a command that derives will
// allocate mapped in at once, as the process starts, rather than a page
// at a time as the allocator first touches it.
//
// On a virtual machine a page fault can cost ten microseconds or more
// (eleven on the one this was measured on, against about half a
// microsecond a page for the kernel to map the same pages in a single
// call), and a process that derives touches some 450 pages of fresh heap:
// the grammar's parser, the engine's tables, the derivation and its check
// each fault their pages in as they run, and a page fault was most of the
// time of such a process. The Go runtime has no option to touch its heap
// in advance (as the JVM's AlwaysPreTouch does), so this package asks the
// kernel to map in the pages that follow the heap's newest allocation
// (madvise MADV_POPULATE_WRITE, Linux 5.14 and later), in a goroutine of
// its own, on the core that is idle while main initializes the other
// packages. It changes no byte of memory: a page mapped in holds zeros,
// as a page not yet touched reads. Elsewhere, and on older kernels, it
// does nothing.
//
// It imports almost nothing, so that its init runs among the first; only
// package main imports it, for this side effect, and only a command that
// derives or evaluates (the first argument) has its memory touched.
package pretouch

import "os"

// Size is how much memory the package maps in: more than a command that derives
// a textbook expression allocates (about 1.8 MB).
const Size = 2 << 20

func init() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "grad", "jacobian", "hessian", "check", "eval":
			go touch(Size)
		}
	}
}
