package diff

import (
	"fmt"
	"io"
	"strings"
)

// section is a titled list of changes, the unit both text and Markdown
// outputs are made of.
type section struct {
	title string
	items []string
}

// sections lists the report's sections: the parties first (the largest
// changes first), then accountable parties, rules, gaps, conflicts,
// findings, stale acknowledgements and structure.
func (r *Report) sections() []section {
	var out []section
	for i := range r.Parties {
		p := &r.Parties[i]
		s := section{title: p.Headline()}
		for _, d := range p.Gained {
			s.items = append(s.items, fmt.Sprintf("+ %-4s %s%s", d.Roles, d.Duty, ruleSuffix(d.Rule)))
		}
		for _, d := range p.Lost {
			s.items = append(s.items, fmt.Sprintf("- %-4s %s%s", d.Roles, d.Duty, ruleSuffix(d.Rule)))
		}
		for _, c := range p.Changed {
			s.items = append(s.items, fmt.Sprintf("~ %s → %s  %s%s", c.From, c.To, c.Duty, ruleSuffix(c.Rule)))
		}
		out = append(out, s)
	}
	if len(r.Accountable) > 0 {
		s := section{title: "Accountable party changed"}
		for _, a := range r.Accountable {
			line := fmt.Sprintf("%s: %s → %s", a.Duty, orNone(strings.Join(a.From, ", ")), orNone(strings.Join(a.To, ", ")))
			if len(a.Unapproved) > 0 {
				line += " (not approved by " + strings.Join(a.Unapproved, ", ") + ")"
			}
			s.items = append(s.items, line)
		}
		out = append(out, s)
	}
	if !r.Rules.empty() {
		s := section{title: "Rules"}
		for _, a := range r.Rules.Added {
			s.items = append(s.items, fmt.Sprintf("+ %s (%s, %s): %s, accountable %s", a.ID, a.Source, a.Status, a.What, orNone(strings.Join(a.Accountable, ", "))))
		}
		for _, a := range r.Rules.Removed {
			s.items = append(s.items, fmt.Sprintf("- %s (was %s, %s): %s", a.ID, a.Source, a.Status, a.What))
		}
		for _, c := range r.Rules.Changed {
			line := fmt.Sprintf("~ %s (%s): %s", c.ID, c.Source, c.describe())
			if c.Retired {
				line += " (retired)"
			}
			s.items = append(s.items, line)
		}
		out = append(out, s)
	}
	duties := func(title string, list []Duty) {
		if len(list) > 0 {
			s := section{title: title}
			for _, d := range list {
				s.items = append(s.items, d.String())
			}
			out = append(out, s)
		}
	}
	duties("Gaps introduced (no rule decides)", r.Gaps.Introduced)
	duties("Gaps fixed", r.Gaps.Fixed)
	conflicts := func(title string, list []Conflict) {
		if len(list) > 0 {
			s := section{title: title}
			for _, c := range list {
				s.items = append(s.items, fmt.Sprintf("%s: %s", c.Duty, strings.Join(c.Rules, " vs ")))
			}
			out = append(out, s)
		}
	}
	conflicts("Conflicts introduced", r.Conflicts.Introduced)
	conflicts("Conflicts fixed", r.Conflicts.Fixed)
	findings := func(title string, list []Finding) {
		if len(list) > 0 {
			s := section{title: title}
			for _, f := range list {
				s.items = append(s.items, f.describe())
			}
			out = append(out, s)
		}
	}
	findings("Findings introduced", r.Diagnostics.Introduced)
	findings("Findings fixed", r.Diagnostics.Fixed)
	if len(r.Stale) > 0 {
		s := section{title: "Decisions to acknowledge again"}
		for _, d := range r.Stale {
			s.items = append(s.items, d.describe())
		}
		out = append(out, s)
	}
	if st := r.Structure; !st.empty() {
		s := section{title: "Landing zones and tenants"}
		for _, z := range st.LandingZonesAdded {
			s.items = append(s.items, "+ landing zone "+z)
		}
		for _, z := range st.LandingZonesRemoved {
			s.items = append(s.items, "- landing zone "+z)
		}
		for _, o := range st.Offers {
			s.items = append(s.items, o.describe())
		}
		if st.TenantsAdded > 0 {
			s.items = append(s.items, count(st.TenantsAdded, "tenant", "tenants")+" added")
		}
		if st.TenantsRemoved > 0 {
			s.items = append(s.items, count(st.TenantsRemoved, "tenant", "tenants")+" removed")
		}
		for _, t := range st.TenantsMoved {
			s.items = append(s.items, t.describe())
		}
		out = append(out, s)
	}
	return out
}

// WriteText writes the report for people: the summary line, then each
// section with its changes indented.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString(r.Summary() + "\n")
	for _, s := range r.sections() {
		b.WriteString("\n" + s.title + "\n")
		for _, it := range s.items {
			b.WriteString("  " + it + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// MarkdownLimit is the size a Markdown report stays within: GitHub refuses
// pull-request comments over 65,536 characters, and a byte is at most a
// character, so the margin leaves room for a bot's own header.
const MarkdownLimit = 60_000

// WriteMarkdown writes the report as a pull-request comment within limit
// bytes (MarkdownLimit when limit <= 0): the summary, then a table of the
// parties whose duties change (most changes first), then the sections.
// What does not fit is counted, never cut mid-line.
func (r *Report) WriteMarkdown(w io.Writer, limit int) error {
	if limit <= 0 {
		limit = MarkdownLimit
	}
	mw := &budget{left: limit - 500} // room for the notes that say what was left out
	mw.line("### Responsibility changes\n")
	mw.line(escape(r.Summary()) + "\n")
	if len(r.Parties) > 0 {
		mw.line("| Party | Gains | Loses | Roles changed | Newly accountable | Not approved |")
		mw.line("|---|---:|---:|---:|---:|---:|")
		omitted := 0
		for _, p := range r.Parties {
			if !mw.line(fmt.Sprintf("| %s | %d | %d | %d | %d | %d |", escape(p.Party), len(p.Gained), len(p.Lost), len(p.Changed), p.NewlyAccountable, p.Unapproved)) {
				omitted++
			}
		}
		mw.line("")
		mw.more(omitted, "party", "parties")
	}
	skipped := 0
	for _, s := range r.sections() {
		if !mw.line("#### " + escape(s.title) + "\n") {
			skipped++
			continue
		}
		omitted := 0
		for _, it := range s.items {
			if !mw.line("- " + escape(it)) {
				omitted++
			}
		}
		mw.more(omitted, "change", "changes")
		mw.line("")
	}
	if skipped > 0 {
		mw.force(fmt.Sprintf("_%s not shown: the comment would exceed its size limit. Run `demarc diff` locally for all of it._\n", count(skipped, "more section", "more sections")))
	}
	_, err := io.WriteString(w, mw.b.String())
	return err
}

// budget writes lines while they fit.
type budget struct {
	b    strings.Builder
	left int
}

func (m *budget) line(s string) bool {
	if len(s)+1 > m.left {
		m.left = 0 // once full, stay full, so later small lines do not look out of place
		return false
	}
	m.left -= len(s) + 1
	m.b.WriteString(s + "\n")
	return true
}

func (m *budget) more(n int, one, many string) {
	if n > 0 {
		noun := many
		if n == 1 {
			noun = one
		}
		m.force(fmt.Sprintf("- … and %d more %s\n", n, noun))
	}
}

// force writes s past the budget; callers keep such notes short.
func (m *budget) force(s string) { m.b.WriteString(s + "\n") }

// escape keeps text from being read as Markdown or HTML.
func escape(s string) string {
	return strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "\n", " ").Replace(s)
}
