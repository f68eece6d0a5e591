package oscal

// The OSCAL assemblies this package writes, as they are named in the NIST
// metaschema. Optional fields are omitted when empty; the NIST JSON schemas
// reject empty arrays and empty strings.

// Version is the OSCAL version the documents declare.
const Version = "1.1.2"

// Metadata is a document's metadata.
type Metadata struct {
	Title        string  `json:"title"`
	LastModified string  `json:"last-modified"`
	Version      string  `json:"version"`
	OSCALVersion string  `json:"oscal-version"`
	Props        []Prop  `json:"props,omitempty"`
	Links        []Link  `json:"links,omitempty"`
	Roles        []Role  `json:"roles,omitempty"`
	Parties      []Party `json:"parties,omitempty"`
	Remarks      string  `json:"remarks,omitempty"`
}

// Prop is a name/value property; names outside OSCAL's carry Namespace.
type Prop struct {
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Value string `json:"value"`
}

// Link is a reference to a resource.
type Link struct {
	Href string `json:"href"`
	Rel  string `json:"rel,omitempty"`
	Text string `json:"text,omitempty"`
}

// Role is a function parties hold, such as "responsible".
type Role struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Party is an organisation (a team) or a person.
type Party struct {
	UUID                  string            `json:"uuid"`
	Type                  string            `json:"type"`
	Name                  string            `json:"name,omitempty"`
	ShortName             string            `json:"short-name,omitempty"`
	Props                 []Prop            `json:"props,omitempty"`
	Links                 []Link            `json:"links,omitempty"`
	EmailAddresses        []string          `json:"email-addresses,omitempty"`
	TelephoneNumbers      []TelephoneNumber `json:"telephone-numbers,omitempty"`
	MemberOfOrganizations []string          `json:"member-of-organizations,omitempty"`
	Remarks               string            `json:"remarks,omitempty"`
}

// TelephoneNumber is a party's phone number.
type TelephoneNumber struct {
	Number string `json:"number"`
}

// ResponsibleRole names the parties holding a role.
type ResponsibleRole struct {
	RoleID     string   `json:"role-id"`
	PartyUUIDs []string `json:"party-uuids,omitempty"`
}

// BackMatter holds the resources documents point at.
type BackMatter struct {
	Resources []Resource `json:"resources,omitempty"`
}

// Resource is a document outside the OSCAL file, such as a control catalog.
type Resource struct {
	UUID        string  `json:"uuid"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Props       []Prop  `json:"props,omitempty"`
	RLinks      []RLink `json:"rlinks,omitempty"`
	Remarks     string  `json:"remarks,omitempty"`
}

// RLink is a resource's location.
type RLink struct {
	Href      string `json:"href"`
	MediaType string `json:"media-type,omitempty"`
}

// ComponentDefinitionDocument is the root of a component definition file.
type ComponentDefinitionDocument struct {
	ComponentDefinition *ComponentDefinition `json:"component-definition"`
}

// ComponentDefinition describes components and how they implement controls.
type ComponentDefinition struct {
	UUID       string             `json:"uuid"`
	Metadata   Metadata           `json:"metadata"`
	Components []DefinedComponent `json:"components,omitempty"`
	BackMatter *BackMatter        `json:"back-matter,omitempty"`
}

// DefinedComponent is one component of a component definition.
type DefinedComponent struct {
	UUID                   string                  `json:"uuid"`
	Type                   string                  `json:"type"`
	Title                  string                  `json:"title"`
	Description            string                  `json:"description"`
	Purpose                string                  `json:"purpose,omitempty"`
	Props                  []Prop                  `json:"props,omitempty"`
	Links                  []Link                  `json:"links,omitempty"`
	ResponsibleRoles       []ResponsibleRole       `json:"responsible-roles,omitempty"`
	ControlImplementations []ControlImplementation `json:"control-implementations,omitempty"`
}

// ControlImplementation is a set of implemented requirements against one
// catalog or profile (Source).
type ControlImplementation struct {
	UUID                    string                 `json:"uuid"`
	Source                  string                 `json:"source"`
	Description             string                 `json:"description"`
	Props                   []Prop                 `json:"props,omitempty"`
	ImplementedRequirements []ComponentRequirement `json:"implemented-requirements"`
}

// ComponentRequirement is how a component implements one control.
type ComponentRequirement struct {
	UUID             string            `json:"uuid"`
	ControlID        string            `json:"control-id"`
	Description      string            `json:"description"`
	Props            []Prop            `json:"props,omitempty"`
	ResponsibleRoles []ResponsibleRole `json:"responsible-roles,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

// SSPDocument is the root of a system security plan file.
type SSPDocument struct {
	SystemSecurityPlan *SSP `json:"system-security-plan"`
}

// SSP is a system security plan.
type SSP struct {
	UUID                  string                `json:"uuid"`
	Metadata              Metadata              `json:"metadata"`
	ImportProfile         ImportProfile         `json:"import-profile"`
	SystemCharacteristics SystemCharacteristics `json:"system-characteristics"`
	SystemImplementation  SystemImplementation  `json:"system-implementation"`
	ControlImplementation SSPControls           `json:"control-implementation"`
	BackMatter            *BackMatter           `json:"back-matter,omitempty"`
}

// ImportProfile points at the profile (baseline) the plan answers.
type ImportProfile struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

// SystemCharacteristics describe the system. The model does not
// categorise systems; see notCategorised.
type SystemCharacteristics struct {
	SystemIDs                []SystemID          `json:"system-ids"`
	SystemName               string              `json:"system-name"`
	Description              string              `json:"description"`
	Props                    []Prop              `json:"props,omitempty"`
	SecuritySensitivityLevel string              `json:"security-sensitivity-level"`
	SystemInformation        SystemInformation   `json:"system-information"`
	SecurityImpactLevel      SecurityImpactLevel `json:"security-impact-level"`
	Status                   Status              `json:"status"`
	AuthorizationBoundary    Described           `json:"authorization-boundary"`
	Remarks                  string              `json:"remarks,omitempty"`
}

// SystemID identifies a system.
type SystemID struct {
	IdentifierType string `json:"identifier-type,omitempty"`
	ID             string `json:"id"`
}

// SystemInformation lists the information types a system handles.
type SystemInformation struct {
	InformationTypes []InformationType `json:"information-types"`
}

// InformationType is one kind of information the system handles.
type InformationType struct {
	UUID                  string `json:"uuid"`
	Title                 string `json:"title"`
	Description           string `json:"description"`
	ConfidentialityImpact Impact `json:"confidentiality-impact"`
	IntegrityImpact       Impact `json:"integrity-impact"`
	AvailabilityImpact    Impact `json:"availability-impact"`
}

// Impact is an information type's impact level.
type Impact struct {
	Base string `json:"base"`
}

// SecurityImpactLevel is the system's overall impact level.
type SecurityImpactLevel struct {
	Confidentiality string `json:"security-objective-confidentiality"`
	Integrity       string `json:"security-objective-integrity"`
	Availability    string `json:"security-objective-availability"`
}

// Status is an operational state.
type Status struct {
	State   string `json:"state"`
	Remarks string `json:"remarks,omitempty"`
}

// Described is an assembly that only has a description.
type Described struct {
	Description string `json:"description"`
}

// SystemImplementation lists the system's users, components and the
// authorizations it leverages.
type SystemImplementation struct {
	LeveragedAuthorizations []LeveragedAuthorization `json:"leveraged-authorizations,omitempty"`
	Users                   []User                   `json:"users"`
	Components              []SystemComponent        `json:"components"`
}

// LeveragedAuthorization is another system's authorization this one
// builds on.
type LeveragedAuthorization struct {
	UUID           string `json:"uuid"`
	Title          string `json:"title"`
	Props          []Prop `json:"props,omitempty"`
	Links          []Link `json:"links,omitempty"`
	PartyUUID      string `json:"party-uuid"`
	DateAuthorized string `json:"date-authorized"`
	Remarks        string `json:"remarks,omitempty"`
}

// User is a type of user of the system.
type User struct {
	UUID    string   `json:"uuid"`
	Title   string   `json:"title,omitempty"`
	RoleIDs []string `json:"role-ids,omitempty"`
}

// SystemComponent is a component of an SSP's system.
type SystemComponent struct {
	UUID             string            `json:"uuid"`
	Type             string            `json:"type"`
	Title            string            `json:"title"`
	Description      string            `json:"description"`
	Props            []Prop            `json:"props,omitempty"`
	Links            []Link            `json:"links,omitempty"`
	Status           Status            `json:"status"`
	ResponsibleRoles []ResponsibleRole `json:"responsible-roles,omitempty"`
}

// SSPControls is an SSP's control implementation.
type SSPControls struct {
	Description             string                   `json:"description"`
	ImplementedRequirements []ImplementedRequirement `json:"implemented-requirements"`
}

// ImplementedRequirement is how the system meets one control.
type ImplementedRequirement struct {
	UUID         string        `json:"uuid"`
	ControlID    string        `json:"control-id"`
	Props        []Prop        `json:"props,omitempty"`
	ByComponents []ByComponent `json:"by-components,omitempty"`
	Remarks      string        `json:"remarks,omitempty"`
}

// ByComponent is one component's part in meeting a control.
type ByComponent struct {
	ComponentUUID    string            `json:"component-uuid"`
	UUID             string            `json:"uuid"`
	Description      string            `json:"description"`
	Export           *Export           `json:"export,omitempty"`
	Inherited        []Inherited       `json:"inherited,omitempty"`
	Satisfied        []Satisfied       `json:"satisfied,omitempty"`
	ResponsibleRoles []ResponsibleRole `json:"responsible-roles,omitempty"`
}

// Export is what a leveraged system offers to the systems built on it.
type Export struct {
	Description      string           `json:"description,omitempty"`
	Provided         []Provided       `json:"provided,omitempty"`
	Responsibilities []Responsibility `json:"responsibilities,omitempty"`
}

// Provided is a capability a leveraging system may inherit.
type Provided struct {
	UUID             string            `json:"uuid"`
	Description      string            `json:"description"`
	Props            []Prop            `json:"props,omitempty"`
	ResponsibleRoles []ResponsibleRole `json:"responsible-roles,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

// Responsibility is what a leveraging system must do itself.
type Responsibility struct {
	UUID             string            `json:"uuid"`
	ProvidedUUID     string            `json:"provided-uuid,omitempty"`
	Description      string            `json:"description"`
	Props            []Prop            `json:"props,omitempty"`
	ResponsibleRoles []ResponsibleRole `json:"responsible-roles,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

// Inherited is a provided item a leveraging system relies on.
type Inherited struct {
	UUID             string            `json:"uuid"`
	ProvidedUUID     string            `json:"provided-uuid"`
	Description      string            `json:"description"`
	ResponsibleRoles []ResponsibleRole `json:"responsible-roles,omitempty"`
}

// Satisfied is a responsibility a leveraging system meets.
type Satisfied struct {
	UUID               string            `json:"uuid"`
	ResponsibilityUUID string            `json:"responsibility-uuid"`
	Description        string            `json:"description"`
	ResponsibleRoles   []ResponsibleRole `json:"responsible-roles,omitempty"`
	Remarks            string            `json:"remarks,omitempty"`
}
