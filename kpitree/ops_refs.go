package kpitree

import (
	"slices"
	"strconv"
	"strings"
)

// nameIndex maps node names to ids when the name is unique, the way
// formulas resolve quoted names.
func nameIndex(t Tree) map[string]string {
	count := map[string]int{}
	for _, n := range t.Nodes {
		count[n.Name]++
	}
	out := map[string]string{}
	for _, n := range t.Nodes {
		if n.Name != "" && count[n.Name] == 1 {
			out[n.Name] = n.ID
		}
	}
	return out
}

// refersTo reports whether r names id: by bare id, or quoted text that is
// not some node's unique name but equals the id.
func refersTo(r *Ref, id string, names map[string]string) bool {
	if !r.Quoted {
		return r.Name == id
	}
	if target, ok := names[r.Name]; ok {
		return target == id
	}
	return r.Name == id
}

// refersByID is refersTo without name resolution: the reference text is
// the id itself.
func refersByID(r *Ref, id string, names map[string]string) bool {
	if r.Name != id {
		return false
	}
	_, isName := names[r.Name]
	return !r.Quoted || !isName
}

// rewriteRefs replaces, in the formula text, the references written as
// from by to, leaving every other byte untouched so renaming back restores
// the text exactly. Unparsable formulas are left alone.
func rewriteRefs(src, from, to string, names map[string]string) string {
	e, err := Parse(src)
	if err != nil {
		return src
	}
	var b strings.Builder
	last := 0
	for _, r := range Refs(e) {
		if !refersByID(r, from, names) {
			continue
		}
		end := r.At + len(r.Name)
		repl := to
		if r.Quoted {
			end = quotedEnd(src, r.At)
			repl = strconv.Quote(to)
		}
		b.WriteString(src[last:r.At])
		b.WriteString(repl)
		last = end
	}
	b.WriteString(src[last:])
	return b.String()
}

// quotedEnd returns the offset after the closing quote of the string
// literal starting at at (the same scan as the parser's).
func quotedEnd(src string, at int) int {
	i := at + 1
	for i < len(src) && src[i] != '"' {
		if src[i] == '\\' {
			i++
		}
		i++
	}
	return i + 1
}

// usersOf lists the nodes whose formula or health score refers to id.
func usersOf(t Tree, id string) []string {
	names := nameIndex(t)
	var out []string
	for _, n := range t.Nodes {
		if slices.Contains(directRefs(n, names), id) && n.ID != id {
			out = append(out, n.ID)
		}
	}
	return out
}

// directRefs returns the ids node n refers to (unparsable formulas: none).
func directRefs(n Node, names map[string]string) []string {
	var out []string
	switch n.Kind {
	case KindFormula:
		e, err := Parse(n.Formula)
		if err != nil {
			return nil
		}
		for _, r := range Refs(e) {
			id := r.Name
			if r.Quoted {
				if target, ok := names[r.Name]; ok {
					id = target
				}
			}
			out = append(out, id)
		}
	case KindHealth:
		for _, h := range n.Health {
			out = append(out, h.Ref)
			if h.Per != "" {
				out = append(out, h.Per)
			}
		}
	}
	return out
}

// treeDependsOn reports whether node from (transitively) refers to target.
func treeDependsOn(t Tree, from, target string) bool {
	names := nameIndex(t)
	byID := map[string]Node{}
	for _, n := range t.Nodes {
		byID[n.ID] = n
	}
	seen := map[string]bool{from: true}
	stack := []string{from}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range directRefs(byID[id], names) {
			if c == target {
				return true
			}
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return false
}

// removeTerm removes the first reference matching is from a sum, product,
// or sum/avg/min/max call, returning the simplified expression.
func removeTerm(e Expr, is func(*Ref) bool) (Expr, bool) {
	switch e := e.(type) {
	case *Binary:
		if r, ok := e.Y.(*Ref); ok && is(r) && e.Op >= BinAdd && e.Op <= BinDiv {
			return e.X, true
		}
		if r, ok := e.X.(*Ref); ok && is(r) {
			switch e.Op {
			case BinAdd, BinMul:
				return e.Y, true
			case BinSub:
				return &Unary{X: e.Y}, true
			case BinDiv:
				return &Binary{Op: BinDiv, X: &Num{Value: 1}, Y: e.Y}, true
			}
		}
		if e.Op < BinAdd || e.Op > BinDiv {
			return e, false
		}
		if x, ok := removeTerm(e.X, is); ok {
			return &Binary{At: e.At, Op: e.Op, X: x, Y: e.Y}, true
		}
		if y, ok := removeTerm(e.Y, is); ok {
			return &Binary{At: e.At, Op: e.Op, X: e.X, Y: y}, true
		}
	case *Call:
		switch e.Func {
		case "sum", "avg", "min", "max":
		default:
			return e, false
		}
		for k, a := range e.Args {
			if r, ok := a.(*Ref); ok && is(r) && len(e.Args) > 1 {
				args := slices.Delete(slices.Clone(e.Args), k, k+1)
				return &Call{At: e.At, Func: e.Func, Args: args}, true
			}
		}
	}
	return e, false
}
