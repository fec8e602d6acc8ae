package platform

import (
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// NativePath spells a path the OS handed over (a dropped file, a file
// dialog's URI path) the way the OS's own file APIs and path comparisons
// spell it. On Windows, Fyne hands over "Z:/data/売上.csv" or, from a
// file URI, "/Z:/data/売上.csv"; NativePath makes both "Z:\data\売上.csv"
// (drive letter upper-cased), so "is this file already open" compares equal
// and the extension and folder are read correctly. Elsewhere it cleans the
// path. An empty path stays empty.
func NativePath(p string) string { return nativePath(runtime.GOOS, p) }

func nativePath(goos, p string) string {
	if p == "" {
		return ""
	}
	if goos != "windows" {
		return filepath.Clean(p)
	}
	s := strings.ReplaceAll(p, `\`, "/")
	// "/Z:/…" from a file URI: the slash before the drive is the URI's.
	if len(s) >= 3 && s[0] == '/' && isDriveLetter(s[1]) && s[2] == ':' {
		s = s[1:]
	}
	switch {
	case len(s) >= 2 && isDriveLetter(s[0]) && s[1] == ':':
		vol, rest := strings.ToUpper(s[:1])+":", s[2:]
		if rest == "" {
			return vol + `\`
		}
		// "Z:foo" (relative to Z:'s current folder) stays relative.
		return vol + strings.ReplaceAll(path.Clean(rest), "/", `\`)
	case strings.HasPrefix(s, "//"): // UNC: \\server\share\…
		return `\\` + strings.ReplaceAll(strings.TrimPrefix(path.Clean("/"+strings.TrimLeft(s, "/")), "/"), "/", `\`)
	}
	return strings.ReplaceAll(path.Clean(s), "/", `\`)
}

func isDriveLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
