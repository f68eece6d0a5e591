package main

import (
	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
	"github.com/demarc-dev/demarc/load"
)

// mappingOf is the inventory mapping of the project configuration.
func mappingOf(c *load.InventoryConfig) *inventory.Mapping {
	if c == nil {
		return &inventory.Mapping{LandingZones: map[string]string{}, LandingZonePos: map[string]diag.Range{}}
	}
	mp := &inventory.Mapping{OwnerTag: c.OwnerTag, LandingZoneTag: c.LandingZoneTag,
		LandingZones: map[string]string{}, LandingZonePos: map[string]diag.Range{}}
	for k, v := range c.LandingZones {
		mp.LandingZones[k] = v
		mp.LandingZonePos[k] = c.LandingZonesPos[k]
	}
	return mp
}

// reconcile reads the inventory files (each file's provider told from its
// shape) and reconciles the model with them, as `check --inventory`
// does. A model that did not load cleanly, or an inventory with errors,
// is not reconciled: missing tenants or accounts would be reported as
// findings that are not there.
func reconcile(l *loaded, files []string, opts check.Options) diag.Diagnostics {
	inv, ids := inventory.ReadFiles(files, "", inventory.DefaultLimits)
	ds := check.ApplySeverity(ids, opts)
	if !ids.HasErrors() && !l.diags.HasErrors() {
		ds = append(ds, check.Inventory(l.model, inv, mappingOf(l.project.Inventory), opts)...)
	}
	inv.SourcesFor(ds, files, inventory.DefaultLimits)
	for name, data := range inv.Sources {
		l.model.Sources[name] = data
	}
	return ds
}
