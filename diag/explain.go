package diag

import (
	"fmt"
	"strings"
)

// explanations holds the long help of every code, shown by `demarc explain`
// and carried as rule help in SARIF. Each text says what the code means, why
// it matters for a shared responsibility model, shows YAML that triggers it
// and how to fix it. The texts are Markdown that also reads well as plain
// text: code blocks use ~~~ fences (raw strings cannot hold backticks) and
// keys are written in double quotes.
var explanations = map[Code]string{
	YAMLSyntax: `
The file could not be parsed as YAML (or, for a tenant inventory, as CSV), so
nothing in it reached the model. demarc reports the position where the parser
gave up; the actual mistake is often a line or two earlier: an indentation
change, a missing colon, an unclosed quote or bracket.

A file that does not parse contributes nothing, so every party, rule or tenant
in it is missing from the check and other diagnostics (gaps, dangling
references) may only be consequences. Fix syntax errors first.

~~~yaml
parties:
  - id: network-team
    kind: shared
   name: Network team      # DM001: indented by three spaces instead of four
~~~

Other common causes: indentation with tabs (YAML allows only spaces), a plain
value that contains ": " (write name: "Network: core"), a value that starts
with "*", "&", "!", "%" or "@", and a CSV row with more fields than its header.

Fix: correct the syntax at or just before the reported position. Indent with
spaces only and quote values that contain special characters.
`,

	InputLimit: `
demarc stopped reading because the input exceeds a safety limit: the size of
one file, the number of files or the depth of folders in the model directory,
the nesting depth of YAML collections, the number of nodes that YAML aliases
expand to, the length of one text value, the number of tenants, or the time
the load may take. The limits are far above what a real responsibility model
needs; they exist so that a hostile or accidentally generated file cannot
exhaust the memory or the time of a CI job or of the demarc server. The
message names the limit that was hit and the key of .demarc.yaml that raises
it (max_file_size, max_files, max_nodes, max_depth, max_text_length,
max_tenants, max_load_time); docs/limits.md lists them with their defaults.

With part of the input refused, the model is incomplete, so nothing else is
checked: the parties of a refused file would be unknown to every rule that
names them, and each such finding would only be a consequence. The limit is
the first diagnostic; only problems of the files that were read (syntax
errors) follow it.

The classic trigger is an alias bomb ("billion laughs"): a few lines whose
anchors and aliases expand to billions of nodes.

~~~yaml
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]   # DM002
~~~

Other triggers: a tenant inventory exported as one enormous file, a model
directory that accidentally contains a vendored tree or build output, or
machine-generated YAML nested hundreds of levels deep.

Fix: remove the offending content. Split very large inventories into several
files (for example one per provider or business unit), keep generated and
unrelated files out of the model directory, keep long texts in documents the
model links to, and use anchors and aliases only for small, shallow
repetitions. When the model really is that large, raise the limit:

~~~yaml
# .demarc.yaml
limits:
  max_files: 50000
  max_tenants: 3000000
~~~
`,

	UnreadableInput: `
A file or directory of the model could not be read at all: the operating
system refused access (permissions), a symbolic link points to itself or forms
a loop, a link points to nothing, or a file disappeared while demarc was
walking the tree. Unlike DM001 the content was never seen, so demarc cannot
tell whether it is valid.

This is an error rather than a silent skip: a check that skipped unreadable
files would approve a different model from the one in the repository, with
rules, parties or tenants missing and nobody noticing.

There is no YAML that triggers it; the file system does. For example, a link
that points back at its own directory:

~~~sh
$ ln -s . model/rules/again
$ demarc check model      # DM003: model/rules/again: symbolic link loop
~~~

Fix: make the files readable for the user that runs demarc (in CI, the user
of the checkout), remove broken or looping links, and keep only model files in
the model directory.
`,

	NotRegularFile: `
A path where demarc expects a model file, the model directory itself, or the
configuration file .demarc.yaml is not a regular file but a named pipe (FIFO),
a socket or a device. demarc decides by the file's type before opening it and
never reads such files: opening a named pipe waits until another program
writes to it, which could be for ever, and reading a device can have side
effects. The file is reported instead of skipped, so a check never approves a
model with a file silently missing.

There is no YAML that triggers it; the file system does:

~~~sh
$ mkfifo model/rules/network.yaml
$ demarc check model      # DM004: model/rules/network.yaml is a named pipe (FIFO)
~~~

Fix: replace the path with a regular file holding the model's YAML or CSV, or
remove it. To check generated YAML, write it to a file first.
`,

	LinkLeavesModel: `
A symbolic link in the model directory (or the configuration file
.demarc.yaml) leads to a file or folder outside the model directory. demarc
reads model files only inside the directory it was given, through the
operating system's traversal-resistant root (Go's os.Root), so a link cannot
make it read, and then quote in a diagnostic, a file such as /etc/passwd. The
diagnostic names the link; it never shows what the link points to. Links that
stay inside the model directory are followed as usual.

This matters most under "demarc serve", whose diagnostics and pages may be
readable without signing in: a model repository that anyone can propose
changes to must not be able to publish the server's files.

~~~sh
$ ln -s /etc/passwd model/rules/x.yaml
$ demarc check model      # DM005: model/rules/x.yaml is a symbolic link that leads outside the model directory
~~~

Fix: move or copy the file into the model directory, or point the link at a
file inside it. Shared rules kept in another folder belong in a baseline or a
copy inside the model.
`,

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

	PartyWithoutContact: `
A party has no contact. The question a responsibility model must answer is
"whom do I call about X?"; a party without an e-mail address, chat channel,
on-call link, phone number or ticket queue turns the answer into a name
nobody can reach.

~~~yaml
parties:
  - id: network-team
    kind: shared
    name: Network team            # DM301: no "contacts"
~~~

Fix: add at least one contact with at least one channel:

~~~yaml
    contacts:
      - name: Network on-call
        email: network@example.com
        oncall: https://oncall.example.com/network
      - chat: "#network"
~~~

Quote chat channels that start with "#", or YAML reads the rest of the line
as a comment.
`,

	RuleWithoutRational: `
A rule has no "rationale". The rationale records why the decision was taken:
the "why" next to the "what". Without it the next reorganisation, audit or
incident review cannot tell a deliberate decision from an accident, and
settled questions are argued again.

~~~yaml
rules:
  - id: tenant-decommissioning
    activity: decommission-tenant
    accountable: tenant-owner
    responsible: cloud-foundation
    # DM302: no "rationale"
~~~

Fix: add a short rationale (Markdown is allowed):

~~~yaml
    rationale: |
      The owning team decides when a tenant is no longer needed; the cloud
      foundation team runs the decommissioning pipeline so nothing is left
      behind.
~~~
`,

	AgreedNotApproved: `
A rule has "status: agreed" but its "approvals" contain none from the rule's
accountable party. A decision binds the party it makes accountable; calling
it agreed without that party's approval records consent that was never given,
and the first incident turns into a dispute about who agreed to what.

~~~yaml
rules:
  - id: privileged-access-reviews
    activity: review-privileged-access
    accountable: iam-team
    responsible: iam-team
    status: agreed
    approvals:
      - party: it-security        # DM303: no approval from iam-team
        by: jane.doe@example.com
        at: 2025-02-03
~~~

Fix: record the accountable party's approval (who approved for it, and when),
or set the status back to "proposed" until it is given:

~~~yaml
      - party: iam-team
        by: john.roe@example.com
        at: 2025-02-05
~~~
`,

	ReviewOverdue: `
The rule's "review_by" date has passed. Responsibility models age: teams are
reorganised, services change their model, landing zones gain capabilities. A
review date is a promise to look at a decision again; once it has passed, the
decision may no longer describe how things work.

~~~yaml
rules:
  - id: ec2-patching
    activity: patch-guest-os
    scope: {service: aws-ec2}
    accountable: tenant-owner
    responsible: tenant-owner
    decided: 2023-04-01
    review_by: 2024-04-01         # DM304 from 2024-04-02 on
~~~

Fix: review the decision with the parties involved. If it still holds, set a
new "review_by" (and update "decided" and the approvals if they were renewed);
otherwise change it. The date is compared with the day the check runs, so a
model that passed yesterday can warn today. To enforce reviews in CI, make
this code an error in .demarc.yaml.
`,

	Unacknowledged: `
A party has not acknowledged, in their current version, all the decisions it
is Responsible or Accountable for. This code appears only when "demarc check"
is given the acknowledgement database ("--db", the one "demarc serve" writes).
A decision is missing when nobody acknowledged it for the party, and stale
when it was acknowledged but has changed since: an acknowledgement binds to a
hash of the rule's RACI and scope, so editing who does what, or where, asks
the party again.

A model nobody knows about protects nothing. A team can only carry a duty it
knows it has, and auditors ask for evidence that it was told. An
acknowledgement is that evidence: a member of the party read the decision and
accepted it.

~~~yaml
parties:
  - id: network                 # DM305: 3 of 7 acknowledged (2 stale, 2 missing)
    kind: shared
    name: Network team
    members: [group:network-engineers]
rules:
  - id: firewall-changes
    activity: change-firewall-rules
    responsible: network        # changed from security last week: now stale
    accountable: network
~~~

Fix: a member of the party signs in to "demarc serve", opens "My
responsibilities" (the page /my) and acknowledges the decisions listed in the
warning (or a tool calls POST /api/v1/acknowledgements). If nobody can,
the party has no members in the model: add its people or its identity
provider group to "members". Run "demarc check --db" again to see the count
fall.
`,

	OrphanedTenant: `
A tenant (a cloud account, subscription or project) cannot be tied to its
owner: its "owner" is missing or names no known party, or its "landing_zone"
is missing or unknown. Without an owner the placeholder "tenant-owner" cannot
be resolved for it, so every rule that gives a duty to "the team that owns the
tenant" resolves to nobody; without a landing zone demarc cannot tell which
rules apply to it at all.

An orphaned tenant is how zombie workloads happen: nobody patches it, nobody
watches its bill, nobody decides to delete it. "I didn't create that account,
so I didn't think deleting it was my job."

~~~yaml
tenants:
  - id: "123456789012"
    name: payments-prod
    provider: aws
    landing_zone: cloud-native
    owner: payments-tema          # DM401: no party "payments-tema"
  - id: "210987654321"
    provider: aws                 # DM401: no owner and no landing zone
~~~

Fix: set "owner" to the application party that owns the tenant and
"landing_zone" to a landing zone of the model. If nobody claims the tenant,
that is the finding: escalate it and decide whether to assign or decommission
the tenant. For inventories imported from a provider, fix the source (for
example the owner tag) rather than the generated file.
`,

	UnusedParty: `
A party is defined but plays no part in the model: no rule in force names it
in any role (responsible, accountable, consulted or informed), no party has it
as parent or escalation, it owns no landing zone and no tenant, and it is not
the party of a provider whose services the model uses. This is information,
not a fault; but a team that expects to carry duties and appears here has
none in the model, which often means that its rules name a different id, or
that the team was merged into another one.

~~~yaml
parties:
  - id: finops-team
    kind: shared
    name: FinOps
    contacts: [{email: finops@example.com}]
# DM501: nothing in the model refers to finops-team
~~~

Fix: add the rules that give the party its duties (here perhaps the cost
management activities), remove the party if it no longer exists, or turn the
code off for the model.
`,

	UnusedActivity: `
An activity is defined but plays no part in the model: no rule in force
selects it (by id, area, layer or "all"), none of its cells is on the
provider's side of a border, and no landing zone needs it decided (an activity
that a landing zone needs but no rule decides is reported as gaps, DM204,
instead). Typically no landing zone offers a service it could apply to, or the
rules that selected it were retired.

~~~yaml
activities:
  - id: rotate-mainframe-keys
    name: Rotate mainframe keys
    layer: physical-hosts
    applies_to:
      service_models: [on-premises]   # no landing zone offers one: no cell exists
# DM502: rotate-mainframe-keys plays no part in the model
~~~

Fix: nothing is required. Add the landing zone services and a rule if the
activity matters, delete it if it is obsolete, or turn the code off.
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

// severityFooter tells how to change the severity of c, with an example
// that moves it one step (errors to warnings, warnings to errors, infos off).
func severityFooter(info *CodeInfo) string {
	to := "warning"
	switch info.Severity {
	case Warning:
		to = "error"
	case Info:
		to = "off"
	}
	return fmt.Sprintf(`Default severity: %s. A model can change it in the file .demarc.yaml of
its directory, by code or by name, to error, warning, info or off:

~~~yaml
severity:
  %s: %s        # or: %s: %s
~~~`, info.Severity, info.Code, to, info.Name, to)
}

func init() {
	for code, text := range explanations {
		info := registry[code]
		if info == nil {
			continue // diag's own tests report explanations of unknown codes
		}
		text = strings.TrimSpace(text)
		// Reading errors (DM0xx) mean the model could not be read as
		// written; lowering their severity would not make it load, so
		// their help does not suggest it.
		if !strings.HasPrefix(string(code), "DM0") {
			text += "\n\n" + severityFooter(info)
		}
		info.Explain = text
	}
}
