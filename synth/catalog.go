package synth

import "github.com/demarc-dev/demarc/model"

// The fixed vocabulary synthetic models are built from: teams, providers and
// their services, landing zones and activities. Counts beyond a list's length
// are reached by combining entries with qualifiers, so any size can be
// generated.

// Party roles: which central team a capability area belongs to.
const (
	roleFoundation = "foundation"
	roleSecurity   = "security"
	roleIdentity   = "identity"
	roleNetwork    = "network"
	roleOps        = "ops"
	roleCost       = "cost"
	roleCompliance = "compliance"
	roleITSM       = "itsm"
	roleCCoE       = "ccoe"
	roleData       = "data"
	roleDevices    = "devices"
)

type teamTemplate struct {
	id, name, role, desc, person string
	oncall                       bool
}

// sharedTeams are the central teams, in the order they are added: a small
// model has the first few.
var sharedTeams = []teamTemplate{
	{"it-security", "IT security", roleSecurity, "Sets the security baseline, runs the security operations centre and handles security incidents.", "Sam Shield", true},
	{"central-it-ops", "Central IT operations", roleOps, "Operates servers and platforms for teams without their own operations: patching, monitoring, backup.", "Olu Operator", true},
	{"iam-team", "Identity and access management", roleIdentity, "Runs the enterprise identity provider, federation and privileged access management.", "Ida Access", false},
	{"network-team", "Network engineering", roleNetwork, "Owns the IP address plan, hybrid connectivity, DNS and the central firewalls.", "Nia Router", true},
	{"finops", "Controlling and FinOps", roleCost, "Allocates cloud costs, sets budgets and buys reservations and savings plans.", "Fin Ledger", false},
	{"grc", "Governance, risk and compliance", roleCompliance, "Maps duties to controls, collects evidence and prepares audits.", "Greta Audit", false},
	{"itsm", "IT service management", roleITSM, "Runs the service desk, incident and change management processes and the ITSM tool.", "Ivo Ticket", true},
	{"ccoe", "Cloud centre of excellence", roleCCoE, "Sets cloud strategy and architecture standards and trains application teams.", "Cleo Architect", false},
	{"data-protection", "Data protection office", roleData, "Advises on personal data, records of processing and data subject requests.", "Dara Privacy", false},
	{"workplace", "Digital workplace", roleDevices, "Manages laptops, phones and privileged access workstations.", "Wes Desk", false},
}

var externalTeams = []teamTemplate{
	{"msp", "Managed service provider", "", "An external operator that runs virtual machines and databases for the managed landing zones under contract.", "Max Contractor", true},
	{"external-auditor", "External auditor", "", "Audits the cloud controls once a year and asks for evidence.", "Ada Assurance", false},
}

var businessUnits = []string{
	"retail", "payments", "logistics", "manufacturing", "finance", "human-resources",
	"marketing", "research", "customer-service", "supply-chain", "insurance", "digital",
}

// appDomains × appParts name the application teams.
var appDomains = []string{
	"checkout", "billing", "catalogue", "search", "loyalty", "pricing", "inventory", "shipping",
	"tracking", "payroll", "recruiting", "crm", "webshop", "mobile-banking", "fraud", "ledger",
	"treasury", "claims", "policy", "quotes", "reporting", "forecasting", "warehouse", "fleet",
	"returns", "reviews", "recommendations", "content", "media", "notifications", "identity-portal",
	"partner-portal", "supplier", "quality", "maintenance", "scheduling", "contracts", "invoicing",
	"tax", "analytics",
}

var appParts = []struct{ id, name string }{
	{"api", "API"}, {"web", "web"}, {"data", "data"}, {"mobile", "mobile"},
	{"integration", "integration"}, {"batch", "batch"},
}

var firstNames = []string{"Alex", "Bea", "Chris", "Dana", "Eli", "Fay", "Gil", "Hana", "Ines", "Jon", "Kim", "Lea", "Mo", "Noor", "Oli", "Pia"}
var lastNames = []string{"Berg", "Costa", "Dahl", "Engel", "Frey", "Gomez", "Hahn", "Ito", "Jung", "Kaur", "Lind", "Moreau", "Novak", "Okafor", "Patel", "Quinn"}

type providerTemplate struct {
	id, name, party, reference, support string
	catalog                             []serviceTemplate
}

type serviceTemplate struct {
	stem, name, model, category string
	borders                     map[string]string
}

// Service models generated services use; every one is in the core baseline.
var serviceModels = []string{"iaas", "caas", "paas", "faas", "saas"}

// modelNames are the service models as written in prose, with their article.
var modelNames = map[string]string{"iaas": "an IaaS", "caas": "a CaaS", "paas": "a PaaS", "faas": "a FaaS", "saas": "a SaaS"}

var osProvider = map[string]string{"operating-system": "provider"}

var providerTemplates = []providerTemplate{
	{
		id: "aws", name: "Amazon Web Services", party: "Amazon Web Services",
		reference: "https://aws.amazon.com/compliance/shared-responsibility-model/",
		support:   "https://console.aws.amazon.com/support/home",
		catalog: []serviceTemplate{
			{"ec2", "Amazon EC2", "iaas", "compute", nil},
			{"eks", "Amazon EKS", "caas", "containers", nil},
			{"rds", "Amazon RDS", "paas", "database", nil},
			{"lambda", "AWS Lambda", "faas", "serverless", nil},
			{"cloudtrail", "AWS CloudTrail", "saas", "monitoring", nil},
			{"ecs-fargate", "Amazon ECS on Fargate", "caas", "containers", osProvider},
			{"s3", "Amazon S3", "paas", "storage", nil},
			{"dynamodb", "Amazon DynamoDB", "paas", "database", nil},
			{"aurora", "Amazon Aurora", "paas", "database", nil},
			{"elasticache", "Amazon ElastiCache", "paas", "database", nil},
			{"sqs", "Amazon SQS", "paas", "integration", nil},
			{"api-gateway", "Amazon API Gateway", "paas", "network", nil},
			{"step-functions", "AWS Step Functions", "faas", "integration", nil},
			{"backup", "AWS Backup", "paas", "backup", nil},
			{"identity-center", "AWS IAM Identity Center", "saas", "identity", nil},
			{"guardduty", "Amazon GuardDuty", "saas", "security", nil},
			{"workspaces", "Amazon WorkSpaces", "iaas", "compute", nil},
			{"sagemaker", "Amazon SageMaker", "paas", "ai", nil},
			{"redshift", "Amazon Redshift", "paas", "analytics", nil},
		},
	},
	{
		id: "azure", name: "Microsoft Azure", party: "Microsoft Azure",
		reference: "https://learn.microsoft.com/en-us/azure/security/fundamentals/shared-responsibility",
		support:   "https://portal.azure.com/#view/Microsoft_Azure_Support/HelpAndSupportBlade",
		catalog: []serviceTemplate{
			{"virtual-machines", "Azure Virtual Machines", "iaas", "compute", nil},
			{"aks", "Azure Kubernetes Service", "caas", "containers", nil},
			{"sql-database", "Azure SQL Database", "paas", "database", nil},
			{"functions", "Azure Functions", "faas", "serverless", nil},
			{"monitor", "Azure Monitor", "saas", "monitoring", nil},
			{"container-apps", "Azure Container Apps", "caas", "containers", osProvider},
			{"app-service", "Azure App Service", "paas", "compute", nil},
			{"cosmos-db", "Azure Cosmos DB", "paas", "database", nil},
			{"storage", "Azure Storage", "paas", "storage", nil},
			{"key-vault", "Azure Key Vault", "paas", "security", nil},
			{"service-bus", "Azure Service Bus", "paas", "integration", nil},
			{"logic-apps", "Azure Logic Apps", "faas", "integration", nil},
			{"backup", "Azure Backup", "paas", "backup", nil},
			{"entra-id", "Microsoft Entra ID", "saas", "identity", nil},
			{"defender", "Microsoft Defender for Cloud", "saas", "security", nil},
			{"virtual-desktop", "Azure Virtual Desktop", "iaas", "compute", nil},
			{"openai", "Azure OpenAI", "paas", "ai", nil},
			{"synapse", "Azure Synapse Analytics", "paas", "analytics", nil},
		},
	},
	{
		id: "gcp", name: "Google Cloud", party: "Google Cloud",
		reference: "https://cloud.google.com/architecture/framework/security/shared-responsibility-shared-fate",
		support:   "https://console.cloud.google.com/support",
		catalog: []serviceTemplate{
			{"compute-engine", "Compute Engine", "iaas", "compute", nil},
			{"gke", "Google Kubernetes Engine", "caas", "containers", nil},
			{"cloud-sql", "Cloud SQL", "paas", "database", nil},
			{"cloud-functions", "Cloud Run functions", "faas", "serverless", nil},
			{"cloud-logging", "Cloud Logging", "saas", "monitoring", nil},
			{"cloud-run", "Cloud Run", "caas", "containers", osProvider},
			{"cloud-storage", "Cloud Storage", "paas", "storage", nil},
			{"bigquery", "BigQuery", "paas", "analytics", nil},
			{"spanner", "Cloud Spanner", "paas", "database", nil},
			{"firestore", "Firestore", "paas", "database", nil},
			{"pubsub", "Pub/Sub", "paas", "integration", nil},
			{"apigee", "Apigee", "paas", "network", nil},
			{"workflows", "Workflows", "faas", "integration", nil},
			{"backup-dr", "Backup and DR Service", "paas", "backup", nil},
			{"cloud-identity", "Cloud Identity", "saas", "identity", nil},
			{"security-command-center", "Security Command Center", "saas", "security", nil},
			{"vertex-ai", "Vertex AI", "paas", "ai", nil},
		},
	},
	{
		id: "oci", name: "Oracle Cloud Infrastructure", party: "Oracle Cloud Infrastructure",
		reference: "https://docs.oracle.com/en-us/iaas/Content/Security/Concepts/security_guide.htm",
		support:   "https://support.oracle.com",
	},
	{
		id: "ibm", name: "IBM Cloud", party: "IBM Cloud",
		reference: "https://cloud.ibm.com/docs/overview?topic=overview-shared-responsibilities",
		support:   "https://cloud.ibm.com/unifiedsupport",
	},
	{
		id: "private-cloud", name: "Private cloud (OpenStack)", party: "Private cloud operations",
		reference: "https://docs.openstack.org/security-guide/",
		support:   "https://itsm.example.com/private-cloud",
	},
}

// genericCatalog is used for providers without their own catalog; entry
// names are prefixed with the provider's name.
var genericCatalog = []serviceTemplate{
	{"vm", "Virtual machines", "iaas", "compute", nil},
	{"kubernetes", "Managed Kubernetes", "caas", "containers", nil},
	{"database", "Managed database", "paas", "database", nil},
	{"functions", "Functions", "faas", "serverless", nil},
	{"audit-log", "Audit log", "saas", "monitoring", nil},
	{"object-storage", "Object storage", "paas", "storage", nil},
	{"queue", "Message queue", "paas", "integration", nil},
	{"identity", "Identity and access", "saas", "identity", nil},
}

// serviceVariants turn one catalog entry into several service offerings.
var serviceVariants = []struct{ id, name string }{
	{"eu", "EU regions"}, {"us", "US regions"}, {"apac", "APAC regions"}, {"regulated", "regulated offering"},
	{"dedicated", "dedicated tenancy"}, {"dr", "disaster recovery"}, {"gov", "government regions"},
	{"dev", "development tier"}, {"premium", "premium tier"}, {"edge", "edge locations"},
	{"batch", "batch workloads"}, {"sap", "SAP certified"},
}

const (
	profileManaged    = "managed"
	profileAutonomous = "autonomous"
	profileMixed      = "mixed"
)

type zoneTemplate struct {
	id, name, profile, applications, skills, operations, rationale string
}

var zoneTemplates = []zoneTemplate{
	{"lift-and-shift", "Lift and shift", profileManaged,
		"Existing applications moved to virtual machines with few changes.",
		"Little cloud experience; strong knowledge of the application itself.",
		"Business hours; no own on-call.",
		"The teams have no operating system or network skills, so central IT operations runs the machines and the network as it did on premises."},
	{"cloud-native", "Cloud-native", profileAutonomous,
		"New services built for the cloud on managed platforms and functions.",
		"Strong cloud and automation skills.",
		"DevOps teams with their own 24/7 on-call.",
		"Teams that build for the cloud run what they build; the foundation keeps the guardrails and the shared services."},
	{"container-platform", "Container platform", profileMixed,
		"Containerised applications on the shared Kubernetes platform.",
		"Container skills; no cluster operations skills.",
		"Application on-call only.",
		"The foundation runs the clusters as a product; application teams own their images, deployments and data."},
	{"data-analytics", "Data and analytics", profileMixed,
		"Data pipelines, warehouses and reporting.",
		"Data engineering skills; limited infrastructure skills.",
		"Business hours.",
		"The data platform team provides governed building blocks; data product teams own their pipelines and data."},
	{"sap", "SAP workloads", profileManaged,
		"SAP systems and their satellites.",
		"SAP basis skills at the managed service provider.",
		"24/7 through the managed service provider.",
		"SAP systems are run under contract by the managed service provider; central IT operations is accountable towards the business."},
	{"regulated", "Regulated workloads", profileManaged,
		"Applications that process payment card, health or other regulated data.",
		"Mixed; compliance knowledge is central.",
		"24/7 for production.",
		"Regulators expect central control: changes, access and evidence are owned centrally, application teams are responsible for their code."},
	{"sandbox", "Sandbox", profileAutonomous,
		"Experiments and training without production data.",
		"Any.",
		"None.",
		"Sandboxes hold no production data and expire; their users carry every duty inside them."},
	{"internet-facing", "Internet-facing applications", profileMixed,
		"Web shops, APIs and portals exposed to the internet.",
		"Good cloud skills.",
		"24/7 for customer-facing services.",
		"Exposure to the internet needs central edge protection; the rest is the application team's."},
	{"internal-apps", "Internal business applications", profileManaged,
		"Internal line-of-business applications.",
		"Little cloud experience.",
		"Business hours.",
		"Internal applications follow the central operations model to keep costs and risks low."},
	{"ai-ml", "AI and machine learning", profileAutonomous,
		"Model training and inference.",
		"Strong data science skills; little operations experience.",
		"Business hours.",
		"Data science teams move fast on managed AI services; data protection and cost stay under central control."},
	{"connectivity-hub", "Connectivity hub", profileManaged,
		"Shared network hubs, gateways and hybrid connectivity.",
		"Network engineering.",
		"24/7.",
		"The hub carries the whole estate's traffic, so the network team runs it end to end."},
	{"legacy-modernisation", "Legacy modernisation", profileMixed,
		"Applications being moved from virtual machines to managed services.",
		"Growing cloud skills.",
		"Business hours, moving to own on-call.",
		"Teams take over duties step by step as they modernise; central operations keeps what they cannot run yet."},
}

type activityTemplate struct {
	stem, name, area, layer, desc string
	controls                      map[string][]string
}

// Capability area → the role that is accountable by default.
var areaRole = map[string]string{
	"tenant-lifecycle": roleFoundation,
	"identity":         roleIdentity,
	"cost":             roleCost,
	"security":         roleSecurity,
	"logging":          roleSecurity,
	"incident":         roleITSM,
	"network":          roleNetwork,
	"backup":           roleOps,
	"patching":         roleOps,
	"compliance":       roleCompliance,
	"data":             roleData,
	"devices":          roleDevices,
}

// areaRuleAreas are decided by one rule selecting the whole area instead of
// one default rule per activity.
var areaRuleAreas = []string{"cost", "compliance"}

func ctl(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

var activityTemplates = []activityTemplate{
	{"provision-tenant", "Provision a tenant", "tenant-lifecycle", "", "Create an account, subscription or project through the vending process and apply the landing zone's baseline.", ctl("mcsb", "AM-1", "nist-800-53", "CM-8")},
	{"patch-guest-os", "Patch the guest operating system", "patching", "operating-system", "Apply operating system updates within the patch window for the workload's criticality.", ctl("mcsb", "PV-6", "nist-800-53", "SI-2")},
	{"federate-workforce-identity", "Federate workforce sign-in", "identity", "identity-infrastructure", "Connect the cloud's identity service to the enterprise identity provider.", ctl("mcsb", "IM-1", "nist-800-53", "IA-2")},
	{"set-tenant-budgets", "Set and watch tenant budgets", "cost", "", "Set a budget with alerts for every tenant and follow up on overruns.", ctl("finops", "budgeting")},
	{"configure-firewall-rules", "Configure firewall rules and security groups", "network", "network-controls", "Allow only the traffic the application needs, reviewed on every change.", ctl("mcsb", "NS-1", "nist-800-53", "SC-7")},
	{"configure-backups", "Configure backups", "backup", "information-and-data", "Back up data to the policy of its class, with copies outside the tenant.", ctl("mcsb", "BR-1", "nist-800-53", "CP-9")},
	{"handle-security-incidents", "Handle security incidents", "incident", "", "Triage, contain and eradicate security incidents and report them.", ctl("mcsb", "IR-3", "nist-800-53", "IR-4")},
	{"collect-audit-logs", "Collect audit logs centrally", "logging", "", "Send the cloud's control plane audit logs to the central log store.", ctl("mcsb", "LT-3", "nist-800-53", "AU-2")},
	{"harden-guest-os", "Harden the guest operating system", "security", "operating-system", "Apply the CIS benchmark to machine images and keep them compliant.", ctl("mcsb", "PV-3", "cis-v8", "4.1")},
	{"review-privileged-access", "Review privileged access quarterly", "identity", "accounts-and-identities", "Recertify every privileged role assignment each quarter.", ctl("mcsb", "PA-4", "nist-800-53", "AC-2")},
	{"classify-data", "Classify data", "data", "information-and-data", "Label the data a workload stores with its classification.", ctl("mcsb", "DP-1", "nist-800-53", "RA-2")},
	{"maintain-control-evidence", "Maintain control evidence", "compliance", "", "Keep the evidence auditors ask for current and retrievable.", ctl("nist-800-53", "CA-7")},
	{"manage-admin-workstations", "Manage privileged access workstations", "devices", "devices", "Provide and harden the workstations used for administration.", ctl("mcsb", "PA-6")},
	{"decommission-tenant", "Decommission a tenant", "tenant-lifecycle", "", "Close a tenant no longer needed, after its data and network are dealt with.", ctl("mcsb", "AM-1", "nist-800-53", "CM-8")},
	{"update-runtime-versions", "Update language runtimes", "patching", "application-runtime", "Move to supported runtime versions before the old ones are retired.", ctl("mcsb", "PV-6")},
	{"manage-break-glass-accounts", "Manage break-glass accounts", "identity", "accounts-and-identities", "Keep emergency access accounts working, sealed and monitored.", ctl("mcsb", "PA-5")},
	{"allocate-cloud-costs", "Allocate cloud costs", "cost", "", "Charge each tenant's costs to its cost centre every month.", ctl("finops", "allocation")},
	{"scan-container-images", "Scan container images", "security", "application-runtime", "Scan images for vulnerabilities in the pipeline and in the registry.", ctl("mcsb", "DS-6")},
	{"manage-ip-address-plan", "Manage the IP address plan", "network", "network-controls", "Assign non-overlapping address ranges to tenants and reclaim them.", ctl("mcsb", "NS-1")},
	{"test-restores", "Test restores", "backup", "information-and-data", "Restore a sample of backups regularly and record the result.", ctl("mcsb", "BR-4", "nist-800-53", "CP-4")},
	{"handle-service-outages", "Handle service outages", "incident", "", "Restore service after an outage and keep stakeholders informed.", ctl("nist-800-53", "IR-4")},
	{"forward-os-logs", "Forward operating system logs", "logging", "operating-system", "Install and configure the log agent on every machine.", ctl("mcsb", "LT-4")},
	{"manage-encryption-keys", "Manage encryption keys", "security", "information-and-data", "Create, rotate and protect customer-managed keys.", ctl("mcsb", "DP-6", "nist-800-53", "SC-12")},
	{"rotate-service-credentials", "Rotate service credentials", "identity", "accounts-and-identities", "Rotate keys and secrets of service accounts before they expire.", ctl("mcsb", "IM-8")},
	{"manage-data-retention", "Manage data retention", "data", "information-and-data", "Keep data as long as required and delete it afterwards.", ctl("nist-800-53", "SI-12")},
	{"run-compliance-assessments", "Run compliance assessments", "compliance", "", "Assess tenants against the policy set and follow up on findings.", ctl("nist-800-53", "CA-2")},
	{"enforce-device-compliance", "Enforce device compliance", "devices", "devices", "Allow console access only from managed, compliant devices.", ctl("mcsb", "IM-7")},
	{"maintain-tenant-ownership", "Keep tenant ownership current", "tenant-lifecycle", "", "Keep the owner, cost centre and contacts of each tenant current.", ctl("mcsb", "AM-1")},
	{"upgrade-node-images", "Upgrade cluster node images", "patching", "operating-system", "Roll worker nodes to the latest patched image.", ctl("mcsb", "PV-6")},
	{"configure-conditional-access", "Configure conditional access", "identity", "identity-infrastructure", "Require strong authentication and compliant devices for sign-in.", ctl("mcsb", "IM-7")},
	{"review-reservations", "Review reservations and savings plans", "cost", "", "Buy, exchange and retire commitments to match usage.", ctl("finops", "rate-optimisation")},
	{"remediate-security-findings", "Remediate security findings", "security", "", "Fix findings of the cloud security posture tool within their deadline.", ctl("mcsb", "PV-5")},
	{"manage-private-connectivity", "Manage private connectivity", "network", "network-controls", "Run the links between the cloud and the enterprise network.", ctl("mcsb", "NS-3")},
	{"plan-disaster-recovery", "Plan disaster recovery", "backup", "", "Define recovery objectives and a tested recovery plan.", ctl("nist-800-53", "CP-2")},
	{"open-provider-support-cases", "Open support cases with the provider", "incident", "", "Raise and follow support cases with the right severity.", nil},
	{"monitor-application-health", "Monitor application health", "logging", "application-runtime", "Watch the application's health signals and alert the on-call.", ctl("nist-800-53", "SI-4")},
	{"configure-waf", "Configure the web application firewall", "security", "network-controls", "Protect internet-facing endpoints with the central WAF policy.", ctl("mcsb", "NS-6")},
	{"manage-workload-identities", "Manage workload identities", "identity", "accounts-and-identities", "Give workloads their own least-privilege identities.", ctl("mcsb", "IM-3")},
	{"handle-data-subject-requests", "Handle data subject requests", "data", "information-and-data", "Find, export or erase a person's data on request.", nil},
	{"manage-policy-exceptions", "Manage policy exceptions", "compliance", "", "Approve, record and expire exceptions from the guardrails.", ctl("nist-800-53", "CA-5")},
	{"release-ip-ranges", "Release a tenant's IP ranges and DNS names", "tenant-lifecycle", "", "Return ranges to the plan and remove DNS records when a tenant closes.", ctl("mcsb", "NS-10")},
	{"update-application-dependencies", "Update application dependencies", "patching", "application-runtime", "Keep libraries and base images free of known vulnerabilities.", ctl("mcsb", "DS-6")},
	{"manage-dns", "Manage DNS zones", "network", "network-controls", "Run the DNS zones and resolvers tenants use.", ctl("mcsb", "NS-10")},
	{"retain-logs", "Retain logs", "logging", "information-and-data", "Keep logs for the period the log policy requires, tamper-proof.", ctl("mcsb", "LT-6")},
	{"run-post-incident-reviews", "Run post-incident reviews", "incident", "", "Review major incidents and track the follow-up actions.", ctl("nist-800-53", "IR-8")},
	{"clean-up-idle-resources", "Clean up idle resources", "cost", "", "Find and remove unused resources that still cost money.", ctl("finops", "workload-optimisation")},
	{"manage-private-endpoints", "Manage private endpoints", "network", "network-controls", "Reach managed services over private endpoints only.", ctl("mcsb", "NS-2")},
	{"retain-tenant-data", "Export, retain or delete a tenant's data at decommissioning", "tenant-lifecycle", "information-and-data", "Hand records to their retention store and delete the rest before a tenant closes.", ctl("nist-800-53", "MP-6")},
	{"deploy-endpoint-protection", "Deploy endpoint protection", "security", "operating-system", "Install and keep running the endpoint protection agent.", ctl("mcsb", "ES-1")},
}

// The grains generated activities use; the default, per service, is left
// out of the files as a person would.
const (
	grainService      = model.GrainService
	grainTenant       = model.GrainTenant
	grainLandingZone  = model.GrainLandingZone
	grainProvider     = model.GrainProvider
	grainOrganisation = model.GrainOrganisation
)

// shape is where an activity happens: its grain and, per service, the
// service models and categories it applies to (nil: all).
type shape struct {
	grain              model.Grain
	models, categories []string
}

// activityShapes gives each template's grain and applicability, in about
// the proportions of a maintained model: most activities per service, many
// of them for some services only, a quarter per tenant, a few per landing
// zone, per provider and for the organisation. Templates not listed happen
// per service for every service. Qualified copies keep their template's
// shape.
var activityShapes = map[string]shape{
	"provision-tenant":                {grain: grainTenant},
	"patch-guest-os":                  {models: []string{"iaas"}, categories: []string{"compute"}},
	"federate-workforce-identity":     {grain: grainProvider},
	"set-tenant-budgets":              {grain: grainTenant},
	"configure-firewall-rules":        {models: []string{"iaas", "caas", "paas", "faas"}},
	"configure-backups":               {categories: []string{"database", "storage"}},
	"handle-security-incidents":       {grain: grainTenant},
	"collect-audit-logs":              {grain: grainTenant},
	"harden-guest-os":                 {models: []string{"iaas", "caas"}, categories: []string{"compute", "containers"}},
	"review-privileged-access":        {grain: grainTenant},
	"classify-data":                   {grain: grainTenant},
	"maintain-control-evidence":       {grain: grainOrganisation},
	"manage-admin-workstations":       {grain: grainOrganisation},
	"decommission-tenant":             {grain: grainTenant},
	"update-runtime-versions":         {categories: []string{"compute", "containers", "serverless"}},
	"manage-break-glass-accounts":     {grain: grainTenant},
	"allocate-cloud-costs":            {grain: grainLandingZone},
	"scan-container-images":           {categories: []string{"containers"}},
	"manage-ip-address-plan":          {grain: grainLandingZone},
	"test-restores":                   {categories: []string{"database", "storage"}},
	"forward-os-logs":                 {models: []string{"iaas"}},
	"manage-encryption-keys":          {categories: []string{"database", "storage", "backup"}},
	"manage-data-retention":           {categories: []string{"database", "storage", "analytics"}},
	"enforce-device-compliance":       {grain: grainLandingZone},
	"maintain-tenant-ownership":       {grain: grainTenant},
	"upgrade-node-images":             {categories: []string{"containers"}},
	"configure-conditional-access":    {grain: grainProvider},
	"review-reservations":             {categories: []string{"compute", "database"}},
	"manage-private-connectivity":     {grain: grainLandingZone},
	"plan-disaster-recovery":          {categories: []string{"compute", "database", "storage"}},
	"monitor-application-health":      {models: []string{"iaas", "caas", "paas", "faas"}},
	"configure-waf":                   {categories: []string{"compute", "containers", "network"}},
	"manage-workload-identities":      {grain: grainTenant},
	"handle-data-subject-requests":    {categories: []string{"database", "storage", "analytics"}},
	"release-ip-ranges":               {grain: grainTenant},
	"update-application-dependencies": {categories: []string{"compute", "containers", "serverless"}},
	"manage-dns":                      {grain: grainTenant},
	"retain-logs":                     {categories: []string{"monitoring", "storage"}},
	"manage-private-endpoints":        {models: []string{"paas"}},
	"retain-tenant-data":              {grain: grainTenant},
	"deploy-endpoint-protection":      {models: []string{"iaas", "caas"}, categories: []string{"compute", "containers"}},
	"patch-hypervisor":                {models: []string{"iaas", "caas"}},
}

// physicalTemplates sit on layers every generated service leaves to the
// provider: the provider border decides them and no rule may.
var physicalTemplates = []activityTemplate{
	{"maintain-datacenter-security", "Maintain physical datacenter security", "physical", "physical-datacenter", "Guard sites, control physical access and keep the facilities running.", ctl("nist-800-53", "PE-3")},
	{"replace-failed-hardware", "Replace failed hardware", "physical", "physical-hosts", "Repair hosts and securely dispose of failed disks.", ctl("nist-800-53", "MA-2")},
	{"patch-hypervisor", "Patch the hypervisor", "physical", "virtualisation", "Keep the virtualisation layer patched and isolated.", ctl("nist-800-53", "SI-2")},
	{"maintain-backbone-network", "Maintain the backbone network", "physical", "physical-network", "Run the physical network between hosts, sites and regions.", ctl("nist-800-53", "SC-7")},
}

// activityQualifiers specialise activity templates beyond the first round.
var activityQualifiers = []struct{ id, name string }{
	{"prod", "for production tenants"}, {"nonprod", "for non-production tenants"},
	{"regulated", "for regulated workloads"}, {"eu", "in the EU regions"}, {"us", "in the US regions"},
	{"apac", "in the APAC regions"}, {"sap", "for SAP systems"}, {"critical", "for business-critical applications"},
	{"internet", "for internet-facing applications"}, {"partner", "for partner integrations"},
}
