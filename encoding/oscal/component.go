package oscal

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// unspecified is the framework of provider facts that name none.
const unspecified = "unspecified"

// writeComponentDefinition writes one component per service that a
// landing zone offers or whose provider states facts, with a control
// implementation per framework: per control, the model's activities
// mapped to it and who holds them in each landing zone, and the
// provider's statement. It writes each component as it is made: at
// enterprise scale the document has hundreds of megabytes. The bytes are
// those of Encode of the whole ComponentDefinitionDocument.
func (e *exporter) writeComponentDefinition(w io.Writer) error {
	b := e.b
	cd := &ComponentDefinition{
		UUID:     e.ids.of("component-definition"),
		Metadata: e.metadata(orDefault(b.Organisation.Name, "Cloud") + " cloud services: shared responsibilities per control"),
	}
	cd.Metadata.Remarks = "Written by demarc from the organisation's shared responsibility model. Each component is a cloud or internal platform service; each implemented requirement says who does the work the control asks for, per landing zone, and what the provider states."
	const in = "    " // the indentation of the definition's fields
	put := func(parts ...string) error {
		for _, p := range parts {
			if _, err := io.WriteString(w, p); err != nil {
				return err
			}
		}
		return nil
	}
	uuid, err := indented(cd.UUID, in)
	if err != nil {
		return err
	}
	meta, err := indented(cd.Metadata, in)
	if err != nil {
		return err
	}
	if err := put("{\n  \"component-definition\": {\n", in, "\"uuid\": ", uuid, ",\n", in, "\"metadata\": ", meta); err != nil {
		return err
	}
	resources := map[string]Resource{}
	n := 0
	for _, sp := range b.Services {
		if len(sp.Zones) == 0 && len(sp.Service.Facts) == 0 {
			continue
		}
		c, err := indented(e.serviceComponent(sp, resources), in+"  ")
		if err != nil {
			return err
		}
		sep := ",\n" + in + "  "
		if n == 0 {
			sep = ",\n" + in + "\"components\": [\n" + in + "  "
		}
		if err := put(sep, c); err != nil {
			return err
		}
		n++
	}
	if n > 0 {
		if err := put("\n", in, "]"); err != nil {
			return err
		}
	}
	if bm := backMatter(resources); bm != nil {
		data, err := indented(bm, in)
		if err != nil {
			return err
		}
		if err := put(",\n", in, "\"back-matter\": ", data); err != nil {
			return err
		}
	}
	return put("\n  }\n}\n")
}

// indented is v as Encode writes it at the given indentation, without the
// final newline.
func indented(v any, prefix string) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// requirementRow is one activity's answers for a service under a control.
type requirementRow struct {
	activity *model.Activity
	answers  []view.ZoneAnswer
}

func (e *exporter) serviceComponent(sp *view.ServicePage, resources map[string]Resource) DefinedComponent {
	s := sp.Service
	c := DefinedComponent{
		UUID:        e.ids.of("service", s.ID),
		Type:        "service",
		Title:       oneLine(orDefault(s.Name, s.ID)),
		Description: prose(s.Description, "The "+orDefault(s.Name, s.ID)+" service."),
		Props:       []Prop{{Name: "service", NS: NS, Value: s.ID}},
	}
	if sp.Provider != nil {
		c.Props = append(c.Props, Prop{Name: "provider", NS: NS, Value: sp.Provider.ID})
	}
	if sp.Model != nil {
		c.Props = append(c.Props, Prop{Name: "service-model", NS: NS, Value: sp.Model.ID})
	}
	if s.Category != "" {
		c.Props = append(c.Props, Prop{Name: "category", NS: NS, Value: s.Category})
	}
	for _, z := range sp.Zones {
		c.Props = append(c.Props, Prop{Name: "landing-zone", NS: NS, Value: z.ID})
	}
	if ref := strings.TrimSpace(s.Reference); strings.HasPrefix(ref, "http") {
		c.Links = append(c.Links, Link{Href: ref, Rel: "reference"})
	}
	if pp := e.providerParty(sp); pp != nil {
		c.ResponsibleRoles = []ResponsibleRole{{RoleID: "provider", PartyUUIDs: []string{e.partyUUID(pp)}}}
	}

	// Per framework and control: the activities mapped to it, and facts.
	rows := map[string]map[string][]requirementRow{}
	facts := map[string]map[string][]*model.Fact{}
	labels := map[string]map[string][]string{} // the ids as the model writes them
	label := func(fw, cid, id string) {
		if labels[fw] == nil {
			labels[fw] = map[string][]string{}
		}
		if !slices.Contains(labels[fw][cid], id) {
			labels[fw][cid] = append(labels[fw][cid], id)
		}
	}
	for _, row := range sp.Split() {
		for fw, ids := range row.Activity.Controls {
			f := frameworkOf(fw)
			for _, id := range ids {
				cid := f.controlID(id)
				if rows[fw] == nil {
					rows[fw] = map[string][]requirementRow{}
				}
				rows[fw][cid] = append(rows[fw][cid], requirementRow{row.Activity, row.Answers})
				label(fw, cid, id)
			}
		}
	}
	for _, fact := range s.Facts {
		fw := cmp.Or(fact.Framework, unspecified)
		cid := frameworkOf(fw).controlID(fact.Control)
		if facts[fw] == nil {
			facts[fw] = map[string][]*model.Fact{}
		}
		facts[fw][cid] = append(facts[fw][cid], fact)
		label(fw, cid, fact.Control)
	}
	for _, fw := range sortedKeys(labels) {
		f := frameworkOf(fw)
		ci := ControlImplementation{
			UUID:        e.ids.of("service", s.ID, "controls", fw),
			Source:      source(e.ids, f, resources),
			Description: "How the duties of " + orDefault(s.Name, s.ID) + " meet " + f.Title + ", as the shared responsibility model splits them.",
			Props:       []Prop{{Name: "framework", NS: NS, Value: fw}},
		}
		for _, cid := range sortedKeys(labels[fw]) {
			ci.ImplementedRequirements = append(ci.ImplementedRequirements, e.componentRequirement(s, fw, cid, labels[fw][cid], rows[fw][cid], facts[fw][cid]))
		}
		c.ControlImplementations = append(c.ControlImplementations, ci)
	}
	return c
}

func (e *exporter) providerParty(sp *view.ServicePage) *model.Party {
	if sp.Provider == nil {
		return nil
	}
	for _, pv := range e.b.Providers {
		if pv.Provider == sp.Provider {
			return pv.Party
		}
	}
	return nil
}

func (e *exporter) componentRequirement(s *model.Service, fw, cid string, labels []string, rows []requirementRow, facts []*model.Fact) ComponentRequirement {
	req := ComponentRequirement{UUID: e.ids.of("service", s.ID, "control", fw, cid), ControlID: cid}
	for _, l := range labels {
		req.Props = append(req.Props, Prop{Name: "label", NS: NS, Value: oneLine(l)})
	}
	var text, remarks []string
	var union view.Assignment
	for _, row := range rows {
		text = append(text, "**"+oneLine(orDefault(row.activity.Name, row.activity.ID))+"**")
		for _, ans := range row.answers {
			zones := make([]string, len(ans.Zones))
			for i, z := range ans.Zones {
				zones[i] = orDefault(z.Name, z.ID)
			}
			text = append(text, "- In "+strings.Join(zones, ", ")+": "+who(ans.Assignment))
			if w := decidedBy(ans.Assignment); w != "" {
				remarks = append(remarks, oneLine(orDefault(row.activity.Name, row.activity.ID))+" in "+strings.Join(zones, ", ")+": "+w)
			}
			merge(&union, ans.Assignment)
		}
	}
	for _, f := range facts {
		req.Props = append(req.Props, Prop{Name: "provider-responsibility", NS: NS, Value: oneLine(f.Responsibility)})
		line := "The provider states the responsibility for " + oneLine(f.Control) + " as " + oneLine(f.Responsibility)
		if f.Feature != "" {
			line += " (" + oneLine(f.Feature) + ")"
		}
		line += "."
		if n := strings.TrimSpace(f.Note); n != "" {
			line += " " + n
		}
		text = append(text, line)
	}
	if len(rows) == 0 {
		text = append(text, "No activity of the model maps this control; only the provider's statement is recorded.")
	}
	req.Description = strings.Join(text, "\n")
	req.Remarks = strings.Join(remarks, "\n\n")
	req.ResponsibleRoles = e.raci(&union, nil)
	return req
}

// merge adds b's parties to a, keeping the first occurrence's order.
func merge(a, b *view.Assignment) {
	add := func(dst *[]*model.Party, src []*model.Party) {
		for _, p := range src {
			if !slices.Contains(*dst, p) {
				*dst = append(*dst, p)
			}
		}
	}
	add(&a.Responsible, b.Responsible)
	add(&a.Accountable, b.Accountable)
	add(&a.Consulted, b.Consulted)
	add(&a.Informed, b.Informed)
	add(&a.ProviderParties, b.ProviderParties)
}

// source is the control implementation's source: the framework's OSCAL
// catalog, or a back-matter resource naming it.
func source(ids ids, f framework, resources map[string]Resource) string {
	if f.Catalog != "" {
		return f.Catalog
	}
	r := frameworkResource(ids, f)
	resources[f.ID] = r
	return "#" + r.UUID
}

func frameworkResource(ids ids, f framework) Resource {
	r := Resource{
		UUID:        ids.of("framework", f.ID),
		Title:       oneLine(f.Title),
		Description: "The control framework " + f.Title + " (" + f.ID + " in the model). Control ids are the framework's, lower-cased and made OSCAL tokens; each requirement's label property keeps the id as the model writes it.",
		Props:       []Prop{{Name: "framework", NS: NS, Value: f.ID}},
	}
	if f.Catalog != "" {
		r.RLinks = []RLink{{Href: f.Catalog, MediaType: "application/oscal.catalog+json"}}
	}
	return r
}

func backMatter(resources map[string]Resource) *BackMatter {
	if len(resources) == 0 {
		return nil
	}
	bm := &BackMatter{}
	for _, k := range sortedKeys(resources) {
		bm.Resources = append(bm.Resources, resources[k])
	}
	return bm
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
