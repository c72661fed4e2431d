package warm

// A goroutine starts with a small stack, and each time it outgrows it the
// runtime copies it to one twice as large, adjusting every frame on it,
// which means looking up each function's stack maps in the program's
// tables. The work of a command recurses deeply (participle's parser, the
// rewriting), so its stack doubles several times when it is already deep:
// 5% of the time of grad -q, and a tenth of its page faults, went to
// those copies. Growing the stack once, while it is shallow, to the size
// the work will need copies a few frames instead.

// GrowStack grows the stack of the calling goroutine, while it is
// shallow, to what a command that derives needs (32 KB).
func GrowStack() { growStack(0) }

// growStack has a frame that only a 32 KB stack holds: calling it makes
// the runtime grow the stack to that size at once. The array is used so
// that it stays on the stack.
//
//go:noinline
func growStack(i int) byte {
	var frame [24 << 10]byte
	frame[i] = 1
	return frame[len(frame)-1-i]
}
