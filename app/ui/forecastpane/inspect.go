package forecastpane

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"
)

// The methods here read and drive the pane as a user would, for the tests
// of the shell that check the pane together with the inspector.

// Wait blocks until the pane's background work has been applied (running
// queued UI updates under the test driver).
func (p *Pane) Wait() { p.jobs.Wait() }

// Rows are the table's rows, one per bound leaf, as last forecast.
func (p *Pane) Rows() []Row { return p.rows }

// Status is the text under the toolbar.
func (p *Pane) Status() string { return p.status.Text }

// CellText is the text of table cell (row, col); row 0 is the header.
func (p *Pane) CellText(row, col int) string { return p.cell(row, col) }

// SelectRow selects table row row (1 is the first leaf), as a click would.
func (p *Pane) SelectRow(row int) { p.table.Select(widget.TableCellID{Row: row, Col: ColLeaf}) }

// PickOverride picks model in row row's override select, as the user
// would; it fails when that row shows no select.
func (p *Pane) PickOverride(row int, model string) error {
	cell := p.newCell()
	p.updateCell(widget.TableCellID{Row: row, Col: ColOverride}, cell)
	c := p.cells[cell]
	if c.pick.Select.Hidden || c.node == "" {
		return fmt.Errorf("row %d shows no model select", row)
	}
	i := slices.IndexFunc(c.pick.values, func(v string) bool { return v != "" && strings.EqualFold(v, model) })
	if i < 0 {
		return fmt.Errorf("row %d offers no model %q", row, model)
	}
	c.pick.Select.SetSelectedIndex(i) // the option reads in plain words; model is its setting
	return nil
}
