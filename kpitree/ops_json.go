package kpitree

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// opJSON is the wire form of every op: "op" names the kind and only the
// fields it uses are set.
type opJSON struct {
	Op       string            `json:"op"`
	ID       string            `json:"id,omitempty"`
	Node     *wireNode         `json:"node,omitempty"`
	Index    *int              `json:"index,omitempty"`
	Formula  *string           `json:"formula,omitempty"`
	Force    bool              `json:"force,omitempty"`
	From     string            `json:"from,omitempty"`
	To       string            `json:"to,omitempty"`
	Operator string            `json:"operator,omitempty"`
	Name     *string           `json:"name,omitempty"`
	Calendar *wireCalendar     `json:"calendar,omitempty"`
	Ops      []json.RawMessage `json:"ops,omitempty"`
}

// MarshalOp encodes an edit operation as JSON, e.g.
// {"op":"set_formula","id":"revenue","formula":"price * customers"}.
func MarshalOp(op Op) ([]byte, error) {
	w, err := toOpJSON(op, 0)
	if err != nil {
		return nil, err
	}
	b, err := encodeJSON(w, "")
	if err != nil {
		return nil, fmt.Errorf("encode edit: %w", err)
	}
	return bytes.TrimSuffix(b, []byte("\n")), nil
}

func toOpJSON(op Op, depth int) (opJSON, error) {
	if depth > maxDepth {
		return opJSON{}, fmt.Errorf("encode edit: %w: batches nested too deeply", ErrBadOp)
	}
	ip := func(i int) *int { return &i }
	sp := func(s string) *string { return &s }
	switch o := op.(type) {
	case AddNode:
		n := toWireNode(o.Node)
		return opJSON{Op: o.opName(), Node: &n, Index: ip(o.Index)}, nil
	case RemoveNode:
		return opJSON{Op: o.opName(), ID: o.ID}, nil
	case UpdateNode:
		n := toWireNode(o.Node)
		return opJSON{Op: o.opName(), Node: &n}, nil
	case SetFormula:
		return opJSON{Op: o.opName(), ID: o.ID, Formula: sp(o.Formula)}, nil
	case SetRoot:
		return opJSON{Op: o.opName(), ID: o.ID, Force: o.Force}, nil
	case MoveNode:
		return opJSON{Op: o.opName(), ID: o.ID, Index: ip(o.Index)}, nil
	case Reparent:
		return opJSON{Op: o.opName(), ID: o.ID, From: o.From, To: o.To, Operator: o.Operator}, nil
	case RenameID:
		return opJSON{Op: o.opName(), From: o.From, To: o.To}, nil
	case UpdateTree:
		c := wireCalendar{Freq: o.Calendar.Freq, Start: formatStart(o.Calendar.Start), Periods: o.Calendar.Periods, FiscalYearStart: o.Calendar.FiscalYearStart}
		return opJSON{Op: o.opName(), Name: sp(o.Name), Calendar: &c}, nil
	case Batch:
		w := opJSON{Op: o.opName(), Ops: []json.RawMessage{}}
		for _, sub := range o.Ops {
			sw, err := toOpJSON(sub, depth+1)
			if err != nil {
				return opJSON{}, err
			}
			b, err := encodeJSON(sw, "")
			if err != nil {
				return opJSON{}, fmt.Errorf("encode edit: %w", err)
			}
			w.Ops = append(w.Ops, b)
		}
		return w, nil
	}
	return opJSON{}, fmt.Errorf("encode edit: %w: unknown operation %T", ErrBadOp, op)
}

// UnmarshalOp decodes an operation written by MarshalOp. Errors wrap
// ErrBadJSON.
func UnmarshalOp(data []byte) (Op, error) { return fromOpJSON(data, 0) }

func fromOpJSON(data []byte, depth int) (Op, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("decode edit: %w: batches nested too deeply", ErrBadJSON)
	}
	var w opJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("decode edit: %w: %s", ErrBadJSON, jsonErrText(err))
	}
	need := func(ok bool, field string) error {
		if !ok {
			return fmt.Errorf("decode edit %q: %w: field %q is missing", w.Op, ErrBadJSON, field)
		}
		return nil
	}
	switch w.Op {
	case "add_node":
		if err := need(w.Node != nil && w.Index != nil, "node/index"); err != nil {
			return nil, err
		}
		return AddNode{Node: fromWireNode(*w.Node), Index: *w.Index}, nil
	case "remove_node":
		return RemoveNode{ID: w.ID}, nil
	case "update_node":
		if err := need(w.Node != nil, "node"); err != nil {
			return nil, err
		}
		return UpdateNode{Node: fromWireNode(*w.Node)}, nil
	case "set_formula":
		if err := need(w.Formula != nil, "formula"); err != nil {
			return nil, err
		}
		return SetFormula{ID: w.ID, Formula: *w.Formula}, nil
	case "set_root":
		return SetRoot{ID: w.ID, Force: w.Force}, nil
	case "move_node":
		if err := need(w.Index != nil, "index"); err != nil {
			return nil, err
		}
		return MoveNode{ID: w.ID, Index: *w.Index}, nil
	case "reparent":
		return Reparent{ID: w.ID, From: w.From, To: w.To, Operator: w.Operator}, nil
	case "rename_id":
		return RenameID{From: w.From, To: w.To}, nil
	case "update_tree":
		if err := need(w.Name != nil && w.Calendar != nil, "name/calendar"); err != nil {
			return nil, err
		}
		c := Calendar{Freq: w.Calendar.Freq, Periods: w.Calendar.Periods, FiscalYearStart: w.Calendar.FiscalYearStart}
		if w.Calendar.Start != "" {
			s, err := parseStart(w.Calendar.Start)
			if err != nil {
				return nil, fmt.Errorf("decode edit: %w: calendar start %q is not a date", ErrBadJSON, w.Calendar.Start)
			}
			c.Start = s
		}
		return UpdateTree{Name: *w.Name, Calendar: c}, nil
	case "batch":
		b := Batch{Ops: make([]Op, 0, len(w.Ops))}
		for _, raw := range w.Ops {
			sub, err := fromOpJSON(raw, depth+1)
			if err != nil {
				return nil, err
			}
			b.Ops = append(b.Ops, sub)
		}
		return b, nil
	}
	return nil, fmt.Errorf("decode edit: %w: unknown operation %q", ErrBadJSON, w.Op)
}
