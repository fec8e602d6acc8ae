package forecast

import "errors"

// ErrBadSpec reports an invalid Spec or model string: fix the argument (the
// message names the field and the accepted values) and call again.
var ErrBadSpec = errors.New("invalid forecast spec")

// ErrTooShort reports a series with fewer than MinObservations non-missing
// values after leading and trailing gaps are removed: collect more history or
// enter the forecast by hand.
var ErrTooShort = errors.New("series too short to forecast")

// ErrNoModel reports that no requested model could be fitted (for example a
// pinned multiplicative model on data with zeros): pin another model or use
// "auto".
var ErrNoModel = errors.New("no model could be fitted")
