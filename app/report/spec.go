package report

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/kpitree/kpitree/app/chart"
)

// SpecJSON writes a figure's spec as canonical, indented JSON: every
// exported field by name, missing values (NaN) as "NaN" and infinities as
// "+Inf"/"-Inf" (JSON has no such numbers), times in RFC 3339. Two
// figures with the same numbers, labels, units and periods give the same
// bytes: `kpitreectl export --format json` writes it, and tests compare
// the app's figures with the CLI's through it.
func SpecJSON(fig chart.Figure) ([]byte, error) {
	if fig == nil {
		return nil, fmt.Errorf("figure spec: %w", chart.ErrNoData)
	}
	out := map[string]any{"kind": fig.Kind(), "spec": canonical(reflect.ValueOf(fig))}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return nil, fmt.Errorf("figure spec: %w", err)
	}
	return append(b, '\n'), nil
}

var timeType = reflect.TypeFor[time.Time]()

func canonical(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return canonical(v.Elem())
	case reflect.Struct:
		if v.Type() == timeType {
			return v.Interface().(time.Time).UTC().Format(time.RFC3339)
		}
		m := map[string]any{}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				m[f.Name] = canonical(v.Field(i))
			}
		}
		return m
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = canonical(v.Index(i))
		}
		return out
	case reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[fmt.Sprint(k.Interface())] = canonical(v.MapIndex(k))
		}
		return m
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		switch {
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 1):
			return "+Inf"
		case math.IsInf(f, -1):
			return "-Inf"
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	}
	return fmt.Sprint(v.Interface())
}
