package forecast

import (
	"fmt"
	"math"
	"strings"
)

// MinObservations is the fewest non-missing values a series needs to be
// forecast at all; anything shorter fails with ErrTooShort.
const MinObservations = 3

// maxHorizon caps Spec.Horizon so a typo cannot allocate gigabytes.
const maxHorizon = 10000

// maxPaths caps Spec.Paths for the same reason.
const maxPaths = 100000

// Spec says what to forecast and how.
type Spec struct {
	// Model is a model string accepted by ParseModel; "" means "auto".
	Model string
	// Season is the seasonal period in observations (12 for months, 52
	// weeks, 7 days, 4 quarters); 0 or 1 means no seasonality.
	Season int
	// Horizon is the number of future periods to forecast; at least 1.
	Horizon int
	// Levels are the prediction-interval coverages in percent, each in
	// (0, 100); nil means {80, 95}.
	Levels []float64
	// Paths is the number of simulated future sample paths to return in
	// Result.Paths; 0 returns none.
	Paths int
	// Seed seeds the PCG generator used for sample paths and simulated
	// intervals, so equal inputs give equal outputs.
	Seed uint64
}

// Kind is a family of forecasting models.
type Kind int

// The model kinds a Model can name.
const (
	KindAuto   Kind = iota // let Forecast choose (see Forecast)
	KindETS                // exponential smoothing state-space model
	KindTheta              // Theta method: SES with drift, seasonally adjusted
	KindNaive              // last value carried forward
	KindSNaive             // value one season earlier
	KindDrift              // line through the first and last value
	KindMean               // historical mean
	KindCombo              // mean of the AICc-best (or seasonally adjusted) ETS and the Theta forecasts
)

var kindNames = [...]string{"auto", "ets", "theta", "naive", "snaive", "drift", "mean", "combo"}

// String returns the kind's model-string keyword.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Model is a parsed model string.
type Model struct {
	Kind Kind
	// Error, Trend and Season pin the ETS components when Kind is KindETS;
	// 'Z' leaves a component to automatic selection. Error is 'A' or 'M',
	// Trend 'N', 'A' or 'D' (additive damped, written "Ad"), Season 'N',
	// 'A' or 'M'. They are zero for other kinds.
	Error, Trend, Season byte
}

// String returns the canonical model string, which ParseModel accepts.
func (m Model) String() string {
	if m.Kind != KindETS || (m.Error == 'Z' && m.Trend == 'Z' && m.Season == 'Z') {
		return m.Kind.String()
	}
	return "ets(" + etsName(m.Error, m.Trend, m.Season) + ")"
}

func etsName(e, t, s byte) string {
	ts := string(t)
	if t == 'D' {
		ts = "Ad"
	}
	return string(e) + "," + ts + "," + string(s)
}

// ParseModel parses a model string. Keywords are case-insensitive and
// spaces are ignored.
//
//	model = "auto" | "ets" | "theta" | "naive" | "snaive" | "drift" | "mean" | "combo"
//	      | "ets(" error "," trend "," season ")" .
//	error = "A" | "M" | "Z" .  trend = "N" | "A" | "Ad" | "Z" .  season = "N" | "A" | "M" | "Z" .
//
// "" parses as "auto"; Z means "choose this component automatically".
func ParseModel(s string) (Model, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), ""))
	if t == "" {
		return Model{Kind: KindAuto}, nil
	}
	for k, name := range kindNames {
		if t == name {
			m := Model{Kind: Kind(k)}
			if m.Kind == KindETS {
				m.Error, m.Trend, m.Season = 'Z', 'Z', 'Z'
			}
			return m, nil
		}
	}
	inner, ok := strings.CutPrefix(t, "ets(")
	if !ok {
		return Model{}, fmt.Errorf("model %q: want one of auto, ets, ets(E,T,S), theta, naive, snaive, drift, mean, combo: %w", s, ErrBadSpec)
	}
	inner, ok = strings.CutSuffix(inner, ")")
	parts := strings.Split(inner, ",")
	if !ok || len(parts) != 3 {
		return Model{}, fmt.Errorf("model %q: write ETS as ets(E,T,S), for example ets(A,Ad,N): %w", s, ErrBadSpec)
	}
	m := Model{Kind: KindETS}
	var bad string
	switch parts[0] {
	case "a", "m", "z":
		m.Error = parts[0][0] - 'a' + 'A'
	default:
		bad = "error must be A, M or Z"
	}
	switch parts[1] {
	case "n", "a", "z":
		m.Trend = parts[1][0] - 'a' + 'A'
	case "ad":
		m.Trend = 'D'
	default:
		bad = "trend must be N, A, Ad or Z"
	}
	switch parts[2] {
	case "n", "a", "m", "z":
		m.Season = parts[2][0] - 'a' + 'A'
	default:
		bad = "season must be N, A, M or Z"
	}
	if bad != "" {
		return Model{}, fmt.Errorf("model %q: %s: %w", s, bad, ErrBadSpec)
	}
	return m, nil
}

// validate checks a Spec and returns its parsed model and levels.
func (sp Spec) validate() (Model, []float64, error) {
	m, err := ParseModel(sp.Model)
	if err != nil {
		return Model{}, nil, err
	}
	if sp.Horizon < 1 || sp.Horizon > maxHorizon {
		return Model{}, nil, fmt.Errorf("horizon %d: must be between 1 and %d: %w", sp.Horizon, maxHorizon, ErrBadSpec)
	}
	if sp.Season < 0 || sp.Season > 366 {
		return Model{}, nil, fmt.Errorf("season %d: must be 0 (none) to 366 (12 months, 52 weeks, 7 days, 4 quarters): %w", sp.Season, ErrBadSpec)
	}
	if sp.Paths < 0 || sp.Paths > maxPaths {
		return Model{}, nil, fmt.Errorf("paths %d: must be between 0 and %d: %w", sp.Paths, maxPaths, ErrBadSpec)
	}
	levels := sp.Levels
	if levels == nil {
		levels = []float64{80, 95}
	}
	for _, l := range levels {
		if !(l > 0 && l < 100) || math.IsNaN(l) {
			return Model{}, nil, fmt.Errorf("level %v: must be a percentage strictly between 0 and 100: %w", l, ErrBadSpec)
		}
	}
	return m, levels, nil
}

// Validate reports whether the spec is usable, with an error wrapping
// ErrBadSpec that names the bad field; Forecast runs the same check.
func (sp Spec) Validate() error {
	_, _, err := sp.validate()
	return err
}
