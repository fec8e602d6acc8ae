package kpitree

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AlertKind names what an alert rule watches.
type AlertKind string

// The alert kinds. Rules are kept on the node they watch (Node.Alerts), so
// they are edited, undone and exported with the tree.
const (
	// AlertBand80 fires when the latest actual falls outside the 80 %
	// band of the forecast made one period earlier (a hold-out forecast).
	AlertBand80 AlertKind = "band80"
	// AlertBand95 is AlertBand80 with the 95 % band: rarer, stronger.
	AlertBand95 AlertKind = "band95"
	// AlertRAG fires when the node's red/amber/green status against its
	// target is worse in the latest period than in the one before.
	AlertRAG AlertKind = "rag"
	// AlertGap fires when the latest actual misses its target by more than
	// Threshold (a fraction of the target) in the bad direction: below it,
	// or above it when the node's RAG says lower is better.
	AlertGap AlertKind = "gap"
	// AlertRecon fires when the computed value differs from the reported
	// actual by more than Threshold (a fraction of the reported value) in
	// the latest period with both.
	AlertRecon AlertKind = "recon"
)

// AlertKinds lists the kinds in the order the CLI's help shows them.
func AlertKinds() []AlertKind {
	return []AlertKind{AlertBand95, AlertBand80, AlertRAG, AlertGap, AlertRecon}
}

// AlertRule is one alert on a node.
type AlertRule struct {
	Kind AlertKind `json:"kind"`
	// Threshold is the relative limit of AlertGap and AlertRecon (0.1
	// means 10 %); 0 for the other kinds.
	Threshold float64 `json:"threshold,omitempty"`
}

// maxAlertRules caps the rules on one node: the kinds are few, so more
// rules than this can only come from a damaged or hostile file.
const maxAlertRules = 16

// HasThreshold reports whether rules of kind k take a threshold.
func (k AlertKind) HasThreshold() bool { return k == AlertGap || k == AlertRecon }

// Validate reports whether r is a rule the app can evaluate: a known kind,
// a threshold in (0, 10] (0 %–1000 %) for gap and recon, none otherwise.
func (r AlertRule) Validate() error {
	switch r.Kind {
	case AlertBand80, AlertBand95, AlertRAG:
		if r.Threshold != 0 {
			return fmt.Errorf("alert %s takes no threshold: %w", r.Kind, ErrBadAlertRule)
		}
		return nil
	case AlertGap, AlertRecon:
		if !(r.Threshold > 0 && r.Threshold <= 10) {
			return fmt.Errorf("alert %s: threshold %v: use a percentage above 0 %% and at most 1000 %%, e.g. %s:10%%: %w", r.Kind, r.Threshold, r.Kind, ErrBadAlertRule)
		}
		return nil
	}
	return fmt.Errorf("alert kind %s: use band95, band80, rag, gap:X%% or recon:Y%%: %w", Quote(string(r.Kind)), ErrBadAlertRule)
}

// String writes the rule as ParseAlertRule reads it: "band95", "gap:10%".
func (r AlertRule) String() string {
	if !r.Kind.HasThreshold() {
		return string(r.Kind)
	}
	return string(r.Kind) + ":" + strconv.FormatFloat(r.Threshold*100, 'f', -1, 64) + "%"
}

// ParseAlertRule reads a rule as the CLI takes it:
//
//	rule = "band95" | "band80" | "rag" | ("gap" | "recon") ":" number ["%"]
//
// The number is a percentage (10 and 10% both mean 0.10); spaces and case
// are ignored.
func ParseAlertRule(s string) (AlertRule, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	kind, num, hasNum := strings.Cut(t, ":")
	r := AlertRule{Kind: AlertKind(kind)}
	if hasNum {
		if !r.Kind.HasThreshold() {
			return AlertRule{}, fmt.Errorf("alert %s: only gap and recon take a threshold: %w", Quote(s), ErrBadAlertRule)
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(num, "%"), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return AlertRule{}, fmt.Errorf("alert %s: %s is not a percentage, write e.g. %s:10%%: %w", Quote(s), Quote(num), kind, ErrBadAlertRule)
		}
		r.Threshold = v / 100
	} else if r.Kind.HasThreshold() {
		return AlertRule{}, fmt.Errorf("alert %s needs a threshold, e.g. %s:10%%: %w", Quote(s), kind, ErrBadAlertRule)
	}
	if err := r.Validate(); err != nil {
		return AlertRule{}, err
	}
	return r, nil
}

// CheckAlerts refuses a list of rules the app cannot evaluate: an invalid
// rule, the same kind twice, or more than a handful.
func CheckAlerts(rules []AlertRule) error {
	if len(rules) > maxAlertRules {
		return fmt.Errorf("%d alert rules on one node: keep at most %d: %w", len(rules), maxAlertRules, ErrBadAlertRule)
	}
	seen := map[AlertKind]bool{}
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return err
		}
		if seen[r.Kind] {
			return fmt.Errorf("alert %s is set twice on one node: remove one: %w", r.Kind, ErrBadAlertRule)
		}
		seen[r.Kind] = true
	}
	return nil
}
