#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Boots the example systems and the default system in QEMU and checks them
# through the serial console; prints TAP lines.
# Usage: system-test.sh IMAGE_DIR [NAME...]   (the names: examples,
# "restartloop" and/or "default"; all of them by default)
# Each example prints PASS:/FAIL: lines; it passes when the expected number
# of PASS lines appears, with no FAIL line, before the timeout.  The
# default system is driven like a person would: commands typed at the
# `mote> ` prompt, answers checked.
dir=${1:-build/images}
LIMIT=${SYSTEM_TEST_TIMEOUT:-30}
. "$(dirname "$0")/../lib/console.sh"

# example name : PASS lines it prints
EXAMPLES="rpcbasic:8 rpcmany:3 rpcshared:21 notify:9 dataport:2 hwirq:5 sharedirq:3 captransfer:7 fault:2 fpu:2 compat:6 rngmany:4"

# QEMU with its console on a FIFO (input) and a log file (output).
boot() { boot_fifo "$1"; }
# wait_for COUNT PATTERN: tests/lib/console.sh's, but a FAIL line ends
# the wait too, and lines printed before QEMU stopped still count.
wait_for() {
    local end=$((SECONDS + LIMIT))
    while [ $SECONDS -lt $end ]; do
        [ "$(count "$2")" -ge "$1" ] && return 0
        grep -q '^FAIL:' "$work/out" && return 1
        kill -0 "$qpid" 2>/dev/null || { [ "$(count "$2")" -ge "$1" ]; return; }
        sleep 0.2
    done
    return 1
}

example() {
    local name=${1%%:*} want=${1##*:}
    if [ ! -f "$dir/$name.elf" ]; then tap 1 "$name: no image $dir/$name.elf"; return; fi
    boot "$dir/$name.elf"
    wait_for "$want" '^PASS:'; local r=$?
    sleep 0.3
    stop
    local got; got=$(grep -c '^PASS:' "$work/out")
    [ $r = 0 ] && grep -q '^FAIL:' "$work/out" && r=1
    tap $r "$name: $got of $want PASS lines$(grep -m1 '^FAIL:' "$work/out" | sed 's/^/, first /')"
    [ $r = 0 ] || sed 's/^/# /' "$work/out" | tail -20
    [ "$name" = hwirq ] && sleeps_overlap
}

# hwirq: the client's three short sleeps end while the sleeper's long one,
# called first, still waits: the timer service defers its replies (one
# that answered sleeps in turn would end the long one first).
sleeps_overlap() {
    local short long
    short=$(grep -n '^PASS: sleep 3' "$work/out" | head -1 | cut -d: -f1)
    long=$(grep -n '^PASS: long sleep' "$work/out" | head -1 | cut -d: -f1)
    [ -n "$short" ] && [ -n "$long" ] && [ "$short" -lt "$long" ]
    tap $? "hwirq: short sleeps end during an earlier long one (deferred replies)"
}

# restartloop: loop faults each time it starts (restart = "always",
# restart_limit = 3): four starts with fresh data and both threads
# running, three restarts, then stopped at the limit and reported, and no
# fifth start; the call loop saved before each fault fails (reply lost)
# at each restart and at the stop, the next one gets "server stopped";
# once (restart = "never") starts once and is stopped, and the call
# queued on its control thread's interface then fails too.
restart_loop() {
    if [ ! -f "$dir/restartloop.elf" ]; then tap 1 "restartloop: no image"; return; fi
    boot "$dir/restartloop.elf"
    wait_for 1 '^client: call 5:'; local r=$?
    sleep 0.5
    stop
    local starts restarts; starts=$(grep -c '^loop: started (data 8, bss 1)' "$work/out")
    restarts=$(grep -c '^fault_supervisor: loop restarted (restart [123] of 3)' "$work/out")
    [ $r = 0 ] && [ "$starts" = 4 ] && [ "$restarts" = 3 ] && ! grep -q '^FAIL:' "$work/out" \
        && [ "$(grep -c '^loop: event thread ran' "$work/out")" = 4 ] \
        && [ "$(grep -c '^once: started' "$work/out")" = 1 ] \
        && grep -q '^fault_supervisor: once stopped (restart = never)' "$work/out" \
        && ! grep -q 'once restarted' "$work/out" \
        && [ "$(grep -c '^client: call [1-4]: reply lost' "$work/out")" = 4 ] \
        && grep -q '^client: call 5: server stopped' "$work/out" \
        && grep -q '^client2: call 1: server stopped' "$work/out"
    r=$?
    tap $r "restartloop: 4 fresh starts, 3 restarts, stopped at the limit ($starts starts, $restarts restarts); saved callers fail; never: stopped"
    [ $r = 0 ] || sed 's/^/# /' "$work/out" | tail -20
}

# command TEXT PATTERN DESCRIPTION: type TEXT, expect PATTERN in the answer.
command() { expect "$1" "$2"; tap $? "default: $3"; }

# random_twice: `random` answers one line per entropy device, 16 bytes
# and the interrupts that device has delivered; asked twice, both
# devices must answer both times and both counts must grow: two IRQs on
# one notification, both served by shared_irq_driver's control thread.
RNG_LINE='^rng[01] irq [0-9]*: [0-9a-f]\{32\} ([0-9]* interrupts\{0,1\})'
random_twice() {
    local before; before=$(count "$RNG_LINE")
    send "random"; wait_for $((before + 2)) "$RNG_LINE"; local r1=$?
    send "random"; wait_for $((before + 4)) "$RNG_LINE"; local r2=$?
    [ $r1 = 0 ] && [ $r2 = 0 ]; tap $? "default: random: bytes from both virtio entropy devices, twice"
    local c; c=$(grep -- "$RNG_LINE" "$work/out" | tail -4 | sed 's/^rng\([01]\).*(\([0-9]*\) interrupts\{0,1\}).*/\1:\2/' | tr '\n' ' '); c=${c% }
    # c = "0:a 1:b 0:c 1:d" -> c > a >= 1 and d > b >= 1
    set -- $c
    local a=${1#0:} b=${2#1:} cc=${3#0:} d=${4#1:}
    [ "${1%%:*}${2%%:*}${3%%:*}${4%%:*}" = 0101 ] && [ "$a" -ge 1 ] && [ "$b" -ge 1 ] \
        && [ "$cc" -gt "$a" ] && [ "$d" -gt "$b" ]
    tap $? "default: random: both devices' interrupt counts grow ($c)"
}

# frames_out: the memory manager's count of frames handed out, from the
# last `mem`
frames_out() {
    grep 'frames handed out' "$work/out" | tail -1 | sed 's/.* \([0-9]*\) frames handed out.*/\1/'
}

# The entropy driver (restart = "backoff", restart_limit = 3) faults in
# the middle of the console's call: the call fails (reply lost) instead of
# hanging, the supervisor restarts the driver from its spec (fresh data:
# its interrupt counts start again; the same caps: its DMA frames are
# reused, the memory manager hands out none more), `random` works again;
# the fourth fault stops it at its limit, reported, the console runs on
# and its calls to the stopped driver fail (MT_RPC_STOPPED), never hang.
SUP_LINE='^shared_irq_driver  *backoff  *'
driver_restarts() {
    command "supervise" "${SUP_LINE}running  *0  *0  *3\$" "supervise: the driver's policy, no fault yet"
    command "mem" "frames handed out" "mem before the driver faults"
    local f1 f2; f1=$(frames_out)
    command "crash rng" "^crash: rng: the call failed: reply lost" "crash rng: the console's call in flight fails, no hang"
    wait_for 1 "fault_supervisor: shared_irq_driver restarted (restart 1 of 3)"
    tap $? "default: the supervisor restarts the driver after its fault"
    local before; before=$(count "$RNG_LINE")
    send "random"; wait_for $((before + 2)) "$RNG_LINE"
    local r=$? c; c=$(grep -- "$RNG_LINE" "$work/out" | tail -2 | sed 's/.*(\([0-9]*\) interrupts\{0,1\}).*/\1/' | tr '\n' ' ')
    [ $r = 0 ] && [ "$c" = "1 1 " ]
    tap $? "default: random works after the restart, with fresh driver state (interrupts: $c)"
    command "mem" "frames handed out" "mem after the restart"
    f2=$(frames_out)
    [ -n "$f1" ] && [ "$f1" = "$f2" ]
    tap $? "default: the restarted driver reuses its DMA frames (frames out: $f1 then $f2)"
    command "supervise" "${SUP_LINE}running  *1  *1  *3\$" "supervise: one fault, one restart"
    command "ps" "${SUP_LINE}running  *1  *1  *3\$" "ps: restart counts of the supervised components"
    for k in 2 3; do
        send "crash rng"; wait_for 1 "restarted (restart $k of 3)" || break
    done
    command "crash rng" "shared_irq_driver stopped: restart limit reached" "the fourth fault stops the driver at its limit, reported"
    command "supervise" "${SUP_LINE}stopped  *4  *3  *3\$" "supervise: stopped after 4 faults and 3 restarts"
    command "random" "^random: the driver is stopped" "random: a stopped driver's clients get an error, not a hang"
}

# loglevel warn: the logger drops an info line (its number still counts);
# back to info, the next one prints.
loglevel_honoured() {
    command "loglevel warn" "^log level warn$" "loglevel warn"
    send "log dropped line"
    command "loglevel" "^log level warn$" "loglevel: the level in force"
    command "loglevel info" "^log level info$" "loglevel info"
    command "log kept line" "console: kept line" "log after loglevel info"
    ! grep -q "console: dropped line$" "$work/out"; tap $? "loglevel warn: the info line was not printed"
    command "loglevel loud" "^loglevel: LEVEL is one of" "loglevel: a bad level"
}

# CR, LF and CRLF each end one line: no empty prompt line after any.
line_ends() {
    printf 'echo lf\n' >&3; printf 'echo crlf\r\n' >&3
    command "echo cr" "^cr$" "CR ends a line"
    [ "$(grep -A1 '^lf$' "$work/out" | tail -1)" = "mote> echo crlf" ] &&
        [ "$(grep -A1 '^crlf$' "$work/out" | tail -1)" = "mote> echo cr" ]
    tap $? "LF and CRLF end one line each (no second prompt)"
    printf '%0130d\r' 0 >&3
    command "echo after long" "^after long$" "a line over 127 characters ..."
    grep -q "^line too long: at most 127 characters" "$work/out"; tap $? "... is refused with a message"
}

# kmem on the target: the rootserver's measured rows, line for line what
# the host's kmem ($KMEM, default IMAGE_DIR/../bin/kmem) prints for this
# image's spec (IMAGE_DIR/../default/system.cdl).
kmem_matches() {
    local kmem=${KMEM:-$dir/../bin/kmem} cdl=$dir/../default/system.cdl host target
    local before; before=$(count '^GRAND TOTAL')
    send "kmem"
    wait_for $((before + 1)) '^GRAND TOTAL'; local r=$?
    host=$("$kmem" "$cdl" 2>&1)
    target=$(tr -d '\r' < "$work/out" | sed -n '/^mote> .*kmem$/,/^GRAND TOTAL/p' | tail -n +2)
    [ $r = 0 ] && [ -n "$host" ] && [ "$host" = "$target" ]
    tap $? "kmem: the target's rows and GRAND TOTAL equal the host kmem's for the same spec"
    [ "$host" = "$target" ] || diff <(echo "$host") <(echo "$target") | sed 's/^/# /' | head -10
}

# help: every row's text in one column, the application platform's and
# storage's rows too (the text of `help` from its first row to `keys:`).
help_column() {
    output "help" | grep -a -v '^keys:' | awk 'length($0) < 32 || substr($0, 31, 1) != " " ||
        substr($0, 32, 1) == " " { print "# " $0; bad = 1 } END { exit bad }'
    tap $? "default: help: every command's text in one column"
}

# A Ctrl-C during a script's sleep ends the whole script, not the sleep
# alone: the rest of selftest.mote does not run.
script_interrupted() {
    local ends; ends=$(count '^selftest: end$')
    send "source selftest.mote"; wait_for 1 "^+ sleep 1000" && sleep 0.3; printf '\003' >&3
    wait_for 1 '^source: selftest.mote: interrupted$'; local r=$?
    expect "echo after the script" "^after the script$" > /dev/null
    [ $r = 0 ] && [ "$(count '^selftest: end$')" = "$ends" ] && [ "$(count '^+ ps$')" = 1 ]
    tap $? "default: source: Ctrl-C during its sleep cancels the rest of the script"
}

# Extra or bad words: the usage, nothing run (format x must not erase a
# disk); nothing uploaded: nothing to drop.
extra_words() {
    local r=0
    for c in "format x" "df x" "storecheck x" "bloblist a b" "builtins x" "bundles x" \
             "mstats x" "fault x" "install a b" "start a b" "status" "uploaded drop x"; do
        expect "$c" "^usage: ${c%% *}" > /dev/null || { r=1; echo "# $c: no usage"; }
    done
    ! grep -a -q '^format: ' "$work/out"; tap $((r + $?)) "default: extra or missing words: usage, nothing done"
    command "uploaded drop" "^uploaded: none$" "uploaded drop with nothing uploaded: none"
}

# mdebug's total counts each byte once (a split block's halves are in
# their parent's bytes already): its untyped and KiB are mem's.
mdebug_adds_up() {
    local out mem dbg
    out=$(tr -d '\r' < "$work/out")
    mem=$(echo "$out" | sed -n 's/^memory_manager: \([0-9]*\) untyped caps\{0,1\}: \([0-9]*\) KiB.*/\1 \2/p' | tail -1)
    dbg=$(echo "$out" | sed -n 's/^\([0-9]*\) untyped: \([0-9]*\) KiB, .*/\1 \2/p' | tail -1)
    [ -n "$mem" ] && [ "$mem" = "$dbg" ]
    tap $? "mdebug: its untyped and KiB are mem's (mem: ${mem:-none}; mdebug: ${dbg:-none})"
}

# Every memory owner has a name: a client that never attaches is named
# after its instance in the assembly, never "client<badge>".
owners_named() {
    local owners
    owners=$(output "mstats" | sed -n 's/^owner \([^ ]*\) .*/\1/p')
    [ -n "$owners" ] && ! echo "$owners" | grep -q '^client[0-9]*$' &&
        echo "$owners" | grep -q '^storage$' && echo "$owners" | grep -q '^shared_irq_dri'
    tap $? "mstats: every owner named ($(echo $owners))"
}

default_system() {
    if [ ! -f "$dir/default.elf" ]; then tap 1 "default: no image"; return; fi
    boot "$dir/default.elf"
    wait_for 1 'mote> '; tap $? "default: boots to the prompt"
    command "help" "^source  *NAME  *run script NAME" "help lists the commands"
    help_column
    command "help" "^mstats .*memory manager" "help lists the application commands too"
    command "echo hello from the test" "^hello from the test" "echo"
    command "mem" "^debug_console: 1 thread (.*), CNode of" "mem (plurals)"
    command "?" "^capscan  *\[COMPONENT\]" "? lists the commands too"
    command "ps" "^uart_driver  *control  *200  receive$" "ps: every thread, with priority and state"
    command "capscan uart_driver" "^ *6  irq_handler " "capscan: another component's caps"
    command "ps" "^shared_irq_driver  *control  *100  receive$" "ps: shared_irq_driver's control thread waits for calls and both IRQs"
    ! grep -q "^shared_irq_driver  *rng " "$work/out"; tap $? "default: ps: shared_irq_driver has no rng thread"
    command "capscan" "^debug_console: CNode of" "capscan: the console's own caps"
    command "capscan nosuch" "^capscan: no component 'nosuch'" "capscan: an unknown component"
    command "mdebug" "^[0-9]* untyped: [0-9]* KiB, [0-9]* KiB free (and [0-9]* cut from them); [0-9]* frame caps\{0,1\}," "mdebug: the memory manager's untyped"
    mdebug_adds_up
    command "uptime" "^up [0-9]*\.[0-9]* s$" "uptime"
    command "sleep 300" "^slept \(0\.[3-9]\|[1-9]\)[0-9.]* s$" "sleep MS: at least that long (the timer service)"
    send "sleep 100000"; sleep 0.5; printf '\003' >&3
    command "echo after ^C" "^after ^C$" "sleep: Ctrl-C interrupts it"
    grep -q "^sleep: interrupted after 0\.[0-9]* s$" "$work/out"; tap $? "sleep: ... and says so"
    command "sleep soon" "^sleep: MS is a number" "sleep: a bad number"
    command "exit now" "^usage: exit$" "exit with an argument: usage, no power-off"
    extra_words
    command "echo still up" "^still up" "... and the system still runs"
    loglevel_honoured
    line_ends
    kmem_matches
    command "source selftest.mote" "^selftest: end$" "source: a script from the boot archive"
    grep -q '^+ sleep 1000$' "$work/out" && grep -q '^slept \(0\.[1-9]\|[1-9]\)[0-9.]* s$' "$work/out"
    tap $? "source: each command shown and run"
    script_interrupted
    command "source nosuch" "^source: no script 'nosuch'; these are: selftest.mote" "source: an unknown script"
    command "source" "^usage: source NAME$" "source without NAME: usage"
    command "log hi logger" "^\[log [0-9.]*\] console: hi logger" "log goes through the logger (rpc_shared)"
    command "time" "^rtc [0-9]*\.[0-9]* s" "time from the timer service"
    random_twice
    driver_restarts
    owners_named
    send "fault"; sleep 1
    command "status panic" "^panic: faulted vm_fault addr=0x0 .*pc=0x" "fault: the panic application faults, contained"
    command "echo still alive" "^still alive" "the console still runs after the fault"
    command "nosuch" "nosuch: unknown command" "unknown command"
    send "exit"
    local end=$((SECONDS + LIMIT))
    while kill -0 "$qpid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.2; done
    # powered off: QEMU is gone with status 0 (a panic exits 255), after "bye"
    local status=1
    if ! kill -0 "$qpid" 2>/dev/null; then wait "$qpid"; status=$?; qpid=; fi
    [ "$status" = 0 ] && grep -q '^bye' "$work/out"; tap $? "default: exit powers off"
    stop
}

want_default=1; want_loop=1
if [ $# -gt 1 ]; then
    shift
    pick=; want_default=0; want_loop=0
    for name in "$@"; do
        [ "$name" = default ] && { want_default=1; continue; }
        [ "$name" = restartloop ] && { want_loop=1; continue; }
        for e in $EXAMPLES; do [ "${e%%:*}" = "$name" ] && pick="$pick $e"; done
    done
    EXAMPLES=$pick
fi
# one line per example, one more for hwirq's overlap check, one for
# restartloop, 61 for default
extra=0; case " $EXAMPLES" in *" hwirq:"*) extra=1;; esac
count=$(($(echo $EXAMPLES | wc -w) + extra + want_loop + 61 * want_default))
echo "1..$count"
for e in $EXAMPLES; do example "$e"; done
[ $want_loop = 1 ] && restart_loop
[ $want_default = 1 ] && default_system
