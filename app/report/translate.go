package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"text/template"

	"github.com/kpitree/kpitree/assets"
)

// Lang is a language the app ships translations for.
type Lang string

// The languages of assets/translations.
const (
	English  Lang = "en"
	Japanese Lang = "ja"
)

// ParseLang reads a workspace setting or a --lang flag; "" is English.
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case "", English:
		return English, nil
	case Japanese:
		return Japanese, nil
	}
	return English, fmt.Errorf("language %q: use en or ja: %w", s, ErrBadLang)
}

// Translator looks up the strings of one language. Its zero value is not
// usable; get one from For.
type Translator struct {
	lang    Lang
	strings map[string]string
	// fallback holds the English strings, for a key one language lacks.
	fallback map[string]string
	// templates are the strings with {{fields}}, parsed once at load (a
	// parsed template executes safely from many goroutines).
	templates map[string]*template.Template
}

// translators holds one translator per language, loaded once: they are
// read-only after loading, so sharing them is safe, and For is called for
// every box and figure (a pointer to a shared translator costs nothing).
var translators = sync.OnceValue(func() map[Lang]*Translator {
	cats := map[Lang]map[string]string{}
	for _, l := range []Lang{English, Japanese} {
		m, err := loadLang(l)
		if err != nil {
			// The translations are embedded: a failure is a build defect
			// that every test shows. Keys stand in rather than a panic.
			m = map[string]string{}
		}
		cats[l] = m
	}
	out := map[Lang]*Translator{}
	for l, m := range cats {
		tr := &Translator{lang: l, strings: m, fallback: cats[English], templates: map[string]*template.Template{}}
		for _, table := range []map[string]string{cats[English], m} { // the language's own text wins
			for k, v := range table {
				if !strings.Contains(v, "{{") {
					continue
				}
				if tpl, err := template.New(k).Option("missingkey=zero").Parse(v); err == nil {
					tr.templates[k] = tpl
				}
			}
		}
		out[l] = tr
	}
	return out
})

// loadLang reads "l.json" and every "prefix.l.json" of the embedded
// translations, the files Fyne's lang package loads for l.
func loadLang(l Lang) (map[string]string, error) {
	const dir = "translations"
	entries, err := fs.ReadDir(assets.Translations, dir)
	if err != nil {
		return nil, fmt.Errorf("list translations: %w", err)
	}
	m := map[string]string{}
	for _, e := range entries {
		n := e.Name()
		if n != string(l)+".json" && !strings.HasSuffix(n, "."+string(l)+".json") {
			continue
		}
		data, err := fs.ReadFile(assets.Translations, dir+"/"+n)
		if err != nil {
			return nil, fmt.Errorf("read translations %s: %w", n, err)
		}
		var kv map[string]string
		if err := json.Unmarshal(data, &kv); err != nil {
			return nil, fmt.Errorf("read translations %s: %w", n, err)
		}
		for k, v := range kv {
			m[k] = v
		}
	}
	return m, nil
}

// For returns the translator of language l (English for anything else
// but Japanese).
func For(l Lang) *Translator {
	if l != Japanese {
		l = English
	}
	return translators()[l]
}

// Lang is the translator's language.
func (t *Translator) Lang() Lang { return t.lang }

// Japanese reports whether numbers are written in 万/億 and text in
// Japanese.
func (t *Translator) Japanese() bool { return t.lang == Japanese }

// Has reports whether key has a translation (in the language or English).
func (t *Translator) Has(key string) bool {
	_, ok := t.strings[key]
	if !ok {
		_, ok = t.fallback[key]
	}
	return ok
}

// L translates key as lang.L does: the text of the key, with {{.Name}}
// fields filled from the first data map; the key itself when unknown.
func (t *Translator) L(key string, data ...map[string]any) string {
	s, ok := t.strings[key]
	if !ok {
		if s, ok = t.fallback[key]; !ok {
			return key
		}
	}
	tpl := t.templates[key]
	if len(data) == 0 || tpl == nil {
		return s
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, data[0]); err != nil {
		return s
	}
	return b.String()
}
