package oscal

import (
	"slices"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// NS is the namespace of the properties demarc adds, which OSCAL does not
// define.
const NS = "https://demarc.dev/ns/oscal"

// noDate is the timestamp of a model without a dated decision: fixed, so
// that the output does not depend on the clock.
var noDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// The roles every document defines: the RACI letters and the provider
// holding its side of the border.
var roles = []Role{
	{ID: "responsible", Title: "Responsible", Description: "Does the work."},
	{ID: "accountable", Title: "Accountable", Description: "Owns the outcome and answers for it; exactly one party per duty."},
	{ID: "consulted", Title: "Consulted", Description: "Asked for input before the work is done."},
	{ID: "informed", Title: "Informed", Description: "Told about progress or outcome."},
	{ID: "provider", Title: "Provider", Description: "Holds the provider's side of the shared responsibility border."},
}

// exporter holds what every document of one export shares.
type exporter struct {
	b        *view.Book
	ids      ids
	modified time.Time
	version  string
	site     string // base URL of the published demarc site, or ""
	parties  []Party
	orgParty string // UUID of the organisation's party
}

func newExporter(b *view.Book, opts Options) *exporter {
	e := &exporter{b: b, ids: ids{org: b.Organisation.Name}, version: opts.Version, site: strings.TrimSuffix(opts.SiteURL, "/")}
	e.modified = latestDecision(b)
	if e.version == "" {
		e.version = e.modified.Format(time.DateOnly)
	}
	e.orgParty = e.ids.of("organisation")
	e.parties = e.oscalParties()
	return e
}

// latestDecision is the date of the model's latest decision or approval:
// the documents' last-modified time.
func latestDecision(b *view.Book) time.Time {
	var t time.Time
	for _, d := range b.Decisions {
		for _, at := range append([]model.Date{d.Rule.Decided}, approvalDates(d.Rule)...) {
			if at.After(t) {
				t = at.Time
			}
		}
	}
	if t.IsZero() || t.Year() < 1900 || t.Year() > 2999 {
		return noDate
	}
	return t.UTC()
}

func approvalDates(r *model.Rule) []model.Date {
	out := make([]model.Date, 0, len(r.Approvals))
	for _, a := range r.Approvals {
		out = append(out, a.At)
	}
	return out
}

func (e *exporter) metadata(title string) Metadata {
	return Metadata{
		Title:        oneLine(title),
		LastModified: e.modified.Format(time.RFC3339),
		Version:      e.version,
		OSCALVersion: Version,
		Roles:        roles,
		Parties:      e.parties,
	}
}

func (e *exporter) partyUUID(p *model.Party) string { return e.ids.of("party", p.ID) }

// oscalParties are the organisation and every party of the model, with
// their contacts; a party's parent is the organisation it is a member of.
func (e *exporter) oscalParties() []Party {
	org := e.b.Organisation
	op := Party{UUID: e.orgParty, Type: "organization", Name: oneLine(orDefault(org.Name, "The organisation")), Remarks: strings.TrimSpace(org.Description)}
	if org.Website != "" {
		op.Links = []Link{{Href: org.Website, Rel: "homepage"}}
	}
	out := []Party{op}
	for _, pp := range e.b.Parties {
		p := pp.Party
		party := Party{
			UUID: e.partyUUID(p), Type: "organization", Name: oneLine(orDefault(p.Name, p.ID)), ShortName: p.ID,
			Props:   []Prop{{Name: "kind", NS: NS, Value: string(orDefault(string(p.Kind), "unknown"))}},
			Remarks: strings.TrimSpace(p.Description),
		}
		if p.Placeholder {
			party.Props = append(party.Props, Prop{Name: "placeholder", NS: NS, Value: "tenant-owner"})
			if party.Remarks == "" {
				party.Remarks = "The application team that owns the tenant; each leveraging plan names the owners of its landing zone's tenants."
			}
		}
		for _, c := range p.Contacts {
			if em := strings.TrimSpace(c.Email); strings.Contains(em, "@") && !slices.Contains(party.EmailAddresses, em) && oneLine(em) == em {
				party.EmailAddresses = append(party.EmailAddresses, em)
			}
			if ph := oneLine(c.Phone); ph != "" {
				party.TelephoneNumbers = append(party.TelephoneNumbers, TelephoneNumber{Number: ph})
			}
			for _, u := range []string{c.URL, c.OnCall} {
				if u = strings.TrimSpace(u); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
					party.Links = append(party.Links, Link{Href: u, Text: oneLine(c.Name)})
				}
			}
		}
		if e.site != "" && !p.Placeholder {
			party.Links = append(party.Links, Link{Href: e.site + "/parties/" + p.ID + ".html", Rel: "demarc-party-page", Text: "Responsibilities in demarc"})
		}
		parent := e.orgParty
		if pp.Parent != nil {
			parent = e.partyUUID(pp.Parent)
		}
		if !p.Placeholder {
			party.MemberOfOrganizations = []string{parent}
		}
		out = append(out, party)
	}
	return out
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// side classifies a party: the provider side of what a landing zone
// offers (providers, the foundation, shared teams, external suppliers)
// or the application side (application teams and the tenant owner).
func applicationSide(p *model.Party) bool {
	return p.Placeholder || p.Kind == model.KindApplication
}

// raci returns the responsible roles of an assignment, party lists
// filtered by keep (nil keeps all), in R, A, C, I order, then the
// provider parties.
func (e *exporter) raci(a *view.Assignment, keep func(*model.Party) bool) []ResponsibleRole {
	var out []ResponsibleRole
	add := func(role string, ps []*model.Party) {
		var uuids []string
		for _, p := range ps {
			if keep != nil && !keep(p) {
				continue
			}
			if u := e.partyUUID(p); !slices.Contains(uuids, u) {
				uuids = append(uuids, u)
			}
		}
		if len(uuids) > 0 {
			out = append(out, ResponsibleRole{RoleID: role, PartyUUIDs: uuids})
		}
	}
	add("responsible", a.Responsible)
	add("accountable", a.Accountable)
	add("consulted", a.Consulted)
	add("informed", a.Informed)
	add("provider", a.ProviderParties)
	return out
}

// who says in words who holds an assignment.
func who(a *view.Assignment) string {
	switch a.Outcome {
	case resolve.Gap:
		return "No rule decides who does this: a gap in the model."
	case resolve.Conflicting:
		return "Rules disagree on who does this: a conflict in the model."
	}
	var parts []string
	for _, r := range []struct {
		name string
		ps   []*model.Party
	}{{"Responsible", a.Responsible}, {"Accountable", a.Accountable}, {"Consulted", a.Consulted}, {"Informed", a.Informed}} {
		if len(r.ps) > 0 {
			parts = append(parts, r.name+": "+names(r.ps)+".")
		}
	}
	return strings.Join(parts, " ")
}

func names(ps []*model.Party) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = orDefault(p.Name, p.ID)
	}
	return strings.Join(out, ", ")
}

// why says how an assignment was decided, for remarks.
func why(a *view.Assignment) string {
	switch a.Outcome {
	case resolve.ByProvider:
		return "On the provider's side of the border: " + names(a.ProviderParties) + " holds it without an internal rule."
	case resolve.ByRule, resolve.Conflicting:
		if a.Rule == nil {
			return ""
		}
		s := "Decided by rule " + a.Rule.ID + " (" + string(a.Rule.EffectiveStatus())
		if !a.Rule.Decided.IsZero() {
			s += ", " + a.Rule.Decided.String()
		}
		s += ")."
		if r := strings.TrimSpace(a.Rule.Rationale); r != "" {
			s += "\n\n" + r
		}
		return s
	}
	return ""
}

// decidedBy is why without the rule's rationale, which the plans carry:
// the component definition repeats it per service and control.
func decidedBy(a *view.Assignment) string {
	w := why(a)
	first, _, _ := strings.Cut(w, "\n\n")
	return first
}

// assignmentKey names an assignment within one activity and place, for
// UUIDs: its outcome, side, deciding rule and provider parties.
func assignmentKey(a *view.Assignment) string {
	k := a.Outcome.String() + "/" + string(a.Side)
	if a.Rule != nil {
		k += "/" + a.Rule.ID
	}
	for _, p := range a.ProviderParties {
		k += "/" + p.ID
	}
	return k
}

// frameworkIDs lists the frameworks activities map controls of, sorted.
func frameworkIDs(acts []*model.Activity) []string {
	var out []string
	for _, a := range acts {
		for fw, cs := range a.Controls {
			if len(cs) > 0 && !slices.Contains(out, fw) {
				out = append(out, fw)
			}
		}
	}
	slices.Sort(out)
	return out
}
