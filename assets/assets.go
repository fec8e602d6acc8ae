// Package assets embeds the files the app and CLI ship with: the
// Japanese-capable font and its licence, translations, and the sample data
// the first-run workspace is built from.
package assets

import (
	"embed"
	_ "embed"
)

// FontIPAexGothic is the IPAexGothic TrueType font (IPA Font License v1.0,
// see fonts/IPA_Font_License.txt). The Fyne theme and gonum/plot both use
// these bytes so the UI and exported charts render Japanese identically.
//
//go:embed fonts/ipaexg.ttf
var FontIPAexGothic []byte

// FontLicense is the IPA Font License text that must ship with the font.
//
//go:embed fonts/IPA_Font_License.txt
var FontLicense string

// Translations holds the UI string tables, one JSON file per language
// (translations/en.json, translations/ja.json), in the format of Fyne's lang package.
//
//go:embed translations
var Translations embed.FS

// SampleData holds the synthetic sample files (data/*.csv) that the first-run
// sample workspace and the tests are built from.
//
//go:embed data
var SampleData embed.FS
