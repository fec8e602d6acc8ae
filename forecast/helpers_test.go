package forecast_test

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// airPassengers returns Box & Jenkins' monthly airline passengers,
// 1949–1960 (R's datasets::AirPassengers), the textbook seasonal series.
func airPassengers() []float64 {
	return []float64{112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432}
}

// rFixture reads a column of testdata/r_airpassengers.csv, R's output
// captured with the version named in its first line.
func rFixture(t *testing.T, column string) []float64 {
	t.Helper()
	f, err := os.Open("testdata/r_airpassengers.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	col := -1
	var out []float64
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		if col < 0 {
			for i, name := range fields {
				if name == column {
					col = i
				}
			}
			if col < 0 {
				t.Fatalf("no column %q in fixture", column)
			}
			continue
		}
		v, err := strconv.ParseFloat(fields[col], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// csColumn reads one numeric column of assets/data/cs_monthly.csv.
func csColumn(t testing.TB, name string) []float64 {
	t.Helper()
	b, err := os.ReadFile("../assets/data/cs_monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	head := strings.Split(lines[0], ",")
	col := -1
	for i, h := range head {
		if h == name {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no column %q", name)
	}
	var out []float64
	for _, l := range lines[1:] {
		v, err := strconv.ParseFloat(strings.Split(l, ",")[col], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func near(a, b, relTol float64) bool {
	return math.Abs(a-b) <= relTol*math.Max(math.Abs(a), math.Abs(b))+1e-9
}
