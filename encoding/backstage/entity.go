package backstage

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
)

// APIVersion is the descriptor version of every entity written.
const APIVersion = "backstage.io/v1alpha1"

// Entity is one catalog descriptor.
type Entity struct {
	APIVersion string   `yaml:"apiVersion" json:"apiVersion"`
	Kind       string   `yaml:"kind" json:"kind"`
	Metadata   Metadata `yaml:"metadata" json:"metadata"`
	Spec       any      `yaml:"spec" json:"spec"`
}

// Metadata is an entity's metadata.
type Metadata struct {
	Name        string            `yaml:"name" json:"name"`
	Title       string            `yaml:"title,omitempty" json:"title,omitempty"`
	Description string            `yaml:"description,omitempty" json:"description,omitempty"`
	Labels      map[string]string `yaml:"labels,omitempty" json:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty" json:"annotations,omitempty"`
	Tags        []string          `yaml:"tags,omitempty" json:"tags,omitempty"`
	Links       []Link            `yaml:"links,omitempty" json:"links,omitempty"`
}

// Link is an external hyperlink of an entity.
type Link struct {
	URL   string `yaml:"url" json:"url"`
	Title string `yaml:"title,omitempty" json:"title,omitempty"`
	Type  string `yaml:"type,omitempty" json:"type,omitempty"`
}

// GroupSpec is the spec of a Group.
type GroupSpec struct {
	Type     string   `yaml:"type" json:"type"`
	Profile  *Profile `yaml:"profile,omitempty" json:"profile,omitempty"`
	Parent   string   `yaml:"parent,omitempty" json:"parent,omitempty"`
	Children []string `yaml:"children" json:"children"`
	Members  []string `yaml:"members,omitempty" json:"members,omitempty"`
}

// Profile is a Group's or User's display information.
type Profile struct {
	DisplayName string `yaml:"displayName,omitempty" json:"displayName,omitempty"`
	Email       string `yaml:"email,omitempty" json:"email,omitempty"`
}

// UserSpec is the spec of a User.
type UserSpec struct {
	Profile  *Profile `yaml:"profile,omitempty" json:"profile,omitempty"`
	MemberOf []string `yaml:"memberOf" json:"memberOf"`
}

// SystemSpec is the spec of a System.
type SystemSpec struct {
	Owner string `yaml:"owner" json:"owner"`
	Type  string `yaml:"type,omitempty" json:"type,omitempty"`
}

// ResourceSpec is the spec of a Resource.
type ResourceSpec struct {
	Type      string   `yaml:"type" json:"type"`
	Owner     string   `yaml:"owner" json:"owner"`
	System    string   `yaml:"system,omitempty" json:"system,omitempty"`
	DependsOn []string `yaml:"dependsOn,omitempty" json:"dependsOn,omitempty"`
}

// maxName is the longest entity name Backstage accepts.
const maxName = 63

// Name makes s a valid entity name: letters, digits and [-_.], starting
// and ending with a letter or digit, at most 63 characters. A name that
// had to be shortened ends in a hash of s, so distinct ids stay distinct.
func Name(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-_.")
	if out == s && len(out) <= maxName && out != "" {
		return out
	}
	sum := sha1.Sum([]byte(s))
	suffix := hex.EncodeToString(sum[:4])
	if len(out) > maxName-len(suffix)-1 {
		out = strings.TrimRight(out[:maxName-len(suffix)-1], "-_.")
	}
	if out == "" {
		return "x-" + suffix
	}
	return out + "-" + suffix
}

// oneLine joins s onto one line, as Backstage shows descriptions.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
