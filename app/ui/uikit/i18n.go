package uikit

import (
	"fmt"
	"io/fs"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/assets"
)

// Language is the user's UI language setting.
type Language string

// The language settings offered in View ▸ Language.
const (
	// LangSystem follows the operating system's language (English when the
	// system language has no translation).
	LangSystem Language = "system"
	// LangEnglish forces English.
	LangEnglish Language = "en"
	// LangJapanese forces Japanese.
	LangJapanese Language = "ja"
)

// Languages lists the settings in menu order.
func Languages() []Language { return []Language{LangSystem, LangEnglish, LangJapanese} }

// ParseLanguage turns a flag or stored preference into a Language; the empty
// string means LangSystem.
func ParseLanguage(s string) (Language, error) {
	switch Language(s) {
	case "", LangSystem:
		return LangSystem, nil
	case LangEnglish, LangJapanese:
		return Language(s), nil
	}
	return LangSystem, fmt.Errorf("parse language %q: %w (use en, ja or system)", s, ErrUnknownLanguage)
}

// translationsDir is the directory of assets.Translations holding en.json and ja.json.
const translationsDir = "translations"

// SetupLanguage loads the UI translations. With LangSystem Fyne picks the
// closest translation to the OS locale. Fyne's lang package has no setter
// for the active language (it always localises for the OS locale), so a
// forced language sets LANGUAGE (honoured on Linux and the BSDs) and, where
// the OS locale still differs (macOS, Windows, a C locale), is also loaded
// under the OS locale's own tag, so that tag resolves to the forced strings.
// Call it once, before building any window; changing the language later
// applies at next start.
func SetupLanguage(l Language) error {
	if l == LangSystem {
		if err := lang.AddTranslationsFS(assets.Translations, translationsDir); err != nil {
			return fmt.Errorf("load translations: %w", err)
		}
		return nil
	}
	// On Linux and the BSDs Fyne reads the locale from the environment, and
	// LANGUAGE takes precedence there, so setting it makes Fyne's own strings
	// (dialog buttons) follow the forced language too. It is set once, at
	// start-up, before any window exists.
	if err := os.Setenv("LANGUAGE", string(l)); err != nil {
		return fmt.Errorf("set language %s: %w", l, err)
	}
	files, err := translationFiles(l)
	if err != nil {
		return err
	}
	sys := lang.SystemLocale()
	for _, name := range files {
		data, err := fs.ReadFile(assets.Translations, translationsDir+"/"+name)
		if err != nil {
			return fmt.Errorf("load %s translations: %w", name, err)
		}
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(l)); err != nil {
			return fmt.Errorf("load %s translations: %w", name, err)
		}
		if sys != fyne.Locale(l) {
			if err := lang.AddTranslationsForLocale(data, sys); err != nil {
				return fmt.Errorf("load %s translations for locale %s: %w", name, sys, err)
			}
		}
	}
	return nil
}

// Resolve returns the language the UI actually shows: l itself when forced,
// else Japanese when the OS locale is Japanese and English otherwise. New
// workspaces use it to pick template names.
func Resolve(l Language) Language {
	if l != LangSystem {
		return l
	}
	if strings.HasPrefix(lang.SystemLocale().LanguageString(), "ja") {
		return LangJapanese
	}
	return LangEnglish
}

// translationFiles lists the files of language l: "l.json" and any
// "prefix.l.json", the pattern Fyne's lang package loads, so each part of
// the UI can keep its strings in its own file.
func translationFiles(l Language) ([]string, error) {
	entries, err := fs.ReadDir(assets.Translations, translationsDir)
	if err != nil {
		return nil, fmt.Errorf("list translations: %w", err)
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if n == string(l)+".json" || strings.HasSuffix(n, "."+string(l)+".json") {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("load %s translations: no %s.json in assets/translations", l, l)
	}
	return out, nil
}
