#!/bin/sh
# Reruns every fault scenario of docs/reliability.md against the built binary.
# Usage: scripts/faults/run.sh [RUNS]   (RUNS = kill -9 runs and restore drills, default 20)
# As root it also runs the full-disk (tmpfs) and read-only (bind mount) cases;
# otherwise those skip or fall back, with a message.
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-20}
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version)"
TWINNING_FAULT_RUNS=$runs go test ./cmd/twinning ./store -count=1 -v \
	-run 'Kill9|SIGTERM|FullDisk|BackupServes|Refuses|BackupWhileWriting|RestoreDrill' 2>&1 |
	grep -E '^(---|ok|FAIL|PASS)|faults_test|refuse_test|backup_test|drill_test'
