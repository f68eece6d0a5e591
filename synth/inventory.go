package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/demarc-dev/demarc/model"
)

// InventoryMapping is the .demarc.yaml section that maps the containers
// WriteInventory puts accounts in back to their landing zones.
func InventoryMapping(zones []string) string {
	s := "inventory:\n  owner_tag: owner\n  landing_zones:\n"
	for i, z := range zones {
		s += fmt.Sprintf("    %s: %s\n    %s: %s\n    %q: %s\n", awsOU(i), z, "mg-"+z, z, gcpFolder(i), z)
	}
	return s
}

func awsOU(i int) string     { return fmt.Sprintf("ou-synt-%08d", i) }
func gcpFolder(i int) string { return fmt.Sprintf("folders/%d", 400000000000+i) }

// inventoryShapes are the text around the records, per provider.
var inventoryShapes = map[string][2]string{
	"aws":   {"{\n    \"Accounts\": [\n", "\n    ]\n}\n"},
	"azure": {"{\n  \"data\": [\n", "\n  ],\n  \"skip_token\": null\n}\n"},
	"gcp":   {"[\n", "\n]\n"},
}

// WriteInventory writes, as the provider's CLI prints it, one account for
// every tenant of provider (owner tag, the tenant's tags, padded to ten,
// and the container of its landing zone, numbered by zones) and extra
// accounts no tenant covers. AWS is `aws organizations list-accounts` with
// tags and parents merged in, Azure a Resource Graph result, GCP `gcloud
// projects list --format=json`. The same input gives the same bytes.
func WriteInventory(w io.Writer, provider string, tenants []*model.Tenant, zones []string, extra int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	zoneIndex := map[string]int{}
	for i, z := range zones {
		zoneIndex[z] = i
	}
	shape, ok := inventoryShapes[provider]
	if !ok {
		return fmt.Errorf("synth: no inventory shape for provider %q", provider)
	}
	open, closing := shape[0], shape[1]
	bw.WriteString(open)
	n := 0
	write := func(rec any) error {
		if n > 0 {
			bw.WriteString(",\n")
		}
		n++
		b, err := json.MarshalIndent(rec, "        ", "    ")
		if err != nil {
			return err
		}
		bw.WriteString("        ")
		_, err = bw.Write(b)
		return err
	}
	account := func(id, name, owner string, zone int, tags []model.Tag) any {
		tags = append([]model.Tag{{Key: "owner", Value: owner}}, tags...)
		for i := len(tags); i < 10; i++ {
			tags = append(tags, model.Tag{Key: fmt.Sprintf("synthetic-%d", i), Value: fmt.Sprintf("value-%d", i)})
		}
		switch provider {
		case "aws":
			type kv struct{ Key, Value string }
			var ts []kv
			for _, t := range tags {
				ts = append(ts, kv{t.Key, t.Value})
			}
			return map[string]any{"Id": id, "Arn": "arn:aws:organizations::999999999999:account/o-synthetic/" + id,
				"Email": "aws+" + id + "@example.com", "Name": name, "Status": "ACTIVE", "State": "ACTIVE",
				"JoinedMethod": "CREATED", "JoinedTimestamp": "2025-01-01T00:00:00.000000+00:00",
				"Tags": ts, "Parents": []map[string]string{{"Id": awsOU(zone), "Type": "ORGANIZATIONAL_UNIT"}}}
		case "azure":
			m := map[string]string{}
			for _, t := range tags {
				m[t.Key] = t.Value
			}
			return map[string]any{"id": "/subscriptions/" + id, "name": name, "type": "microsoft.resources/subscriptions",
				"subscriptionId": id, "tags": m, "properties": map[string]any{"state": "Enabled",
					"managementGroupAncestorsChain": []map[string]string{{"name": "mg-" + zoneName(zones, zone), "displayName": zoneName(zones, zone)}}}}
		default:
			m := map[string]string{}
			for _, t := range tags {
				m[t.Key] = t.Value
			}
			return map[string]any{"projectId": id, "projectNumber": "1", "name": name, "labels": m, "lifecycleState": "ACTIVE",
				"parent": map[string]string{"type": "folder", "id": gcpFolder(zone)[len("folders/"):]}}
		}
	}
	for _, t := range tenants {
		if t.Provider.ID != provider {
			continue
		}
		if err := write(account(t.ID, t.Name, t.Owner.ID, zoneIndex[t.LandingZone.ID], t.Tags.List())); err != nil {
			return err
		}
	}
	for i := range extra {
		var id string
		switch provider {
		case "aws":
			id = fmt.Sprintf("9%011d", i)
		case "azure":
			id = fmt.Sprintf("00000000-0000-4000-8000-%012x", i)
		default:
			id = fmt.Sprintf("untracked-%08d", i)
		}
		if err := write(account(id, fmt.Sprintf("untracked-%d", i), "team-untracked", i%max(len(zones), 1), nil)); err != nil {
			return err
		}
	}
	bw.WriteString(closing)
	return bw.Flush()
}

func zoneName(zones []string, i int) string {
	if i < len(zones) {
		return zones[i]
	}
	return "none"
}
