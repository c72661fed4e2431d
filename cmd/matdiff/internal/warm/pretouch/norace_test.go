//go:build !race

package pretouch

const raceEnabled = false
