package chart

// bezier is a cubic Bézier curve.
type bezier struct{ x0, y0, x1, y1, x2, y2, x3, y3 float64 }

func (b bezier) at(t float64) (float64, float64) {
	u := 1 - t
	a, c, d, e := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return float64(a*b.x0) + float64(c*b.x1) + float64(d*b.x2) + float64(e*b.x3),
		float64(a*b.y0) + float64(c*b.y1) + float64(d*b.y2) + float64(e*b.y3)
}

// rect is an axis-aligned rectangle.
type rect struct{ x, y, w, h float64 }

func (r rect) overlaps(o rect) bool {
	return r.x < o.x+o.w && o.x < r.x+r.w && r.y < o.y+o.h && o.y < r.y+r.h
}

func (r rect) collides(list []rect) bool {
	for _, o := range list {
		if r.overlaps(o) {
			return true
		}
	}
	return false
}
