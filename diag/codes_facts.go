package diag

// Codes of the comparison of the model with the providers' own statements
// per service and control (facts, e.g. imported security baselines).
const (
	FactHiddenGap       Code = "DM601"
	FactDuplicateEffort Code = "DM602"
	FactSharedMismatch  Code = "DM603"
	FactUnsupported     Code = "DM604"
	UnknownControl      Code = "DM605"
)

func init() {
	register(FactHiddenGap, "fact-hidden-gap", Warning, "The provider says the customer holds a control the model gives to the provider")
	register(FactDuplicateEffort, "fact-duplicate-effort", Info, "The provider says it holds a control a rule assigns to internal parties")
	register(FactSharedMismatch, "fact-shared-mismatch", Info, "The provider says a control is shared but the model gives it to one side")
	register(FactUnsupported, "fact-unsupported", Info, "A rule assigns a control the provider marks not supported or not applicable")
	register(UnknownControl, "unknown-control", Warning, "A fact or activity names a control the framework does not define")

	explanations[FactHiddenGap] = `
The provider's own statement for this service (a fact, such as a row of its
security baseline) says the customer is responsible for a control, but the
model's border puts the layer of the activity that maps to that control on
the provider's side. demarc therefore resolves the duty to the provider and
asks for no rule: nobody in the organisation does the work.

This is the disagreement that hurts: a hidden gap. A PaaS database whose
customer-managed keys "Microsoft handles" in the model, while the baseline
says the customer must turn them on, ends up with no one turning them on.

~~~yaml
services:
  - id: aws-rds
    name: Amazon RDS
    provider: aws
    model: paas
    borders: {information-and-data: provider}
    facts:
      - {control: DP-5, framework: mcsb, responsibility: customer}   # DM601
activities:
  - id: configure-backup
    name: Configure backups
    layer: information-and-data
    controls: {mcsb: [DP-5]}
~~~

The diagnostic names the fact (and the workbook row it was imported from),
the border that decides the side, and the activity.

Fix: put the layer on the customer's (or shared) side for this service with
"borders:" on the service and add a rule for the duty; or, when the
organisation has deliberately accepted the provider's default, silence the
code for this model and record why.
`

	explanations[FactDuplicateEffort] = `
The provider states that it holds a control for this service, yet a rule
assigns the activity that maps to the control, for that service, to internal
parties. The organisation may be doing work the provider already does
(duplicate effort), or running a deliberate extra control on top of the
provider's (which is fine, but should be written down).

~~~yaml
services:
  - id: aws-rds
    name: Amazon RDS
    provider: aws
    model: paas
    facts:
      - {control: DP-5, framework: mcsb, responsibility: provider}
activities:
  - id: configure-backup
    name: Configure backups
    layer: information-and-data
    controls: {mcsb: [DP-5]}
rules:
  - id: backup-by-database-team   # DM602
    activity: configure-backup
    scope: {service: aws-rds}
    responsible: [database-team]
    accountable: database-team
    rationale: Backups of databases are ours.
~~~

Fix: when the work is duplicated, narrow the rule's scope or the activity's
applies_to so the service is left to the provider; when it is deliberate,
say so in the rule's rationale.
`

	explanations[FactSharedMismatch] = `
The provider states that a control is shared for this service (it does part,
the customer does part), but the model puts the activity's layer on one side
only. On a customer-only border the provider's part is not visible; on a
provider-only border the customer's part has no owner.

~~~yaml
services:
  - id: aws-rds
    name: Amazon RDS
    provider: aws
    model: paas
    facts:
      - {control: BR-1, framework: mcsb, responsibility: shared}   # DM603
activities:
  - id: configure-backup
    name: Configure backups
    layer: information-and-data
    controls: {mcsb: [BR-1]}
~~~

Fix: set "borders: {LAYER: shared}" on the service so the provider is added
as responsible for its side and a rule decides the customer's side; or keep
the border and explain the difference in the deciding rule's rationale.
`

	explanations[FactUnsupported] = `
A rule assigns an activity for a service, but for the control the activity
maps to, the provider marks every feature of that service as not supported
or not applicable. The team may be assigned a duty that has nothing to act
on for this service (no customer-managed keys to rotate, no host to patch).

~~~yaml
services:
  - id: aws-s3
    name: Amazon S3
    provider: aws
    model: paas
    facts:
      - {control: PV-6, framework: mcsb, responsibility: not-applicable, supported: false}
activities:
  - id: patch-guest-os
    name: Patch the guest operating system
    layer: information-and-data
    controls: {mcsb: [PV-6]}
rules:
  - id: patching-by-operations   # DM604
    activity: patch-guest-os
    scope: {service: aws-s3}
    responsible: [central-it-operations]
    accountable: central-it-operations
    rationale: Central IT patches everything.
~~~

Fix: narrow the activity's "applies_to" (or the rule's scope) to the
services where the duty exists, or say in the rationale what the team does
instead.
`

	explanations[UnknownControl] = `
A fact, or an activity's "controls:", names a Microsoft cloud security
benchmark control id that the benchmark does not define. Such a fact is
never compared with the model, and such a mapping never meets a fact: the
provider's statement is silently lost.

~~~yaml
activities:
  - id: configure-backup   # DM605
    name: Configure backups
    layer: information-and-data
    controls: {mcsb: [BR-9]}
~~~

MCSB ids are a two-letter domain and a number: NS-1 to NS-10, IM-1 to IM-9,
PA-1 to PA-8, DP-1 to DP-8, AM-1 to AM-5, LT-1 to LT-7, IR-1 to IR-7, PV-1 to
PV-7, ES-1 to ES-3, BR-1 to BR-4, DS-1 to DS-7, GS-1 to GS-11. A fact without
"framework:" is an MCSB fact.

Fix: correct the id (the message suggests the closest one), or name the
framework the id belongs to with "framework:".
`
}
