package pack

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/assets"
)

// A4 landscape, in millimetres: wide tables and charts read best across.
const (
	pdfMargin   = 14.0
	pdfFont     = "ipaexg"
	pdfFigureIn = 10.5 // figure width drawn, in inches; height follows the figure's own shape
)

// pdfFigureSize is the size figures are drawn at for the PDF, at 150 dpi:
// sharp when printed, a few hundred kB a figure.
var pdfFigureSize = chart.Size{Width: pdfFigureIn, Height: 5.2, DPI: 150}

// WritePDF writes doc as a multi-page PDF: a title page, then one section
// a page (longer tables run on). Text is real text in the embedded
// IPAexGothic (cut to the characters used), so it can be searched and
// copied in English and Japanese; figures are pictures. stamp is the
// document's creation date (zero: none). (fpdf writes same-sized images
// in map order, so two runs may differ in byte order, not in content.)
func WritePDF(w io.Writer, doc *Document, stamp time.Time) error {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin+4)
	pdf.AddUTF8FontFromBytes(pdfFont, "", assets.FontIPAexGothic)
	pdf.SetTitle(doc.Title, true)
	pdf.SetCreator("KPI Tree", true)
	pdf.SetCatalogSort(true)
	if !stamp.IsZero() {
		pdf.SetCreationDate(stamp)
		pdf.SetModificationDate(stamp)
	}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pdfMargin)
		pdf.SetFont(pdfFont, "", 8)
		pdf.SetTextColor(110, 118, 135)
		pdf.CellFormat(0, 5, doc.Title+"   "+strconv.Itoa(pdf.PageNo()), "", 0, "R", false, 0, "")
	})

	pdf.AddPage()
	pdf.SetY(60)
	pdf.SetFont(pdfFont, "", 24)
	pdf.SetTextColor(29, 36, 51)
	pdf.MultiCell(0, 12, doc.Title, "", "L", false)
	pdf.Ln(4)
	pdf.SetFont(pdfFont, "", 11)
	pdf.SetTextColor(90, 99, 117)
	for _, f := range doc.Facts {
		pdf.CellFormat(0, 7, f, "", 1, "L", false, 0, "")
	}
	for i, s := range doc.Sections {
		pdf.AddPage()
		if err := pdfSection(pdf, s, i); err != nil {
			return fmt.Errorf("review pack %q: %w", s.Heading, err)
		}
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("review pack %q: %w", s.Heading, err)
		}
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return fmt.Errorf("review pack: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func pdfSection(pdf *fpdf.Fpdf, s Section, index int) error {
	pageW, pageH := pdf.GetPageSize()
	width := pageW - 2*pdfMargin
	pdf.SetFont(pdfFont, "", 16)
	pdf.SetTextColor(29, 36, 51)
	pdf.MultiCell(0, 9, s.Heading, "", "L", false)
	pdf.SetDrawColor(215, 220, 229)
	pdf.Line(pdfMargin, pdf.GetY()+1, pageW-pdfMargin, pdf.GetY()+1)
	pdf.Ln(4)
	pdf.SetFont(pdfFont, "", 10)
	for _, p := range s.Text {
		pdf.MultiCell(0, 5.5, p, "", "L", false)
		pdf.Ln(1)
	}
	if t := s.Table; t != nil {
		pdfTable(pdf, s, width)
		if t.Note != "" {
			pdf.SetTextColor(90, 99, 117)
			pdf.MultiCell(0, 5, t.Note, "", "L", false)
			pdf.SetTextColor(29, 36, 51)
		}
		pdf.Ln(3)
	}
	if s.Figure == nil {
		return nil
	}
	var img bytes.Buffer
	if err := chart.Write(&img, s.Figure, chart.PNG, pdfFigureSize); err != nil {
		return err
	}
	name := "figure-" + strconv.Itoa(index)
	info := pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, &img)
	if info == nil {
		return pdf.Error()
	}
	w, h := width, width*info.Height()/info.Width()
	if room := pageH - pdfMargin - 6 - pdf.GetY(); h > room {
		if room < 60 { // too little left: the figure gets a page of its own
			pdf.AddPage()
			room = pageH - 2*pdfMargin - 6
		}
		if h > room {
			w, h = w*room/h, room
		}
	}
	pdf.ImageOptions(name, pdfMargin, pdf.GetY(), w, h, true, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return nil
}

// pdfTable draws t across the page: each column as wide as its widest
// cell, scaled to fill the page; headers wrap onto more lines, and a body
// cell that still does not fit ends in "…". A table longer than the page
// runs on with its header repeated.
func pdfTable(pdf *fpdf.Fpdf, s Section, width float64) {
	t := s.Table
	const pad, rowH, lineH, minCol = 2.0, 6.5, 4.5, 14.0
	pdf.SetFont(pdfFont, "", 9)
	cols := len(t.Header)
	want := make([]float64, cols)
	for i := range want {
		want[i] = minCol
		if i < len(s.Numeric) && s.Numeric[i] {
			want[i] = 2 * minCol // room for a wrapped header over short numbers
		}
	}
	for _, row := range t.Rows {
		for i := 0; i < cols && i < len(row); i++ {
			want[i] = max(want[i], pdf.GetStringWidth(row[i])+2*pad+1)
		}
	}
	total := 0.0
	for _, v := range want {
		total += v
	}
	colW := make([]float64, cols)
	for i, v := range want {
		colW[i] = v * width / total
	}
	align := func(i int) string {
		if i < len(s.Numeric) && s.Numeric[i] {
			return "R"
		}
		return "L"
	}
	header := func() {
		lines := make([][]string, cols)
		n := 1
		for i, c := range t.Header {
			lines[i] = pdf.SplitText(c, colW[i]-2*pad-1)
			n = max(n, len(lines[i]))
		}
		h := float64(n)*lineH + 2
		x, y := pdf.GetX(), pdf.GetY()
		pdf.SetFillColor(243, 245, 249)
		pdf.SetTextColor(59, 68, 87)
		for i := range t.Header {
			pdf.Rect(x, y, colW[i], h, "F")
			for k, line := range lines[i] {
				pdf.SetXY(x, y+1+float64(k)*lineH)
				pdf.CellFormat(colW[i], lineH, line, "", 0, align(i), false, 0, "")
			}
			x += colW[i]
		}
		pdf.SetXY(pdfMargin, y+h)
		pdf.SetTextColor(29, 36, 51)
	}
	header()
	_, pageH := pdf.GetPageSize()
	pdf.SetDrawColor(227, 231, 238)
	for _, row := range t.Rows {
		if pdf.GetY()+rowH > pageH-pdfMargin-6 {
			pdf.AddPage()
			header()
		}
		for i := 0; i < cols; i++ {
			c := ""
			if i < len(row) {
				c = row[i]
			}
			pdf.CellFormat(colW[i], rowH, fit(pdf, c, colW[i]-2*pad), "B", 0, align(i), false, 0, "")
		}
		pdf.Ln(-1)
	}
}

// fit shortens s with "…" until it is at most w wide.
func fit(pdf *fpdf.Fpdf, s string, w float64) string {
	if pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
