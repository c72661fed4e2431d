package main

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/alecthomas/kong"
)

// Building the model of the whole command line, every command with every
// flag, was most of the time a short command such as grad -q took as a
// process. A process runs one command line, whose first word names its
// command, and kong only needs to know that command (with the flags of
// the whole line, --help and --version): the model is built from cli with
// the other commands left out, and what it parses is copied into cli, so
// that the rest of run sees no difference. Help, errors and suggestions
// are those of the whole model (TestOneCommandModel compares them). Man
// and completion describe the whole command line and get the whole model,
// as does a line that does not start with a command, and the lines of a
// session.

// runsAlone reports whether name is a command that oneCommand gives a
// model of its own.
func runsAlone(name string) bool {
	switch name {
	case "grad", "jacobian", "hessian", "check", "eval", "serve", "repl":
		return true
	}
	return false
}

// oneCommand returns the model of the command line with only the command
// name, and the copy of what it parsed into r.c; nil when name is no
// command that can run alone.
func oneCommand(name string) (grammar any, copyOut func(dst *cli)) {
	if name == "man" || name == "completion" {
		return nil, nil
	}
	t := reflect.TypeFor[cli]()
	var fields []reflect.StructField
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		if _, isCmd := f.Tag.Lookup("cmd"); isCmd {
			if _, named := f.Tag.Lookup("name"); named || strings.ToLower(f.Name) != name {
				continue
			}
			found = true
		}
		fields = append(fields, f)
	}
	if !found {
		return nil, nil
	}
	for i := range fields {
		fields[i].Index, fields[i].Offset = nil, 0
	}
	v := reflect.New(reflect.StructOf(fields))
	return v.Interface(), func(dst *cli) {
		d := reflect.ValueOf(dst).Elem()
		for i, f := range fields {
			d.FieldByName(f.Name).Set(v.Elem().Field(i))
		}
		v.Elem().SetZero() // as r.c is reset before each line
	}
}

// versionFlag is --version. Kong's VersionFlag prints a variable, which
// kong copies into every flag and command and interpolates there as it
// builds the model; this one asks for the version when it is given.
type versionFlag bool

// BeforeReset prints the version and ends the command line with status 0.
func (versionFlag) BeforeReset(app *kong.Kong) error {
	fmt.Fprintln(app.Stdout, version())
	app.Exit(0)
	return nil
}
