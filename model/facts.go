package model

// DefaultFactFramework is the framework of a fact that names none: the
// Microsoft cloud security benchmark, whose per-service baselines are the
// facts most models import.
const DefaultFactFramework = "mcsb"

// Key is the framework/control key of a fact, such as "mcsb/DP-5".
func (f *Fact) Key() string {
	fw := f.Framework
	if fw == "" {
		fw = DefaultFactFramework
	}
	return fw + "/" + f.Control
}

// ControlKeys are the framework/control keys activity a maps to: its own
// controls and, when it names no control of the default framework, the
// ones crosswalk maps its other controls to (nist-800-53 CP-9 → mcsb
// BR-1). The crosswalk is broad (one NIST id maps to several benchmark
// controls), so an explicit mapping wins. crosswalk may be nil.
func (a *Activity) ControlKeys(crosswalk func(framework, id string) []string) map[string]bool {
	out := map[string]bool{}
	direct := len(a.Controls[DefaultFactFramework]) > 0
	for fw, ids := range a.Controls {
		for _, id := range ids {
			out[fw+"/"+id] = true
			if fw != DefaultFactFramework && !direct && crosswalk != nil {
				for _, x := range crosswalk(fw, id) {
					out[DefaultFactFramework+"/"+x] = true
				}
			}
		}
	}
	return out
}

// Statement sums up what a provider says about one control for one
// service across its features: the customer holds it when any feature
// leaves work to the customer.
type Statement struct {
	Control                    string
	Customer, Shared, Provider *Fact // the first fact of each kind
	// Nothing is set when every feature is not applicable or not supported.
	Nothing bool
	First   *Fact
}

// Summarise returns the statement of facts, all about one control.
func Summarise(facts []*Fact) Statement {
	st := Statement{Nothing: true, First: facts[0], Control: facts[0].Control}
	for _, f := range facts {
		switch f.Responsibility {
		case "customer":
			if st.Customer == nil {
				st.Customer = f
			}
		case "shared":
			if st.Shared == nil {
				st.Shared = f
			}
		case "provider":
			if st.Provider == nil {
				st.Provider = f
			}
		}
		if f.Responsibility != "not-applicable" && (f.Supported == nil || *f.Supported) {
			st.Nothing = false
		}
	}
	return st
}

// ProviderOnly reports whether the provider says it holds the control and
// leaves nothing to the customer.
func (st Statement) ProviderOnly() bool {
	return st.Provider != nil && st.Customer == nil && st.Shared == nil
}

// Side is the side the statement puts the control on: customer when any
// feature leaves work to the customer, else shared, else provider; ""
// when nothing applies.
func (st Statement) Side() Side {
	switch {
	case st.Customer != nil:
		return SideCustomer
	case st.Shared != nil:
		return SideShared
	case st.Provider != nil:
		return SideProvider
	}
	return ""
}
