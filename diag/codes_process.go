package diag

// Codes of processes (DM8xx): steps that name what does not exist, steps
// that cannot be ordered, and steps nobody can be reached for.
const (
	ProcessUnknownReference Code = "DM801"
	ProcessStepCycle        Code = "DM802"
	ProcessStepUndecided    Code = "DM803"
	HandoffWithoutContact   Code = "DM804"
	ProcessOwnerIdle        Code = "DM805"
	TenantActivityNoProcess Code = "DM806"
)

func init() {
	register(ProcessUnknownReference, "process-unknown-reference", Error, "A process names an activity, party, landing zone or step that does not exist")
	register(ProcessStepCycle, "process-step-cycle", Error, "The steps of a process wait for each other in a cycle")
	register(ProcessStepUndecided, "process-step-undecided", Error, "A step of a process is a gap or a conflict in a landing zone where the process runs")
	register(HandoffWithoutContact, "handoff-without-contact", Warning, "A process hands work over to a party that has no contact")
	register(ProcessOwnerIdle, "process-owner-not-accountable", Warning, "A process owner is accountable for none of the process's steps")
	register(TenantActivityNoProcess, "tenant-activity-in-no-process", Info, "A tenant-lifecycle activity is part of no process")

	explanations[ProcessUnknownReference] = `
A process, or one of its steps, names something the model does not define:
the process owner (a party), an activity a step performs, a landing zone in
"applies_to", or a step in "after". A step whose activity does not exist
cannot be resolved, so the runbook would show nobody for it; a step that
waits for a step that does not exist can never start.

~~~yaml
processes:
  - id: retire-tenant
    name: Retire a tenant
    owner: cloud-foundation
    steps:
      - id: close
        activity: decomission-tenant      # DM801: no such activity
~~~

Fix: use the id of an existing activity, party, landing zone or step of the
same process (the message suggests the closest one), or define it.
`

	explanations[ProcessStepCycle] = `
The steps of a process wait for each other in a circle: each step of the
cycle lists, directly or through others, a step of the cycle in "after", so
none of them can ever start. A runbook has to say what happens first.

~~~yaml
processes:
  - id: retire-tenant
    name: Retire a tenant
    owner: cloud-foundation
    steps:
      - id: revoke-access
        activity: review-privileged-access
        after: [close-account]            # DM802
      - id: close-account
        activity: decommission-tenant
        after: [revoke-access]
~~~

A step without "after" follows the step before it in the list, so a cycle
can also come from one explicit "after" that points forward.

Fix: remove the "after" entry that closes the circle, so that the steps
form an order from the first step to the last.
`

	explanations[ProcessStepUndecided] = `
A step of a process names an activity that is a gap (no rule decides it) or
a conflict (rules disagree) in a landing zone where the process runs. The
runbook of a tenant in that landing zone has nobody, or two parties, for
the step: exactly where the work falls between teams.

~~~yaml
rules:
  - id: close-tenants-cloud-native
    activity: decommission-tenant
    scope: {landing_zone: cloud-native}
    responsible: [cloud-foundation]
    accountable: cloud-foundation
    rationale: The vending pipeline that created the account closes it.
processes:
  - id: retire-tenant
    name: Retire a tenant
    owner: cloud-foundation
    steps:
      - id: close-account
        activity: decommission-tenant     # DM803: undecided in lift-and-shift
~~~

The gap itself is also reported at the activity (DM204 or DM205); this
diagnostic says which processes it breaks.

Fix: add a rule for the activity in the landing zones named (or one without
a scope), or restrict the process or the step to the landing zones where it
runs with "applies_to: {landing_zones: [...]}".
`

	explanations[HandoffWithoutContact] = `
A step of a process is done by a different party from the step before it,
so the work is handed over, and the party receiving it has no contact. A
hand-off is where work is most often lost; the party finishing its step has
to know whom to tell.

~~~yaml
rules:
  - id: export-data
    activity: configure-backup
    responsible: [app-team]
    accountable: app-team
    rationale: The team knows its data.
  - id: remove-peering
    activity: operate-hub-network
    responsible: [network-team]
    accountable: network-team
    rationale: The hub is the network team's.
processes:
  - id: retire-tenant
    name: Retire a tenant
    owner: network-team
    steps:
      - id: export
        activity: configure-backup
      - id: unpeer
        activity: operate-hub-network     # DM804: network-team has no contact
~~~

Fix: add "contacts" to the receiving party: at least one e-mail address,
chat channel, on-call rota or ticket queue.
`

	explanations[ProcessOwnerIdle] = `
The owner of a process is accountable for none of its steps in any landing
zone where it runs. The process owner answers for the process end to end; an
owner with no say in any step cannot make it happen, which usually means the
wrong party was named or the rules of the steps are missing its role.

~~~yaml
rules:
  - id: close-tenants
    activity: decommission-tenant
    responsible: [cloud-foundation]
    accountable: cloud-foundation
    rationale: The vending pipeline that created the account closes it.
processes:
  - id: retire-tenant
    name: Retire a tenant
    owner: it-security                    # DM805
    steps:
      - id: close-account
        activity: decommission-tenant
~~~

Fix: name as owner the party accountable for the process's outcome
(usually the one accountable for its main step), or make the owner
accountable for a step in that step's rules.
`

	explanations[TenantActivityNoProcess] = `
An activity of the tenant lifecycle (grain "tenant", area
"tenant-lifecycle") is a step of no process, while the model has processes.
Tenant lifecycle activities happen as part of vending, changing or retiring
a tenant; one that is in no process has no place in any runbook, so nobody
running the process is reminded of it.

~~~yaml
activities:
  - id: archive-tenant-records            # DM806
    name: Archive the tenant's records
    grain: tenant
    area: tenant-lifecycle
rules:
  - id: close-tenants
    activity: decommission-tenant
    responsible: [cloud-foundation]
    accountable: cloud-foundation
    rationale: The vending pipeline that created the account closes it.
processes:
  - id: retire-tenant
    name: Retire a tenant
    owner: cloud-foundation
    steps:
      - id: close-account
        activity: decommission-tenant
~~~

Fix: add the activity as a step of the process it belongs to, or give it
another area if it is not part of the tenant lifecycle.
`
}
