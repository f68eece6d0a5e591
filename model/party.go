package model

import (
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// PartyKind classifies parties. Provider parties own the provider side of the
// border; all other kinds are internal (or external to the enterprise but on
// the customer side, such as an MSP).
type PartyKind string

const (
	KindProvider    PartyKind = "provider"
	KindFoundation  PartyKind = "foundation"
	KindShared      PartyKind = "shared"
	KindApplication PartyKind = "application"
	KindExternal    PartyKind = "external"
)

// TenantOwner is the id of the built-in placeholder party "the team that owns
// the tenant". It resolves to a tenant's owner when a tenant is asked about.
const TenantOwner = "tenant-owner"

// Party is anyone who can hold a responsibility.
type Party struct {
	ID          string       `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Kind        PartyKind    `yaml:"kind" json:"kind" jsonschema:"required,enum=provider,enum=foundation,enum=shared,enum=application,enum=external"`
	Name        string       `yaml:"name" json:"name" jsonschema:"required"`
	Description string       `yaml:"description,omitempty" json:"description,omitempty" jsonschema_description:"Markdown."`
	Parent      Ref          `yaml:"parent,omitempty" json:"parent,omitempty" jsonschema_description:"The party this one belongs to in the org structure."`
	Escalation  Ref          `yaml:"escalation,omitempty" json:"escalation,omitempty" jsonschema_description:"Whom to escalate to; defaults to the parent."`
	Contacts    []*Contact   `yaml:"contacts,omitempty" json:"contacts,omitempty"`
	Members     []string     `yaml:"members,omitempty" json:"members,omitempty" jsonschema_description:"E-mail addresses or identity-provider groups (group:NAME) whose people act for this party."`
	Stakeholder *Stakeholder `yaml:"stakeholder,omitempty" json:"stakeholder,omitempty"`
	Relations   []*Relation  `yaml:"relations,omitempty" json:"relations,omitempty"`
	Placeholder bool         `yaml:"placeholder,omitempty" json:"placeholder,omitempty" jsonschema_description:"Set by demarc on the built-in tenant-owner party."`

	Pos   diag.Range `yaml:"-" json:"-"`
	IDPos diag.Range `yaml:"-" json:"-" pos:"id"`
	// Builtin is set for elements that come from a baseline rather than the model files.
	Builtin string `yaml:"-" json:"-"`
}

// IsProvider reports whether p is on the provider side of the border.
func (p *Party) IsProvider() bool { return p.Kind == KindProvider }

// Contact is one way to reach a party. Give a name and at least one channel.
type Contact struct {
	Name   string `yaml:"name,omitempty" json:"name,omitempty"`
	Email  string `yaml:"email,omitempty" json:"email,omitempty"`
	Chat   string `yaml:"chat,omitempty" json:"chat,omitempty" jsonschema_description:"A chat channel, e.g. #cloud-foundation or a Teams/Slack link."`
	OnCall string `yaml:"oncall,omitempty" json:"oncall,omitempty" jsonschema_description:"An on-call rota or paging link."`
	Phone  string `yaml:"phone,omitempty" json:"phone,omitempty"`
	URL    string `yaml:"url,omitempty" json:"url,omitempty"`
	Ticket string `yaml:"ticket,omitempty" json:"ticket,omitempty" jsonschema_description:"An ITSM queue or ticket form."`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Stakeholder holds the attributes used for the stakeholder map.
type Stakeholder struct {
	Influence string   `yaml:"influence,omitempty" json:"influence,omitempty" jsonschema:"enum=low,enum=medium,enum=high"`
	Interest  string   `yaml:"interest,omitempty" json:"interest,omitempty" jsonschema:"enum=low,enum=medium,enum=high"`
	Concerns  []string `yaml:"concerns,omitempty" json:"concerns,omitempty"`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Relation links two parties for the stakeholder graph.
type Relation struct {
	Party       Ref    `yaml:"party" json:"party" jsonschema:"required"`
	Type        string `yaml:"type" json:"type" jsonschema:"required,enum=reports-to,enum=depends-on,enum=supplies,enum=supports,enum=oversees,enum=collaborates,enum=escalates-to,enum=funds"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Channel is one way to reach a contact, such as ("email", "ops@example.com").
type Channel struct {
	Kind, Value string
}

// Channels lists the channels of c that are set, in a fixed order: email,
// chat, on-call, phone, url, ticket.
func (c *Contact) Channels() []Channel {
	var out []Channel
	for _, ch := range []Channel{{"email", c.Email}, {"chat", c.Chat}, {"on-call", c.OnCall}, {"phone", c.Phone}, {"url", c.URL}, {"ticket", c.Ticket}} {
		if ch.Value = strings.TrimSpace(ch.Value); ch.Value != "" {
			out = append(out, ch)
		}
	}
	return out
}
