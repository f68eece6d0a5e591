package resolve

import (
	"math/bits"

	"github.com/demarc-dev/demarc/model"
)

// anyID is the value of a scope dimension that a rule leaves open; none is
// that of a coordinate a cell does not have. They may be equal: a rule's
// fixed value is an index, never negative, so it matches neither.
const (
	anyID       = -1
	none  int32 = -1
)

// bitset is a set of small integers (activity indexes).
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int)      { b[i/64] |= 1 << (uint(i) % 64) }
func (b bitset) clear(i int)    { b[i/64] &^= 1 << (uint(i) % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(uint(i)%64)) != 0 }

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// subsetOf reports whether b ⊆ o.
func (b bitset) subsetOf(o bitset) bool {
	for i, w := range b {
		if w&^o[i] != 0 {
			return false
		}
	}
	return true
}

// dims are the scope dimensions of a rule, in closure form.
const (
	dimProvider = iota
	dimModel
	dimService
	dimZone
	dimTenant
	numDims
)

// compiled is a rule in integer form.
type compiled struct {
	rule  *model.Rule
	index int // position in Resolver.rules
	acts  bitset
	nacts int
	// scope is the rule's scope closed over the model: a service fixes its
	// provider and model, a tenant its landing zone and provider. anyID
	// where the rule leaves a dimension open.
	scope [numDims]int32
	// contradictory is set when the closure disagrees with an explicit field
	// (e.g. provider aws with an Azure service): the rule matches nothing.
	contradictory bool
	raci          raci
	// excluded are the activities the rule selects whose grain lacks a
	// dimension its scope fixes; explicit is set when the rule names
	// activities by id (so the checker reports them).
	excluded []int32
	explicit bool
}

// raci is a rule's assignment with party indexes, for comparing rules.
type raci struct {
	R, A, C, I []int32
}

func (x raci) equal(y raci) bool {
	return eq(x.R, y.R) && eq(x.A, y.A) && eq(x.C, y.C) && eq(x.I, y.I)
}

func eq(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	// Lists are sorted when compiled, so order in the file does not matter.
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// atLeastAsSpecific reports whether a ≤ b in the specificity order: a selects
// no activity b does not, and a constrains every dimension b constrains, to
// the same value.
func atLeastAsSpecific(a, b *compiled) bool {
	if a.nacts > b.nacts || !a.acts.subsetOf(b.acts) {
		return false
	}
	for d := 0; d < numDims; d++ {
		if b.scope[d] != anyID && a.scope[d] != b.scope[d] {
			return false
		}
	}
	return true
}

// moreSpecific reports a < b: a ≤ b and not b ≤ a.
func moreSpecific(a, b *compiled) bool {
	return atLeastAsSpecific(a, b) && !atLeastAsSpecific(b, a)
}

// key is a cell's coordinates per scope dimension; -1 (none) where the
// cell has no such coordinate (a tenant-grain cell has no service), which
// no rule value equals, so a rule fixing that dimension never matches.
type key [numDims]int32

// matches reports whether c applies to the cell at k.
func (c *compiled) matches(k *key) bool {
	for d := range numDims {
		if v := c.scope[d]; v != anyID && v != k[d] {
			return false
		}
	}
	return true
}

// svc is a service in integer form with its border per layer precomputed.
type svc struct {
	s        *model.Service
	index    int32
	provider int32
	model    int32
	sides    []model.Side // by layer index
	party    int32        // provider party, -1 if unknown
	border   []int32      // {party}, shared by the service's cells; nil if unknown
	key      key          // the service's coordinates, zone and tenant unset
}
