package kpitree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// The tree file format. Version changes when an older app could not read
// the file correctly; added optional fields do not change it.
const (
	TreeFormat  = "kpitree/tree"
	TreeVersion = 1
)

// jfloat is a float64 whose JSON form is total: NaN (missing) is null and
// ±Inf are the strings "+Inf" and "-Inf", which encoding/json rejects.
type jfloat float64

// MarshalJSON writes null for NaN and strings for ±Inf.
func (f jfloat) MarshalJSON() ([]byte, error) { return f.appendJSON(nil), nil }

func (f jfloat) appendJSON(b []byte) []byte {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return append(b, "null"...)
	case math.IsInf(v, 1):
		return append(b, `"+Inf"`...)
	case math.IsInf(v, -1):
		return append(b, `"-Inf"`...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *jfloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "null":
		*f = jfloat(math.NaN())
		return nil
	case `"+Inf"`:
		*f = jfloat(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = jfloat(math.Inf(-1))
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("number %.20q: %w", b, ErrBadJSON)
	}
	*f = jfloat(v)
	return nil
}

// jfloats is a series; encoding it in one call instead of one Marshaler
// call per element makes large typed-in series several times faster.
type jfloats []jfloat

// MarshalJSON writes the series as one array.
func (fs jfloats) MarshalJSON() ([]byte, error) {
	if fs == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 2+len(fs)*20)
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = f.appendJSON(b)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads a series. Elements are numbers, null or the ±Inf
// strings, none of which contains a comma, so a split is exact and avoids
// one reflective call per element.
func (fs *jfloats) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*fs = nil
		return nil
	}
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return fmt.Errorf("series is not a list of numbers: %w", ErrBadJSON)
	}
	body := bytes.TrimSpace(b[1 : len(b)-1])
	out := jfloats{}
	if len(body) > 0 {
		out = make(jfloats, 0, bytes.Count(body, []byte{','})+1)
		for _, e := range bytes.Split(body, []byte{','}) {
			var f jfloat
			if err := f.UnmarshalJSON(bytes.TrimSpace(e)); err != nil {
				return err
			}
			out = append(out, f)
		}
	}
	*fs = out
	return nil
}

type wireTree struct {
	Format   string       `json:"format"`
	Version  int          `json:"version"`
	Name     string       `json:"name"`
	Root     string       `json:"root"`
	Calendar wireCalendar `json:"calendar"`
	Nodes    []wireNode   `json:"nodes"`
}

type wireCalendar struct {
	Freq            Freq       `json:"freq"`
	Start           string     `json:"start"` // "2023-04-01" for UTC midnight, else RFC 3339
	Periods         int        `json:"periods"`
	FiscalYearStart time.Month `json:"fiscal_year_start,omitempty"`
}

type wireTarget struct {
	Period     int    `json:"period,omitempty"`
	FiscalYear int    `json:"fiscal_year,omitempty"`
	Value      jfloat `json:"value"`
}

type wireRAG struct {
	Green          jfloat `json:"green"`
	Red            jfloat `json:"red"`
	HigherIsBetter bool   `json:"higher_is_better"`
}

type wireHealth struct {
	Ref    string `json:"ref"`
	Per    string `json:"per,omitempty"`
	Weight jfloat `json:"weight"`
	Min    jfloat `json:"min"`
	Max    jfloat `json:"max"`
}

type wireNode struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	Unit         string       `json:"unit,omitempty"`
	Kind         Kind         `json:"kind"`
	Formula      string       `json:"formula,omitempty"`
	Value        jfloat       `json:"value,omitempty"` // NaN: null; 0: omitted
	Values       jfloats      `json:"values,omitempty"`
	Health       []wireHealth `json:"health,omitempty"`
	Owner        string       `json:"owner,omitempty"`
	Controllable bool         `json:"controllable,omitempty"`
	Targets      []wireTarget `json:"targets,omitempty"`
	RAG          *wireRAG     `json:"rag,omitempty"`
	Description  string       `json:"description,omitempty"`
	Aggregation  string       `json:"aggregation,omitempty"`
	AggNote      string       `json:"aggregation_note,omitempty"`
	FYRate       string       `json:"fy_rate,omitempty"`
	Silenced     []string     `json:"silenced,omitempty"`
	Alerts       []wireAlert  `json:"alerts,omitempty"`
}

type wireAlert struct {
	Kind      AlertKind `json:"kind"`
	Threshold jfloat    `json:"threshold,omitempty"`
}

func toWireNode(n Node) wireNode {
	w := wireNode{
		ID: n.ID, Name: n.Name, Unit: n.Unit, Kind: n.Kind, Formula: n.Formula,
		Owner: n.Owner, Controllable: n.Controllable, Description: n.Description,
		Aggregation: n.Aggregation, AggNote: n.AggregationNote, FYRate: n.FYRate, Silenced: n.Silenced,
	}
	w.Value = jfloat(n.Value)
	w.Values = floatsAs[jfloat](n.Values)
	w.Health = mapNonEmpty(n.Health, func(h HealthComponent) wireHealth {
		return wireHealth{h.Ref, h.Per, jfloat(h.Weight), jfloat(h.Min), jfloat(h.Max)}
	})
	w.Targets = mapNonEmpty(n.Targets, func(t Target) wireTarget { return wireTarget{t.Period, t.FiscalYear, jfloat(t.Value)} })
	if n.RAG != nil {
		w.RAG = &wireRAG{jfloat(n.RAG.Green), jfloat(n.RAG.Red), n.RAG.HigherIsBetter}
	}
	w.Alerts = mapNonEmpty(n.Alerts, func(a AlertRule) wireAlert { return wireAlert{a.Kind, jfloat(a.Threshold)} })
	return w
}

// mapNonEmpty returns f of each element of xs, or nil when xs is empty
// (the wire and the domain node both leave an empty list out).
func mapNonEmpty[S, T any](xs []S, f func(S) T) []T {
	if len(xs) == 0 {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// floatsAs converts a series between float64 and jfloat; nil stays nil
// (no values) and empty stays empty.
func floatsAs[T, S ~float64](xs []S) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, v := range xs {
		out[i] = T(v)
	}
	return out
}

func fromWireNode(w wireNode) Node {
	n := Node{
		ID: w.ID, Name: w.Name, Unit: w.Unit, Kind: w.Kind, Formula: w.Formula,
		Owner: w.Owner, Controllable: w.Controllable, Description: w.Description,
		Aggregation: w.Aggregation, AggregationNote: w.AggNote, FYRate: w.FYRate, Silenced: w.Silenced,
	}
	n.Value = float64(w.Value)
	n.Values = floatsAs[float64](w.Values)
	n.Health = mapNonEmpty(w.Health, func(h wireHealth) HealthComponent {
		return HealthComponent{h.Ref, h.Per, float64(h.Weight), float64(h.Min), float64(h.Max)}
	})
	n.Targets = mapNonEmpty(w.Targets, func(t wireTarget) Target { return Target{t.Period, t.FiscalYear, float64(t.Value)} })
	if w.RAG != nil {
		n.RAG = &RAG{float64(w.RAG.Green), float64(w.RAG.Red), w.RAG.HigherIsBetter}
	}
	n.Alerts = mapNonEmpty(w.Alerts, func(a wireAlert) AlertRule { return AlertRule{a.Kind, float64(a.Threshold)} })
	return n
}

// MarshalTree encodes t in the versioned tree format
// {"format":"kpitree/tree","version":1,...}. Keys come in a fixed order
// and floats in their shortest exact form, so equal trees give equal bytes
// (good for diffs). Missing values (NaN) are written as null, ±Inf as
// "+Inf"/"-Inf". Empty lists are omitted and decode as nil.
func MarshalTree(t Tree) ([]byte, error) {
	w := wireTree{Format: TreeFormat, Version: TreeVersion, Name: t.Name, Root: t.Root,
		Calendar: wireCalendar{Freq: t.Calendar.Freq, Start: formatStart(t.Calendar.Start),
			Periods: t.Calendar.Periods, FiscalYearStart: t.Calendar.FiscalYearStart},
		Nodes: make([]wireNode, 0, len(t.Nodes))}
	for _, n := range t.Nodes {
		w.Nodes = append(w.Nodes, toWireNode(n))
	}
	b, err := encodeJSON(w, "  ")
	if err != nil {
		return nil, fmt.Errorf("encode tree: %w", err)
	}
	return b, nil
}

// encodeJSON marshals without HTML escaping, so formulas such as "a < b"
// stay readable in files and diffs; the output ends with a newline.
func encodeJSON(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func formatStart(t time.Time) string {
	if t.Location() == time.UTC && t.Equal(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)) {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339Nano)
}

func parseStart(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// UnmarshalTree decodes a tree written by MarshalTree. Errors wrap
// ErrBadJSON (with ErrInvalidID or ErrDuplicateID for bad ids), or
// ErrNewerFormat when the file needs a newer app. Unknown fields are
// ignored, so files with fields added in a later version 1 still open.
// Formula problems are not decode errors: Check reports them.
func UnmarshalTree(data []byte) (Tree, error) {
	var w wireTree
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&w); err != nil {
		return Tree{}, fmt.Errorf("decode tree: %w: %s", ErrBadJSON, jsonErrText(err))
	}
	if dec.More() {
		return Tree{}, fmt.Errorf("decode tree: %w: extra data after the tree", ErrBadJSON)
	}
	switch {
	case w.Format != TreeFormat:
		return Tree{}, fmt.Errorf("decode tree: %w: format is %s, not %s: open a KPI tree file", ErrBadJSON, Quote(w.Format), Quote(TreeFormat))
	case w.Version > TreeVersion:
		return Tree{}, fmt.Errorf("decode tree: version %d: %w: update the app to open it", w.Version, ErrNewerFormat)
	case w.Version < 1:
		return Tree{}, fmt.Errorf("decode tree: %w: version %d is not valid", ErrBadJSON, w.Version)
	}
	t := Tree{Name: w.Name, Root: w.Root, Calendar: Calendar{Freq: w.Calendar.Freq,
		Periods: w.Calendar.Periods, FiscalYearStart: w.Calendar.FiscalYearStart}}
	if w.Calendar.Start != "" {
		s, err := parseStart(w.Calendar.Start)
		if err != nil {
			return Tree{}, fmt.Errorf("decode tree: %w: calendar start %s is not a date like 2024-04-01", ErrBadJSON, Quote(w.Calendar.Start))
		}
		t.Calendar.Start = s
	}
	if w.Nodes != nil {
		t.Nodes = make([]Node, 0, len(w.Nodes))
	}
	seen := map[string]bool{}
	for _, wn := range w.Nodes {
		if !ValidID(wn.ID) {
			return Tree{}, fmt.Errorf("decode tree: node id %s: %w: %w", Quote(wn.ID), ErrBadJSON, ErrInvalidID)
		}
		if seen[wn.ID] {
			return Tree{}, fmt.Errorf("decode tree: node id %s: %w: %w", Quote(wn.ID), ErrBadJSON, ErrDuplicateID)
		}
		seen[wn.ID] = true
		t.Nodes = append(t.Nodes, fromWireNode(wn))
	}
	return t, nil
}

// jsonErrText shortens encoding/json errors for users; the sentinel carries
// the meaning, so the original error is not wrapped.
func jsonErrText(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("not valid JSON at byte %d", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %s has the wrong type", Quote(te.Field))
	}
	return err.Error()
}
