//go:build race

package pretouch

// raceEnabled: the race detector's shadow memory takes page faults of its
// own with every allocation, which TestTouchSpares would count.
const raceEnabled = true
