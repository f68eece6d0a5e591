package diag

// modelExplanations explain the codes of model structure and references (DM1xx).
var modelExplanations = map[Code]string{
	UnknownKey: `
A mapping contains a key that is not part of demarc's format for that kind of
element. When the key looks like a typo of a known one, demarc suggests it.

Unknown keys are errors instead of being ignored because a misspelt key
silently drops a decision: in the example the rule would load without an
accountable party, while everybody reading the YAML believes it has one.

~~~yaml
rules:
  - id: net-hub
    activity: operate-hub-network
    acountable: network-team      # DM101: did you mean "accountable"?
    responsible: network-team
~~~

Fix: correct the spelling, or move the key to the element it belongs to (for
example "landing_zone" belongs under a rule's "scope", not on the rule
itself). To keep information demarc has no field for, write it into a
"description" or, on a rule, into the "rationale".
`,

	WrongType: `
A value has the wrong YAML type for its field: a list where one value is
expected, text where a number or a date is expected, a mapping where a party
id is expected. The value cannot be used, so whatever it was meant to say is
missing from the model.

~~~yaml
layers:
  - id: guest-os
    name: Guest operating system
    order: fourth                 # DM102: "order" is a number
rules:
  - id: os-patching
    activity: patch-guest-os
    review_by: next spring        # DM102: dates are written YYYY-MM-DD
    responsible: {team: app}      # DM102: a party id or a list of party ids
    accountable: tenant-owner
~~~

Fields that refer to other elements take one id or a list of ids
(responsible: app-team, or responsible: [app-team, central-it-operations]).
Dates are calendar dates such as 2025-03-31.

Fix: write the value in the type the field expects. If a value is meant as
text but looks like a number, a date or a boolean, quote it.
`,

	MissingRequired: `
An element lacks a field without which demarc cannot place it in the model.
Every element needs an "id", and all but rules and tenants a "name". Beyond
that, for example: a party needs its "kind", a layer its "order", a service
model its "borders", a service its "provider" and its service "model", a
landing zone the "services" it offers, a tenant its "provider", and a rule an
"activity" or an "activities" selector.

These fields carry the semantics: without a party's kind demarc cannot tell
the provider from an internal team, so it cannot check the provider border;
without a service's model it does not know which layers the provider holds.

~~~yaml
services:
  - id: aws-ec2
    name: Amazon EC2
    provider: aws                 # DM103: "model" is missing (iaas, paas, ...)
~~~

Fix: add the missing field. For a rule's parties see DM201 (accountable) and
DM203 (responsible); for a tenant's owner and landing zone see DM401.
`,

	DuplicateID: `
Two elements of the same kind (two parties, two rules, two landing zones ...)
have the same id. Ids are how everything refers to an element, so a duplicate
makes every reference ambiguous: which "network-team" is accountable, the one
with the on-call rota or the one without? demarc reports the second definition
and points at the first.

Duplicates appear when a model grows across files and teams: the same party
declared in two files, or a rule copied as a template and not renamed.

~~~yaml
# parties/network.yaml
parties:
  - id: network-team
    kind: shared
    name: Network team

# parties/infrastructure.yaml
parties:
  - id: network-team              # DM104: already defined in parties/network.yaml
    kind: shared
    name: Network and connectivity
~~~

Fix: keep one definition and merge the fields into it, or rename one of them
and update the references that were meant for it. Elements of different kinds
may share an id: a provider "aws" and a party "aws" are fine.
`,

	DanglingReference: `
A field refers to an element by id, but no element of that kind has that id.
When an existing id is close enough to be a typo, demarc suggests it.

In a responsibility model a dangling reference is a decision that points at
nobody: a rule whose accountable party does not exist leaves its cells without
an owner; a landing zone that offers an unknown service has cells nobody can
check.

~~~yaml
rules:
  - id: net-hub
    activity: operate-hub-network
    accountable: netwrok-team     # DM105: did you mean "network-team"?
    responsible: network-team
~~~

References are checked wherever ids are used: the parties of a rule and its
approvals, a party's "parent", "escalation" and "relations", a service's
"provider" and "model", a landing zone's "services" and "owner", a rule's
activities and scope. A tenant's owner and landing zone are reported as DM401.
Elements from the baselines listed under "uses" (aws, azure, gcp) exist like
any other.

Fix: correct the id, or define the missing element. If the element should
come from a baseline, check that the baseline is listed under "uses".
`,

	InvalidValue: `
A field accepts only a fixed set of values and the value given is not one of
them. The value cannot be used, which changes the meaning of the model: with
an unknown party kind demarc cannot tell whether the party is the provider;
with an unknown border side nobody knows who holds the layer.

The allowed values:

- a party's "kind": provider, foundation, shared, application, external
- a border side (a service model's or a service's "borders"): provider,
  customer, shared
- a rule's "status": proposed, agreed, retired
- a relation's "type": reports-to, depends-on, supplies, supports, oversees,
  collaborates, escalates-to, funds
- a stakeholder's "influence" and "interest": low, medium, high
- a fact's "responsibility": customer, provider, shared, not-applicable

~~~yaml
rules:
  - id: net-hub
    activity: operate-hub-network
    accountable: network-team
    responsible: network-team
    status: approved              # DM106: use proposed, agreed or retired
~~~

Fix: use one of the allowed values. A decision that has been approved is
"agreed", with the approvals recorded under "approvals".
`,

	PartyCycle: `
Following "parent" from party to party leads back to where it started. The
parent links are the organisation chart: demarc draws the org chart from them,
groups parties on the published pages, and escalates along them when a party
has no explicit "escalation". A cycle has no top, so an escalation never ends
with someone who can decide, and the chart cannot be drawn.

~~~yaml
parties:
  - id: platform-team
    kind: foundation
    name: Platform team
    parent: cloud-foundation
  - id: cloud-foundation
    kind: foundation
    name: Cloud foundation
    parent: platform-team         # DM107: platform-team -> cloud-foundation -> platform-team
~~~

Fix: decide which party is the higher one and remove its "parent" (or point
it at the real parent). Relationships between teams that are not reporting
lines belong in "relations" (collaborates, supports, depends-on ...), which may
form cycles freely.
`,
}
