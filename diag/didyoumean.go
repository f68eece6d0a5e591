package diag

// DidYouMean returns the candidate closest to given by edit distance, or ""
// when none is close enough to be a plausible typo. It is the one suggestion
// helper of demarc: keys, ids and codes all use it.
func DidYouMean(given string, candidates []string) string {
	best, bestDist := "", 0
	limit := 3
	if len(given) <= 4 {
		limit = 1
	} else if len(given) <= 8 {
		limit = 2
	}
	for _, c := range candidates {
		d := levenshtein(given, c, limit)
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// levenshtein computes the edit distance between a and b, counting a swap
// of two adjacent characters as one edit (optimal string alignment), and
// giving up early (returning limit+1) once the distance must exceed limit.
func levenshtein(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1) // row i-2
	prev := make([]int, len(rb)+1)  // row i-1
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
