package kpitree

// Formulas are stored with node ids, which survive renames; people read
// and type them with the nodes' names. The two functions here convert
// between the forms with the compiler's own rules for resolving a
// reference (a quoted name by the one node of that name, else by id; a
// bare word by id), so what the user sees is exactly what is computed.

// refNames resolves references and names nodes for display.
type refNames struct {
	ids    map[string]bool
	unique map[string]string // a name no other node has → its node's id (nameIndex)
	name   map[string]string // id → name
}

func newRefNames(t Tree) refNames {
	x := refNames{ids: make(map[string]bool, len(t.Nodes)), unique: nameIndex(t), name: make(map[string]string, len(t.Nodes))}
	for _, n := range t.Nodes {
		x.ids[n.ID] = true
		x.name[n.ID] = n.Name
	}
	return x
}

// resolve returns the id reference r means, as the compiler resolves it
// (refersTo); ok is false for a reference to no node. A bare word that is
// one node's name and no id (people type revenue for the node named
// revenue whose id is addon_revenue) resolves to that node too.
func (x refNames) resolve(r *Ref) (string, bool) {
	if id, ok := x.unique[r.Name]; ok && (r.Quoted || !x.ids[r.Name]) {
		return id, true
	}
	if x.ids[r.Name] {
		return r.Name, true
	}
	return "", false
}

// FormulaForDisplay returns formula with each reference written as its
// node's name, quoted ("アクティブ率" * "Unit price"), for people to read and
// edit; a node without a name, or whose name another node shares, keeps
// its id, so the display always reads back to the same formula
// (FormulaFromDisplay). A formula that does not parse is returned as it is.
func FormulaForDisplay(t Tree, formula string) string {
	e, err := Parse(formula)
	if err != nil {
		return formula
	}
	x := newRefNames(t)
	for _, r := range Refs(e) {
		if id, ok := x.resolve(r); ok {
			r.Name, r.Quoted = x.display(id)
		}
	}
	return e.String()
}

// display is how a reference to id is written for people: its name,
// quoted, when the name is its alone; else its id.
func (x refNames) display(id string) (text string, quoted bool) {
	name := x.name[id]
	if name == "" || name == id || x.unique[name] != id {
		return id, false
	}
	return name, true
}

// RefText is how FormulaForDisplay writes a reference to node id in tree
// t: the quoted name ("アクティブ率") when no other node has it, else the id.
func RefText(t Tree, id string) string {
	r := &Ref{}
	r.Name, r.Quoted = newRefNames(t).display(id)
	return r.String()
}

// FormulaFromDisplay returns text, a formula as people type it (with
// names or ids), with every reference that resolves to a node written as
// that node's id, the form formulas are stored in. References to no node
// are kept as typed, for the checker to report. It fails only when text
// does not parse, with the parser's error.
func FormulaFromDisplay(t Tree, text string) (string, error) {
	e, err := Parse(text)
	if err != nil {
		return "", err
	}
	x := newRefNames(t)
	for _, r := range Refs(e) {
		if id, ok := x.resolve(r); ok {
			r.Name, r.Quoted = id, false
		}
	}
	return e.String(), nil
}
