# shellcheck shell=bash
# slurm.sh: a throw-away single-node Slurm cluster on loopback for the script tests (Debian
# packages slurm-wlm and munge; scripts/install-deps installs them). Source it, then:
#
#   . "$DTMAP_SOURCE_DIR/tests/lib/slurm.sh"
#   trap slurm_stop EXIT            # on every exit path, before starting
#   slurm_start || exit $?          # 77 (skip, reason on stdout) when Slurm cannot run here
#   id=$(sbatch --parsable --array=0-3 --wrap '...')
#   slurm_wait 30 "$id" || ...      # 0 all completed, 1 one failed, 2 timed out
#
# slurm_start makes its own folder (SLURM_TEST_DIR, under TMPDIR), its own munge key, its own
# munged (as the munge user, socket in that folder), slurmctld and slurmd (as root, SlurmUser
# root) on two free ports picked at random in 20000-29999, and exports SLURM_CONF so that
# sbatch, squeue, scontrol and scancel talk to that cluster only; the system's /etc/munge,
# /etc/slurm and any other Slurm or munged on the machine are neither read nor touched. The
# node, "dtmapnode", has all the machine's CPUs (CR_CPU: one CPU per task unless asked) in the
# default partition "main"; batch jobs start without the default 3 s batch delay and finished
# jobs are kept for 10 minutes so that slurm_wait can read their states. It returns once the
# node is idle, in well under a second here. slurm_stop cancels the cluster's jobs, stops only
# the three daemons that slurm_start started (by their pid files, each checked to be that
# daemon by its command line) and removes the folder (kept with SLURM_KEEP=1, for a look at
# the logs in SLURM_TEST_DIR/log); it is safe to call twice or before slurm_start. When the
# test is killed outright (SIGKILL: no trap runs), a watchdog started with the cluster stops it
# within a second or two.

SLURM_TEST_DIR=""
SLURM_WATCHDOG=""

# slurm_skip MESSAGE: prints "SKIP: MESSAGE" on stdout, stops whatever was started, returns 77.
slurm_skip() {
    echo "SKIP: $1"
    slurm_stop
    return 77
}

# slurm_port_free PORT: true when nothing listens on TCP PORT of 127.0.0.1.
slurm_port_free() {
    if command -v ss >/dev/null 2>&1; then
        [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
    else
        ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# slurm_free_ports: prints two free TCP ports (controller, node daemon) from 20000-29999, or
# fails after 50 tries.
slurm_free_ports() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 9999))
        if slurm_port_free "$p" && slurm_port_free $((p + 1)); then
            echo "$p $((p + 1))"
            return 0
        fi
    done
    return 1
}

# slurm_pid_of FILE PATTERN: prints the pid in FILE when that process is alive and its command
# line contains PATTERN (our folder), so that a reused pid is never killed.
slurm_pid_of() {
    local pid
    [ -s "$1" ] || return 1
    pid=$(tr -dc 0-9 <"$1")
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2" || return 1
    echo "$pid"
}

# slurm_log_tail: the last lines of the daemons' logs, for a failure message (stdout).
slurm_log_tail() {
    local f
    for f in "$SLURM_TEST_DIR"/log/*.log "$SLURM_TEST_DIR"/munge/log; do
        [ -s "$f" ] || continue
        echo "--- $f"
        grep -v 'debug' "$f" | tail -n 5
    done
}

# slurm_start [TIMEOUT]: starts the cluster and waits (at most TIMEOUT seconds, default 20) for
# its node to be idle. Returns 0 with SLURM_CONF and SLURM_TEST_DIR set; 77 with the reason on
# stdout when not root, when a package is missing or when a daemon does not start.
slurm_start() {
    local timeout=${1:-20} tool ports ctld_port d_port host cpus s state
    [ "$(id -u)" -eq 0 ] || slurm_skip "Slurm test cluster needs root (slurmd runs jobs as root)" || return
    case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin ;; esac
    for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
        command -v "$tool" >/dev/null 2>&1 ||
            slurm_skip "$tool not installed (Debian packages slurm-wlm munge; scripts/install-deps)" ||
            return
    done
    getent passwd munge >/dev/null || slurm_skip "no munge user (package munge)" || return
    ports=$(slurm_free_ports) || slurm_skip "no two free TCP ports in 20000-29999" || return
    ctld_port=${ports% *}
    d_port=${ports#* }
    host=$(hostname -s)
    cpus=$(nproc)
    s=$(mktemp -d "${TMPDIR:-/tmp}/dtmap-slurm.XXXXXX") || slurm_skip "mktemp failed" || return
    SLURM_TEST_DIR=$s
    chmod 755 "$s"
    mkdir -p "$s/state" "$s/spool" "$s/log" "$s/munge"
    # munged wants its socket folder owned by munge and searchable by all, its key 0600.
    chown munge:munge "$s/munge"
    chmod 755 "$s/munge"
    (umask 077 && head -c 1024 /dev/urandom >"$s/munge/key") && chown munge:munge "$s/munge/key" ||
        slurm_skip "cannot write a munge key in $s" || return
    su -s /bin/sh munge -c "$(command -v munged) --socket=$s/munge/sock --key-file=$s/munge/key \
        --pid-file=$s/munge/pid --log-file=$s/munge/log --seed-file=$s/munge/seed" \
        >"$s/log/munged.out" 2>&1 ||
        slurm_skip "munged did not start: $(tail -n 1 "$s/log/munged.out")" || return
    cat >"$s/slurm.conf" <<EOF
ClusterName=dtmaptest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$s/munge/sock
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/ctld.pid
SlurmdPidFile=$s/d.pid
SlurmctldLogFile=$s/log/ctld.log
SlurmdLogFile=$s/log/d.log
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
SchedulerParameters=batch_sched_delay=0,kill_invalid_depend
NodeName=dtmapnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=main Nodes=dtmapnode Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF=$s/slurm.conf
    # A watchdog for a test killed by SIGKILL (a ctest timeout), which no trap sees: it stops
    # the cluster once the test's shell is gone. Its output is not the test's, so that ctest
    # does not wait for it.
    (
        trap '' HUP INT TERM
        while kill -0 $$ 2>/dev/null; do sleep 1; done
        SLURM_WATCHDOG=""
        slurm_stop
    ) </dev/null >/dev/null 2>&1 &
    SLURM_WATCHDOG=$!
    slurmctld -f "$SLURM_CONF" >"$s/log/ctld.out" 2>&1 ||
        slurm_skip "slurmctld did not start: $(tail -n 1 "$s/log/ctld.out") $(slurm_log_tail)" ||
        return
    slurmd -f "$SLURM_CONF" -N dtmapnode >"$s/log/d.out" 2>&1 ||
        slurm_skip "slurmd did not start: $(tail -n 1 "$s/log/d.out") $(slurm_log_tail)" || return
    for _ in $(seq $((timeout * 10))); do
        state=$(sinfo -h -N -o %t 2>/dev/null)
        [ "$state" = idle ] && return 0
        sleep 0.1
    done
    slurm_skip "the Slurm node is '${state:-not known}', not idle, after ${timeout}s:
$(slurm_log_tail)"
}

# slurm_wait TIMEOUT JOBID...: waits until none of the jobs (array jobs: all their tasks) is
# pending or running, then checks that every one of them COMPLETED with exit code 0. Returns 0
# then; 1 when one did not (their states on stdout); 2 after TIMEOUT seconds (the jobs are then
# cancelled).
slurm_wait() {
    local timeout=$1 ids bad id
    shift
    ids=$(
        IFS=,
        echo "$*"
    )
    for _ in $(seq $((timeout * 10))); do
        if [ -z "$(squeue -h -j "$ids" -o %i 2>/dev/null)" ]; then
            bad=$(for id in "$@"; do
                scontrol -o show job "$id" 2>&1 || echo "JobId=$id: not known to scontrol"
            done | grep -v 'JobState=COMPLETED .*ExitCode=0:0')
            [ -z "$bad" ] && return 0
            echo "jobs not completed:"
            grep -o 'JobId=[0-9]*\( ArrayJobId=[0-9]* ArrayTaskId=[0-9]*\)\?\|JobState=[A-Z_]* Reason=[^ ]*\|ExitCode=[0-9:]*\|not known.*' <<<"$bad" | paste -s -d ' ' | sed 's/ JobId=/\nJobId=/g'
            return 1
        fi
        sleep 0.1
    done
    echo "jobs $ids still queued after ${timeout}s:"
    squeue -j "$ids" 2>&1
    scancel "${@}" 2>/dev/null
    return 2
}

# slurm_stop: cancels the test cluster's jobs, stops its daemons (TERM, then KILL after 5 s),
# removes SLURM_TEST_DIR unless SLURM_KEEP=1. Touches nothing when slurm_start did not run.
slurm_stop() {
    local s=$SLURM_TEST_DIR pids="" alive="" pid f
    [ -n "$s" ] && [ -d "$s" ] || return 0
    if slurm_pid_of "$s/ctld.pid" "$s/slurm.conf" >/dev/null; then
        scancel --quiet --user=root 2>/dev/null
        for _ in $(seq 30); do
            [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
            sleep 0.1
        done
    fi
    for f in d.pid:"$s/slurm.conf" ctld.pid:"$s/slurm.conf" munge/pid:"$s/munge/sock"; do
        pid=$(slurm_pid_of "$s/${f%%:*}" "${f#*:}") && kill "$pid" 2>/dev/null && pids="$pids $pid"
    done
    for _ in $(seq 50); do
        alive=""
        for pid in $pids; do
            [ -d "/proc/$pid" ] && [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != Z ] &&
                alive="$alive $pid"
        done
        [ -z "$alive" ] && break
        sleep 0.1
    done
    for pid in $alive; do
        kill -KILL "$pid" 2>/dev/null
    done
    if [ "${SLURM_KEEP:-0}" = 1 ]; then
        echo "slurm.sh: kept $s"
    else
        rm -rf "$s"
    fi
    SLURM_TEST_DIR=""
    unset SLURM_CONF
    if [ -n "$SLURM_WATCHDOG" ]; then
        kill -KILL "$SLURM_WATCHDOG" 2>/dev/null
        wait "$SLURM_WATCHDOG" 2>/dev/null
        SLURM_WATCHDOG=""
    fi
}
