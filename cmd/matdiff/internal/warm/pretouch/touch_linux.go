package pretouch

import (
	"syscall"
	"unsafe"
)

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14), which the
// syscall package does not name.
const madvPopulateWrite = 23

const pageSize = 4096

// sink and bridge keep the allocations that touch places.
var sink, bridge []byte

// touch maps in up to n bytes of the heap from a new allocation on: one
// larger than any size class, which the runtime places at the lowest
// free pages, where the spans that follow it will go. It reports whether
// the kernel knows MADV_POPULATE_WRITE.
//
// The runtime maps the heap 4 MB at a time, beginning at a random place
// in the first 4 MB, and only memory that is mapped can be mapped in.
// When less than n is left before the end of the mapping, touch fills
// what is left with one allocation (bridge), which makes the runtime map
// the next 4 MB, and maps in the memory after it instead. The bridge is
// never touched, so that it takes no memory, only addresses.
func touch(n uintptr) bool {
	sink = make([]byte, 64<<10)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(sink))) &^ (pageSize - 1)
	// A page first: an error there means the kernel lacks the advice.
	if madvise(p, pageSize, madvPopulateWrite) != nil {
		return false
	}
	if madvise(p, n, madvPopulateWrite) == nil {
		return true
	}
	// The mapping ends before p+n: find where (the pages before the end
	// are mapped in already, so that each try costs little), then bridge
	// the rest of it.
	lo, hi := uintptr(pageSize), n // lo is mapped, hi is not
	for hi-lo > pageSize {
		mid := (lo + hi) / 2 &^ (pageSize - 1)
		if madvise(p, mid, madvPopulateWrite) == nil {
			lo = mid
		} else {
			hi = mid
		}
	}
	bridge = make([]byte, lo+pageSize)
	madvise(pageAfter(bridge), n, madvPopulateWrite)
	return true
}

// pageAfter returns the first page after b.
func pageAfter(b []byte) uintptr {
	return (uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(len(b)) + pageSize - 1) &^ (pageSize - 1)
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
