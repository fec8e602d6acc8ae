package workspace

import (
	"math"
	"reflect"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// TestNodeEqualKnowsEveryField guards nodeEqual: when kpitree.Node gains a
// field, nodeEqual must compare it or edits to that field would be lost.
func TestNodeEqualKnowsEveryField(t *testing.T) {
	const known = 18
	if n := reflect.TypeFor[kpitree.Node]().NumField(); n != known {
		t.Fatalf("kpitree.Node has %d fields, nodeEqual knows %d: update nodeEqual and this count", n, known)
	}
	base := kpitree.Node{ID: "a", RAG: &kpitree.RAG{Green: 1}, Values: []float64{math.NaN()}}
	if !nodeEqual(base, base.Clone()) {
		t.Error("a node differs from its clone (NaN values must compare equal)")
	}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		mod := base.Clone()
		f := reflect.ValueOf(&mod).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Float64:
			f.SetFloat(f.Float() + 1)
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			f.Set(reflect.Append(f, reflect.Zero(f.Type().Elem())))
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		}
		if nodeEqual(base, mod) {
			t.Errorf("nodeEqual misses a change of field %s", v.Type().Field(i).Name)
		}
	}
}
