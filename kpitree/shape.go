package kpitree

// ShapeKind classifies a node's formula for impact analysis.
type ShapeKind int

// The shapes.
const (
	// ShapeLeaf is an input or constant node.
	ShapeLeaf ShapeKind = iota
	// ShapeSum is Σ coefᵢ · childᵢ with coefficients ±1 (sum and difference
	// presets, sum(...)).
	ShapeSum
	// ShapeProduct is Π childᵢ ^ coefᵢ with exponents ±1 (product and
	// ratio presets).
	ShapeProduct
	// ShapeOther is any other formula, health scores and broken nodes.
	ShapeOther
)

// Term is one child of a sum or product shape.
type Term struct {
	ID   string
	Coef float64 // sign for ShapeSum, exponent for ShapeProduct
}

// Shape is the operator structure of a node's formula.
type Shape struct {
	Kind  ShapeKind
	Terms []Term // children with their signs or exponents; nil for leaves and ShapeOther
}

// Shape returns the operator structure of node i: whether it is a pure sum
// or difference, or a pure product or ratio, of other nodes. A bare
// reference ("x") is a one-term sum.
func (p *Program) Shape(i int) Shape {
	nd := p.tree.Nodes[i]
	switch {
	case nd.Kind == KindInput || nd.Kind == KindConstant:
		return Shape{Kind: ShapeLeaf}
	case p.broken[i] || nd.Kind != KindFormula:
		return Shape{Kind: ShapeOther}
	}
	e := p.exprs[i]
	var terms []Term
	if p.flatten(e, 1, true, &terms) {
		return Shape{Kind: ShapeSum, Terms: terms}
	}
	terms = nil
	if p.flatten(e, 1, false, &terms) {
		return Shape{Kind: ShapeProduct, Terms: terms}
	}
	return Shape{Kind: ShapeOther}
}

// flatten collects the references of a pure +/− (additive) or */÷ tree.
func (p *Program) flatten(e Expr, coef float64, additive bool, out *[]Term) bool {
	switch e := e.(type) {
	case *Ref:
		*out = append(*out, Term{ID: p.ids[p.refTo(e)], Coef: coef})
		return true
	case *Unary:
		return additive && p.flatten(e.X, -coef, additive, out)
	case *Binary:
		switch {
		case additive && (e.Op == BinAdd || e.Op == BinSub):
		case !additive && (e.Op == BinMul || e.Op == BinDiv):
		default:
			return false
		}
		inv := 1.0
		if e.Op == BinSub || e.Op == BinDiv {
			inv = -1
		}
		return p.flatten(e.X, coef, additive, out) && p.flatten(e.Y, coef*inv, additive, out)
	case *Call:
		if additive && e.Func == "sum" {
			for _, a := range e.Args {
				if !p.flatten(a, coef, additive, out) {
					return false
				}
			}
			return true
		}
	}
	return false
}
