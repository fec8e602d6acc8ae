package forecast

import (
	"strconv"
	"strings"
)

// ReasonCode identifies one clause of the explanation of why a model was
// used, so that a user interface can show it in the user's language;
// Result.Reason is the same explanation in English. Codes are stable: they
// are stored with cached forecasts, so never rename one.
type ReasonCode string

// The reason codes. The Args each one carries are listed beside it; the
// values are plain strings (numbers formatted in decimal, model names as
// in Result.Model).
const (
	// ReasonPinned: the requested model was fitted as asked. No args.
	ReasonPinned ReasonCode = "pinned"
	// ReasonConstant: the series is constant, so the naive forecast is
	// used whatever was asked. No args.
	ReasonConstant ReasonCode = "constant"
	// ReasonSNaiveShort: seasonal naive needs more than one season.
	// Args: N (values), Season.
	ReasonSNaiveShort ReasonCode = "snaive_short"
	// ReasonThetaShort: Theta needs more values. Args: Min, N.
	ReasonThetaShort ReasonCode = "theta_short"
	// ReasonETSUnfittable: the pinned ETS model cannot be fitted. Args:
	// Model (the requested model string), N.
	ReasonETSUnfittable ReasonCode = "ets_unfittable"
	// ReasonLowestAICc: ETS selection picked the lowest AICc. No args.
	ReasonLowestAICc ReasonCode = "lowest_aicc"
	// ReasonFewSeasons: under two full seasons, so seasonal models were
	// not considered. Args: N, Season.
	ReasonFewSeasons ReasonCode = "few_seasons"
	// ReasonTrendsDropped: trend models whose forecasts of a positive
	// series reach zero were left out. Args: Count.
	ReasonTrendsDropped ReasonCode = "trends_dropped"
	// ReasonSeasonallyAdjusted: the series is seasonal by test but AICc
	// chose no season, so ETS ran on seasonally adjusted data. No args.
	ReasonSeasonallyAdjusted ReasonCode = "seasonally_adjusted"
	// ReasonThetaCrossesZero: Theta was left out of the combination
	// because its trend crosses zero. No args.
	ReasonThetaCrossesZero ReasonCode = "theta_crosses_zero"
	// ReasonTooFew: too few values for ETS or Theta; naive. Args: N.
	ReasonTooFew ReasonCode = "too_few"
	// ReasonOnlyOne: only one member of the combination could be
	// fitted. Args: Model.
	ReasonOnlyOne ReasonCode = "only_one"
	// ReasonMeanCombo: the mean of the AICc-best ETS and Theta (the
	// robust combination). No args.
	ReasonMeanCombo ReasonCode = "mean_combo"
	// ReasonMedianCombo: the median of ETS, Theta and damped ETS. No args.
	ReasonMedianCombo ReasonCode = "median_combo"
	// ReasonNonFinite: the chosen model produced non-finite values, so
	// naive is used. Args: Model (the model that failed).
	ReasonNonFinite ReasonCode = "non_finite"
)

// ReasonCodes returns every reason code, so translations can be checked
// for completeness.
func ReasonCodes() []ReasonCode {
	return []ReasonCode{ReasonPinned, ReasonConstant, ReasonSNaiveShort, ReasonThetaShort,
		ReasonETSUnfittable, ReasonLowestAICc, ReasonFewSeasons, ReasonTrendsDropped,
		ReasonSeasonallyAdjusted, ReasonThetaCrossesZero, ReasonTooFew, ReasonOnlyOne,
		ReasonMeanCombo, ReasonMedianCombo, ReasonNonFinite}
}

// ReasonPart is one clause of a model-choice explanation: a code and its
// arguments by name (see the codes for which names each one uses).
type ReasonPart struct {
	Code ReasonCode `json:"code"`
	// Args holds the clause's values by name; or nil when it has none.
	Args map[string]string `json:"args,omitempty"`
}

// reason builds a part from a code and name/value pairs.
func reason(code ReasonCode, kv ...string) ReasonPart {
	p := ReasonPart{Code: code}
	if len(kv) > 1 {
		p.Args = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			p.Args[kv[i]] = kv[i+1]
		}
	}
	return p
}

// itoa keeps the reason constructors short.
func itoa(n int) string { return strconv.Itoa(n) }

// English returns the clause in English, as Result.Reason writes it. An
// unknown code (from a newer version) is returned as is, so the text is
// never empty.
func (p ReasonPart) English() string {
	a := func(k string) string { return p.Args[k] }
	switch p.Code {
	case ReasonPinned:
		return "pinned"
	case ReasonConstant:
		return "constant series: naive forecast"
	case ReasonSNaiveShort:
		return "snaive needs more than one season (" + a("N") + " values, season " + a("Season") + "): naive instead"
	case ReasonThetaShort:
		return "Theta needs at least " + a("Min") + " values, have " + a("N") + ": naive instead"
	case ReasonETSUnfittable:
		return a("Model") + " cannot be fitted to " + a("N") + " values: naive instead"
	case ReasonLowestAICc:
		return "lowest AICc among the ETS models considered"
	case ReasonFewSeasons:
		return "fewer than two full seasons (" + a("N") + " values, season " + a("Season") + "): seasonal models not considered"
	case ReasonTrendsDropped:
		return a("Count") + " trend models left out: their forecasts of this positive series reach zero"
	case ReasonSeasonallyAdjusted:
		return "seasonal by test but AICc chose no season: ETS on seasonally adjusted data"
	case ReasonThetaCrossesZero:
		return "Theta left out: its trend crosses zero"
	case ReasonTooFew:
		return "only " + a("N") + " values: too few for ETS or Theta, naive forecast"
	case ReasonOnlyOne:
		return "only " + a("Model") + " could be fitted"
	case ReasonMeanCombo:
		return "mean of the AICc-best ETS and Theta (robust combination)"
	case ReasonMedianCombo:
		return "median of the AICc-best ETS, Theta and damped ETS (robust combination)"
	case ReasonNonFinite:
		return "the chosen model (" + a("Model") + ") produced non-finite values; using naive"
	}
	return string(p.Code)
}

// ReasonText joins the clauses' English texts with "; ", the form of
// Result.Reason.
func ReasonText(parts []ReasonPart) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = p.English()
	}
	return strings.Join(s, "; ")
}
