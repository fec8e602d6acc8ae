package forecast

// nelderMead minimises f from x0 with the Nelder–Mead simplex method
// (reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et al. 1998)
// and returns the best point and value found. The initial simplex is x0 and
// x0 moved by step[i] along each axis i. It stops early, returning the best
// point so far, once done is closed (checked every checkEvery evaluations so
// a cancelled forecast returns within microseconds, not after the fit).
//
// It stands in for gonum's optimize.NelderMead: that package imports
// stat/distmv, which would add golang.org/x/tools to the module graph, and
// its channel-driven driver costs a goroutine hand-off per evaluation, which
// dominates when a whole ETS fit takes a few hundred 30-step evaluations. The
// simplex here allocates once per call.
func nelderMead(done <-chan struct{}, f func([]float64) float64, x0, step []float64, maxEval int, tol float64) ([]float64, float64) {
	d := len(x0)
	pts := make([][]float64, d+1)
	vals := make([]float64, d+1)
	for i := range pts {
		pts[i] = append([]float64(nil), x0...)
		if i > 0 {
			pts[i][i-1] += step[i-1]
		}
		vals[i] = f(pts[i])
	}
	evals := d + 1
	idx := make([]int, d+1)
	cen := make([]float64, d)
	xr := make([]float64, d)
	xe := make([]float64, d)
	xc := make([]float64, d)
	order := func() {
		for i := range idx {
			idx[i] = i
		}
		// Insertion sort: the simplex has at most eight vertices.
		for i := 1; i < len(idx); i++ {
			for j := i; j > 0 && vals[idx[j]] < vals[idx[j-1]]; j-- {
				idx[j], idx[j-1] = idx[j-1], idx[j]
			}
		}
	}
	at := func(dst []float64, t float64) { // dst = cen + t·(cen − worst)
		w := pts[idx[d]]
		for j := range dst {
			dst[j] = cen[j] + t*(cen[j]-w[j])
		}
	}
	nextCheck := checkEvery
	for evals < maxEval {
		if evals >= nextCheck {
			nextCheck += checkEvery
			select {
			case <-done:
				order()
				return pts[idx[0]], vals[idx[0]]
			default:
			}
		}
		order()
		best, worst, second := vals[idx[0]], vals[idx[d]], vals[idx[d-1]]
		if worst-best <= tol*(abs(best)+abs(worst))+1e-12 {
			break
		}
		for j := range cen {
			cen[j] = 0
		}
		for _, i := range idx[:d] {
			for j, v := range pts[i] {
				cen[j] += v
			}
		}
		for j := range cen {
			cen[j] /= float64(d)
		}
		at(xr, 1)
		fr := f(xr)
		evals++
		wi := idx[d]
		switch {
		case fr < best:
			at(xe, 2)
			fe := f(xe)
			evals++
			if fe < fr {
				copy(pts[wi], xe)
				vals[wi] = fe
			} else {
				copy(pts[wi], xr)
				vals[wi] = fr
			}
		case fr < second:
			copy(pts[wi], xr)
			vals[wi] = fr
		default:
			t := -0.5 // inside contraction
			if fr < worst {
				t = 0.5 // outside contraction
			}
			at(xc, t)
			fc := f(xc)
			evals++
			if fc < min(fr, worst) {
				copy(pts[wi], xc)
				vals[wi] = fc
				continue
			}
			b := pts[idx[0]]
			for _, i := range idx[1:] {
				for j := range pts[i] {
					pts[i][j] = b[j] + 0.5*(pts[i][j]-b[j])
				}
				vals[i] = f(pts[i])
				evals++
			}
		}
	}
	order()
	return pts[idx[0]], vals[idx[0]]
}

// checkEvery is how many objective evaluations pass between checks of the
// done channel: a non-blocking select costs about as much as one evaluation
// step of a 30-value series, so this keeps the overhead under 1 %.
const checkEvery = 16

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
