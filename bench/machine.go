package bench

import (
	"bufio"
	"os"
	"runtime"
	"strings"
)

// Machine describes the host a benchmark ran on, for reports: results from
// a shared or loaded machine are only comparable within one run.
type Machine struct {
	// CPUs is runtime.NumCPU; GOMAXPROCS is runtime.GOMAXPROCS(0).
	CPUs, GOMAXPROCS int
	// CPUModel is the first "model name" of /proc/cpuinfo, empty when
	// unknown.
	CPUModel string
	// GoVersion is runtime.Version, OS and Arch runtime.GOOS and GOARCH.
	GoVersion, OS, Arch string
	// LoadAvg is the first three fields of /proc/loadavg (1, 5 and 15
	// minutes), empty when unknown.
	LoadAvg string
}

// ReadMachine describes the current host.
func ReadMachine() Machine {
	m := Machine{
		CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	m.LoadAvg = LoadAvg()
	return m
}

// LoadAvg returns the 1, 5 and 15 minute load averages of /proc/loadavg
// as written there, or "" where that file does not exist.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
