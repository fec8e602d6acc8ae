package workspace

import (
	"fmt"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// Settings are the workspace-wide preferences, stored with the workspace so
// that a shared file forecasts and simulates the same way everywhere.
type Settings struct {
	// Lang is the display language, "en" or "ja".
	Lang string `json:"lang"`
	// FiscalYearStart is the month fiscal years begin (April for ja).
	FiscalYearStart time.Month `json:"fiscal_year_start"`
	// Horizon is the number of periods to forecast beyond the history; 0
	// means "to the end of the next fiscal year".
	Horizon int `json:"horizon,omitempty"`
	// Model is the default forecast model string (forecast.ParseModel);
	// "" or "auto" lets the forecaster choose.
	Model string `json:"model,omitempty"`
	// LeafModels pins the model of single leaves, overriding Model for
	// them (see SetLeafModel and ModelFor); zero for none. Omitted from
	// the JSON when empty, so older versions read the settings unchanged.
	LeafModels LeafModels `json:"leaf_models,omitzero"`
	// Paths is the number of Monte Carlo sample paths per leaf.
	Paths int `json:"paths"`
	// Seed seeds forecasts and Monte Carlo so results are reproducible.
	Seed uint64 `json:"seed"`
}

// Limits on settings; they keep a typo from allocating gigabytes.
const (
	maxPaths   = 100000
	maxHorizon = 1000
	// maxPeriods bounds a calendar's history: 100,000 days is 270 years.
	maxPeriods = 100000
)

// DefaultSettings returns the settings a new workspace starts with: April
// fiscal years for Japanese, January otherwise, 1,000 Monte Carlo paths.
func DefaultSettings(lang string) Settings {
	s := Settings{Lang: "en", FiscalYearStart: time.January, Model: "auto", Paths: 1000, Seed: 1}
	if lang == "ja" {
		s.Lang = "ja"
		s.FiscalYearStart = time.April
	}
	return s
}

// defaultSettingsFor returns the settings a new workspace with tree t
// starts with: DefaultSettings(lang), except that a fiscal-year start the
// tree's calendar names wins. A template built for a Japanese company keeps
// its April year when an English-speaking user creates it, so "FY2026"
// means the same months in both languages.
func defaultSettingsFor(t kpitree.Tree, lang string) Settings {
	s := DefaultSettings(lang)
	if m := t.Calendar.FiscalYearStart; m >= time.January && m <= time.December {
		s.FiscalYearStart = m
	}
	return s
}

// Validate reports the first out-of-range setting.
func (s Settings) Validate() error {
	switch {
	case s.Lang != "en" && s.Lang != "ja":
		return fmt.Errorf("language %s: use en or ja: %w", kpitree.Quote(s.Lang), ErrBadSettings)
	case s.FiscalYearStart < time.January || s.FiscalYearStart > time.December:
		return fmt.Errorf("fiscal-year start %d: use a month 1–12: %w", int(s.FiscalYearStart), ErrBadSettings)
	case s.Horizon < 0 || s.Horizon > maxHorizon:
		return fmt.Errorf("horizon %d: use 0 (to the end of next fiscal year) to %d periods: %w", s.Horizon, maxHorizon, ErrBadSettings)
	case s.Paths < 1 || s.Paths > maxPaths:
		return fmt.Errorf("paths %d: use 1–%d: %w", s.Paths, maxPaths, ErrBadSettings)
	}
	return s.LeafModels.validate()
}
