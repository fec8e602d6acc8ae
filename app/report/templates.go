package report

import (
	"cmp"

	"github.com/kpitree/kpitree/kpitree"
)

// StageText names a template's product–market-fit stage as the gallery's
// badge does ("early", "growth", "scale"); "" for a topic template.
func (t *Translator) StageText(stage string) string {
	switch stage {
	case "early", "growth", "scale":
		return t.L("gallery.stage_" + stage)
	}
	return ""
}

// TemplatesTable lists the tree templates as `kpitreectl templates` prints
// them, in the words of the app's template gallery: id (what `new
// --template` takes), stage badge ("-" for a topic template), name and
// description in the translator's language.
func (t *Translator) TemplatesTable(ts []kpitree.TemplateInfo) Table {
	lang := string(t.Lang())
	tb := Table{Header: []string{"ID", t.L("gallery.col_stage"), t.L("gallery.col_name"), t.L("gallery.col_description")}}
	for _, k := range ts {
		tb.Rows = append(tb.Rows, []string{k.ID, cmp.Or(t.StageText(k.Stage), "-"), k.Name[lang], k.Description[lang]})
	}
	return tb
}
