# SPDX-License-Identifier: BSD-2-Clause
# Sourced (bash) by the tests that drive a system's console in QEMU as a
# person would: type a line, wait for the answer.  One copy of the set-up
# they all share: the QEMU defaults, a work directory removed at exit,
# TAP lines, booting with the console on a FIFO or on a TCP socket (for
# sz), waiting for output, typing, uploading with the real `sz`.
#
# The console's output goes to $work/out (carriage returns kept; count
# drops them, so a pattern may end in $).  The console's input is fd 3.
# LIMIT (seconds) bounds every wait; set it before or after sourcing.

# The Makefile passes its QEMU_FLAGS; the fallback has the two virtio
# entropy devices the default system drives (QEMU_DEVICES).
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio -device virtio-rng-device -device virtio-rng-device}
LIMIT=${LIMIT:-${SYSTEM_TEST_TIMEOUT:-30}}
work=$(mktemp -d)
n=0 qpid= cpid=
trap 'stop; rm -rf "$work"' EXIT

tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

# disk_args FILE [,OPTION...]: QEMU's arguments for FILE as the virtio
# disk (the third virtio-mmio slot, where the default system's storage
# looks; the Makefile's QEMU_DISK).  Unquoted use: no spaces in FILE.
disk_args() { echo "-drive file=$1,if=none,format=raw,id=d0$2 -device virtio-blk-device,drive=d0"; }

# boot_fifo IMAGE [QEMU ARGUMENT...]: the console on a FIFO (input, fd 3)
# and $work/out (output).
boot_fifo() {
    local image=$1; shift
    rm -f "$work/in"; mkfifo "$work/in"; : > "$work/out"
    $QEMU $QEMU_FLAGS "$@" -kernel "$image" < "$work/in" > "$work/out" 2>&1 &
    qpid=$!
    exec 3> "$work/in"
}

# boot_socket IMAGE [QEMU ARGUMENT...]: the serial port a TCP socket on a
# free port (replacing QEMU_FLAGS' -serial), QEMU waiting for us before it
# starts the guest; fd 3 is the socket, read into $work/out by `listen`
# except while sz has it.  Fails when QEMU never listens.
boot_socket() {
    local image=$1 try i port flags; shift
    flags=$(echo " $QEMU_FLAGS " | sed 's/ -serial [^ ]*/ /g')
    : > "$work/out"
    for try in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM % 20000)))
        $QEMU $flags -serial "tcp:127.0.0.1:$port,server=on,wait=on" "$@" \
            -kernel "$image" < /dev/null > "$work/qemu.log" 2>&1 &
        qpid=$!
        for i in $(seq 50); do
            kill -0 "$qpid" 2>/dev/null || break
            # (braces: a bare exec's 2>/dev/null would stay for good)
            if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then listen; return 0; fi
            sleep 0.1
        done
        kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=
    done
    return 1
}
listen() { cat <&3 >> "$work/out" & cpid=$!; }
unlisten() { kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null; cpid=; }

# stop: QEMU killed (a power cut as far as the disk knows), fd 3 closed.
stop() {
    [ -n "$cpid" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null
    cpid=
    { exec 3>&-; } 2>/dev/null
    [ -n "$qpid" ] && kill "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
    qpid=
}

# count PATTERN: how many lines of the output match (grep's basic regex).
count() { tr -d '\r' < "$work/out" | grep -a -c -- "$1"; }
# wait_for COUNT PATTERN [SECONDS]: until COUNT lines match; fails when
# QEMU is gone or after SECONDS (default LIMIT).
wait_for() {
    local end=$((SECONDS + ${3:-$LIMIT}))
    while [ $SECONDS -lt $end ]; do
        [ "$(count "$2")" -ge "$1" ] && return 0
        kill -0 "$qpid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
send() { printf '%s\r' "$1" >&3; }
# expect TEXT PATTERN [SECONDS]: type TEXT, wait for one more line
# matching PATTERN.
expect() { local b; b=$(count "$2"); send "$1"; wait_for $((b + 1)) "$2" "$3"; }
# check TEXT PATTERN DESCRIPTION: expect, as a test.
check() { expect "$1" "$2"; tap $? "$3"; }
# last PATTERN: the last line that matches.
last() { tr -d '\r' < "$work/out" | grep -a -- "$1" | tail -1; }
# output TEXT: the lines TEXT prints (up to the next prompt).
output() {
    local mark; mark=$(wc -l < "$work/out")
    expect "$1" "^mote> " > /dev/null; expect "echo -end-" "^-end-" > /dev/null
    tail -n +$((mark + 1)) "$work/out" | tr -d '\r' | grep -a -v -e '^mote> ' -e '^-end-'
}

# upload FILE [FILTER...]: `rz` at the prompt, then the real sz sends FILE
# on the socket (through FILTER, when given); szstatus is sz's status.
upload() {
    local file=$1 before; shift
    before=$(count '^rz: waiting')
    send "rz"
    wait_for $((before + 1)) '^rz: waiting' || return 1
    unlisten
    if [ $# -gt 0 ]; then
        timeout 120 sz -q "$file" <&3 2>/dev/null | "$@" >&3
        szstatus=${PIPESTATUS[0]}
    else
        timeout 120 sz -q "$file" <&3 >&3 2>/dev/null
        szstatus=$?
    fi
    listen
}
