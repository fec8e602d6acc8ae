// Package platform answers the few questions whose answers differ per
// operating system, without Fyne: where the user's app data and documents
// live (XDG on Linux, %APPDATA% on Windows, Application Support on macOS),
// which language the user's system is set to (the Windows user locale, the
// POSIX locale variables, the macOS AppleLocale), and how a path handed
// over by the OS (a dropped file, a dialog's URI) is spelt natively; and it
// puts chart images on the system clipboard, which Fyne's text-only
// clipboard cannot.
//
// The OS-specific parts are small: every rule is a pure function of the
// OS name, the environment and the home folder, so the tests check the
// Windows and macOS rules on Linux too.
package platform
