package kpitree

import (
	"fmt"
	"strings"
	"time"
)

// TemplateInfo describes a starting tree the user can pick.
type TemplateInfo struct {
	ID string `json:"id"`
	// Name and Description are keyed by language ("en", "ja").
	Name        map[string]string `json:"name"`
	Description map[string]string `json:"description"`
	// Stage is the product–market-fit stage the template suits ("early",
	// "growth", "scale"); or "" for a topic template.
	Stage string `json:"stage,omitempty"`
}

// Languages lists the languages templates are written in.
func Languages() []string { return []string{"en", "ja"} }

// templateDef is a template: a root and the catalogue ids of its nodes.
type templateDef struct {
	id, stage  string
	name, desc [2]string // en, ja
	root       string
	nodes      []string
}

// Templates lists the templates in display order: the canonical add-on
// revenue tree first, then topic templates, then the stage packs.
func Templates() []TemplateInfo {
	defs := templateDefs()
	out := make([]TemplateInfo, 0, len(defs))
	for _, d := range defs {
		out = append(out, TemplateInfo{
			ID:          d.id,
			Name:        map[string]string{"en": d.name[0], "ja": d.name[1]},
			Description: map[string]string{"en": d.desc[0], "ja": d.desc[1]},
			Stage:       d.stage,
		})
	}
	return out
}

// NewFromTemplate returns a fresh tree built from template id, with names
// and descriptions in lang ("en" or "ja"). Ids, units and formulas are the
// same in every language, so data bound to one binds to the other. The
// calendar is monthly with an April fiscal year and no start yet: binding
// data sets it. Nodes kept beside the root as monitored KPIs (not feeding
// it) have the "unused" diagnostic silenced.
func NewFromTemplate(id, lang string) (Tree, error) {
	li := -1
	for i, l := range Languages() {
		if l == lang {
			li = i
		}
	}
	if li < 0 {
		return Tree{}, fmt.Errorf("template %q in %q: %w: use \"en\" or \"ja\"", id, lang, ErrUnknownLanguage)
	}
	for _, d := range templateDefs() {
		if d.id != id {
			continue
		}
		cat := catalogue()
		t := Tree{
			Name:     d.name[li],
			Root:     d.root,
			Calendar: Calendar{Freq: Month, FiscalYearStart: time.April},
		}
		for _, nid := range d.nodes {
			c, ok := cat[nid]
			if !ok {
				// A template naming a missing catalogue entry is a bug in
				// this file, caught by the template tests.
				return Tree{}, fmt.Errorf("template %q: node %q: %w", id, nid, ErrUnknownNode)
			}
			n := c.node(li)
			n.ID = nid
			t.Nodes = append(t.Nodes, n)
		}
		markMonitored(&t)
		return t, nil
	}
	return Tree{}, fmt.Errorf("template %q: %w: pick one listed by Templates", id, ErrUnknownTemplate)
}

// markMonitored silences "unused" on nodes that do not feed the root: in a
// template they are KPIs watched beside the tree, not mistakes.
func markMonitored(t *Tree) {
	g, err := compileTree(*t)
	if err != nil {
		return
	}
	under := g.descendants(g.root)
	for i := range t.Nodes {
		if !under[i] {
			t.Nodes[i].Silenced = append(t.Nodes[i].Silenced, CodeUnused)
		}
	}
}

// kpi is one catalogue entry; templates share entries so that an id means
// the same thing (and binds to the same data) in every template.
type kpi struct {
	name, desc   [2]string
	unit         string
	kind         Kind
	formula      string
	value        float64 // for KindConstant
	controllable bool
	agg          AggKind
	// aggNote says why the kind fits (en, ja); stored on the node so the
	// user sees it beside the kind. Or empty.
	aggNote  [2]string
	health   []HealthComponent
	rag      *RAG
	silenced []string // diagnostic codes that are expected for this KPI
}

func (k kpi) node(li int) Node {
	n := Node{
		Name: k.name[li], Description: k.desc[li], Unit: k.unit, Kind: k.kind, Formula: k.formula, Value: k.value,
		Controllable: k.controllable, Aggregation: string(k.agg), AggregationNote: k.aggNote[li],
	}
	if k.silenced != nil {
		n.Silenced = append([]string(nil), k.silenced...)
	}
	if k.health != nil {
		n.Health = append([]HealthComponent(nil), k.health...)
	}
	if k.rag != nil {
		r := *k.rag
		n.RAG = &r
	}
	return n
}

// EmptyTemplateID is the template with a single formula root node, for
// users who build their own tree from scratch.
const EmptyTemplateID = "empty"

// SetFreq makes t a tree of f periods: the calendar's frequency, and every
// unit that is a rate per period ("logins/month", "JPY/seat/month") per f
// instead ("logins/week"), so a weekly tree made from a monthly template
// does not call its weekly counts monthly. Other units are kept.
func (t *Tree) SetFreq(f Freq) {
	t.Calendar.Freq = f
	for i := range t.Nodes {
		t.Nodes[i].Unit = PerPeriodUnit(t.Nodes[i].Unit, f)
	}
}

// PerPeriodUnit is unit with its per-period suffix ("/month", "/mo",
// "/week", "/day", "/quarter", "/year") made per f; a unit without one is
// returned as it is.
func PerPeriodUnit(unit string, f Freq) string {
	i := strings.LastIndexByte(unit, '/')
	if i < 0 {
		return unit
	}
	switch strings.ToLower(strings.TrimSpace(unit[i+1:])) {
	case "month", "mo", "week", "day", "quarter", "year":
		return unit[:i+1] + string(f)
	}
	return unit
}
