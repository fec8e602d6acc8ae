package platform

import (
	"os"
	"strings"
)

// Locale returns the user's language as a BCP 47 tag ("ja-JP", "en-US"), or
// "" when the system does not say. On Windows it is the user's display
// language (then the user locale), which Windows keeps outside the
// environment; on Linux and the BSDs the first of LANGUAGE, LC_ALL,
// LC_MESSAGES and LANG that names a language; on macOS the same variables
// (a terminal sets them) and otherwise the AppleLocale setting (an app
// started from the Finder has no LANG).
func Locale() string {
	if l := systemLocale(); l != "" {
		return l
	}
	return localeFromEnv(os.Getenv)
}

// IsJapanese reports whether tag names Japanese ("ja", "ja-JP", "ja_JP.UTF-8").
func IsJapanese(tag string) bool {
	t := strings.ToLower(tag)
	return t == "ja" || strings.HasPrefix(t, "ja-") || strings.HasPrefix(t, "ja_") || strings.HasPrefix(t, "ja.")
}

// localeFromEnv reads the POSIX locale variables in their order of
// precedence. LANGUAGE is a GNU list ("ja:en"); C and POSIX name no
// language and are skipped.
func localeFromEnv(getenv func(string) string) string {
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		val := getenv(v)
		if v == "LANGUAGE" {
			val, _, _ = strings.Cut(val, ":")
		}
		if tag := posixToTag(val); tag != "" {
			return tag
		}
	}
	return ""
}

// posixToTag turns "ja_JP.UTF-8@variant" into "ja-JP"; "" for C, POSIX or
// nothing.
func posixToTag(s string) string {
	s, _, _ = strings.Cut(s, ".")
	s, _, _ = strings.Cut(s, "@")
	if s == "" || s == "C" || s == "POSIX" {
		return ""
	}
	return strings.ReplaceAll(s, "_", "-")
}
