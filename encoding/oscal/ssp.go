package oscal

import (
	"slices"
	"time"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// notCategorised fills the fields OSCAL 1.0 requires but the model does
// not know (sensitivity and impact levels): the plans are skeletons for
// the security team to complete, and say so in their remarks.
const notCategorised = "not-categorised"

const skeletonRemarks = "demarc does not categorise systems: replace the security sensitivity level, the information type and the impact levels marked not-categorised."

func (e *exporter) characteristics(id, name, desc, boundary string) SystemCharacteristics {
	return SystemCharacteristics{
		SystemIDs:                []SystemID{{IdentifierType: NS, ID: id}},
		SystemName:               oneLine(name),
		Description:              desc,
		SecuritySensitivityLevel: notCategorised,
		SystemInformation: SystemInformation{InformationTypes: []InformationType{{
			UUID: e.ids.of("information-type", id), Title: "Not categorised",
			Description:           "The information this system handles is not categorised in the shared responsibility model.",
			ConfidentialityImpact: Impact{Base: notCategorised}, IntegrityImpact: Impact{Base: notCategorised}, AvailabilityImpact: Impact{Base: notCategorised},
		}}},
		SecurityImpactLevel:   SecurityImpactLevel{Confidentiality: notCategorised, Integrity: notCategorised, Availability: notCategorised},
		Status:                Status{State: "operational"},
		AuthorizationBoundary: Described{Description: boundary},
		Remarks:               skeletonRemarks,
	}
}

// profile is the import-profile of a plan answering framework f: a
// back-matter resource naming it (and its catalog, when published).
func (e *exporter) profile(f framework) (ImportProfile, *BackMatter) {
	r := frameworkResource(e.ids, f)
	return ImportProfile{Href: "#" + r.UUID, Remarks: "The plan answers " + f.Title + "; point this at the baseline profile the organisation uses."}, &BackMatter{Resources: []Resource{r}}
}

// users lists, per party named in roles, a user with the roles it holds.
func (e *exporter) users(doc string, rrs [][]ResponsibleRole) []User {
	byParty := map[string][]string{}
	var order []string
	for _, list := range rrs {
		for _, rr := range list {
			for _, p := range rr.PartyUUIDs {
				if _, ok := byParty[p]; !ok {
					order = append(order, p)
				}
				if !slices.Contains(byParty[p], rr.RoleID) {
					byParty[p] = append(byParty[p], rr.RoleID)
				}
			}
		}
	}
	title := map[string]string{}
	for _, p := range e.parties {
		title[p.UUID] = p.Name
	}
	var out []User
	for _, p := range order {
		out = append(out, User{UUID: e.ids.of("user", doc, p), Title: orDefault(title[p], "Party"), RoleIDs: byParty[p]})
	}
	if len(out) == 0 {
		out = []User{{UUID: e.ids.of("user", doc, "none"), Title: "No party holds a role in this plan"}}
	}
	return out
}

// leveraged is the cloud foundation's plan: per control, per landing zone
// (and for the organisation's duties, the foundation itself), what the
// foundation and the providers provide and what they leave to the
// tenants' owners.
func (e *exporter) leveraged(f framework, items []*item) *SSPDocument {
	b := e.b
	org := orDefault(b.Organisation.Name, "The organisation")
	ssp := &SSP{UUID: e.ids.of("ssp", "foundation", f.ID), Metadata: e.metadata(org + " cloud foundation: leveraged system security plan (" + f.Title + ")")}
	ssp.ImportProfile, ssp.BackMatter = e.profile(f)
	ssp.SystemCharacteristics = e.characteristics("cloud-foundation", org+" cloud foundation",
		"The landing zones, the services they offer and the teams and providers that run them. Application teams build on it: each landing zone's leveraging plan inherits what this plan provides and satisfies what it leaves to the tenants' owners.",
		"Everything the landing zones provide up to the border with the tenants, as the shared responsibility model draws it.")
	this := SystemComponent{UUID: e.ids.of("foundation", "this-system"), Type: "this-system", Title: oneLine(org + " cloud foundation"),
		Description: "The cloud foundation as a whole; it holds the duties without a landing zone (per provider and organisation-wide).", Status: Status{State: "operational"}}
	comps := []SystemComponent{this}
	for _, zp := range b.LandingZones {
		c := SystemComponent{UUID: e.zoneComponent(zp), Type: "service", Title: oneLine("Landing zone " + orDefault(zp.Zone.Name, zp.Zone.ID)),
			Description: prose(zp.Zone.Description, "The landing zone "+orDefault(zp.Zone.Name, zp.Zone.ID)+"."),
			Props:       []Prop{{Name: "landing-zone", NS: NS, Value: zp.Zone.ID}, {Name: "implementation-point", Value: "internal"}},
			Status:      Status{State: "operational"}}
		if zp.Owner != nil {
			c.ResponsibleRoles = []ResponsibleRole{{RoleID: "accountable", PartyUUIDs: []string{e.partyUUID(zp.Owner)}}}
		}
		comps = append(comps, c)
	}
	var all [][]ResponsibleRole
	for _, reqItems := range byControl(items) {
		req := ImplementedRequirement{UUID: e.ids.of("ssp", "foundation", f.ID, "control", reqItems[0].control), ControlID: reqItems[0].control,
			Props: []Prop{{Name: "label", NS: NS, Value: oneLine(reqItems[0].label)}}}
		byComp := map[string]*ByComponent{}
		var compOrder []string
		for _, it := range reqItems {
			cu, title := this.UUID, "the cloud foundation"
			if it.zone != nil {
				cu, title = e.zoneComponent(it.zone), "the landing zone "+orDefault(it.zone.Zone.Name, it.zone.Zone.ID)
			}
			bc := byComp[cu]
			if bc == nil {
				bc = &ByComponent{ComponentUUID: cu, UUID: e.ids.of("ssp", "foundation", f.ID, "control", it.control, "component", cu),
					Description: "What " + title + " and its providers do for " + oneLine(it.label) + ", and what they leave to the tenants' owners.", Export: &Export{}}
				byComp[cu] = bc
				compOrder = append(compOrder, cu)
			}
			rr := e.raci(it.group.Assignment, nil)
			all = append(all, rr)
			if it.provided {
				bc.Export.Provided = append(bc.Export.Provided, Provided{UUID: it.providedUUID, Description: it.what() + " " + who(it.group.Assignment),
					Props: itemProps(it), ResponsibleRoles: rr, Remarks: why(it.group.Assignment)})
			}
			if it.leaves {
				r := Responsibility{UUID: it.responsibilityUUID, ProvidedUUID: it.providedUUID, Description: it.what() + " " + who(it.group.Assignment),
					Props: itemProps(it), ResponsibleRoles: rr, Remarks: why(it.group.Assignment)}
				bc.Export.Responsibilities = append(bc.Export.Responsibilities, r)
			}
		}
		for _, cu := range compOrder {
			req.ByComponents = append(req.ByComponents, *byComp[cu])
		}
		ssp.ControlImplementation.ImplementedRequirements = append(ssp.ControlImplementation.ImplementedRequirements, req)
	}
	ssp.ControlImplementation.Description = "Per " + f.Title + " control the model's activities map, what the foundation and the providers provide (export.provided) and what they leave to the tenants' owners (export.responsibilities), per landing zone."
	ssp.SystemImplementation = SystemImplementation{Users: e.users("foundation", all), Components: comps}
	return &SSPDocument{SystemSecurityPlan: ssp}
}

func itemProps(it *item) []Prop {
	g := it.group
	ps := []Prop{{Name: "activity", NS: NS, Value: g.Activity.ID}, {Name: "grain", NS: NS, Value: string(g.Grain)}, {Name: "outcome", NS: NS, Value: g.Assignment.Outcome.String()}}
	if g.Assignment.Side != "" {
		ps = append(ps, Prop{Name: "side", NS: NS, Value: string(g.Assignment.Side)})
	}
	if it.zone != nil {
		ps = append(ps, Prop{Name: "landing-zone", NS: NS, Value: it.zone.Zone.ID})
	}
	for _, p := range g.Providers {
		ps = append(ps, Prop{Name: "provider", NS: NS, Value: p.ID})
	}
	return ps
}

func (e *exporter) zoneComponent(zp *view.ZonePage) string {
	return e.ids.of("foundation", "zone", zp.Zone.ID)
}

// byControl splits items sorted by control into runs of one control.
func byControl(items []*item) [][]*item {
	var out [][]*item
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && items[j].control == items[i].control {
			j++
		}
		out = append(out, items[i:j])
		i = j
	}
	return out
}

// leveraging is landing zone zp's plan: it leverages the foundation's,
// inherits the items provided for the zone and satisfies the
// responsibilities left to its tenants' owners, naming them.
func (e *exporter) leveraging(f framework, zp *view.ZonePage, items []*item) *SSPDocument {
	b, z := e.b, zp.Zone
	org := orDefault(b.Organisation.Name, "The organisation")
	zname := orDefault(z.Name, z.ID)
	doc := "zone/" + z.ID
	ssp := &SSP{UUID: e.ids.of("ssp", doc, f.ID), Metadata: e.metadata("Applications in the landing zone " + zname + ": leveraging system security plan (" + f.Title + ")")}
	ssp.ImportProfile, ssp.BackMatter = e.profile(f)
	ssp.BackMatter.Resources = append(ssp.BackMatter.Resources, Resource{UUID: e.ids.of("resource", "foundation-ssp", f.ID),
		Title: "The leveraged system security plan of the " + org + " cloud foundation", RLinks: []RLink{{Href: LeveragedFile(f.ID), MediaType: "application/oscal.ssp+json"}}})
	ssp.SystemCharacteristics = e.characteristics("landing-zone-"+z.ID, "Applications in "+zname,
		prose(z.Description, "The applications in the landing zone "+zname+"."),
		"The tenants of the landing zone "+zname+" and what their owners run in them, above the border with the cloud foundation.")
	owner := e.orgParty
	if zp.Owner != nil {
		owner = e.partyUUID(zp.Owner)
	}
	auth := LeveragedAuthorization{UUID: e.ids.of("leveraged-authorization", doc, f.ID), Title: oneLine(org + " cloud foundation, landing zone " + zname),
		Links: []Link{{Href: "#" + ssp.BackMatter.Resources[1].UUID, Rel: "oscal-ssp-json"}}, PartyUUID: owner,
		DateAuthorized: e.modified.Format(time.DateOnly),
		Remarks:        "The date is the model's latest decision; the model records no authorization."}
	this := SystemComponent{UUID: e.ids.of(doc, "this-system"), Type: "this-system", Title: oneLine("Applications in " + zname),
		Description: "The applications the tenants' owners run in the landing zone " + zname + ".", Status: Status{State: "operational"}}
	leveraged := SystemComponent{UUID: e.ids.of(doc, "leveraged"), Type: "system", Title: oneLine(org + " cloud foundation: " + zname),
		Description: "The landing zone as the cloud foundation provides it.", Status: Status{State: "operational"},
		Props: []Prop{{Name: "implementation-point", Value: "external"}, {Name: "leveraged-authorization-uuid", Value: auth.UUID}, {Name: "inherited-uuid", Value: e.zoneComponent(zp)}}}
	owners := tenantOwners(zp)
	var all [][]ResponsibleRole
	for _, reqItems := range byControl(items) {
		req := ImplementedRequirement{UUID: e.ids.of("ssp", doc, f.ID, "control", reqItems[0].control), ControlID: reqItems[0].control,
			Props: []Prop{{Name: "label", NS: NS, Value: oneLine(reqItems[0].label)}}}
		inh := ByComponent{ComponentUUID: leveraged.UUID, UUID: e.ids.of("ssp", doc, f.ID, "control", reqItems[0].control, "inherited"),
			Description: "What the applications inherit from the cloud foundation for " + oneLine(reqItems[0].label) + "."}
		sat := ByComponent{ComponentUUID: this.UUID, UUID: e.ids.of("ssp", doc, f.ID, "control", reqItems[0].control, "satisfied"),
			Description: "What the tenants' owners do themselves for " + oneLine(reqItems[0].label) + "."}
		for _, it := range reqItems {
			if !it.inheritedBy(zp) {
				continue
			}
			if it.provided {
				inh.Inherited = append(inh.Inherited, Inherited{UUID: e.ids.of("inherited", doc, it.key), ProvidedUUID: it.providedUUID, Description: it.what() + " " + who(it.group.Assignment)})
			}
			if !it.leaves {
				continue
			}
			rr := e.satisfiers(it, owners)
			if len(rr) == 0 {
				continue // in Report.Unsatisfied
			}
			all = append(all, rr)
			sat.Satisfied = append(sat.Satisfied, Satisfied{UUID: e.ids.of("satisfied", doc, it.key), ResponsibilityUUID: it.responsibilityUUID,
				Description: it.what() + " " + who(it.group.Assignment), ResponsibleRoles: rr})
		}
		if len(inh.Inherited) > 0 {
			req.ByComponents = append(req.ByComponents, inh)
		}
		if len(sat.Satisfied) > 0 {
			req.ByComponents = append(req.ByComponents, sat)
		}
		if len(req.ByComponents) > 0 {
			ssp.ControlImplementation.ImplementedRequirements = append(ssp.ControlImplementation.ImplementedRequirements, req)
		}
	}
	ssp.ControlImplementation.Description = "Per " + f.Title + " control, what the applications in " + zname + " inherit from the cloud foundation (inherited, by provided UUID) and what their owners do themselves (satisfied, by responsibility UUID)."
	ssp.SystemImplementation = SystemImplementation{LeveragedAuthorizations: []LeveragedAuthorization{auth}, Users: e.users(doc, all), Components: []SystemComponent{this, leveraged}}
	return &SSPDocument{SystemSecurityPlan: ssp}
}

// satisfiers are the application parties holding an item's roles in a
// landing zone whose tenants owners own; none for a gap or conflict.
func (e *exporter) satisfiers(it *item, owners []string) []ResponsibleRole {
	return resolveOwners(e, e.raci(it.group.Assignment, applicationSide), owners)
}

// tenantOwners are the parties owning the zone's tenants, in tenant order.
func tenantOwners(zp *view.ZonePage) []string {
	var out []string
	for _, t := range zp.Tenants {
		if t.Owner.ID != "" && !slices.Contains(out, t.Owner.ID) {
			out = append(out, t.Owner.ID)
		}
	}
	return out
}

// resolveOwners replaces the tenant-owner placeholder with the owners of
// the zone's tenants; with no tenants it stays.
func resolveOwners(e *exporter, rrs []ResponsibleRole, owners []string) []ResponsibleRole {
	if len(owners) == 0 {
		return rrs
	}
	placeholder := e.ids.of("party", model.TenantOwner)
	for i, rr := range rrs {
		j := slices.Index(rr.PartyUUIDs, placeholder)
		if j < 0 {
			continue
		}
		uuids := slices.Clone(rr.PartyUUIDs[:j])
		for _, o := range owners {
			if e.b.PartyByID(o) == nil {
				continue // a dangling owner, reported by check
			}
			if u := e.ids.of("party", o); !slices.Contains(uuids, u) {
				uuids = append(uuids, u)
			}
		}
		for _, u := range rr.PartyUUIDs[j+1:] {
			if !slices.Contains(uuids, u) {
				uuids = append(uuids, u)
			}
		}
		rrs[i].PartyUUIDs = uuids
	}
	return rrs
}
