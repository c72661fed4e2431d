package matio

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/matdiff/matdiff/ast"
)

// ParseDims reads sizes of dimension names, "a=3,b=4" (as --dims gives
// them): each a positive whole number, each name a dimension of the
// shapes of info's names (DimNames), none given twice. The error is an
// *ast.Error that says what is wrong; "" gives an empty map.
func ParseDims(s string, info *ast.Info) (map[string]int, error) {
	out := map[string]int{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	known := DimNames(info)
	for _, part := range strings.Split(s, ",") {
		name, num, ok := strings.Cut(part, "=")
		name, num = strings.TrimSpace(name), strings.TrimSpace(num)
		if !ok || name == "" {
			return nil, &ast.Error{Msg: fmt.Sprintf("expected NAME=SIZE, found %q", strings.TrimSpace(part))}
		}
		v, err := strconv.Atoi(num)
		if err != nil || v < 1 {
			return nil, &ast.Error{Msg: fmt.Sprintf("the size of %s must be a positive whole number, not %q", name, num)}
		}
		if !known[name] {
			return nil, &ast.Error{Msg: fmt.Sprintf("the expression has no dimension %s", name), Hint: "its dimensions are " + listOrNone(sortedKeys(known))}
		}
		if _, dup := out[name]; dup {
			return nil, &ast.Error{Msg: fmt.Sprintf("%s is given twice", name)}
		}
		out[name] = v
	}
	return out, nil
}

// DimNames returns the dimension names of the shapes of info's names (n
// and m for A: n x m), those the checker made up for sizes left open
// excepted.
func DimNames(info *ast.Info) map[string]bool {
	known := map[string]bool{}
	for _, d := range info.Decls() {
		for _, n := range append(append([]string(nil), d.Shape.Rows.Names...), d.Shape.Cols.Names...) {
			if !strings.HasPrefix(n, "?") {
				known[n] = true
			}
		}
	}
	return known
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}
