package workspace

import (
	"strings"
	"testing"
)

// TestDecodeDatasetFastAgreesOnDeepNesting proves the fast dataset decoder
// bounds its recursion like encoding/json: a damaged file whose options
// nest deeper than encoding/json allows must be left to encoding/json
// (which refuses it) instead of being accepted — and, nested deep enough,
// crashing the app with a stack overflow that no recover can catch.
func TestDecodeDatasetFastAgreesOnDeepNesting(t *testing.T) {
	tests := []struct {
		name   string
		depth  int
		wantOK bool
	}{
		{name: "should accept options nested 100 deep", depth: 100, wantOK: true},
		{name: "should accept options at encoding/json's limit", depth: 9999, wantOK: true},
		{name: "should leave options nested past encoding/json's limit to it", depth: 10000, wantOK: false},
		{name: "should leave absurdly deep options to encoding/json", depth: 200000, wantOK: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"id":"d","options":` + strings.Repeat("[", tc.depth) + strings.Repeat("]", tc.depth) + `}`
			_, ok := decodeDatasetFast([]byte(doc))
			_, err := decodeDatasetJSON([]byte(doc))
			if ok != tc.wantOK {
				t.Errorf("fast path ok = %v, want %v (encoding/json: %v)", ok, tc.wantOK, err)
			}
			if ok && err != nil {
				t.Errorf("fast path accepted what encoding/json refuses: %v", err)
			}
		})
	}
}
