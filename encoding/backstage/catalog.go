package backstage

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// The annotations demarc writes.
const (
	AnnotationParty       = "demarc.dev/party"
	AnnotationKind        = "demarc.dev/party-kind"
	AnnotationLandingZone = "demarc.dev/landing-zone"
	AnnotationService     = "demarc.dev/service"
	AnnotationProvider    = "demarc.dev/provider"
	AnnotationTenant      = "demarc.dev/tenant"
	AnnotationIdPGroups   = "demarc.dev/idp-groups"
	AnnotationDuties      = "demarc.dev/duties"
	AnnotationRACI        = "demarc.dev/raci"
	// AnnotationRole + "responsible" (accountable, consulted, informed)
	// lists the parties holding the role on any of the entity's duties.
	AnnotationRole = "demarc.dev/"
)

// Options control an export.
type Options struct {
	// SiteURL is the base URL of the published demarc site; when set,
	// entities link to their pages.
	SiteURL string
	// APIURL is the base URL of a running `demarc serve`; when set, tenants
	// link to their resolved duties (GET /api/v1/tenants/ID).
	APIURL string
}

// Catalog is the entities of one model.
type Catalog struct {
	Entities []Entity
}

// Build makes the catalog of book b. A landing zone needs an owner that is
// an internal party, as a System has exactly one owner.
func Build(b *view.Book, opts Options) (*Catalog, error) {
	c := &Catalog{}
	err := each(b, opts, func(e Entity) error {
		c.Entities = append(c.Entities, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Write writes the catalog of book b to w as WriteYAML does, entity by
// entity (at enterprise scale there are a hundred thousand tenants), and
// returns the number of entities per kind, e.g. "12 Group, 3 System".
func Write(w io.Writer, b *view.Book, opts Options) (string, error) {
	if err := checkOwners(b); err != nil {
		return "", err
	}
	if _, err := io.WriteString(w, header); err != nil {
		return "", err
	}
	counts := &Catalog{}
	err := each(b, opts, func(e Entity) error {
		if len(counts.Entities) > 0 {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		counts.Entities = append(counts.Entities, Entity{Kind: e.Kind})
		return encodeYAML(w, e)
	})
	return counts.Count(), err
}

// checkOwners refuses landing zones without an internal owner.
func checkOwners(b *view.Book) error {
	var missing []string
	for _, zp := range b.LandingZones {
		if zp.Owner == nil || !internal(zp.Owner) {
			missing = append(missing, zp.Zone.ID)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("landing zone(s) %s have no owner that is an internal party; a Backstage System needs one: give each an owner (a party of kind foundation, shared or application)", strings.Join(missing, ", "))
	}
	return nil
}

// each yields the entities in catalog order: Groups, Users, then per
// landing zone its System, its services and its tenants.
func each(b *view.Book, opts Options, yield func(Entity) error) error {
	if err := checkOwners(b); err != nil {
		return err
	}
	x := &exporter{b: b, site: strings.TrimSuffix(opts.SiteURL, "/"), api: strings.TrimSuffix(opts.APIURL, "/"), group: map[*model.Party]string{}}
	for _, pp := range b.Parties {
		if internal(pp.Party) {
			x.group[pp.Party] = Name(pp.Party.ID)
		}
	}
	for _, list := range [][]Entity{x.groups(), x.users()} {
		for _, e := range list {
			if err := yield(e); err != nil {
				return err
			}
		}
	}
	for _, zp := range b.LandingZones {
		if err := yield(x.system(zp)); err != nil {
			return err
		}
		for _, s := range zp.Services {
			if err := yield(x.offering(zp, s)); err != nil {
				return err
			}
		}
		for _, t := range zp.Tenants {
			if e, ok := x.tenant(zp, t); ok {
				if err := yield(e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

type exporter struct {
	b         *view.Book
	site, api string
	group     map[*model.Party]string // entity names of the parties that are Groups
	userOf    map[string]string       // e-mail → User name
	split     map[*model.Service][]view.SplitRow
}

// internal reports whether p is a Group: the organisation's own teams,
// not providers, external suppliers or the tenant-owner placeholder.
func internal(p *model.Party) bool {
	return !p.Placeholder && p.Kind != model.KindProvider && p.Kind != model.KindExternal
}

// ref is how an annotation names a party: the Group's entity reference,
// or for a party that is no Group (a provider, an external supplier, the
// tenant owner) its demarc id.
func (x *exporter) ref(p *model.Party) string {
	if n := x.group[p]; n != "" {
		return "group:" + n
	}
	return p.ID
}

func (x *exporter) link(path, title string) []Link {
	if x.site == "" {
		return nil
	}
	return []Link{{URL: x.site + "/" + path, Title: title, Type: "demarc"}}
}

func (x *exporter) groups() []Entity {
	var out []Entity
	for _, pp := range x.b.Parties {
		p := pp.Party
		name := x.group[p]
		if name == "" {
			continue
		}
		spec := GroupSpec{Type: string(p.Kind), Children: []string{}}
		if spec.Type == "" {
			spec.Type = "team"
		}
		if pp.Parent != nil && x.group[pp.Parent] != "" {
			spec.Parent = "group:" + x.group[pp.Parent]
		}
		for _, c := range pp.Children {
			if n := x.group[c]; n != "" {
				spec.Children = append(spec.Children, "group:"+n)
			}
		}
		prof := &Profile{DisplayName: oneLine(p.Name)}
		for _, c := range p.Contacts {
			if em := strings.TrimSpace(c.Email); em != "" {
				prof.Email = em
				break
			}
		}
		spec.Profile = prof
		var idp []string
		for _, m := range p.Members {
			if g, ok := strings.CutPrefix(m, "group:"); ok {
				idp = append(idp, g)
			} else if strings.Contains(m, "@") {
				spec.Members = append(spec.Members, "user:"+x.userName(m))
			}
		}
		ann := map[string]string{AnnotationParty: p.ID, AnnotationKind: string(p.Kind),
			AnnotationDuties: fmt.Sprintf("R %d, A %d, C %d, I %d", pp.CountR, pp.CountA, pp.CountC, pp.CountI)}
		if len(idp) > 0 {
			ann[AnnotationIdPGroups] = strings.Join(idp, ", ")
		}
		out = append(out, Entity{APIVersion: APIVersion, Kind: "Group",
			Metadata: Metadata{Name: name, Title: oneLine(p.Name), Description: oneLine(p.Description), Annotations: ann,
				Links: x.link("parties/"+p.ID+".html", "Responsibilities in demarc")},
			Spec: spec})
	}
	return out
}

// userName is the User entity name of an e-mail address: its local part,
// or the whole address when two addresses share a local part.
func (x *exporter) userName(email string) string {
	if x.userOf == nil {
		x.userOf = map[string]string{}
		local := map[string][]string{}
		for _, pp := range x.b.Parties {
			if x.group[pp.Party] == "" {
				continue
			}
			for _, m := range pp.Party.Members {
				if !strings.HasPrefix(m, "group:") && strings.Contains(m, "@") {
					l, _, _ := strings.Cut(strings.ToLower(m), "@")
					if !slices.Contains(local[l], strings.ToLower(m)) {
						local[l] = append(local[l], strings.ToLower(m))
					}
				}
			}
		}
		for l, emails := range local {
			for _, em := range emails {
				if len(emails) == 1 {
					x.userOf[em] = Name(l)
				} else {
					x.userOf[em] = Name(strings.ReplaceAll(em, "@", "_"))
				}
			}
		}
	}
	return x.userOf[strings.ToLower(email)]
}

func (x *exporter) users() []Entity {
	memberOf := map[string][]string{}
	email := map[string]string{}
	for _, pp := range x.b.Parties {
		g := x.group[pp.Party]
		if g == "" {
			continue
		}
		for _, m := range pp.Party.Members {
			if strings.HasPrefix(m, "group:") || !strings.Contains(m, "@") {
				continue
			}
			n := x.userName(m)
			email[n] = strings.ToLower(m)
			if !slices.Contains(memberOf[n], "group:"+g) {
				memberOf[n] = append(memberOf[n], "group:"+g)
			}
		}
	}
	names := make([]string, 0, len(email))
	for n := range email {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Entity
	for _, n := range names {
		out = append(out, Entity{APIVersion: APIVersion, Kind: "User",
			Metadata: Metadata{Name: n, Annotations: map[string]string{"demarc.dev/email": email[n]}},
			Spec:     UserSpec{Profile: &Profile{Email: email[n]}, MemberOf: memberOf[n]}})
	}
	return out
}

// duty is one group of duties as the raci annotation writes it.
type duty struct {
	Activity    string   `json:"activity"`
	Name        string   `json:"name"`
	Grain       string   `json:"grain"`
	Where       string   `json:"where,omitempty"`
	Services    []string `json:"services,omitempty"`
	Side        string   `json:"side,omitempty"`
	Outcome     string   `json:"outcome"`
	Rule        string   `json:"rule,omitempty"`
	Responsible []string `json:"responsible,omitempty"`
	Accountable []string `json:"accountable,omitempty"`
	Consulted   []string `json:"consulted,omitempty"`
	Informed    []string `json:"informed,omitempty"`
}

func (x *exporter) duty(a *model.Activity, grain model.Grain, where string, services []string, as *view.Assignment) duty {
	d := duty{Activity: a.ID, Name: oneLine(a.Name), Grain: string(grain), Where: where, Services: services, Side: string(as.Side), Outcome: as.Outcome.String()}
	if as.Rule != nil {
		d.Rule = as.Rule.ID
	}
	refs := func(ps []*model.Party) []string {
		var out []string
		for _, p := range ps {
			out = append(out, x.ref(p))
		}
		return out
	}
	d.Responsible, d.Accountable, d.Consulted, d.Informed = refs(as.Responsible), refs(as.Accountable), refs(as.Consulted), refs(as.Informed)
	return d
}

// annotate adds the role and raci annotations of duties to ann.
func annotate(ann map[string]string, duties []duty) {
	roles := map[string][]string{}
	for _, d := range duties {
		for role, list := range map[string][]string{"responsible": d.Responsible, "accountable": d.Accountable, "consulted": d.Consulted, "informed": d.Informed} {
			for _, r := range list {
				if !slices.Contains(roles[role], r) {
					roles[role] = append(roles[role], r)
				}
			}
		}
	}
	for role, list := range roles {
		slices.Sort(list)
		ann[AnnotationRole+role] = strings.Join(list, ", ")
	}
	if len(duties) > 0 {
		data, _ := json.Marshal(duties) // plain strings: cannot fail
		ann[AnnotationRACI] = string(data)
	}
}

func (x *exporter) system(zp *view.ZonePage) Entity {
	z := zp.Zone
	ann := map[string]string{AnnotationLandingZone: z.ID}
	var duties []duty
	for _, za := range zp.Activities {
		for _, g := range za.Groups {
			var svc []string
			if g.Grain == model.GrainService && !g.AllServices {
				for _, s := range g.Services() {
					svc = append(svc, s.ID)
				}
			}
			where := g.Where()
			if g.Grain == model.GrainService && g.AllServices {
				where = "every service of the landing zone"
			}
			duties = append(duties, x.duty(za.Activity, g.Grain, where, svc, g.Assignment))
		}
	}
	annotate(ann, duties)
	return Entity{APIVersion: APIVersion, Kind: "System",
		Metadata: Metadata{Name: Name(z.ID), Title: oneLine(z.Name), Description: oneLine(z.Description), Annotations: ann, Tags: []string{"landing-zone"},
			Links: x.link("landing-zones/"+z.ID+".html", "Landing zone in demarc")},
		Spec: SystemSpec{Owner: "group:" + x.group[zp.Owner], Type: "landing-zone"}}
}

// offering is a service as a landing zone offers it: owned by the party
// that runs the zone, with the duties of the service there.
func (x *exporter) offering(zp *view.ZonePage, s *model.Service) Entity {
	ann := map[string]string{AnnotationLandingZone: zp.Zone.ID, AnnotationService: s.ID, AnnotationProvider: s.Provider.ID}
	var duties []duty
	if sp := x.b.ServiceByID(s.ID); sp != nil {
		// Split is arranged on each call; services are offered by several
		// landing zones.
		rows, ok := x.split[s]
		if !ok {
			if x.split == nil {
				x.split = map[*model.Service][]view.SplitRow{}
			}
			rows = sp.Split()
			x.split[s] = rows
		}
		for _, row := range rows {
			for _, ans := range row.Answers {
				if slices.Contains(ans.Zones, zp.Zone) {
					duties = append(duties, x.duty(row.Activity, model.GrainService, "", nil, ans.Assignment))
				}
			}
		}
	}
	annotate(ann, duties)
	// The duties are in the System's raci annotation (with their
	// services); repeating them per service would multiply the catalog.
	delete(ann, AnnotationRACI)
	return Entity{APIVersion: APIVersion, Kind: "Resource",
		Metadata: Metadata{Name: Name(zp.Zone.ID + "." + s.ID), Title: oneLine(s.Name + " in " + zp.Zone.Name), Description: oneLine(s.Description),
			Annotations: ann, Tags: []string{"cloud-service"}, Links: x.link("services/"+s.ID+".html", "Service in demarc")},
		Spec: ResourceSpec{Type: "cloud-service", Owner: "group:" + x.group[zp.Owner], System: Name(zp.Zone.ID)}}
}

// tenant is a tenant as a Resource owned by its owning party. Its duties
// depend on rules scoped to the tenant, which the API resolves
// (GET /api/v1/tenants/ID); the entity links there.
func (x *exporter) tenant(zp *view.ZonePage, t *model.Tenant) (Entity, bool) {
	owner := x.b.PartyByID(t.Owner.ID)
	if owner == nil {
		return Entity{}, false // a dangling owner, reported by check
	}
	ann := map[string]string{AnnotationTenant: t.ID, AnnotationProvider: t.Provider.ID, AnnotationLandingZone: zp.Zone.ID}
	e := Entity{APIVersion: APIVersion, Kind: "Resource",
		Metadata: Metadata{Name: Name(t.Provider.ID + "-" + t.ID), Title: oneLine(t.Name), Annotations: ann, Tags: []string{"tenant"}},
		Spec:     ResourceSpec{Type: "cloud-tenant", Owner: x.ref(owner.Party), System: Name(zp.Zone.ID)}}
	if x.group[owner.Party] == "" {
		e.Spec = ResourceSpec{Type: "cloud-tenant", Owner: "group:" + Name(owner.Party.ID), System: Name(zp.Zone.ID)}
	}
	if x.api != "" {
		e.Metadata.Links = append(e.Metadata.Links, Link{URL: x.api + "/api/v1/tenants/" + t.ID, Title: "Resolved duties (demarc API)", Type: "demarc-api"})
	}
	return e, true
}

const header = "# Written by demarc export backstage; edit the demarc model, not this file.\n"

// WriteYAML writes the entities as one YAML stream, one document each.
func (c *Catalog) WriteYAML(w io.Writer) error {
	if _, err := io.WriteString(w, header); err != nil {
		return err
	}
	for i, e := range c.Entities {
		if i > 0 {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		if err := encodeYAML(w, e); err != nil {
			return err
		}
	}
	return nil
}

func encodeYAML(w io.Writer, e Entity) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(e); err != nil {
		return fmt.Errorf("entity %s %s: %w", e.Kind, e.Metadata.Name, err)
	}
	return enc.Close()
}

// Count returns the number of entities per kind, e.g. "12 Groups".
func (c *Catalog) Count() string {
	n := map[string]int{}
	var kinds []string
	for _, e := range c.Entities {
		if n[e.Kind] == 0 {
			kinds = append(kinds, e.Kind)
		}
		n[e.Kind]++
	}
	var parts []string
	for _, k := range kinds {
		parts = append(parts, strconv.Itoa(n[k])+" "+k)
	}
	return strings.Join(parts, ", ")
}
