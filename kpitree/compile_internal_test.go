package kpitree

import "testing"

func TestCompile_FoldsConstantsAndReusesScratch(t *testing.T) {
	tree := Tree{Root: "r", Nodes: []Node{
		{ID: "r", Kind: KindFormula, Formula: "sum(a * b, a * b, a * b, a * b) + 12 * 1,000"},
		{ID: "k", Kind: KindFormula, Formula: "12 * 1,000 / 4"},
		{ID: "a", Kind: KindInput},
		{ID: "b", Kind: KindInput},
	}}
	p, diags, err := Compile(tree)
	if err != nil || HasErrors(diags) {
		t.Fatalf("compile: %v %v", err, diags)
	}
	if p.nScratch > 2 {
		t.Errorf("sum of four products uses %d scratch columns, want ≤ 2", p.nScratch)
	}
	k := p.codeAt[p.Index("k")]
	if n := k[1] - k[0]; n != 1 || p.code[k[0]].op != opCopy {
		t.Errorf("constant formula compiles to %d instructions, want one copy", n)
	}
	if got := p.consts; len(got) != 2 || got[1] != 3000 && got[0] != 3000 {
		t.Errorf("literal columns = %v, want 12000 and 3000", got)
	}
}

func TestCompile_SourcesAreAliasedUntilOverridden(t *testing.T) {
	p, _, _ := Compile(Tree{Root: "r", Nodes: []Node{
		{ID: "r", Kind: KindFormula, Formula: "a * 2"},
		{ID: "a", Kind: KindInput, Values: []float64{1, 2}},
	}})
	s := p.NewState(2)
	a := p.Index("a")
	if !s.alias[a] || &s.Column(a)[0] != &s.Input(a)[0] {
		t.Fatal("an input without overrides should share its raw column")
	}
	if err := s.SetScenario(&Scenario{Overrides: []Override{{Node: "a", Op: OpAdd, Value: 1, To: -1}}}); err != nil {
		t.Fatal(err)
	}
	s.Run()
	s.Run() // applying twice must not add twice
	if s.alias[a] || s.Values("a")[1] != 3 || s.Input(a)[1] != 2 {
		t.Errorf("overridden input: values %v, raw %v", s.Values("a"), s.Input(a))
	}
}
