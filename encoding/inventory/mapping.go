package inventory

import (
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// Mapping says how an account becomes a tenant: which tag names its owner
// and which tag or container gives its landing zone (the "inventory"
// section of .demarc.yaml, or flags).
type Mapping struct {
	OwnerTag       string
	LandingZoneTag string
	// LandingZones maps container ids (Account.Parents) to landing zones.
	LandingZones map[string]string
	// LandingZonePos locates each key of LandingZones, for diagnostics.
	LandingZonePos map[string]diag.Range
}

// LandingZone is the landing zone the mapping gives a, and what gave it
// ("tag landing-zone=…", "ou-… "); empty when nothing maps it. The tag
// wins; else the nearest mapped container.
func (mp *Mapping) LandingZone(a *Account) (id, from string) {
	if mp.LandingZoneTag != "" {
		if v, ok := a.Tags.Get(mp.LandingZoneTag); ok && v != "" {
			return v, "tag " + mp.LandingZoneTag + "=" + v
		}
	}
	for _, p := range a.Parents {
		if lz, ok := mp.LandingZones[p]; ok {
			return lz, containerWord[a.Provider] + " " + p
		}
	}
	return "", ""
}

var containerWord = map[string]string{AWS: "organizational unit", Azure: "management group", GCP: "container"}

// OwnerValue is the value of the owner tag of a, if it has one.
func (mp *Mapping) OwnerValue(a *Account) (string, bool) {
	if mp.OwnerTag == "" {
		return "", false
	}
	v, ok := a.Tags.Get(mp.OwnerTag)
	return v, ok && v != ""
}

// Owners finds the party an owner tag names: a party id, or the e-mail
// address of a party's member or contact (case-insensitive). GCP label
// values cannot hold an e-mail address, so GCP labels name party ids.
type Owners struct {
	byID    map[string]bool
	byEmail map[string]string
}

// NewOwners indexes the parties of m that can own a tenant: not provider
// parties and not the tenant-owner placeholder. An address that two
// parties list goes to a party that has it as a member before one that
// has it as a contact, and then to the smaller party id.
func NewOwners(m *model.Model) *Owners {
	o := &Owners{byID: map[string]bool{}, byEmail: map[string]string{}}
	parties := slices.Clone(m.Parties)
	slices.SortFunc(parties, func(a, b *model.Party) int { return strings.Compare(a.ID, b.ID) })
	var owners []*model.Party
	for _, p := range parties {
		if p.IsProvider() || p.Placeholder || p.ID == model.TenantOwner {
			continue
		}
		owners = append(owners, p)
		o.byID[p.ID] = true
	}
	add := func(email, party string) {
		email = strings.ToLower(strings.TrimSpace(email))
		if _, taken := o.byEmail[email]; email != "" && !taken {
			o.byEmail[email] = party
		}
	}
	for _, p := range owners {
		for _, mem := range p.Members {
			if strings.Contains(mem, "@") && !strings.HasPrefix(mem, "group:") {
				add(mem, p.ID)
			}
		}
	}
	for _, p := range owners {
		for _, c := range p.Contacts {
			add(c.Email, p.ID)
		}
	}
	return o
}

// Party returns the party id value names.
func (o *Owners) Party(value string) (string, bool) {
	value = strings.TrimSpace(value)
	if o.byID[value] {
		return value, true
	}
	id, ok := o.byEmail[strings.ToLower(value)]
	return id, ok
}
