package load

import "github.com/demarc-dev/demarc/diag"

// InventoryConfig is the "inventory" section of .demarc.yaml: how an
// account of a cloud inventory becomes a tenant, for `demarc import
// tenants` and `demarc check --inventory`.
type InventoryConfig struct {
	// OwnerTag is the tag (GCP: label) whose value names the owner: a
	// party id, or a member's or contact's e-mail address.
	OwnerTag string `yaml:"owner_tag,omitempty" json:"owner_tag,omitempty" jsonschema_description:"The tag or label that names the owner: a party id or a member's e-mail (GCP labels cannot hold e-mails)."`
	// LandingZoneTag is the tag whose value is a landing zone id; it wins
	// over LandingZones.
	LandingZoneTag string `yaml:"landing_zone_tag,omitempty" json:"landing_zone_tag,omitempty"`
	// LandingZones maps an AWS OU or root id, an Azure management group
	// name or a GCP folders/N or organizations/N to a landing zone; the
	// account's nearest mapped container decides.
	LandingZones map[string]string `yaml:"landing_zones,omitempty" json:"landing_zones,omitempty"`

	LandingZonesPos map[string]diag.Range `yaml:"-" json:"-" keypos:"landing_zones"`
	Pos             diag.Range            `yaml:"-" json:"-"`
}
