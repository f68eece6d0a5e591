package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// providerStatement is what a provider states about one control of the
// activity for one service of the answers.
type providerStatement struct {
	Service        string        `json:"service"`
	Provider       string        `json:"provider"`
	Framework      string        `json:"framework"`
	Control        string        `json:"control"`
	Responsibility string        `json:"responsibility"` // customer, shared, provider, or not-applicable
	Features       []factFeature `json:"features"`
}

type factFeature struct {
	Feature        string `json:"feature,omitempty"`
	Responsibility string `json:"responsibility"`
	Supported      *bool  `json:"supported,omitempty"`
	Source         string `json:"source,omitempty"`
}

// providerStatements lists, for the services of the answers, the facts
// about the controls the activity maps to, by service and control.
func providerStatements(m *model.Model, activity string, answers []*resolve.Answer) []providerStatement {
	a := m.ActivityByID[activity]
	if a == nil || len(a.Controls) == 0 {
		return nil
	}
	keys := a.ControlKeys(check.CatalogueOf(m).Crosswalk)
	seen := map[*model.Service]bool{}
	var out []providerStatement
	for _, ans := range answers {
		s := ans.Service
		if s == nil || seen[s] {
			continue
		}
		seen[s] = true
		byKey := map[string][]*model.Fact{}
		var order []string
		for _, f := range s.Facts {
			if k := f.Key(); keys[k] {
				if byKey[k] == nil {
					order = append(order, k)
				}
				byKey[k] = append(byKey[k], f)
			}
		}
		for _, k := range order {
			st := model.Summarise(byKey[k])
			fw, _, _ := strings.Cut(k, "/")
			ps := providerStatement{Service: s.ID, Provider: s.Provider.ID, Framework: fw, Control: st.Control,
				Responsibility: string(st.Side())}
			if ps.Responsibility == "" {
				ps.Responsibility = "not-applicable"
			}
			for _, f := range byKey[k] {
				ps.Features = append(ps.Features, factFeature{Feature: f.Feature, Responsibility: f.Responsibility, Supported: f.Supported, Source: f.Source})
			}
			out = append(out, ps)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Service != out[j].Service {
			return out[i].Service < out[j].Service
		}
		return out[i].Control < out[j].Control
	})
	return out
}

// maxStatements bounds the statements printed for a broad question.
const maxStatements = 12

// writeStatements prints the provider's statements after an answer.
func writeStatements(w io.Writer, m *model.Model, sts []providerStatement) {
	if len(sts) == 0 {
		return
	}
	fmt.Fprintln(w, "\nWhat the provider states:")
	for i, ps := range sts {
		if i == maxStatements {
			fmt.Fprintf(w, "  … %d more (--service narrows, --format json lists all)\n", len(sts)-i)
			break
		}
		name := ps.Provider
		if p := m.ProviderByID[ps.Provider]; p != nil && p.Name != "" {
			name = p.Name
		}
		var feats []string
		for _, f := range ps.Features {
			if f.Feature == "" {
				continue
			}
			d := f.Feature + " (" + f.Responsibility
			if f.Supported != nil && !*f.Supported {
				d += ", not supported"
			}
			feats = append(feats, d+")")
		}
		line := fmt.Sprintf("  %s %s for %s: %s says %s", ps.Framework, ps.Control, ps.Service, name, statementPhrase(ps.Responsibility))
		if len(feats) > 0 {
			line += " — " + strings.Join(feats, "; ")
		}
		fmt.Fprintln(w, line)
		if src := ps.Features[0].Source; src != "" {
			fmt.Fprintf(w, "    source: %s\n", src)
		}
	}
}

func statementPhrase(resp string) string {
	switch resp {
	case "customer":
		return "the customer holds it"
	case "provider":
		return "it holds it"
	case "shared":
		return "it is shared"
	}
	return "it does not apply"
}
