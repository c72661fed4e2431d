package pretouch

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// room returns the address of the page of sink and the bytes of the
// heap's mapping from there on, as /proc/self/maps has them.
func room(t *testing.T) (p, n uintptr) {
	p = uintptr(unsafe.Pointer(unsafe.SliceData(sink))) &^ (pageSize - 1)
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(maps), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		lo, hi, _ := strings.Cut(f[0], "-")
		a, err1 := strconv.ParseUint(lo, 16, 64)
		z, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 == nil && err2 == nil && uintptr(a) <= p && p < uintptr(z) {
			return p, uintptr(z) - p
		}
	}
	t.Fatal("the heap is not in /proc/self/maps")
	return 0, 0
}

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
// newest allocation on, as far as Size or the end of the heap's mapping.
func TestTouch(t *testing.T) {
	if !touch(Size) {
		t.Skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	p, n := room(t)
	n = min(n, Size)
	if got, want := resident(t, p, n), int(n/pageSize); got != want {
		t.Errorf("%d of the %d pages from the newest allocation are mapped in", got, want)
	}
}

var keep [][]byte

// TestTouchSpares: in processes that have just started (this test's
// binary run again), allocating half a megabyte of new objects takes
// about 128 page faults, and far fewer once touch has mapped the heap in.
// Where the heap's mapping ends just after the newest allocation, touch
// can do little, so the test sums five processes of each kind.
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
	faults := func(mode string) (sum int64, ok bool) {
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
			sum += n
		}
		return sum, true
	}
	without, _ := faults("plain")
	with, ok := faults("touch")
	if !ok {
		t.Skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	t.Logf("page faults for 5 x 512 KB of new objects: %d, after touch %d", without, with)
	if without < 5*64 {
		t.Errorf("%d page faults without touch: the test does not allocate fresh memory", without)
	}
	if with > without/2 {
		t.Errorf("%d page faults after touch, %d without", with, without)
	}
}
