// Package forecast fits univariate time-series models to KPI histories and
// produces point forecasts, prediction intervals, simulated sample paths and
// rolling-origin backtests.
//
// Models: naive, seasonal naive, drift, mean, the exponential-smoothing
// state-space family ETS(error, trend, season) with error A/M, trend N/A/Ad and
// season N/A/M (Hyndman, Koehler, Ord & Snyder 2008), the Theta method
// (Assimakopoulos & Nikolopoulos 2000, in the SES-with-drift form of Hyndman &
// Billah 2003) and a robust combination ("auto"/"combo"): the mean of the
// AICc-best ETS model and Theta. Seasonality is decided by the Theta
// method's autocorrelation test or a seasonal analysis of variance of the
// detrended series, which has power with only two years of data; when the
// series is seasonal but AICc picks a non-seasonal ETS model (usual below
// four years), the ETS member is fitted to the seasonally adjusted series
// instead. The combination's intervals are quantiles of the mixture of its
// members' predictive distributions, widened by 1.16 + 14.8/n, a factor
// calibrated on a tuning set; its sample paths follow the same
// distribution. On the held-out origin of our comparison set it is more
// accurate than both R's ets() and thetaf() (docs/bench/forecast.md).
//
// "ets" selects among the ETS family by AICc; the best seasonal candidate
// then has its initial seasonal states optimised as well, as R's ets()
// does. A model is chosen with a spec string parsed by [ParseModel]; "auto"
// picks for the caller and says why in [Result.Reason] (English) and
// [Result.ReasonParts] (stable [ReasonCode]s with arguments, for showing
// the explanation in another language).
//
// The package knows nothing of KPI trees: it sees a []float64 with NaN for
// missing periods and a seasonal period given as an int (12 months, 52 weeks,
// 7 days, 4 quarters; 1 or 0 for none).
//
// Error contract: functions never panic on user input. Invalid specs and
// series that cannot be forecast return errors that wrap one of the sentinel
// errors in errors.go (check them with errors.Is); a returned *Result never
// holds NaN or infinite values. Simpler fallbacks (short, constant or
// non-positive series) are not errors: they are reported in Result.Reason
// and Result.Notes (coded for translation in ReasonParts and NoteParts).
package forecast
