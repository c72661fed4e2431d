package web

// Names for the tests of package web_test, which are not the package's
// API.
var Verdict = verdict
