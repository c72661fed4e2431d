package ast

// Clone returns a copy of in: ShapeOf on the copy records the shapes of
// new expressions in the copy only, so that a caller can extend the shapes
// of an Info it was given (with those of a derivative that holds the same
// I nodes, say) without changing it.
func (in *Info) Clone() *Info {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := &Info{
		names:  make(map[string]Shape, len(in.names)),
		order:  append([]string(nil), in.order...),
		sym:    make(map[string]bool, len(in.sym)),
		shapes: make(map[Expr]Shape, len(in.shapes)),
	}
	for k, v := range in.names {
		out.names[k] = v
	}
	for k, v := range in.sym {
		out.sym[k] = v
	}
	for k, v := range in.shapes {
		out.shapes[k] = v
	}
	return out
}
