package diag

// hygieneExplanations explain the codes of review hygiene, tenants and unused elements (DM3xx–DM5xx).
var hygieneExplanations = map[Code]string{
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
}
