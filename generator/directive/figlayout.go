package directive

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Geometry of a vector figure, in SVG user units. The figure is drawn
// 320 units wide and never shown narrower than 288 px (a 320 px phone
// less the page margins), so 16-unit text is at least 14 px on screen.
const (
	figWidth    = 320.0
	figFontSize = 16.0
	figLeft     = 46.0 // room for the y tick labels
	figTop      = 10.0
	figRight    = 22.0 // half a tick label beyond the last grid line
	figBottom   = 34.0 // room for the x tick labels, clear of the lowest y tick label
	figPlot     = figWidth - figLeft - figRight
	figHeight   = figTop + figPlot + figBottom
	// minFigureScale is the smallest rendered size over the drawn size.
	minFigureScale = 288.0 / figWidth
)

// rect is an axis-aligned box in SVG coordinates (y grows downwards).
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) intersects(o rect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

func (r rect) inflate(d float64) rect { return rect{r.x0 - d, r.y0 - d, r.x1 + d, r.y1 + d} }

func (r rect) inside(o rect) bool {
	return r.x0 >= o.x0 && r.y0 >= o.y0 && r.x1 <= o.x1 && r.y1 <= o.y1
}

// segment is a drawn line from (x0, y0) to (x1, y1).
type segment struct{ x0, y0, x1, y1 float64 }

// hits reports whether the segment passes through the box (Liang–Barsky
// clipping).
func (s segment) hits(r rect) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := s.x1-s.x0, s.y1-s.y0
	for _, c := range [4][2]float64{{-dx, s.x0 - r.x0}, {dx, r.x1 - s.x0}, {-dy, s.y0 - r.y0}, {dy, r.y1 - s.y0}} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// axisTicks are the tick values of one axis, lo to hi by step.
type axisTicks struct {
	lo, hi, step float64
	decimals     int
}

func (a axisTicks) values() []float64 {
	var out []float64
	n := int(math.Round((a.hi - a.lo) / a.step))
	for i := 0; i <= n; i++ {
		out = append(out, a.lo+float64(i)*a.step)
	}
	return out
}

// label formats a tick value with a real minus sign.
func (a axisTicks) label(v float64) string {
	if math.Abs(v) < a.step/1e6 {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', a.decimals, 64)
	return strings.Replace(s, "-", "\u2212", 1)
}

// niceStep is the smallest step of the form 1, 2 or 5 × 10^k that cuts span
// into at most maxTicks intervals.
func niceStep(span float64, maxTicks int) (step float64, decimals int) {
	if span <= 0 {
		span = 1
	}
	raw := span / float64(maxTicks)
	exp := math.Floor(math.Log10(raw))
	base := math.Pow(10, exp)
	for _, m := range []float64{1, 2, 5, 10} {
		if m*base >= raw*(1-1e-9) {
			step = m * base
			break
		}
	}
	decimals = max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	return step, decimals
}

// figureAxes chooses ticks for both axes so that the data (and the
// origin) fit, with the same scale on both axes: vectors keep their angles
// and lengths.
func figureAxes(pts [][2]float64) (x, y axisTicks) {
	minX, maxX, minY, maxY := 0.0, 0.0, 0.0, 0.0
	for _, p := range pts {
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	// Leave a little room beyond the data for arrow heads and labels.
	span := math.Max(maxX-minX, maxY-minY)
	if span == 0 {
		span = 1
	}
	pad := 0.12 * span
	minX, maxX, minY, maxY = minX-pad, maxX+pad, minY-pad, maxY+pad
	step, dec := niceStep(math.Max(maxX-minX, maxY-minY), 5)
	mk := func(lo, hi float64) axisTicks {
		return axisTicks{lo: math.Floor(lo/step+1e-9) * step, hi: math.Ceil(hi/step-1e-9) * step, step: step, decimals: dec}
	}
	x, y = mk(minX, maxX), mk(minY, maxY)
	// Equal ranges: grow the shorter axis on both sides in turn.
	for i := 0; x.hi-x.lo < y.hi-y.lo-step/2; i++ {
		if i%2 == 0 {
			x.hi += step
		} else {
			x.lo -= step
		}
	}
	for i := 0; y.hi-y.lo < x.hi-x.lo-step/2; i++ {
		if i%2 == 0 {
			y.hi += step
		} else {
			y.lo -= step
		}
	}
	return x, y
}

// figLabel is one text label to place near a point.
type figLabel struct {
	text   string
	class  string
	px, py float64 // the point it names, in SVG coordinates
	dx, dy float64 // preferred direction (unit vector, SVG coordinates)
	// placed position: the centre of the text box.
	x, y float64
	box  rect
}

// labelBox is the box a label of n characters takes, centred on (x, y).
// The width is an upper bound for a 600-weight sans-serif face.
func labelBox(text string, x, y float64) rect {
	w := 0.68*figFontSize*float64(utf8.RuneCountInString(text)) + 4
	h := figFontSize + 2
	return rect{x - w/2, y - h/2, x + w/2, y + h/2}
}

// placeLabels puts each label near its point, trying positions around it
// (the preferred direction first, then turning away from it, at growing
// distances) and taking the first whose box stays in the plot and meets no
// placed label, no line and no marked point; when every position collides,
// the one with the fewest collisions wins.
func placeLabels(labels []figLabel, lines []segment, points [][2]float64, plot rect) {
	var placed []rect
	for i := range labels {
		l := &labels[i]
		bestScore := math.Inf(1)
		for _, dist := range []float64{14, 22, 32, 46} {
			for _, turn := range []float64{0, 45, -45, 90, -90, 135, -135, 180} {
				a := math.Atan2(l.dy, l.dx) + turn*math.Pi/180
				cx, cy := l.px+dist*math.Cos(a), l.py+dist*math.Sin(a)
				box := labelBox(l.text, cx, cy)
				score := 0.0
				if !box.inside(plot) {
					score += 100
				}
				for _, p := range placed {
					if box.intersects(p.inflate(2)) {
						score += 10
					}
				}
				for _, s := range lines {
					if s.hits(box.inflate(2)) {
						score += 5
					}
				}
				for _, p := range points {
					if box.intersects(rect{p[0] - 4, p[1] - 4, p[0] + 4, p[1] + 4}) {
						score += 5
					}
				}
				score += dist / 100 // nearer is better among free positions
				if score < bestScore {
					bestScore, l.x, l.y, l.box = score, cx, cy, box
				}
			}
			if bestScore < 1 {
				break
			}
		}
		placed = append(placed, l.box)
	}
}
