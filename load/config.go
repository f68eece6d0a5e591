package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/diag"
)

// Config is the project configuration, read from .demarc.yaml in the model
// directory. Every field is optional.
type Config struct {
	// Severity changes the severity of diagnostic codes, by code or name:
	// error, warning, info or off.
	Severity map[string]string `yaml:"severity,omitempty" json:"severity,omitempty"`
	Limits   *LimitsConfig     `yaml:"limits,omitempty" json:"limits,omitempty"`
	// Inventory says how the clouds' accounts become tenants.
	Inventory *InventoryConfig `yaml:"inventory,omitempty" json:"inventory,omitempty"`

	SeverityPos map[string]diag.Range `yaml:"-" json:"-" keypos:"severity"`
	Pos         diag.Range            `yaml:"-" json:"-"`
}

// LimitsConfig overrides the loader's limits.
type LimitsConfig struct {
	MaxFileSize   string `yaml:"max_file_size,omitempty" json:"max_file_size,omitempty" jsonschema_description:"e.g. 32MiB"`
	MaxFiles      int    `yaml:"max_files,omitempty" json:"max_files,omitempty"`
	MaxNodes      int    `yaml:"max_nodes,omitempty" json:"max_nodes,omitempty"`
	MaxDepth      int    `yaml:"max_depth,omitempty" json:"max_depth,omitempty"`
	MaxTextLength string `yaml:"max_text_length,omitempty" json:"max_text_length,omitempty" jsonschema_description:"e.g. 64KiB"`
	MaxTenants    int    `yaml:"max_tenants,omitempty" json:"max_tenants,omitempty"`
	MaxLoadTime   string `yaml:"max_load_time,omitempty" json:"max_load_time,omitempty" jsonschema_description:"e.g. 1m or 90s"`

	MaxFileSizePos   diag.Range `yaml:"-" json:"-" pos:"max_file_size"`
	MaxTextLengthPos diag.Range `yaml:"-" json:"-" pos:"max_text_length"`
	MaxLoadTimePos   diag.Range `yaml:"-" json:"-" pos:"max_load_time"`
}

// Project is a parsed configuration ready for use.
type Project struct {
	Limits   Limits
	Severity map[diag.Code]diag.Severity
	Off      map[diag.Code]bool
	// Inventory is the mapping of inventory accounts to tenants; nil when
	// the configuration has none.
	Inventory *InventoryConfig
	// Sources holds the configuration file's bytes, for snippets.
	Sources map[string][]byte
}

// maxConfigSize bounds the configuration file, which is a few lines.
const maxConfigSize = 1 << 20

// ReadConfig reads dir/.demarc.yaml if it exists. A missing file is not an
// error; a broken one is reported with positions like a model file. Like
// model files, the configuration is read only when it is a regular file
// inside dir.
func ReadConfig(dir string) (*Project, diag.Diagnostics) {
	p := newProject()
	path := filepath.Join(dir, ConfigFile)
	var ds diag.Diagnostics
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return p, ds // a model given as one file has no configuration; a missing one is reported by the load
	}
	mfs, err := openModelFS(dir)
	if err != nil {
		return p, ds
	}
	defer mfs.close()
	if _, err := mfs.root.Lstat(ConfigFile); errors.Is(err, fs.ErrNotExist) {
		return p, ds
	}
	data, ok := mfs.read(ConfigFile, path, maxConfigSize, "The configuration is a few lines; this file is not one.", &ds)
	if !ok {
		return p, ds
	}
	return ParseConfig(path, data)
}

func newProject() *Project {
	return &Project{Limits: DefaultLimits, Severity: map[diag.Code]diag.Severity{}, Off: map[diag.Code]bool{}, Sources: map[string][]byte{}}
}

// ParseConfig reads the configuration from the bytes of a file named name.
// Whatever the input, the project it returns has usable limits.
func ParseConfig(name string, data []byte) (*Project, diag.Diagnostics) {
	p := newProject()
	var ds diag.Diagnostics
	if len(data) > maxConfigSize {
		fileTooLarge(&ds, name, maxConfigSize, "The configuration is a few lines; this file is not one.")
		return p, ds
	}
	p.Sources[name] = data
	src := newSource(name, data)
	cfg, ok := parseConfig(src, &ds)
	if !ok {
		return p, ds
	}
	for key, val := range cfg.Severity {
		at := cfg.SeverityPos[key]
		info, err := diag.Lookup(key)
		if err != nil {
			ds.Add(diag.InvalidValue, at, "%v", err)
			continue
		}
		sev, off, err := diag.ParseSeverity(val)
		if err != nil {
			ds.Add(diag.InvalidValue, at, "severity of %s: %v", key, err)
			continue
		}
		if off {
			p.Off[info.Code] = true
		} else {
			p.Severity[info.Code] = sev
		}
	}
	p.Inventory = cfg.Inventory
	if l := cfg.Limits; l != nil {
		if l.MaxFileSize != "" {
			n, err := ParseSize(l.MaxFileSize)
			if err != nil {
				ds.Add(diag.InvalidValue, l.MaxFileSizePos, "limits.max_file_size: %v", err)
			} else {
				p.Limits.MaxFileSize = n
			}
		}
		if l.MaxFiles > 0 {
			p.Limits.MaxFiles = l.MaxFiles
		}
		if l.MaxNodes > 0 {
			p.Limits.MaxNodes = l.MaxNodes
		}
		if l.MaxDepth > 0 {
			p.Limits.MaxDepth = l.MaxDepth
		}
		if l.MaxTextLength != "" {
			n, err := ParseSize(l.MaxTextLength)
			switch {
			case err != nil:
				ds.Add(diag.InvalidValue, l.MaxTextLengthPos, "limits.max_text_length: %v", err)
			case n > int64(p.Limits.MaxFileSize):
				ds.Add(diag.InvalidValue, l.MaxTextLengthPos, "limits.max_text_length: %s is more than the file size limit of %s", formatBytes(n), formatBytes(p.Limits.MaxFileSize)).
					WithDetail("A text value lives in one file; raise limits.max_file_size as well.")
			default:
				p.Limits.MaxTextLength = int(n)
			}
		}
		if l.MaxTenants > 0 {
			p.Limits.MaxTenants = l.MaxTenants
		}
		if l.MaxLoadTime != "" {
			d, err := time.ParseDuration(strings.TrimSpace(l.MaxLoadTime))
			if err != nil || d <= 0 {
				ds.Add(diag.InvalidValue, l.MaxLoadTimePos, "limits.max_load_time: %q is not a positive duration", l.MaxLoadTime).
					WithDetail("Write a duration such as 90s, 2m or 1m30s.")
			} else {
				p.Limits.MaxLoadTime = d
			}
		}
	}
	return p, ds
}

func parseConfig(src *source, ds *diag.Diagnostics) (*Config, bool) {
	before := len(*ds)
	cfg := &Config{}
	root, ok := parseOneDocument(src, ds)
	if !ok {
		return cfg, false
	}
	if root != nil {
		d := &decoder{src: src, diags: ds, budget: 100_000, maxText: DefaultLimits.MaxTextLength}
		d.decodeStruct(root, reflectValue(cfg), "")
	}
	return cfg, len(*ds) == before
}

var sizeRE = regexp.MustCompile(`^\s*(\d+)\s*([KMG]i?B|B|)?\s*$`)

// ParseSize reads sizes such as 512KiB, 32MiB, 1GiB or a plain byte count.
func ParseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, errors.New("write a size such as 32MiB, 512KiB or 1048576")
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, err
	}
	switch strings.TrimSuffix(strings.TrimSuffix(m[2], "B"), "i") {
	case "K":
		n <<= 10
	case "M":
		n <<= 20
	case "G":
		n <<= 30
	}
	if n <= 0 {
		return 0, errors.New("the size must be positive")
	}
	return n, nil
}
