// Package matio reads and writes the values of matdiff's names: matrices
// in CSV or whitespace-separated text, NumPy .npy and MatrixMarket .mtx
// files. It also fits values to the shapes of an expression (Fit), finding
// the sizes of the dimension names they determine.
//
// # Formats
//
// Text (ReadText): one row a line; entries separated by commas or
// semicolons if the line has any, by blanks otherwise; a # starts a
// comment; blank lines are skipped; an entry may be in double quotes.
//
// NumPy (ReadNPY): a 0-, 1- or 2-dimensional array of floats (f2, f4, f8),
// integers (i1 to i8, u1 to u8) or booleans, in either byte order and in C
// or Fortran order; a 1-D array is a column, and Value.Vector says that it
// fits a row as well. Versions 1.0, 2.0 and 3.0 of the format are read.
//
// MatrixMarket (ReadMatrixMarket): "array" (dense, column-major) or
// "coordinate" (sparse), real or integer, general or symmetric.
//
// # Trust
//
// Every reader is bounded before it spends memory: ReadFile reads only
// regular files (a device, a named pipe, a directory is an error, and is
// never opened for reading, so a named pipe cannot block it), no more than
// MaxBytes bytes of them, and no value has more than MaxEntries entries:
// the shape a file declares (a MatrixMarket size line, a .npy header) is
// checked against the limit before anything is allocated, and a text file
// is refused as soon as its rows pass it. The number of entries a file
// holds must be exactly the number its shape needs. Every entry is a
// finite float64: NaN, infinities, numbers too large for a float64 and
// numbers so small that they would read as 0 are errors that say where
// they are.
//
// Errors are *ast.Error values. Bad input (kind ast.BadInput) names the
// file, and for text files the line and column ("a.csv:2:3: ..."); a
// file or a shape beyond the limits has kind ast.BeyondReach. No message
// shows Go's internals.
//
// The functions of this package are safe for concurrent use and do not
// change their arguments.
package matio
