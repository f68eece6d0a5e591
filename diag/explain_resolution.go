package diag

// resolutionExplanations explain the codes of responsibility semantics (DM2xx).
var resolutionExplanations = map[Code]string{
	NoAccountable: `
A rule names no accountable party: "accountable" is missing or empty.
Accountable is the A of RACI: the one party that answers for the outcome,
signs off the work and is called when something goes wrong. A decision
without an accountable party is exactly the "I thought you were doing that"
gap a shared responsibility model exists to close, so every rule needs one.

~~~yaml
rules:
  - id: tenant-decommissioning
    activity: decommission-tenant
    responsible: cloud-foundation
    rationale: The foundation team runs the decommissioning pipeline.
    # DM201: no "accountable"
~~~

Fix: add exactly one accountable party. When the party that does the work is
also the one that answers for it, name it in both places:

~~~yaml
    responsible: cloud-foundation
    accountable: cloud-foundation
~~~

The placeholder "tenant-owner" may be used: it makes the team that owns each
tenant accountable.
`,

	MultipleAccountable: `
A rule names more than one accountable party. RACI allows any number of
responsible, consulted and informed parties but exactly one accountable: when
two parties are both accountable each can assume the other has it covered,
and there is no single answer to "who decides?" or "whom do I call?".

~~~yaml
rules:
  - id: privileged-access-reviews
    activity: review-privileged-access
    accountable: [iam-team, it-security]    # DM202
    responsible: iam-team
~~~

Fix: choose the one party that answers for the outcome. Move the other one to
"responsible" if it does part of the work, or to "consulted" if its input is
needed. If the two really own different parts (different landing zones,
providers or services), split the rule into two rules with narrower scopes.
`,

	NoResponsible: `
A rule names no responsible party: "responsible" is missing or empty.
Responsible parties do the work. Without one, the accountable party answers
for an activity that nobody is assigned to carry out: the model says whom to
blame but not whom to ask.

~~~yaml
rules:
  - id: backup-restore-tests
    activity: test-backup-restore
    accountable: central-it-operations
    # DM203: no "responsible"
~~~

Fix: name at least one responsible party. If the accountable party does the
work itself, list it as responsible too.
`,

	Gap: `
A cell that needs an internal owner has no rule. A cell is one activity for
one service in one landing zone. Whether it needs a rule follows from the
provider border: on a layer that the service's model (IaaS, PaaS, SaaS ...)
marks "provider", the cell belongs to the provider and needs no rule; on a
"customer" or "shared" layer, and for activities without a layer (governance
such as decommissioning a tenant), some rule must match it. demarc checks
every activity for every service each landing zone offers and reports each
uncovered cell by activity, service and landing zone.

Gaps are errors because they are where incidents and zombie workloads come
from: a task everybody believes somebody else is doing.

~~~yaml
landing_zones:
  - id: lift-and-shift
    name: Lift and shift
    services: [aws-ec2]
activities:
  - id: patch-guest-os
    name: Patch the guest operating system
    layer: operating-system       # customer side under IaaS
rules: []                         # DM204: patch-guest-os x aws-ec2 x lift-and-shift
~~~

Fix: add a rule that matches the cell. A broad rule (few scope fields) sets a
default for many cells at once; narrower rules override it where needed:

~~~yaml
rules:
  - id: os-patching
    activity: patch-guest-os
    accountable: tenant-owner
    responsible: tenant-owner
    rationale: Application teams own their virtual machines.
  - id: os-patching-lift-and-shift
    activity: patch-guest-os
    scope: {landing_zone: lift-and-shift}
    accountable: central-it-operations
    responsible: central-it-operations
    rationale: Migrated workloads keep the on-premises patching service.
~~~

If the cell really belongs to the provider, correct the border (the service's
"borders" or its service model) instead of adding a rule.
`,

	Conflict: `
Several rules match the same cell, none of them is more specific than the
others, and they name different parties. demarc never picks one silently (not
by file order, not by rule order) because the answer would then change
whenever somebody moved a rule.

How specificity works: rule A is more specific than rule B when A selects a
subset of B's activities and A's scope constrains everything B's scope
constrains, and more. Scope fields imply others: a "service" implies its
provider and its service model; a "tenant" implies its landing zone and its
provider. For each cell the most specific matching rules win. If they are
incomparable (for example one is scoped by landing zone and the other by
service) and disagree, that is a conflict. The diagnostic points at both rules
and names an example cell.

~~~yaml
rules:
  - id: lz-backup
    activity: configure-backup
    scope: {landing_zone: cloud-native}
    accountable: tenant-owner
    responsible: tenant-owner
  - id: rds-backup
    activity: configure-backup
    scope: {service: aws-rds}
    accountable: database-team
    responsible: database-team
# DM205 on configure-backup x aws-rds x cloud-native
~~~

Fix, one of:

- add a rule for the overlap that is more specific than both; it decides
  there:

~~~yaml
  - id: rds-backup-cloud-native
    activity: configure-backup
    scope: {landing_zone: cloud-native, service: aws-rds}
    accountable: database-team
    responsible: tenant-owner
~~~

- narrow one of the rules so that they no longer overlap, or
- make them agree, if they were meant to say the same thing.
`,

	InternalOnProviderCell: `
A rule assigns internal parties to a cell that belongs to the provider. Under
the service's model the activity's layer is marked "provider" (for example
the physical hosts under IaaS, or the operating system under PaaS), so the
provider is responsible and accountable without any rule, and nobody inside
the organisation could do the work even if asked to.

Such a rule is usually too broad (an "activities" selector without a scope)
or rests on a misunderstanding of what the provider takes over. Left in
place, it tells a team to do something it has no access to and hides what the
provider really owns.

~~~yaml
activities:
  - id: patch-hypervisor
    name: Patch the hypervisor
    area: patching
    layer: virtualisation         # provider side under IaaS, PaaS and SaaS
rules:
  - id: infra-patching
    activities: {area: patching}  # also selects patch-hypervisor
    accountable: central-it-operations
    responsible: central-it-operations   # DM206 on every cloud service
~~~

Fix: narrow the rule's activities or scope so that it matches only cells on
the customer side (select by "layer", or scope it to the on-premises service
model). If the organisation really holds that layer for a service (dedicated
hosts, a private cloud), state it in the border instead: override it on the
service with borders: {virtualisation: customer} or shared.
`,

	ProviderAccountable: `
A provider party (kind "provider", such as aws or azure) is accountable for a
cell on the customer side of the border. The provider's published shared
responsibility model says the opposite: for customer-side layers the customer
answers for the outcome. Naming the provider accountable records a
responsibility the contract does not give it and leaves the organisation
without an internal owner to call.

~~~yaml
rules:
  - id: ec2-os-hardening
    activity: harden-guest-os     # operating-system: customer side under IaaS
    scope: {service: aws-ec2}
    accountable: aws              # DM207
    responsible: central-it-operations
~~~

Fix: make an internal party accountable. If you rely on a provider feature (a
managed patching service, a hardened image), name the provider as consulted
or informed and say so in the rationale. If the provider really holds that
layer for this service, correct the border on the service (for example
borders: {operating-system: provider}) rather than the rule.
`,

	RuleMatchesNothing: `
The rule applies to no cell of the model: no combination of its activities
and of the services and landing zones fits its scope. A rule that never
applies is dead text (readers believe a decision is in force that decides
nothing) and usually points to a mistake: a scope that combines a service with
a landing zone that does not offer it, a provider the service does not belong
to, or a selector that selects no activity.

~~~yaml
landing_zones:
  - id: container-platform
    name: Container platform
    services: [aws-eks]
rules:
  - id: cp-vm-patching
    activity: patch-guest-os
    scope: {landing_zone: container-platform, service: aws-ec2}   # DM208
    accountable: platform-team
    responsible: platform-team
~~~

Here the container platform does not offer aws-ec2, so the rule never
applies.

Fix: correct the scope or the activity selection, add the service to the
landing zone if it is really offered there, or delete the rule (or set
"status: retired" to keep it on record).
`,

	PlaceholderWithoutOwner: `
The built-in placeholder party "tenant-owner" stands for "the team that owns
the tenant". It is resolved per tenant: asked about a tenant, demarc replaces
it by that tenant's "owner". That works in rules, because every answer is
about a cell that a tenant can be asked about. It cannot work where no tenant
exists: in the party hierarchy ("parent", "escalation") or as the owner of a
landing zone. There it never resolves, so the model names nobody.

~~~yaml
landing_zones:
  - id: sandbox
    name: Sandbox
    owner: tenant-owner           # DM209: a landing zone has no single tenant
    services: [aws-ec2]
parties:
  - id: security-champions
    kind: shared
    name: Security champions
    escalation: tenant-owner      # DM209
~~~

Using "tenant-owner" as accountable or responsible in a rule is fine and is
not reported.

Fix: name a real party in these places; for a landing zone, the team that
runs it (often the cloud foundation team).
`,

	ScopeOutsideGrain: `
A rule's scope fixes a dimension that the cells of an activity it names do
not have. An activity's grain says where it happens, and so which
coordinates its cells have: per service (provider, service model, service,
landing zone, tenant), per tenant (provider, landing zone, tenant), per
landing zone (landing zone), per provider (provider), for the organisation
(none). A tenant is decommissioned once, not once per service, so a rule
for decommissioning "in aws-ec2" cannot mean anything; demarc reports it
rather than ignore the service silently.

~~~yaml
activities:
  - id: decommission-tenant
    name: Decommission a tenant
    grain: tenant
rules:
  - id: decommission-ec2
    activity: decommission-tenant
    scope: {service: aws-ec2}      # DM210: the activity has no service
    accountable: cloud-foundation
    responsible: cloud-foundation
~~~

Fix: scope the rule by what the activity's cells have (here provider,
landing_zone or tenant), or change the activity's grain if it really
happens per service:

~~~yaml
rules:
  - id: decommission-aws
    activity: decommission-tenant
    scope: {provider: aws}
    accountable: cloud-foundation
    responsible: cloud-foundation
~~~

A rule that selects activities by area, layer or "all" applies only to the
activities whose grain has every dimension of its scope, and is not
reported for the others; it is reported when it then applies to none.
`,
}
