package pretouch

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// resident returns how many of the n bytes from p are in pages that are
// mapped in (mincore).
func resident(t *testing.T, p, n uintptr) int {
	vec := make([]byte, (n+pageSize-1)/pageSize)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, p, n, uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	k := 0
	for _, v := range vec {
		k += int(v & 1)
	}
	return k
}

// TestTouch: the pages that touch maps in are those of the heap from its
// newest allocation on, as far as Size or the end of the heap's mapping,
// and then, when that came first, Size bytes after the bridge. It looks
// at a process that has just started (this test's binary run again),
// since the heap of one that has run tests is no longer that of a start.
func TestTouch(t *testing.T) {
	if os.Getenv("PRETOUCH_CHILD") == "" {
		for range 5 {
			cmd := exec.Command(os.Args[0], "-test.run=^TestTouch$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), "PRETOUCH_CHILD=touch")
			if out, err := cmd.CombinedOutput(); err != nil || strings.Contains(string(out), "SKIP") {
				t.Fatalf("%v\n%s", err, out)
			}
		}
		return
	}
	if !touch(Size) {
		t.Skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(sink))) &^ (pageSize - 1)
	n := uintptr(Size)
	if bridge != nil {
		// The mapping ended before p+Size: the bridge fills the rest.
		n = uintptr(unsafe.Pointer(unsafe.SliceData(bridge)))&^(pageSize-1) - p
		if n >= Size {
			t.Fatalf("a bridge %d KB after the newest allocation", n>>10)
		}
		if got, want := resident(t, pageAfter(bridge), Size), Size/pageSize; got != want {
			t.Errorf("%d of the %d pages after the bridge are mapped in", got, want)
		}
	}
	if got, want := resident(t, p, n), int(n/pageSize); got != want {
		t.Errorf("%d of the %d pages from the newest allocation are mapped in", got, want)
	}
}

var keep [][]byte

// TestTouchSpares: in processes that have just started (this test's
// binary run again), allocating half a megabyte of new objects takes
// about 128 page faults, and far fewer once touch has mapped the heap in.
// It compares the medians of five processes of each kind.
func TestTouchSpares(t *testing.T) {
	if mode := os.Getenv("PRETOUCH_CHILD"); mode != "" {
		if mode == "touch" && !touch(Size) {
			fmt.Println("unsupported")
			return
		}
		var before, after syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &before)
		for range 64 {
			b := make([]byte, 8192)
			b[0], b[4096] = 1, 1
			keep = append(keep, b)
		}
		syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		fmt.Println(after.Minflt - before.Minflt)
		return
	}
	if raceEnabled {
		t.Skip("the race detector takes page faults of its own")
	}
	// The median of five processes of each kind.
	faults := func(mode string) (median int64, ok bool) {
		var counts []int64
		for range 5 {
			cmd := exec.Command(os.Args[0], "-test.run=^TestTouchSpares$", "-test.count=1")
			cmd.Env = append(os.Environ(), "PRETOUCH_CHILD="+mode)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s: %v\n%s", mode, err, out)
			}
			first, _, _ := strings.Cut(string(out), "\n")
			if first == "unsupported" {
				return 0, false
			}
			n, err := strconv.ParseInt(first, 10, 64)
			if err != nil {
				t.Fatalf("%s: %q", mode, out)
			}
			counts = append(counts, n)
		}
		slices.Sort(counts)
		return counts[len(counts)/2], true
	}
	without, _ := faults("plain")
	with, ok := faults("touch")
	if !ok {
		t.Skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	t.Logf("page faults for 512 KB of new objects (the median of 5 processes): %d, after touch %d", without, with)
	if without < 64 {
		t.Errorf("%d page faults without touch: the test does not allocate fresh memory", without)
	}
	if with > without/4 {
		t.Errorf("%d page faults after touch, %d without", with, without)
	}
}
