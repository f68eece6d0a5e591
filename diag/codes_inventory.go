package diag

// The inventory codes, DM7xx: what the clouds' own account lists say
// against the model's tenants (`demarc check --inventory`,
// `demarc import tenants`).
const (
	InvalidInventory    Code = "DM701"
	DuplicateAccount    Code = "DM702"
	UntrackedAccount    Code = "DM703"
	MissingAccount      Code = "DM704"
	ClosedAccount       Code = "DM705"
	UnknownOwnerTag     Code = "DM706"
	OwnerMismatch       Code = "DM707"
	LandingZoneMismatch Code = "DM708"
	UnreachableOwner    Code = "DM709"
)

func init() {
	register(InvalidInventory, "invalid-inventory", Error, "An inventory file is not the JSON a provider's CLI prints")
	register(DuplicateAccount, "duplicate-account", Error, "One account appears twice in the inventory")
	register(UntrackedAccount, "untracked-account", Error, "A cloud account is covered by no tenant of the model")
	register(MissingAccount, "missing-account", Warning, "A tenant's account is not in the inventory")
	register(ClosedAccount, "closed-account", Warning, "A tenant's account is closed or suspended in the cloud")
	register(UnknownOwnerTag, "unknown-owner-tag", Warning, "An account's owner tag names no party")
	register(OwnerMismatch, "owner-mismatch", Warning, "An account's owner tag disagrees with the tenant's owner")
	register(LandingZoneMismatch, "landing-zone-mismatch", Warning, "An account's OU, management group or folder puts it in another landing zone")
	register(UnreachableOwner, "unreachable-owner", Warning, "A tenant's owner has neither members nor contacts")

	explanations[InvalidInventory] = `
An inventory file given to "demarc check --inventory" or "demarc import
tenants" is not what the provider's own CLI or API prints: it is not JSON,
it is truncated, it holds another provider's shape, a record has a field of
the wrong type, an id that is not an account id of that provider, a name with
control characters, or a tag value far longer than any provider allows. The
message names the file, the position and the JSON path of the record.

An inventory that cannot be read would make every account in it look
missing, and every tenant stale; demarc reports the file instead and imports
nothing.

~~~json
{"Accounts": [{"Id": "12345", "Name": "shop-prod", "State": "ACTIVE"}]}
~~~

("12345" is not a 12-digit AWS account id: DM701 at Accounts[0].Id.)

Fix: export the inventory again with the provider's CLI, in JSON, and give
the provider that printed it: "aws organizations list-accounts --output
json", "az graph query -q ..." or "az account list", "gcloud projects list
--format=json".
`

	explanations[DuplicateAccount] = `
The same account id appears twice in the inventory files: two pages of a
paginated listing that overlap, one file given twice, or two exports of
different days. demarc cannot know which record is current.

~~~json
{"Accounts": [
  {"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE"},
  {"Id": "111122223333", "Name": "shop-prod", "State": "SUSPENDED"}
]}
~~~

(the second record is DM702; the first is named as related.)

Fix: give each page of a listing once, and only pages of one export.
`

	explanations[UntrackedAccount] = `
An account, subscription or project exists in the cloud but no tenant of the
model covers it, so nobody owns it: nobody patches what runs there, watches
its bill, or decommissions it. These are the zombie accounts of an
organisation. The diagnostic points at the account in the inventory file.
Closed and suspended accounts without a tenant are not reported.

~~~yaml
# tenants.yaml
tenants:
  - {id: "111122223333", provider: aws, landing_zone: cloud-native, owner: app-team}
# accounts.json
{"Accounts": [
  {"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE"},
  {"Id": "444455556666", "Name": "forgotten-poc", "State": "ACTIVE"}  # DM703
]}
~~~

(The comment marks the line; inventory files are the providers' JSON.)

Fix: add the tenant with its owner and landing zone (by hand, or with
"demarc import tenants aws FILE -o tenants/aws.csv"), or close the account.
`

	explanations[MissingAccount] = `
A tenant of the model names an account that the inventory of its provider
does not list: the account was closed and removed, moved to another
organisation, or the id is mistyped. Only providers the inventory covers are
compared; tenants of other providers are not reported.

~~~yaml
# tenants.yaml
tenants:
  - {id: "111122223333", provider: aws, landing_zone: cloud-native, owner: app-team}
  - {id: "999999999999", provider: aws, landing_zone: cloud-native, owner: app-team} # DM704
# accounts.json
{"Accounts": [{"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE"}]}
~~~

Fix: remove the tenant when the account is gone, or correct its id.
`

	explanations[ClosedAccount] = `
The model holds a tenant as live, but the provider reports its account as
suspended, pending closure, closed or deleted (AWS SUSPENDED,
PENDING_CLOSURE or CLOSED; Azure Disabled or Deleted; GCP DELETE_REQUESTED
or DELETE_IN_PROGRESS). Its duties are still assigned, its owner still
answers for it, and the model counts it.

~~~yaml
# tenants.yaml
tenants:
  - {id: "111122223333", provider: aws, landing_zone: cloud-native, owner: app-team} # DM705
# accounts.json
{"Accounts": [{"Id": "111122223333", "Name": "shop-prod", "State": "SUSPENDED"}]}
~~~

Fix: finish the decommissioning and remove the tenant, or reactivate the
account if it was closed by mistake.
`

	explanations[UnknownOwnerTag] = `
An account carries the owner tag (or label) that the project configuration
names, but its value matches no party: not a party id, not a member's e-mail
address and not a contact's e-mail. Either the tag is out of date (the team
was renamed, or the person left) or the party is missing from the model.
GCP label values cannot hold an e-mail address; label GCP projects with
party ids.

~~~yaml
# .demarc.yaml
inventory: {owner_tag: owner}
# tenants.yaml
tenants:
  - {id: "111122223333", provider: aws, landing_zone: cloud-native, owner: app-team} # DM706
# accounts.json
{"Accounts": [{"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE",
  "Tags": [{"Key": "owner", "Value": "shop-team"}]}]}
~~~

Fix: correct the tag in the cloud, or add the party (or the e-mail as a
member of the right party).
`

	explanations[OwnerMismatch] = `
An account's owner tag names one party and the model's tenant names
another. One of them is wrong, and the wrong team is asked when something
happens in the account.

~~~yaml
# .demarc.yaml
inventory: {owner_tag: owner}
# tenants.yaml
tenants:
  - {id: "111122223333", provider: aws, landing_zone: cloud-native, owner: app-team} # DM707
# accounts.json
{"Accounts": [{"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE",
  "Tags": [{"Key": "owner", "Value": "platform-team"}]}]}
~~~

Fix: decide who owns the account and correct either the tag in the cloud or
the tenant's owner.
`

	explanations[LandingZoneMismatch] = `
The organisational unit, management group or folder an account sits in (or
its landing-zone tag) maps, through the "inventory" section of .demarc.yaml,
to a landing zone that differs from the tenant's landing zone in the model.
The guardrails the account actually gets are not the ones its duties were
resolved for. The tag wins over containers; of the containers, the nearest
mapped one.

~~~yaml
# .demarc.yaml
inventory:
  landing_zones: {ou-ab12-cn000001: cloud-native, ou-ab12-ls000002: lift-and-shift}
# tenants.yaml
tenants:
  - {id: "111122223333", provider: aws, landing_zone: lift-and-shift, owner: app-team} # DM708
# accounts.json
{"Accounts": [{"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE",
  "Parents": [{"Id": "ou-ab12-cn000001", "Type": "ORGANIZATIONAL_UNIT"}]}]}
~~~

Fix: move the account to the right OU, or correct the tenant's landing zone.
`

	explanations[UnreachableOwner] = `
A tenant whose account is live in the cloud is owned by a party with
neither members nor contacts: when the people of a team have left, nobody
answers for the account, and it becomes a zombie with an owner on paper
only.

~~~yaml
# parties.yaml
parties:
  - {id: shop-team, kind: application, name: Shop team}
tenants:
  - {id: "111122223333", provider: aws, landing_zone: cloud-native, owner: shop-team} # DM709
# accounts.json
{"Accounts": [{"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE"}]}
~~~

Fix: give the party its members and a contact, or hand the tenant to a party
that has them.
`
}
