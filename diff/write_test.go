package diff

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func sandboxToNetwork(t *testing.T) *Report {
	head := copyModel(t)
	edit(t, head, "rules/network.yaml", `    responsible: [cloud-foundation]
    accountable: cloud-foundation
    rationale: >-
      Sandboxes`, `    responsible: [cloud-foundation]
    accountable: network-team
    rationale: >-
      Sandboxes`)
	return compare(t, example, head)
}

func TestTextSaysWhatChangesForWhom(t *testing.T) {
	rep := sandboxToNetwork(t)
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	n := 0
	for _, p := range rep.Parties {
		if p.Party == "network-team" {
			n = p.NewlyAccountable
		}
	}
	want := fmt.Sprintf("network-team becomes accountable for %s it never agreed to", count(n, "duty", "duties"))
	if !strings.Contains(out, want) {
		t.Errorf("text lacks %q:\n%s", want, out)
	}
	if first := strings.SplitN(out, "\n", 2)[0]; first != rep.Summary() || !strings.Contains(first, "1 rule changed") {
		t.Errorf("first line %q", first)
	}
	for _, s := range []string{"operate-hub-network for ", "landing zone sandbox", "hub-network-sandbox (rules/network.yaml:", "accountable cloud-foundation → network-team", "acknowledgements by cloud-foundation become stale"} {
		if !strings.Contains(out, s) {
			t.Errorf("text lacks %q:\n%s", s, out)
		}
	}
}

func TestMarkdownFitsTheLimit(t *testing.T) {
	head := copyModel(t)
	// Every rule accountable party of network.yaml moves: many duties.
	for range 3 {
		edit(t, head, "rules/network.yaml", "accountable: network-team", "accountable: security-operations")
	}
	rep := compare(t, example, head)
	var full bytes.Buffer
	if err := rep.WriteMarkdown(&full, 0); err != nil {
		t.Fatal(err)
	}
	if full.Len() > MarkdownLimit || strings.Contains(full.String(), "… and") {
		t.Fatalf("the whole report (%d bytes) should fit without omissions:\n%s", full.Len(), full.String())
	}
	for _, limit := range []int{1500, 3000, 6000} {
		var b bytes.Buffer
		if err := rep.WriteMarkdown(&b, limit); err != nil {
			t.Fatal(err)
		}
		if b.Len() > limit {
			t.Errorf("limit %d: %d bytes", limit, b.Len())
		}
		if !regexp.MustCompile(`… and \d+ more|more sections? not shown`).MatchString(b.String()) {
			t.Errorf("limit %d: what was left out is not counted:\n%s", limit, b.String())
		}
		if !strings.HasPrefix(b.String(), "### Responsibility changes\n\n"+escape(rep.Summary())) {
			t.Errorf("limit %d: summary not first:\n%s", limit, b.String())
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	if got := escape("a|b <script> *x* _y_ `z` [l](u)"); strings.ContainsAny(strings.NewReplacer(`\|`, "", `\*`, "", `\_`, "", "\\`", "", `\[`, "").Replace(got), "|<>*_`[") {
		t.Errorf("escape left markup: %q", got)
	}
}
