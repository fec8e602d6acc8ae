//go:build !windows && !darwin

package platform

// systemLocale has nothing beyond the environment here; Locale reads it.
func systemLocale() string { return "" }

func knownFolder(string) string { return "" }
