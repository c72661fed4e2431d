//go:build !linux

package pretouch

// touch does nothing where there is no MADV_POPULATE_WRITE.
func touch(n uintptr) bool { return false }
