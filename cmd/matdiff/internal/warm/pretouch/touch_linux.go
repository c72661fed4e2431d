package pretouch

import (
	"syscall"
	"unsafe"
)

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14), which the
// syscall package does not name.
const madvPopulateWrite = 23

const pageSize = 4096

// sink keeps the allocation that touch takes its address from.
var sink []byte

// touch maps in up to n bytes of the heap from a new allocation on: one
// larger than any size class, which the runtime places at the lowest
// free pages, where the spans that follow it will go. The runtime maps
// the heap in chunks of 4 MB; where the range runs past the chunk, the
// kernel maps in what is before the end and fails, which is what can be
// done. It reports whether the kernel knows MADV_POPULATE_WRITE.
func touch(n uintptr) bool {
	sink = make([]byte, 64<<10)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(sink))) &^ (pageSize - 1)
	// A page first: an error there means the kernel lacks the advice.
	if madvise(p, pageSize, madvPopulateWrite) != nil {
		return false
	}
	madvise(p, n, madvPopulateWrite)
	return true
}

// madvise calls madvise(2). Mapping pages in stops at a signal (the Go
// runtime's preemption signal among them) with EINTR, and is taken up
// again: the pages already mapped in cost little the second time.
func madvise(p, n, advice uintptr) error {
	for range 100 {
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, p, n, advice)
		if errno == 0 {
			return nil
		}
		if errno != syscall.EINTR && errno != syscall.EAGAIN {
			return errno
		}
	}
	return syscall.EINTR
}
