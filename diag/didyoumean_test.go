package diag

import "testing"

func TestDidYouMean(t *testing.T) {
	cands := []string{"name", "kind", "contacts", "network-team", "landing_zone"}
	cases := map[string]string{
		"nmae":         "name", // a swap is one edit
		"knid":         "kind",
		"contact":      "contacts",
		"netwrok-team": "network-team",
		"landingzone":  "landing_zone",
		"zzzz":         "",
		"":             "",
	}
	for given, want := range cases {
		if got := DidYouMean(given, cands); got != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", given, got, want)
		}
	}
}
