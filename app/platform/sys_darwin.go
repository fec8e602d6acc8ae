//go:build darwin

package platform

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"
)

// systemLocale is the environment's language when a terminal set one,
// else macOS's AppleLocale ("ja_JP"): an app started from the Finder gets
// no LANG. Reading it takes one short `defaults` call.
func systemLocale() string {
	if l := localeFromEnv(os.Getenv); l != "" {
		return l
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/usr/bin/defaults", "read", "-g", "AppleLocale").Output()
	if err != nil {
		return ""
	}
	return posixToTag(strings.TrimSpace(string(out)))
}

func knownFolder(string) string { return "" }
