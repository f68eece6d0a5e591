package diag

import (
	"strings"
	"testing"
)

func TestEveryCodeIsExplained(t *testing.T) {
	for _, info := range All() {
		if strings.TrimSpace(info.Explain) == "" {
			t.Errorf("%s (%s) has no explanation", info.Code, info.Name)
			continue
		}
		if !strings.Contains(info.Explain, "~~~") {
			t.Errorf("%s: the explanation has no example", info.Code)
		}
		if !strings.Contains(info.Explain, "Fix") {
			t.Errorf("%s: the explanation does not say how to fix it", info.Code)
		}
	}
	for code := range explanations {
		if registry[code] == nil {
			t.Errorf("explanation for unregistered code %s", code)
		}
	}
}

func TestExplanationFencesAreBalanced(t *testing.T) {
	for _, info := range All() {
		n := 0
		for _, line := range strings.Split(info.Explain, "\n") {
			if strings.HasPrefix(line, "~~~") {
				n++
			}
		}
		if n%2 != 0 {
			t.Errorf("%s: unbalanced ~~~ fences", info.Code)
		}
	}
}
