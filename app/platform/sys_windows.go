//go:build windows

package platform

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// systemLocale is the user's preferred display language (what Windows
// shows its own menus in), else the user locale (formats).
func systemLocale() string {
	if langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME); err == nil {
		for _, l := range langs {
			if l != "" {
				return l
			}
		}
	}
	return userDefaultLocaleName()
}

// userDefaultLocaleName calls GetUserDefaultLocaleName, which x/sys does
// not wrap.
func userDefaultLocaleName() string {
	proc := windows.NewLazySystemDLL("kernel32.dll").NewProc("GetUserDefaultLocaleName")
	if proc.Find() != nil {
		return ""
	}
	const localeNameMaxLength = 85
	buf := make([]uint16, localeNameMaxLength)
	n, _, _ := proc.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if n == 0 {
		return ""
	}
	return windows.UTF16ToString(buf)
}

// knownFolder returns the user's Documents or roaming AppData folder as
// the shell knows it (it may be redirected, e.g. to OneDrive).
func knownFolder(name string) string {
	id := windows.FOLDERID_Documents
	if name == "appdata" {
		id = windows.FOLDERID_RoamingAppData
	}
	p, err := windows.KnownFolderPath(id, windows.KF_FLAG_DEFAULT)
	if err != nil {
		return ""
	}
	return p
}
