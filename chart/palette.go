package chart

import (
	"math"
	"strconv"

	"github.com/demarc-dev/demarc/view"
)

// Colors maps each category (view.Category*) to its fill colour, a
// "#rrggbb" value. The palette is the colour-blind-safe one of Okabe and
// Ito, with Paul Tol's wine for conflicts. Each colour contrasts by at
// least 4.5:1 (WCAG AA) with black or with white text, and the charts draw
// their labels in that colour. Party kinds use the colour of the category of
// the same name.
var Colors = map[string]string{
	view.CategoryProvider:    "#0072B2", // blue, white text 5.2:1
	view.CategoryFoundation:  "#009E73", // bluish green, black text 6.1:1
	view.CategoryShared:      "#56B4E9", // sky blue, black text 9.1:1
	view.CategoryApplication: "#E69F00", // orange, black text 9.3:1
	view.CategoryExternal:    "#F0E442", // yellow, black text 16:1
	view.CategoryGap:         "#D55E00", // vermillion, black text 5.4:1
	view.CategoryConflict:    "#882255", // wine, white text 8.8:1
}

// CategoryLabel returns the human label of a category.
func CategoryLabel(category string) string {
	switch category {
	case view.CategoryProvider:
		return "Cloud provider"
	case view.CategoryFoundation:
		return "Cloud foundation team"
	case view.CategoryShared:
		return "Shared central teams"
	case view.CategoryApplication:
		return "Application teams"
	case view.CategoryExternal:
		return "External parties"
	case view.CategoryGap:
		return "Gap (nobody)"
	case view.CategoryConflict:
		return "Conflict"
	}
	return category
}

// categoryPhrase names a category inside a sentence.
func categoryPhrase(category string) string {
	switch category {
	case view.CategoryProvider:
		return "cloud provider"
	case view.CategoryFoundation:
		return "cloud foundation team"
	case view.CategoryShared:
		return "shared teams"
	case view.CategoryApplication:
		return "application teams"
	case view.CategoryExternal:
		return "external parties"
	}
	return category
}

// kindLabel names a party kind.
func kindLabel(kind string) string {
	switch kind {
	case view.CategoryProvider:
		return "Cloud provider"
	case view.CategoryFoundation:
		return "Cloud foundation"
	case view.CategoryShared:
		return "Shared central team"
	case view.CategoryApplication:
		return "Application team"
	case view.CategoryExternal:
		return "External party"
	}
	if kind == "" {
		return "Party"
	}
	return kind
}

// kinds lists the party kinds in legend order.
var kinds = []string{view.CategoryProvider, view.CategoryFoundation, view.CategoryShared, view.CategoryApplication, view.CategoryExternal}

// fillOf returns the colour of a category or kind; unknown ones are grey.
func fillOf(category string) string {
	if c, ok := Colors[category]; ok {
		return c
	}
	return "#BBBBBB"
}

// textOn returns black or white, whichever contrasts more with fill.
func textOn(fill string) string {
	l := luminance(fill)
	if contrast(l, 1) >= contrast(l, 0) {
		return "#ffffff"
	}
	return "#000000"
}

// luminance is the WCAG relative luminance of a "#rrggbb" colour.
func luminance(hex string) float64 {
	if len(hex) != 7 || hex[0] != '#' {
		return 0.5
	}
	ch := func(s string) float64 {
		v, err := strconv.ParseUint(s, 16, 8)
		if err != nil {
			return 0.5
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(hex[1:3]) + 0.7152*ch(hex[3:5]) + 0.0722*ch(hex[5:7])
}

// contrast is the WCAG contrast ratio of two luminances.
func contrast(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}
