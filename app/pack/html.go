package pack

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/assets"
)

// htmlFigureSize is a figure's drawing size in inches: wide enough for a
// laptop screen, scaled down by the page's CSS on smaller ones.
var htmlFigureSize = chart.Size{Width: 11, Height: 5.5}

// WriteHTML writes doc as one self-contained HTML file: the styles, the
// font (IPAexGothic, cut to the characters the pack uses) and every figure
// (as SVG, text drawn as outlines) are inside it, and its content security
// policy forbids fetching anything, so it opens the same offline, from a
// mail attachment or a shared drive, with or without Japanese fonts on the
// reader's machine.
func WriteHTML(w io.Writer, doc *Document) error {
	type figure struct {
		SVG template.HTML
		Alt string
	}
	type section struct {
		Section
		Fig *figure
	}
	data := struct {
		Doc      *Document
		Sections []section
		FontCSS  template.CSS
	}{Doc: doc}
	for _, s := range doc.Sections {
		sec := section{Section: s}
		if s.Figure != nil {
			svg, err := figureSVG(s.Figure)
			if err != nil {
				return fmt.Errorf("review pack %q: %w", s.Heading, err)
			}
			sec.Fig = &figure{SVG: template.HTML(svg), Alt: s.FigureAlt}
		}
		data.Sections = append(data.Sections, sec)
	}
	font := fpdf.UTF8CutFont(assets.FontIPAexGothic, docRunes(doc))
	if len(font) == 0 {
		return fmt.Errorf("review pack: the embedded font could not be cut to the pack's characters")
	}
	data.FontCSS = template.CSS(`@font-face{font-family:"KPI Tree Sans";src:url(data:font/ttf;base64,` +
		base64.StdEncoding.EncodeToString(font) + `) format("truetype");}`)
	var b bytes.Buffer
	if err := htmlPage.Execute(&b, data); err != nil {
		return fmt.Errorf("review pack: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// svgHead matches the XML declaration and the svg element's size, which
// the page replaces by a viewBox so the figure scales with the window.
var (
	xmlDecl  = regexp.MustCompile(`^\s*<\?xml[^>]*\?>\s*`)
	svgStart = regexp.MustCompile(`<svg[^>]*>`)
	svgAttr  = regexp.MustCompile(`\s(width|height)="([0-9.]+)(pt|px)?"`)
)

// figureSVG draws fig as an SVG element that scales to its container.
func figureSVG(fig chart.Figure) (string, error) {
	var b bytes.Buffer
	if err := chart.Write(&b, fig, chart.SVG, htmlFigureSize); err != nil {
		return "", err
	}
	svg := xmlDecl.ReplaceAllString(b.String(), "")
	start := svgStart.FindString(svg)
	if start == "" {
		return "", fmt.Errorf("draw %s: no svg element in the output", fig.Kind())
	}
	dims := map[string]string{}
	for _, m := range svgAttr.FindAllStringSubmatch(start, -1) {
		dims[m[1]] = m[2]
	}
	head := start
	if dims["width"] != "" && dims["height"] != "" && !strings.Contains(start, "viewBox") {
		head = svgAttr.ReplaceAllString(start, "")
		head = strings.TrimSuffix(head, ">") + fmt.Sprintf(` viewBox="0 0 %s %s" role="img">`, dims["width"], dims["height"])
	}
	return strings.Replace(svg, start, head, 1), nil
}

// docRunes is every character the page writes in the pack's font, plus
// ASCII, so the cut font has every glyph the page needs.
func docRunes(doc *Document) string {
	var b strings.Builder
	for r := rune(0x20); r < 0x7f; r++ {
		b.WriteRune(r)
	}
	b.WriteString("–—…・、。「」（）：％￥¥")
	b.WriteString(doc.Title)
	for _, f := range doc.Facts {
		b.WriteString(f)
	}
	for _, s := range doc.Sections {
		b.WriteString(s.Heading)
		b.WriteString(s.FigureAlt)
		for _, p := range s.Text {
			b.WriteString(p)
		}
		if s.Table != nil {
			b.WriteString(s.Table.Note)
			for _, c := range s.Table.Header {
				b.WriteString(c)
			}
			for _, r := range s.Table.Rows {
				for _, c := range r {
					b.WriteString(c)
				}
			}
		}
	}
	seen := map[rune]bool{}
	var out strings.Builder
	for _, r := range b.String() {
		if !seen[r] {
			seen[r] = true
			out.WriteRune(r)
		}
	}
	return out.String()
}

var htmlPage = template.Must(template.New("pack").Funcs(template.FuncMap{
	"numeric": func(s Section, i int) bool { return i < len(s.Numeric) && s.Numeric[i] },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Doc.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Doc.Title}}</title>
<style>
{{.FontCSS}}
body{font-family:"KPI Tree Sans",sans-serif;color:#1d2433;background:#fff;margin:0 auto;max-width:1100px;padding:24px 32px;line-height:1.5}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #d7dce5}
ul.facts{list-style:none;padding:0;margin:0;color:#5a6375;font-size:14px}
ul.facts li{display:inline;margin-right:18px}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{border-bottom:1px solid #e3e7ee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f9;font-weight:normal;color:#3b4457}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
p.note{color:#5a6375;font-size:13px}
figure{margin:12px 0}
figure svg{width:100%;height:auto;display:block}
@media print{section{break-inside:avoid}}
</style>
</head>
<body>
<header>
<h1>{{.Doc.Title}}</h1>
<ul class="facts">{{range .Doc.Facts}}<li>{{.}}</li>{{end}}</ul>
</header>
{{range $s := .Sections}}<section>
<h2>{{$s.Heading}}</h2>
{{range $s.Text}}<p>{{.}}</p>
{{end}}{{with $s.Table}}<table>
<thead><tr>{{range $i, $c := .Header}}<th{{if numeric $s.Section $i}} class="num"{{end}}>{{$c}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if numeric $s.Section $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Note}}<p class="note">{{.Note}}</p>{{end}}{{end}}{{with $s.Fig}}<figure aria-label="{{.Alt}}">{{.SVG}}</figure>
{{end}}</section>
{{end}}</body>
</html>
`))
